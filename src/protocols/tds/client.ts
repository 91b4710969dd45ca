/** TDS client I/O: PRELOGIN, and a plaintext LOGIN7 read until the end of the reply message. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import {
  PACKET,
  encodeLogin7,
  encodePrelogin,
  packetLength,
  parsePacket,
  parsePrelogin,
  parseTokens,
  type Encryption,
  type LoginToken,
  type Prelogin,
} from './codec.js';

/** Read one whole message (packets until EOM, at most 16); BAD_REPLY when it is not TDS. */
export async function readMessage(stream: Stream): Promise<{ type: number; payload: Uint8Array }> {
  const parts: Uint8Array[] = [];
  let type = -1;
  for (let i = 0; i < 16; i++) {
    let bytes: Uint8Array;
    try {
      bytes = await stream.read(packetLength);
    } catch (err) {
      if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', `not TDS: ${err.message}`);
      throw err;
    }
    const packet = parsePacket(bytes);
    if (packet === null) throw new NetworkError('BAD_REPLY', 'not TDS: a truncated packet');
    type = packet.type;
    parts.push(packet.payload);
    if (packet.last) return { type, payload: Buffer.concat(parts) };
  }
  throw new NetworkError('BAD_REPLY', 'a TDS message of more than 16 packets');
}

/** Send PRELOGIN offering `encryption` and parse the answer; BAD_REPLY when it is not a PRELOGIN answer. */
export async function prelogin(stream: Stream, encryption: Exclude<Encryption, 'unknown'>): Promise<Prelogin> {
  stream.write(encodePrelogin(encryption));
  const reply = await readMessage(stream);
  const parsed = reply.type === PACKET.REPLY ? parsePrelogin(reply.payload) : null;
  if (parsed === null) throw new NetworkError('BAD_REPLY', 'not TDS: no PRELOGIN answer');
  return parsed;
}

/** Send LOGIN7 for `user` with an empty password (no TLS) and return the reply's tokens. */
export async function loginEmptyPassword(stream: Stream, user: string, server: string): Promise<LoginToken[]> {
  stream.write(encodeLogin7(user, server));
  const reply = await readMessage(stream);
  if (reply.type !== PACKET.REPLY) throw new NetworkError('BAD_REPLY', 'not TDS: the login answer is not a reply');
  return parseTokens(reply.payload);
}
