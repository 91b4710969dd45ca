/**
 * One UDP request and its reply, for checks: a connected socket (so ICMP port-unreachable arrives as a refusal),
 * retries on silence, replies capped in size and filtered by the caller's matcher (ids, ports).
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { NetworkError } from '../../core/errors.js';

export interface DatagramRequest {
  readonly host: string;
  readonly port: number;
  readonly payload: Uint8Array;
  readonly timeoutMs: number;
  /** Sends after the first (default 1). */
  readonly retries?: number;
  readonly signal?: AbortSignal;
  /** Replies longer than this are cut here (default 65,535). */
  readonly maxBytes?: number;
  /** Whether a datagram answers this request (e.g. its transaction id matches); default: any. */
  readonly accept?: (reply: Uint8Array) => boolean;
}

/** The reply, or null when nothing answered after the retries. Throws NetworkError('NETWORK') when refused. */
export function exchangeDatagram(request: DatagramRequest): Promise<Uint8Array | null> {
  const { host, port, payload, timeoutMs, signal } = request;
  const retries = request.retries ?? 1;
  const maxBytes = request.maxBytes ?? 65_535;
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new NetworkError('TIMEOUT', 'aborted'));
      return;
    }
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null, value: Uint8Array | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err === null) resolve(value);
      else reject(err);
    };
    const onAbort = (): void => {
      finish(new NetworkError('TIMEOUT', 'aborted'), null);
    };
    const send = (): void => {
      sent += 1;
      socket.send(payload);
      timer = setTimeout(() => {
        if (sent > retries) finish(null, null);
        else send();
      }, timeoutMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (msg) => {
      const reply = msg.length > maxBytes ? msg.subarray(0, maxBytes) : msg;
      if (request.accept === undefined || request.accept(reply)) finish(null, reply);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        new NetworkError('NETWORK', err.code === 'ECONNREFUSED' ? 'port unreachable (closed)' : err.message, {
          cause: err,
        }),
        null,
      );
    });
    socket.connect(port, host, send);
  });
}
