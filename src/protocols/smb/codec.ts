/**
 * SMB 2 and 3 ([MS-SMB2]) messages for checks: NEGOTIATE, SESSION_SETUP and TREE_CONNECT requests and the parse
 * of their responses. Pure bytes; the NetBIOS session framing around them is in ../netbios/codec.ts.
 */

export const SMB2_NEGOTIATE = 0x0000;
export const SMB2_SESSION_SETUP = 0x0001;
export const SMB2_LOGOFF = 0x0002;
export const SMB2_TREE_CONNECT = 0x0003;

/** NTSTATUS values the checks branch on. */
export const STATUS_SUCCESS = 0x00000000;
export const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;
export const STATUS_ACCESS_DENIED = 0xc0000022;
export const STATUS_LOGON_FAILURE = 0xc000006d;
export const STATUS_NOT_SUPPORTED = 0xc00000bb;
export const STATUS_BAD_NETWORK_NAME = 0xc00000cc;
export const STATUS_INSUFF_SERVER_RESOURCES = 0xc0000205;
export const STATUS_INVALID_HANDLE = 0xc0000008;

/** Every dialect of SMB 2 and 3, oldest first ([MS-SMB2] 2.2.3). */
export const SMB2_DIALECTS: readonly number[] = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311];

/** '2.0.2', '2.1', '3.0', '3.0.2', '3.1.1', or the hex value for an unknown one. */
export function smb2DialectName(dialect: number): string {
  switch (dialect) {
    case 0x0202:
      return '2.0.2';
    case 0x0210:
      return '2.1';
    case 0x0300:
      return '3.0';
    case 0x0302:
      return '3.0.2';
    case 0x0311:
      return '3.1.1';
    case 0x02ff:
      return '2.???';
    default:
      return `0x${dialect.toString(16).padStart(4, '0')}`;
  }
}

const CAPABILITIES: readonly (readonly [number, string])[] = [
  [0x01, 'DFS'],
  [0x02, 'LEASING'],
  [0x04, 'LARGE_MTU'],
  [0x08, 'MULTI_CHANNEL'],
  [0x10, 'PERSISTENT_HANDLES'],
  [0x20, 'DIRECTORY_LEASING'],
  [0x40, 'ENCRYPTION'],
];

/** Names of the SMB2_GLOBAL_CAP_* bits set in `capabilities`. */
export function smb2CapabilityNames(capabilities: number): string[] {
  return CAPABILITIES.filter(([bit]) => (capabilities & bit) !== 0).map(([, name]) => name);
}

/** The fixed 64-byte header of a message ([MS-SMB2] 2.2.1.2, sync form). */
export interface Smb2Header {
  readonly status: number;
  readonly command: number;
  readonly flags: number;
  readonly messageId: bigint;
  readonly treeId: number;
  readonly sessionId: bigint;
}

const PROTOCOL_ID = [0xfe, 0x53, 0x4d, 0x42];
const HEADER = 64;

/** A request header: one credit asked, ProcessId 0xFEFF as Windows clients send. */
function header(command: number, messageId: number, sessionId: bigint, treeId: number): Uint8Array {
  const out = new Uint8Array(HEADER);
  const v = new DataView(out.buffer);
  out.set(PROTOCOL_ID, 0);
  v.setUint16(4, HEADER, true);
  v.setUint16(6, 1, true); // CreditCharge
  v.setUint16(12, command, true);
  v.setUint16(14, 31, true); // CreditRequest: enough for a few more requests
  v.setBigUint64(24, BigInt(messageId), true);
  v.setUint32(32, 0xfeff, true);
  v.setUint32(36, treeId, true);
  v.setBigUint64(40, sessionId, true);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Parse the header; null unless it is an SMB2 response header. */
export function parseSmb2Header(bytes: Uint8Array): Smb2Header | null {
  if (bytes.length < HEADER || !PROTOCOL_ID.every((b, i) => bytes[i] === b)) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(4, true) !== HEADER) return null;
  const flags = v.getUint32(16, true);
  if ((flags & 0x1) === 0) return null; // SERVER_TO_REDIR
  return {
    status: v.getUint32(8, true),
    command: v.getUint16(12, true),
    flags,
    messageId: v.getBigUint64(24, true),
    treeId: v.getUint32(36, true),
    sessionId: v.getBigUint64(40, true),
  };
}

export interface NegotiateOptions {
  /** Dialects offered (default all of SMB2_DIALECTS). */
  readonly dialects?: readonly number[];
  /** 16 bytes identifying the client. */
  readonly clientGuid: Uint8Array;
  /** 32 random bytes for the 3.1.1 pre-authentication integrity context. */
  readonly salt: Uint8Array;
  /** SMB2_NEGOTIATE_SIGNING_ENABLED (1) or also REQUIRED (2): default 1, as Windows clients. */
  readonly securityMode?: number;
}

/**
 * A NEGOTIATE request. When 3.1.1 is offered, the PREAUTH_INTEGRITY (SHA-512) and ENCRYPTION (AES-128-GCM/CCM)
 * contexts that dialect requires are appended ([MS-SMB2] 2.2.3.1).
 * @example smb2NegotiateRequest(0, { dialects: [0x0202], clientGuid, salt }) // 64-byte header + 36 + 2
 */
export function smb2NegotiateRequest(messageId: number, options: NegotiateOptions): Uint8Array {
  const dialects = options.dialects ?? SMB2_DIALECTS;
  const with311 = dialects.includes(0x0311);
  const fixed = new Uint8Array(36 + dialects.length * 2);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, 36, true);
  v.setUint16(2, dialects.length, true);
  v.setUint16(4, options.securityMode ?? 1, true);
  // Capabilities: DFS, LEASING, LARGE_MTU, ENCRYPTION; only meaningful for 3.x.
  v.setUint32(8, 0x47, true);
  fixed.set(options.clientGuid.subarray(0, 16), 12);
  dialects.forEach((d, i) => {
    v.setUint16(36 + i * 2, d, true);
  });
  if (!with311) return concat([header(SMB2_NEGOTIATE, messageId, 0n, 0), fixed]);
  const pad = (8 - ((HEADER + fixed.length) % 8)) % 8;
  const contextsAt = HEADER + fixed.length + pad;
  v.setUint32(28, contextsAt, true);
  v.setUint16(32, 2, true);
  const preauth = negotiateContext(1, concat([Uint8Array.of(1, 0, 32, 0, 1, 0), options.salt.subarray(0, 32)]));
  const encryption = negotiateContext(2, Uint8Array.of(2, 0, 1, 0, 2, 0));
  const gap = (8 - (preauth.length % 8)) % 8;
  return concat([
    header(SMB2_NEGOTIATE, messageId, 0n, 0),
    fixed,
    new Uint8Array(pad),
    preauth,
    new Uint8Array(gap),
    encryption,
  ]);
}

function negotiateContext(type: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, type, true);
  v.setUint16(2, data.length, true);
  out.set(data, 8);
  return out;
}

/** What a NEGOTIATE response tells. */
export interface Smb2Negotiate {
  readonly header: Smb2Header;
  readonly dialect: number;
  readonly securityMode: number;
  readonly signingEnabled: boolean;
  readonly signingRequired: boolean;
  /** The server GUID in its usual text form (little-endian fields). */
  readonly serverGuid: string;
  readonly capabilities: number;
  readonly maxTransactSize: number;
  readonly maxReadSize: number;
  readonly maxWriteSize: number;
  /** The server's clock, or null when it sent 0. */
  readonly systemTime: Date | null;
  /** When the server started, or null when it sent 0 (Samba, and Windows since 2012). */
  readonly serverStartTime: Date | null;
  /** The GSS/SPNEGO token with the mechanisms the server accepts (may be empty). */
  readonly securityBlob: Uint8Array;
  /** Negotiate context types (3.1.1 only): 1 preauth, 2 encryption, 3 compression, 8 signing, … */
  readonly contextTypes: readonly number[];
}

/** Windows FILETIME (100 ns since 1601) to a Date; null for 0 or a value outside years 1970–2200. */
export function fileTimeToDate(ft: bigint): Date | null {
  if (ft === 0n) return null;
  const ms = Number(ft / 10_000n) - 11_644_473_600_000;
  return ms < 0 || ms > 7_258_118_400_000 ? null : new Date(ms);
}

/** A GUID as text: the first three fields little-endian, the last two as bytes. */
export function guidToString(b: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

/** A slice of `bytes` given an offset from the start of the SMB2 header, or null when it does not fit. */
function slice(bytes: Uint8Array, offset: number, length: number): Uint8Array | null {
  if (length === 0) return new Uint8Array(0);
  return offset >= HEADER && offset + length <= bytes.length ? bytes.subarray(offset, offset + length) : null;
}

/**
 * Parse a NEGOTIATE response; null unless it is one with STATUS_SUCCESS and its fields fit.
 * @example parseSmb2Negotiate(reply)?.dialect // 0x0311
 */
export function parseSmb2Negotiate(bytes: Uint8Array): Smb2Negotiate | null {
  const h = parseSmb2Header(bytes);
  if (h?.command !== SMB2_NEGOTIATE || h.status !== STATUS_SUCCESS || bytes.length < HEADER + 64) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = HEADER;
  if (v.getUint16(at, true) !== 65) return null;
  const securityMode = v.getUint16(at + 2, true);
  const dialect = v.getUint16(at + 4, true);
  const blob = slice(bytes, v.getUint16(at + 56, true), v.getUint16(at + 58, true));
  if (blob === null) return null;
  const contextTypes: number[] = [];
  if (dialect === 0x0311) {
    let p = v.getUint32(at + 60, true);
    for (let i = 0; i < Math.min(v.getUint16(at + 6, true), 16) && p + 8 <= bytes.length; i++) {
      contextTypes.push(v.getUint16(p, true));
      p += 8 + v.getUint16(p + 2, true);
      p += (8 - (p % 8)) % 8;
    }
  }
  return {
    header: h,
    dialect,
    securityMode,
    signingEnabled: (securityMode & 0x1) !== 0,
    signingRequired: (securityMode & 0x2) !== 0,
    serverGuid: guidToString(bytes.subarray(at + 8, at + 24)),
    capabilities: v.getUint32(at + 24, true),
    maxTransactSize: v.getUint32(at + 28, true),
    maxReadSize: v.getUint32(at + 32, true),
    maxWriteSize: v.getUint32(at + 36, true),
    systemTime: fileTimeToDate(v.getBigUint64(at + 40, true)),
    serverStartTime: fileTimeToDate(v.getBigUint64(at + 48, true)),
    securityBlob: blob,
    contextTypes,
  };
}

/** A SESSION_SETUP request carrying one GSS token ([MS-SMB2] 2.2.5). */
export function smb2SessionSetupRequest(messageId: number, sessionId: bigint, token: Uint8Array): Uint8Array {
  const fixed = new Uint8Array(24);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, 25, true);
  fixed[3] = 1; // SecurityMode: signing enabled
  v.setUint16(12, HEADER + 24, true);
  v.setUint16(14, token.length, true);
  return concat([header(SMB2_SESSION_SETUP, messageId, sessionId, 0), fixed, token]);
}

/** What a SESSION_SETUP response tells: the status (in the header), session flags and the server's token. */
export interface Smb2SessionSetup {
  readonly header: Smb2Header;
  /** SMB2_SESSION_FLAG_IS_GUEST 0x1, IS_NULL 0x2, ENCRYPT_DATA 0x4. */
  readonly sessionFlags: number;
  readonly token: Uint8Array;
}

/** Parse a SESSION_SETUP response (success, more processing, or an error with an empty body). */
export function parseSmb2SessionSetup(bytes: Uint8Array): Smb2SessionSetup | null {
  const h = parseSmb2Header(bytes);
  if (h?.command !== SMB2_SESSION_SETUP) return null;
  if (h.status !== STATUS_SUCCESS && h.status !== STATUS_MORE_PROCESSING_REQUIRED) {
    return { header: h, sessionFlags: 0, token: new Uint8Array(0) };
  }
  if (bytes.length < HEADER + 8) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(HEADER, true) !== 9) return null;
  const token = slice(bytes, v.getUint16(HEADER + 4, true), v.getUint16(HEADER + 6, true));
  return token === null ? null : { header: h, sessionFlags: v.getUint16(HEADER + 2, true), token };
}

/** A TREE_CONNECT request to a UNC path such as `\\203.0.113.9\IPC$` ([MS-SMB2] 2.2.9). */
export function smb2TreeConnectRequest(messageId: number, sessionId: bigint, path: string): Uint8Array {
  const name = Buffer.from(path, 'utf16le');
  const fixed = new Uint8Array(8);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, 9, true);
  v.setUint16(4, HEADER + 8, true);
  v.setUint16(6, name.length, true);
  return concat([header(SMB2_TREE_CONNECT, messageId, sessionId, 0), fixed, name]);
}

/** A TREE_CONNECT response: the status and, on success, the share type (1 disk, 2 pipe, 3 printer). */
export function parseSmb2TreeConnect(bytes: Uint8Array): { header: Smb2Header; shareType: number | null } | null {
  const h = parseSmb2Header(bytes);
  if (h?.command !== SMB2_TREE_CONNECT) return null;
  if (h.status !== STATUS_SUCCESS) return { header: h, shareType: null };
  return bytes.length >= HEADER + 16 ? { header: h, shareType: bytes[HEADER + 2] ?? null } : null;
}

/** A LOGOFF request, so the server frees the session at once. */
export function smb2LogoffRequest(messageId: number, sessionId: bigint): Uint8Array {
  return concat([header(SMB2_LOGOFF, messageId, sessionId, 0), Uint8Array.of(4, 0, 0, 0)]);
}
