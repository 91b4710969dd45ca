/**
 * RFB, the VNC protocol (RFC 6143), up to the security handshake: the ProtocolVersion message, the list of
 * security types (3.7+) or the one type the server imposes (3.3), and the VeNCrypt sub-types.
 */

/** `RFB xxx.yyy\n`, 12 bytes. */
export const VERSION_LENGTH = 12;

export interface RfbVersion {
  readonly major: number;
  readonly minor: number;
}

/** Parse the 12-byte ProtocolVersion message; null when it is not one. */
export function parseVersion(bytes: Uint8Array): RfbVersion | null {
  if (bytes.length !== VERSION_LENGTH) return null;
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(Buffer.from(bytes).toString('latin1'));
  return m === null ? null : { major: Number(m[1]), minor: Number(m[2]) };
}

/**
 * The version we answer: 3.8 for anything newer, 3.7 and 3.3 as offered, 3.3 for unknown minors (RFC 6143 §7.1.1;
 * Apple's 3.889 and others are treated as 3.8).
 */
export function clientVersion(server: RfbVersion): RfbVersion {
  if (server.major > 3 || (server.major === 3 && server.minor >= 8)) return { major: 3, minor: 8 };
  if (server.major === 3 && server.minor === 7) return { major: 3, minor: 7 };
  return { major: 3, minor: 3 };
}

export function encodeVersion(v: RfbVersion): Uint8Array {
  return Buffer.from(`RFB ${String(v.major).padStart(3, '0')}.${String(v.minor).padStart(3, '0')}\n`, 'latin1');
}

/** The server's security offer. */
export type SecurityOffer =
  { readonly kind: 'types'; readonly types: readonly number[] } | { readonly kind: 'failure'; readonly reason: string };

/**
 * Framer and parser of the 3.7+/3.8 security-types message: u8 count, count types; count 0 is followed by a
 * u32 reason length and the reason. Returns the offer and its length, or null for more bytes.
 */
export function parseSecurityTypes(bytes: Uint8Array): { offer: SecurityOffer; length: number } | null {
  if (bytes.length < 1) return null;
  const count = bytes[0] ?? 0;
  if (count > 0) {
    if (bytes.length < 1 + count) return null;
    return { offer: { kind: 'types', types: Array.from(bytes.subarray(1, 1 + count)) }, length: 1 + count };
  }
  return parseReason(bytes, 1);
}

/** The 3.3 form: a u32 security type chosen by the server, 0 followed by a reason. */
export function parseSecurityType33(bytes: Uint8Array): { offer: SecurityOffer; length: number } | null {
  if (bytes.length < 4) return null;
  const type = Buffer.from(bytes).readUInt32BE(0);
  if (type !== 0) return { offer: { kind: 'types', types: [type] }, length: 4 };
  return parseReason(bytes, 4);
}

const MAX_REASON = 4096;

function parseReason(bytes: Uint8Array, at: number): { offer: SecurityOffer; length: number } | null {
  if (bytes.length < at + 4) return null;
  const n = Buffer.from(bytes).readUInt32BE(at);
  if (n > MAX_REASON) throw new RangeError(`an RFB failure reason of ${n} bytes`);
  if (bytes.length < at + 4 + n) return null;
  const reason = Buffer.from(bytes.subarray(at + 4, at + 4 + n)).toString('utf8');
  return { offer: { kind: 'failure', reason }, length: at + 4 + n };
}

/** VeNCrypt (type 19): the server's u8 major, u8 minor version; we answer 0.2. */
export function parseVencryptVersion(bytes: Uint8Array): { major: number; minor: number } | null {
  return bytes.length < 2 ? null : { major: bytes[0] ?? 0, minor: bytes[1] ?? 0 };
}

/** VeNCrypt 0.2 sub-types after our version: u8 ack (0 = ok), u8 count, count × u32. */
export function parseVencryptSubtypes(bytes: Uint8Array): { subtypes: number[] | null; length: number } | null {
  if (bytes.length < 1) return null;
  if (bytes[0] !== 0) return { subtypes: null, length: 1 };
  if (bytes.length < 2) return null;
  const count = bytes[1] ?? 0;
  if (bytes.length < 2 + 4 * count) return null;
  const b = Buffer.from(bytes);
  return { subtypes: Array.from({ length: count }, (_, i) => b.readUInt32BE(2 + 4 * i)), length: 2 + 4 * count };
}

/** IANA "RFB Security Types" names, plus the VeNCrypt sub-types (256–262) as TigerVNC names them. */
export const SECURITY_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'None',
  2: 'VNC Authentication',
  5: 'RA2',
  6: 'RA2ne',
  16: 'Tight',
  17: 'Ultra',
  18: 'TLS',
  19: 'VeNCrypt',
  20: 'GTK-VNC SASL',
  21: 'MD5 hash',
  22: 'Colin Dean xvp',
  30: 'Apple Remote Desktop (Diffie-Hellman)',
  113: 'MSLogonII',
  256: 'Plain',
  257: 'TLSNone',
  258: 'TLSVnc',
  259: 'TLSPlain',
  260: 'X509None',
  261: 'X509Vnc',
  262: 'X509Plain',
};

export function securityTypeName(type: number): string {
  return SECURITY_TYPE_NAMES[type] ?? `type ${type}`;
}

/** Types that let anyone in without a password: None, and VeNCrypt's TLSNone and X509None. */
export const NO_AUTH_TYPES: ReadonlySet<number> = new Set([1, 257, 260]);
/** Types that authenticate in clear or with the 8-character DES challenge and no encryption afterwards. */
export const WEAK_AUTH_TYPES: ReadonlySet<number> = new Set([2, 256]);
