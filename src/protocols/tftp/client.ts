/**
 * Thin TFTP I/O for checks: one read request and the first packet of the answer. A server answers from a new port
 * (its transfer id, RFC 1350 §4), so the socket is not connected; only datagrams from the target's address count.
 * After DATA it sends an ERROR to that port so the server stops retransmitting: at most one block is ever read.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { NetworkError } from '../../core/errors.js';
import { encodeTftpError, parseTftpReply, probeTftp, type TftpReply } from './codec.js';

export interface TftpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  /** Sends after the first (default 1). */
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

/**
 * Ask for `file` and return the server's first packet (DATA, ERROR or OACK), or null after silence.
 * Throws NetworkError('NETWORK') when the port is unreachable.
 * @example await tftpFirstPacket({ host, port: 69, timeoutMs: 1500 }, 'startup-config') // { opcode: 'data', … }
 */
export function tftpFirstPacket(endpoint: TftpEndpoint, file: string): Promise<TftpReply | null> {
  const request = probeTftp(file);
  const { host, port, timeoutMs, signal } = endpoint;
  const retries = endpoint.retries ?? 1;
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new NetworkError('TIMEOUT', 'aborted'));
      return;
    }
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let sent = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null, value: TftpReply | null): void => {
      if (done) return;
      done = true;
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
      socket.send(request, port, host);
      timer = setTimeout(() => {
        if (sent > retries) finish(null, null);
        else send();
      }, timeoutMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (msg, rinfo) => {
      // Only the target may answer; a stranger's datagram on our port is ignored (RFC 1350 §4, transfer ids).
      if (rinfo.address !== host && rinfo.address !== `::ffff:${host}`) return;
      const reply = parseTftpReply(msg.length > 65_468 ? msg.subarray(0, 65_468) : msg);
      if (reply === null) return;
      if (reply.opcode !== 'error') {
        socket.send(
          encodeTftpError(0, 'portwarden: only the first block was wanted'),
          rinfo.port,
          rinfo.address,
          () => {
            finish(null, reply);
          },
        );
        return;
      }
      finish(null, reply);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        new NetworkError('NETWORK', err.code === 'ECONNREFUSED' ? 'port unreachable (closed)' : err.message, {
          cause: err,
        }),
        null,
      );
    });
    socket.bind(0, send);
  });
}
