/** MySQL/MariaDB client I/O: read the greeting, and (for mysql-empty-password) one login with an empty password. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import {
  COM_QUIT,
  encodeEmptyPasswordLogin,
  encodePacket,
  packetLength,
  parseError,
  parseGreeting,
  parseLoginReply,
  parsePacket,
  type Greeting,
  type LoginReply,
  type ServerError,
} from './codec.js';

async function readPacket(stream: Stream): Promise<{ seq: number; payload: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(packetLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message);
    throw err;
  }
  const packet = parsePacket(bytes);
  if (packet === null) throw new NetworkError('BAD_REPLY', 'a truncated MySQL packet');
  return packet;
}

/** The server's first packet: a greeting, or the error it sends instead; BAD_REPLY when it is neither. */
export async function readGreeting(
  stream: Stream,
): Promise<{ kind: 'greeting'; greeting: Greeting; raw: Uint8Array } | { kind: 'error'; error: ServerError }> {
  const { payload } = await readPacket(stream);
  const error = parseError(payload);
  if (error !== null) return { kind: 'error', error };
  const greeting = parseGreeting(payload);
  if (greeting === null) throw new NetworkError('BAD_REPLY', 'not a MySQL greeting');
  return { kind: 'greeting', greeting, raw: payload };
}

/**
 * Log in as `user` with an empty password and return the server's verdict, following one auth plugin switch and
 * caching_sha2_password's fast-auth answer. Sends COM_QUIT after a success.
 */
export async function loginEmptyPassword(stream: Stream, greeting: Greeting, user: string): Promise<LoginReply> {
  let seq = 1;
  stream.write(encodePacket(seq, encodeEmptyPasswordLogin(user, greeting)));
  let switched = false;
  for (let round = 0; round < 4; round++) {
    const packet = await readPacket(stream);
    seq = packet.seq + 1;
    const reply = parseLoginReply(packet.payload);
    if (reply.kind === 'switch' && !switched) {
      // Every plugin's answer for an empty password is empty.
      switched = true;
      stream.write(encodePacket(seq, new Uint8Array()));
      continue;
    }
    if (reply.kind === 'more' && reply.data[0] === 0x03) continue; // fast auth succeeded: the OK packet follows
    if (reply.kind === 'ok') stream.write(encodePacket(0, COM_QUIT));
    return reply;
  }
  throw new NetworkError('BAD_REPLY', 'the login did not finish');
}
