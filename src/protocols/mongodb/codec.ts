/**
 * MongoDB wire protocol: BSON (bsonspec.org) encode/decode of the types commands use, and the OP_QUERY (legacy
 * handshake), OP_REPLY and OP_MSG messages. Every decode is bounds-checked and depth-limited.
 */

export type BsonValue = string | number | bigint | boolean | null | BsonDocument | BsonValue[] | Uint8Array | Date;
export interface BsonDocument {
  [key: string]: BsonValue;
}

const MAX_DEPTH = 32;
/** MongoDB's maxMessageSizeBytes is 48 MB; a reply to our commands is far smaller. */
export const MAX_MESSAGE = 16 * 1024 * 1024;

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

function cstring(s: string): Buffer {
  if (s.includes('\0')) throw new RangeError('a BSON key contains NUL');
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.of(0)]);
}

function encodeElement(key: string, value: BsonValue): Buffer {
  const k = cstring(key);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32LE(s.length + 1);
    return Buffer.concat([Buffer.of(0x02), k, len, s, Buffer.of(0)]);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(value);
      return Buffer.concat([Buffer.of(0x10), k, b]);
    }
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return Buffer.concat([Buffer.of(0x01), k, b]);
  }
  if (typeof value === 'bigint') {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(value);
    return Buffer.concat([Buffer.of(0x12), k, b]);
  }
  if (typeof value === 'boolean') return Buffer.concat([Buffer.of(0x08), k, Buffer.of(value ? 1 : 0)]);
  if (value === null) return Buffer.concat([Buffer.of(0x0a), k]);
  if (value instanceof Date) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(value.getTime()));
    return Buffer.concat([Buffer.of(0x09), k, b]);
  }
  if (value instanceof Uint8Array) {
    const len = Buffer.alloc(4);
    len.writeInt32LE(value.length);
    return Buffer.concat([Buffer.of(0x05), k, len, Buffer.of(0), value]);
  }
  if (Array.isArray(value)) {
    const doc: BsonDocument = {};
    value.forEach((v, i) => (doc[String(i)] = v));
    return Buffer.concat([Buffer.of(0x04), k, encodeBson(doc)]);
  }
  return Buffer.concat([Buffer.of(0x03), k, encodeBson(value)]);
}

/**
 * Encode a document (keys in insertion order: a command's name must come first).
 * @example encodeBson({ hello: 1, $db: 'admin' })
 */
export function encodeBson(doc: BsonDocument): Buffer {
  const body = Buffer.concat(Object.entries(doc).map(([k, v]) => encodeElement(k, v)));
  const out = Buffer.alloc(4 + body.length + 1);
  out.writeInt32LE(out.length);
  body.copy(out, 4);
  return out;
}

/** Decode one document at the start of `bytes`; throws RangeError on malformed input. */
export function decodeBson(bytes: Uint8Array, depth = 0): { doc: BsonDocument; length: number } {
  if (depth > MAX_DEPTH) throw new RangeError('BSON nested too deep');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 5) throw new RangeError('truncated BSON document');
  const length = b.readInt32LE(0);
  if (length < 5 || length > b.length) throw new RangeError(`a BSON length of ${length}`);
  if (b[length - 1] !== 0) throw new RangeError('a BSON document without its terminator');
  const doc: BsonDocument = Object.create(null) as BsonDocument;
  let at = 4;
  const need = (n: number): void => {
    if (at + n > length - 1) throw new RangeError('truncated BSON element');
  };
  while (at < length - 1) {
    const type = b[at++] ?? 0;
    const end = b.indexOf(0, at);
    if (end < 0 || end >= length) throw new RangeError('an unterminated BSON key');
    const key = b.toString('utf8', at, end);
    at = end + 1;
    let value: BsonValue;
    switch (type) {
      case 0x01:
        need(8);
        value = b.readDoubleLE(at);
        at += 8;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e: {
        need(4);
        const n = b.readInt32LE(at);
        if (n < 1) throw new RangeError('a BSON string length below 1');
        need(4 + n);
        value = b.toString('utf8', at + 4, at + 4 + n - 1);
        at += 4 + n;
        break;
      }
      case 0x03:
      case 0x04: {
        const sub = decodeBson(b.subarray(at, length - 1), depth + 1);
        value = type === 0x04 ? Object.values(sub.doc) : sub.doc;
        at += sub.length;
        break;
      }
      case 0x05: {
        need(5);
        const n = b.readInt32LE(at);
        if (n < 0) throw new RangeError('a negative BSON binary length');
        need(5 + n);
        value = b.subarray(at + 5, at + 5 + n);
        at += 5 + n;
        break;
      }
      case 0x06:
      case 0x0a:
      case 0x7f:
      case 0xff:
        value = null;
        break;
      case 0x07:
        need(12);
        value = b.toString('hex', at, at + 12);
        at += 12;
        break;
      case 0x08:
        need(1);
        value = b[at] !== 0;
        at += 1;
        break;
      case 0x09:
        need(8);
        value = new Date(Number(b.readBigInt64LE(at)));
        at += 8;
        break;
      case 0x0b: {
        for (let i = 0; i < 2; i++) {
          const z = b.indexOf(0, at);
          if (z < 0 || z >= length) throw new RangeError('an unterminated BSON regex');
          at = z + 1;
        }
        value = null;
        break;
      }
      case 0x10:
        need(4);
        value = b.readInt32LE(at);
        at += 4;
        break;
      case 0x11:
      case 0x12:
        need(8);
        value = type === 0x12 ? b.readBigInt64LE(at) : b.readBigUInt64LE(at);
        at += 8;
        break;
      case 0x13:
        need(16);
        value = b.subarray(at, at + 16);
        at += 16;
        break;
      default:
        throw new RangeError(`BSON type 0x${type.toString(16)} is not supported`);
    }
    doc[key] = value;
  }
  return { doc, length };
}

/** The 16-byte message header. */
function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/**
 * A legacy OP_QUERY of `db.$cmd` with `command`: the handshake every server version answers (isMaster/hello).
 * @example encodeQuery(1, 'admin', { isMaster: 1 })
 */
export function encodeQuery(requestId: number, db: string, command: BsonDocument): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4), // flags
    cstring(`${db}.$cmd`),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // numberToSkip 0, numberToReturn -1
    encodeBson(command),
  ]);
  return Buffer.concat([header(16 + body.length, requestId, 0, OP_QUERY), body]);
}

/** An OP_MSG with one body section (kind 0); `command` must carry `$db`. */
export function encodeMsg(requestId: number, command: BsonDocument): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.of(0), encodeBson(command)]);
  return Buffer.concat([header(16 + body.length, requestId, 0, OP_MSG), body]);
}

/** Framer: one whole message by its header length; throws on an impossible length. */
export function messageLength(buffered: Uint8Array): number {
  if (buffered.length < 4) return -1;
  const n = Buffer.from(buffered.buffer, buffered.byteOffset, 4).readInt32LE(0);
  if (n < 16 || n > MAX_MESSAGE) throw new RangeError(`a MongoDB message length of ${n}`);
  return buffered.length >= n ? n : -1;
}

/** The reply document of an OP_REPLY or OP_MSG answering `requestId`; throws RangeError when it is neither. */
export function parseReply(message: Uint8Array, requestId: number): BsonDocument {
  const b = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (b.length < 16 || b.readInt32LE(0) !== b.length) throw new RangeError('a truncated MongoDB message');
  if (b.readInt32LE(8) !== requestId) throw new RangeError('a reply to another request');
  const op = b.readInt32LE(12);
  if (op === OP_REPLY) {
    if (b.length < 36) throw new RangeError('a truncated OP_REPLY');
    if (b.readInt32LE(32) < 1) throw new RangeError('an OP_REPLY without documents');
    return decodeBson(b.subarray(36)).doc;
  }
  if (op === OP_MSG) {
    if (b.length < 21) throw new RangeError('a truncated OP_MSG');
    if (b[20] !== 0) throw new RangeError('an OP_MSG whose first section is not the body');
    return decodeBson(b.subarray(21)).doc;
  }
  throw new RangeError(`MongoDB opcode ${op} is not a reply`);
}
