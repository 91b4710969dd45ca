/** Thin ONC RPC client I/O for checks: one call over TCP (record marking) or UDP, replies capped in size and time. */
import { randomInt } from 'node:crypto';
import { NetworkError } from '../../core/errors.js';
import { exchangeDatagram } from '../net/datagram.js';
import { openStream } from '../net/stream.js';
import { parseRpcResult, recordFramer, recordMark, type RpcResult } from './codec.js';

export interface RpcTarget {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Largest reply accepted (default 256 KiB over TCP; UDP replies are one datagram). */
  readonly maxBytes?: number;
}

/** A fresh transaction id. */
export function newXid(): number {
  return randomInt(1, 0x7fffffff);
}

/** Send `call` (built with `xid`) over TCP and return the parsed reply. */
export async function callTcp(target: RpcTarget, call: Uint8Array, xid: number): Promise<RpcResult> {
  const maxBytes = target.maxBytes ?? 256 * 1024;
  const stream = await openStream({
    host: target.host,
    port: target.port,
    ...(target.signal !== undefined && { signal: target.signal }),
    limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: maxBytes + 4096 },
  });
  try {
    stream.write(recordMark(call));
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < 256; i++) {
      let fragment: Uint8Array;
      try {
        fragment = await stream.read(recordFramer(maxBytes), target.timeoutMs);
      } catch (err) {
        if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message, { cause: err });
        throw err;
      }
      const last = ((fragment[0] ?? 0) & 0x80) !== 0;
      parts.push(fragment.subarray(4));
      total += fragment.length - 4;
      if (total > maxBytes) throw new NetworkError('BAD_REPLY', `an RPC reply over ${maxBytes} bytes`);
      if (last) {
        const result = parseRpcResult(Buffer.concat(parts), xid);
        if (result === null) throw new NetworkError('BAD_REPLY', 'not an RPC reply to our call');
        return result;
      }
    }
    throw new NetworkError('BAD_REPLY', 'an RPC reply in more than 256 fragments');
  } finally {
    stream.close();
  }
}

/** Send `call` over UDP; the raw reply datagram and its parse, or null when nothing answered. */
export async function callUdp(
  target: RpcTarget,
  call: Uint8Array,
  xid: number,
): Promise<{ reply: Uint8Array; result: RpcResult } | null> {
  const reply = await exchangeDatagram({
    host: target.host,
    port: target.port,
    payload: call,
    timeoutMs: target.timeoutMs,
    ...(target.signal !== undefined && { signal: target.signal }),
    accept: (r) => r.length >= 8 && new DataView(r.buffer, r.byteOffset, 4).getUint32(0) === xid >>> 0,
  });
  if (reply === null) return null;
  const result = parseRpcResult(reply, xid);
  if (result === null) throw new NetworkError('BAD_REPLY', 'not an RPC reply to our call');
  return { reply, result };
}
