/** Oracle TNS client I/O: one CONNECT and the listener's answer (a RESEND is honoured once), every read capped. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { TYPE, encodeConnect, packetLength, parsePacket, type TnsPacket } from './codec.js';

/** Read one TNS packet; BAD_REPLY when it is not one. */
export async function readPacket(stream: Stream, timeoutMs?: number): Promise<TnsPacket> {
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(packetLength, timeoutMs);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', `not TNS: ${err.message}`);
    throw err;
  }
  const p = parsePacket(bytes);
  if (p === null) throw new NetworkError('BAD_REPLY', 'not TNS: an unknown packet');
  return p;
}

/**
 * Send CONNECT with `descriptor` and return the answer; after ACCEPT, the DATA packet that follows (the VERSION
 * command's banner) is read too when it comes within `dataWaitMs`.
 */
export async function connect(
  stream: Stream,
  descriptor: string,
  dataWaitMs: number,
): Promise<{ answer: TnsPacket; data: string | null }> {
  const packet = encodeConnect(descriptor);
  stream.write(packet);
  let answer = await readPacket(stream);
  if (answer.type === 'resend') {
    stream.write(packet);
    answer = await readPacket(stream);
  }
  if (answer.type === 'other' && answer.code === TYPE.CONNECT) throw new NetworkError('BAD_REPLY', 'not TNS: echoed');
  let data: string | null = null;
  if (answer.type === 'accept' && answer.data === '') {
    try {
      const next = await readPacket(stream, dataWaitMs);
      if (next.type === 'data') data = next.data;
    } catch (err) {
      if (!(err instanceof NetworkError) || err.code === 'BAD_REPLY') throw err;
    }
  }
  return { answer, data };
}
