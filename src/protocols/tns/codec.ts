/**
 * Oracle Net (TNS) packets by hand: a CONNECT carrying a connect descriptor, and the listener's ACCEPT, REFUSE,
 * REDIRECT, RESEND and DATA answers, with the (DESCRIPTION=…(VSNNUM=n)(ERR=n)…) text they carry. No I/O here;
 * parsers never throw on hostile bytes. The layout follows what Oracle clients put on the wire (and Wireshark's
 * TNS dissector documents); Oracle publishes no specification.
 */

export const TYPE = { CONNECT: 1, ACCEPT: 2, REFUSE: 4, REDIRECT: 5, DATA: 6, RESEND: 11 } as const;

/** Largest packet accepted before a session exists. */
export const MAX_PACKET = 32_768;

/** Where the connect data starts in our CONNECT packet. */
const DATA_OFFSET = 58;

/** A CONNECT packet (version 314, compatible 300) with `descriptor` as its connect data. */
export function encodeConnect(descriptor: string): Uint8Array {
  const data = Buffer.from(descriptor, 'latin1');
  if (data.length > MAX_PACKET - DATA_OFFSET) throw new RangeError('connect descriptor too long');
  const b = Buffer.alloc(DATA_OFFSET);
  b.writeUInt16BE(DATA_OFFSET + data.length, 0);
  b[4] = TYPE.CONNECT;
  b.writeUInt16BE(314, 8); // version
  b.writeUInt16BE(300, 10); // lowest compatible version
  b.writeUInt16BE(0x0c41, 12); // service options
  b.writeUInt16BE(8192, 14); // SDU
  b.writeUInt16BE(32767, 16); // TDU
  b.writeUInt16BE(0x4f98, 18); // NT protocol characteristics
  b.writeUInt16BE(0, 20); // line turnaround
  b.writeUInt16BE(0x0100, 22); // value of 1 in hardware byte order
  b.writeUInt16BE(data.length, 24);
  b.writeUInt16BE(DATA_OFFSET, 26);
  b.writeUInt32BE(0x800, 28); // max receivable connect data
  b[32] = 0x41; // connect flags 0
  b[33] = 0x41; // connect flags 1
  return Buffer.concat([b, data]);
}

/** Framer for one packet (big-endian 16-bit length in the first two bytes); throws RangeError on a bad length. */
export function packetLength(b: Uint8Array): number {
  if (b.length < 8) return -1;
  const len = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  if (len < 8 || len > MAX_PACKET) throw new RangeError(`a TNS packet of length ${len}`);
  return b.length >= len ? len : -1;
}

export type TnsPacket =
  | { readonly type: 'accept'; readonly version: number; readonly data: string }
  | { readonly type: 'refuse'; readonly userReason: number; readonly systemReason: number; readonly data: string }
  | { readonly type: 'redirect'; readonly data: string }
  | { readonly type: 'data'; readonly data: string }
  | { readonly type: 'resend' }
  | { readonly type: 'other'; readonly code: number };

const text = (b: Buffer, from: number, length: number): string =>
  b.subarray(from, Math.min(b.length, from + length, from + 4096)).toString('latin1');

/** One packet from the listener; null when it is not TNS (bad length or unknown type). */
export function parsePacket(p: Uint8Array): TnsPacket | null {
  if (p.length < 8) return null;
  const b = Buffer.from(p.buffer, p.byteOffset, p.length);
  const len = b.readUInt16BE(0);
  if (len < 8 || len > b.length) return null;
  const code = b[4] ?? 0;
  const body = b.subarray(0, len);
  switch (code) {
    case TYPE.ACCEPT: {
      if (len < 24) return { type: 'accept', version: len >= 10 ? body.readUInt16BE(8) : 0, data: '' };
      const dataLength = body.readUInt16BE(18);
      const dataOffset = body.readUInt16BE(20);
      return {
        type: 'accept',
        version: body.readUInt16BE(8),
        data: dataOffset >= 8 ? text(body, dataOffset, dataLength) : '',
      };
    }
    case TYPE.REFUSE: {
      if (len < 12) return null;
      return {
        type: 'refuse',
        userReason: body[8] ?? 0,
        systemReason: body[9] ?? 0,
        data: text(body, 12, body.readUInt16BE(10)),
      };
    }
    case TYPE.REDIRECT:
      return len < 10 ? null : { type: 'redirect', data: text(body, 10, body.readUInt16BE(8)) };
    case TYPE.DATA:
      return { type: 'data', data: text(body, 10, len - 10) };
    case TYPE.RESEND:
      return { type: 'resend' };
    case TYPE.CONNECT:
    case 3: // ACK
    case 7: // ABORT
    case 9: // NULL
    case 12: // MARKER
    case 13: // ATTENTION
    case 14: // CONTROL
      return { type: 'other', code };
    default:
      return null;
  }
}

/** A value of a (NAME=value) pair in a descriptor, case-insensitive; null when absent. */
export function descriptorValue(descriptor: string, name: string): string | null {
  const m = new RegExp(`\\(\\s*${name}\\s*=\\s*([^()]*?)\\s*\\)`, 'i').exec(descriptor);
  return m?.[1] ?? null;
}

/**
 * The release encoded in VSNNUM: 8 bits major, 4 minor, 8 patch, 4 port update, 8 port release —
 * 186646784 (0x0B200100) is 11.2.0.1.0. Since 18c the fields carry year-based releases (18.0.0.0.0 is 0x12000000).
 */
export function decodeVsnnum(n: number): string | null {
  if (!Number.isInteger(n) || n <= 0 || n > 0xffffffff) return null;
  return [n >>> 24, (n >>> 20) & 0xf, (n >>> 12) & 0xff, (n >>> 8) & 0xf, n & 0xff].join('.');
}

/** The VERSION command's descriptor, as lsnrctl sends it. */
export function versionDescriptor(host: string, port: number): string {
  return `(CONNECT_DATA=(COMMAND=VERSION)(ARGUMENTS=64)(SERVICE=LISTENER)(VERSION=186646784)(CID=(PROGRAM=portwarden)(HOST=portwarden)(USER=portwarden)))(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port}))`;
}

/** A connect descriptor for SID `sid` (letters, digits, _ $ # . only). */
export function sidDescriptor(host: string, port: number, sid: string): string {
  if (!/^[A-Za-z0-9_$#.]{1,64}$/.test(sid)) throw new RangeError(`not a SID: ${sid}`);
  return `(DESCRIPTION=(CONNECT_DATA=(SID=${sid})(CID=(PROGRAM=portwarden)(HOST=portwarden)(USER=portwarden)))(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port})))`;
}
