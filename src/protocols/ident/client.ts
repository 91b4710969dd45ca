/**
 * Ident queries over a capped stream, and the one thing they need that a Stream does not give: a connection of our
 * own, held open, whose local port we know. The held connection never reads or writes; it only exists.
 */
import { Socket } from 'node:net';
import { withStream } from '../net/stream.js';
import { identQuery, parseIdentReply, type IdentReply } from './codec.js';

/** An open TCP connection we keep so the ident server has something to look up. */
export interface HeldConnection {
  readonly localPort: number;
  readonly remotePort: number;
  close(): void;
}

/** Connect to host:port and hold the connection; null when it is refused or times out. */
export function holdConnection(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HeldConnection | null> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (value: HeldConnection | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (value === null) s.destroy();
      resolve(value);
    };
    const onAbort = (): void => {
      done(null);
    };
    const timer = setTimeout(() => {
      done(null);
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    // What the service sends is not ours to read: drop it, and never let an error escape.
    s.on('data', () => undefined);
    s.on('error', () => {
      done(null);
    });
    s.once('connect', () => {
      const localPort = s.localPort;
      if (localPort === undefined) {
        done(null);
        return;
      }
      done({ localPort, remotePort: port, close: () => s.destroy() });
    });
    s.connect({ host, port });
  });
}

/** Ask the ident server at host:identPort who owns the connection (serverPort on its host, clientPort on ours). */
export async function identAsk(options: {
  host: string;
  identPort: number;
  serverPort: number;
  clientPort: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<{ reply: IdentReply | null; line: string }> {
  return withStream(
    {
      host: options.host,
      port: options.identPort,
      ...(options.signal !== undefined && { signal: options.signal }),
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: 4096 },
    },
    async (s) => {
      s.write(identQuery(options.serverPort, options.clientPort));
      const line = await s.readLine(1024);
      return { reply: parseIdentReply(line), line: line.replace(/\r?\n$/, '') };
    },
  );
}
