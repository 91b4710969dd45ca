/** A Telnet conversation up to the login prompt: read, refuse every option, read again; capped in bytes and time. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import { parseTelnet, refuse, type TelnetNegotiation } from './codec.js';

/** A getter read through a call, so flow analysis does not freeze it at the loop's test. */
const isClosed = (s: Stream): boolean => s.closed;

export interface TelnetGreeting {
  readonly negotiations: readonly TelnetNegotiation[];
  /** The data text (latin1) the server sent, with negotiation removed. */
  readonly text: string;
}

/** Talk until a login/password prompt appears, the server falls silent for `quietMs`, or `timeoutMs` passes. */
export async function telnetGreeting(options: {
  host: string;
  port: number;
  timeoutMs: number;
  quietMs?: number;
  signal?: AbortSignal;
}): Promise<TelnetGreeting> {
  const stream = await openStream({
    host: options.host,
    port: options.port,
    ...(options.signal !== undefined && { signal: options.signal }),
    limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: 64 * 1024 },
  });
  const negotiations: TelnetNegotiation[] = [];
  const data: Uint8Array[] = [];
  let pending: Uint8Array = new Uint8Array(0);
  const deadline = Date.now() + options.timeoutMs;
  try {
    while (Date.now() < deadline && !stream.closed) {
      let chunk: Uint8Array;
      try {
        // Whatever has arrived, as soon as anything has: negotiation must be answered before the server goes on.
        chunk = await stream.read(
          (b) => Math.min(b.length, 8192),
          Math.min(options.quietMs ?? 1_500, Math.max(1, deadline - Date.now())),
        );
      } catch (err) {
        // Quiet for a while, or closed: what came so far is the greeting.
        if (
          err instanceof NetworkError &&
          (err.code === 'TIMEOUT' || (err.code === 'NETWORK' && /closed/.test(err.message))) &&
          options.signal?.aborted !== true
        )
          break;
        throw err;
      }
      const parsed = parseTelnet(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      negotiations.push(...parsed.negotiations.slice(0, 200 - negotiations.length));
      data.push(parsed.data);
      const answer = refuse(parsed.negotiations);
      if (answer.length > 0 && !isClosed(stream)) stream.write(answer);
      if (/(?:login|username|password)\s*:\s*$/i.test(Buffer.concat(data).toString('latin1'))) break;
    }
  } finally {
    stream.close();
  }
  return { negotiations, text: Buffer.concat(data).toString('latin1') };
}
