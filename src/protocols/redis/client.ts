/** Redis client I/O: one command, one capped reply. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { encodeCommand, parseReply, respLength, type RespValue } from './codec.js';

/** Send one command and read its reply; a reply that is not RESP is BAD_REPLY. */
export async function command(stream: Stream, ...args: string[]): Promise<RespValue> {
  stream.write(encodeCommand(...args));
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(respLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message);
    throw err;
  }
  const reply = parseReply(bytes);
  if (reply === null) throw new NetworkError('BAD_REPLY', 'an incomplete RESP reply');
  return reply.value;
}
