/** MongoDB client I/O: one command, one capped reply, over OP_QUERY (old servers, handshake) or OP_MSG. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { encodeMsg, encodeQuery, messageLength, parseReply, type BsonDocument } from './codec.js';

let nextId = 1;

/** Run `command` on `db`: OP_MSG when `opMsg` (wire version 6+, MongoDB 3.6+), else OP_QUERY. */
export async function runCommand(
  stream: Stream,
  db: string,
  command: BsonDocument,
  opMsg: boolean,
): Promise<BsonDocument> {
  const id = (nextId = (nextId % 0x7fffffff) + 1);
  stream.write(opMsg ? encodeMsg(id, { ...command, $db: db }) : encodeQuery(id, db, command));
  try {
    const message = await stream.read(messageLength);
    return parseReply(message, id);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message);
    throw err;
  }
}
