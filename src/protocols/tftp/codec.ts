/** TFTP (RFC 1350, options RFC 2347): a read request and a parse of the first packet a server sends back. */

/** The first packet of a TFTP server's answer to a read request. */
export type TftpReply =
  /** The file exists and is readable: block 1 of it (the size of its data, not the data). */
  | { readonly opcode: 'data'; readonly block: number; readonly dataLength: number }
  /** The usual answer to a probe: 1 'File not found', 2 'Access violation', … with the server's text. */
  | { readonly opcode: 'error'; readonly code: number; readonly message: string }
  /** An option acknowledgement (RFC 2347), only sent when the request carried options. */
  | { readonly opcode: 'oack'; readonly options: Readonly<Record<string, string>> };

const RRQ = 1;
const DATA = 3;
const ERROR = 5;
const OACK = 6;
/** A DATA packet is at most 4 + 512 bytes without the blksize option; allow for negotiated blocks. */
const MAX_REPLY = 65_468;
const MAX_TEXT = 512;

/**
 * A read request (RRQ) for `file` in octet mode. A TFTP server answers from a NEW port (its transfer id),
 * not from port 69: a socket `connect()`ed to port 69 never sees that answer (src/scan/udp/engine.ts reads it on a
 * second, unconnected socket that shares the local port).
 * @example probeTftp('portwarden-probe.txt') // 00 01 'portwarden-probe.txt' 00 'octet' 00
 */
export function probeTftp(file: string): Uint8Array {
  const name = new TextEncoder().encode(file);
  if (name.length === 0 || name.length > 255 || name.includes(0)) throw new RangeError('bad TFTP file name');
  const mode = new TextEncoder().encode('octet');
  const out = new Uint8Array(2 + name.length + 1 + mode.length + 1);
  out[1] = RRQ;
  out.set(name, 2);
  out.set(mode, 3 + name.length);
  return out;
}

/** The NUL-terminated latin1 strings of `bytes` (a last unterminated one included), capped in count and length. */
function strings(bytes: Uint8Array, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < bytes.length && out.length < max) {
    let end = bytes.indexOf(0, start);
    if (end < 0) end = bytes.length;
    out.push(Buffer.from(bytes.subarray(start, Math.min(end, start + MAX_TEXT))).toString('latin1'));
    start = end + 1;
  }
  return out;
}

/**
 * Parse the first packet of a server's answer: DATA, ERROR or OACK; null for anything else (a request, an ACK,
 * an unknown opcode, a packet too short to hold its fields).
 * @example parseTftpReply(reply) // { opcode: 'error', code: 1, message: 'File not found' }
 */
export function parseTftpReply(bytes: Uint8Array): TftpReply | null {
  if (bytes.length < 4 || bytes.length > MAX_REPLY || bytes[0] !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const opcode = view.getUint16(0);
  if (opcode === DATA) return { opcode: 'data', block: view.getUint16(2), dataLength: bytes.length - 4 };
  if (opcode === ERROR) {
    const [message = ''] = strings(bytes.subarray(4), 1);
    return { opcode: 'error', code: view.getUint16(2), message };
  }
  if (opcode === OACK) {
    const parts = strings(bytes.subarray(2), 32);
    // No prototype: an option named '__proto__' from a hostile server stays a plain key.
    const options = Object.create(null) as Record<string, string>;
    for (let i = 0; i + 1 < parts.length; i += 2) options[(parts[i] ?? '').toLowerCase()] = parts[i + 1] ?? '';
    return { opcode: 'oack', options };
  }
  return null;
}

/**
 * An ERROR packet (RFC 1350 §5): sent to a server's transfer port it ends the transfer at once, which is how a
 * client that wanted only the first block stops the server retransmitting it.
 * @example encodeTftpError(0, 'done') // 00 05 00 00 'done' 00
 */
export function encodeTftpError(code: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message.slice(0, 100));
  const out = new Uint8Array(4 + text.length + 1);
  out[1] = ERROR;
  out[2] = (code >> 8) & 0xff;
  out[3] = code & 0xff;
  out.set(text, 4);
  return out;
}

/** RFC 1350 error codes by number. */
export const TFTP_ERRORS: readonly string[] = [
  'not defined',
  'file not found',
  'access violation',
  'disk full',
  'illegal operation',
  'unknown transfer id',
  'file already exists',
  'no such user',
  'option refused',
];
