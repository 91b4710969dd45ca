/** One finger query over a capped stream: send the line, read until the server closes (RFC 1288 §2.1). */
import { NetworkError } from '../../core/errors.js';
import { withStream } from '../net/stream.js';
import { fingerQuery } from './codec.js';

/** Bytes of reply kept; a server that sends more is cut here (`truncated`). */
export const MAX_FINGER_REPLY = 64 * 1024;

export async function finger(options: {
  host: string;
  port: number;
  timeoutMs: number;
  user?: string;
  signal?: AbortSignal;
}): Promise<{ text: string; truncated: boolean }> {
  return withStream(
    {
      host: options.host,
      port: options.port,
      ...(options.signal !== undefined && { signal: options.signal }),
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: MAX_FINGER_REPLY + 1 },
    },
    async (s) => {
      s.write(fingerQuery(options.user ?? ''));
      const chunks: Uint8Array[] = [];
      let size = 0;
      const deadline = Date.now() + options.timeoutMs;
      let truncated = false;
      while (!s.closed && Date.now() < deadline) {
        try {
          const chunk = await s.readAvailable(Math.max(1, deadline - Date.now()), MAX_FINGER_REPLY);
          chunks.push(chunk);
          size += chunk.length;
        } catch (err) {
          if (err instanceof NetworkError && err.code === 'BAD_REPLY') {
            truncated = true;
            break;
          }
          throw err;
        }
      }
      // A server that neither closes nor stops within the deadline: keep what came, mark it cut.
      if (!s.closed) truncated = true;
      if (size === 0 && !s.closed) throw new NetworkError('TIMEOUT', `no finger reply within ${options.timeoutMs} ms`);
      return { text: Buffer.concat(chunks).subarray(0, MAX_FINGER_REPLY).toString('latin1'), truncated };
    },
  );
}
