/**
 * One UDP request and every reply it draws, for protocols that answer with several datagrams (NTP mode 6/7
 * fragments, SSDP one reply per device and service): a connected socket, every reply capped in size, the whole
 * collection capped in datagrams, bytes and time. Used to measure amplification as well as to read the answer.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { NetworkError } from '../../core/errors.js';

export interface CollectRequest {
  readonly host: string;
  readonly port: number;
  readonly payload: Uint8Array;
  /** How long to wait for the first reply (per send). */
  readonly timeoutMs: number;
  /** After the first reply, how long to keep collecting (default: timeoutMs). */
  readonly windowMs?: number;
  /** Sends after the first, while nothing has answered (default 1). */
  readonly retries?: number;
  readonly signal?: AbortSignal;
  /** Datagrams kept at most (default 128). */
  readonly maxDatagrams?: number;
  /** Bytes kept at most over all datagrams (default 256 KiB); each datagram is also cut at 65,535. */
  readonly maxBytes?: number;
  /** Whether a datagram answers this request (ids, opcodes); default: any. */
  readonly accept?: (reply: Uint8Array) => boolean;
  /** Whether the replies so far are the whole answer (e.g. the last fragment arrived): stop early. */
  readonly done?: (replies: readonly Uint8Array[]) => boolean;
}

export interface Collected {
  readonly replies: readonly Uint8Array[];
  /** Bytes of every accepted datagram (what the target sent us before the caps or the window ended it). */
  readonly totalBytes: number;
  /** Accepted datagrams. */
  readonly totalDatagrams: number;
  /** Requests sent (1 + retries used). */
  readonly sent: number;
}

/**
 * Send `payload` and gather the replies. Resolves with no replies when nothing answered; throws
 * NetworkError('NETWORK') when the port is refused (ICMP port unreachable) before any reply.
 * @example (await collectDatagrams({ host, port: 1900, payload, timeoutMs: 2000 })).replies.length
 */
export function collectDatagrams(request: CollectRequest): Promise<Collected> {
  const { host, port, payload, timeoutMs, signal } = request;
  const retries = request.retries ?? 1;
  const windowMs = request.windowMs ?? timeoutMs;
  const maxDatagrams = request.maxDatagrams ?? 128;
  const maxBytes = request.maxBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new NetworkError('TIMEOUT', 'aborted'));
      return;
    }
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const replies: Uint8Array[] = [];
    let kept = 0;
    let totalBytes = 0;
    let totalDatagrams = 0;
    let sent = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err === null) resolve({ replies, totalBytes, totalDatagrams, sent });
      else reject(err);
    };
    const onAbort = (): void => {
      finish(new NetworkError('TIMEOUT', 'aborted'));
    };
    const send = (): void => {
      sent += 1;
      socket.send(payload);
      timer = setTimeout(() => {
        if (sent > retries) finish(null);
        else send();
      }, timeoutMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (msg) => {
      const reply = msg.length > 65_535 ? msg.subarray(0, 65_535) : msg;
      if (request.accept !== undefined && !request.accept(reply)) return;
      totalDatagrams += 1;
      totalBytes += msg.length;
      if (replies.length < maxDatagrams && kept + reply.length <= maxBytes) {
        replies.push(reply);
        kept += reply.length;
      }
      if (totalDatagrams === 1) {
        // From now on only the collection window counts; no more retries.
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish(null);
        }, windowMs);
      }
      if (replies.length >= maxDatagrams || kept >= maxBytes || request.done?.(replies) === true) finish(null);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (totalDatagrams > 0) {
        finish(null);
        return;
      }
      finish(
        new NetworkError('NETWORK', err.code === 'ECONNREFUSED' ? 'port unreachable (closed)' : err.message, {
          cause: err,
        }),
      );
    });
    socket.connect(port, host, send);
  });
}
