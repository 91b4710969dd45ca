/**
 * SMB1 / CIFS ([MS-CIFS], [MS-SMB]) messages for checks: NEGOTIATE with the classic dialect list, and the anonymous
 * SESSION_SETUP_ANDX, TREE_CONNECT_ANDX to IPC$ and TRANSACTION (PeekNamedPipe on FID 0) of the MS17-010 probe.
 * ASCII strings throughout (no Unicode flag), so no alignment padding is needed.
 */

export const SMB1_NEGOTIATE = 0x72;
export const SMB1_SESSION_SETUP_ANDX = 0x73;
export const SMB1_TREE_CONNECT_ANDX = 0x75;
export const SMB1_TRANSACTION = 0x25;

/** The dialects Windows and Samba clients have offered since NT 4, oldest first; 'NT LM 0.12' is SMB1 proper. */
export const SMB1_DIALECTS: readonly string[] = [
  'PC NETWORK PROGRAM 1.0',
  'LANMAN1.0',
  'Windows for Workgroups 3.1a',
  'LM1.2X002',
  'LANMAN2.1',
  'NT LM 0.12',
];

const HEADER = 32;
const FLAGS = 0x18; // case-insensitive, canonicalised paths
const FLAGS2 = 0x4001; // NT status codes, long names; ASCII strings, no extended security

/** The fields of an SMB1 header a check needs. */
export interface Smb1Header {
  readonly command: number;
  readonly status: number;
  readonly flags2: number;
  readonly treeId: number;
  readonly userId: number;
  readonly multiplexId: number;
}

export interface Smb1Ids {
  readonly treeId?: number;
  readonly userId?: number;
  readonly multiplexId: number;
}

function message(command: number, ids: Smb1Ids, words: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + 1 + words.length + 2 + data.length);
  const v = new DataView(out.buffer);
  out.set([0xff, 0x53, 0x4d, 0x42, command], 0);
  out[9] = FLAGS;
  v.setUint16(10, FLAGS2, true);
  v.setUint16(24, ids.treeId ?? 0, true);
  v.setUint16(26, 0xfeff, true); // PIDLow
  v.setUint16(28, ids.userId ?? 0, true);
  v.setUint16(30, ids.multiplexId, true);
  out[HEADER] = words.length / 2;
  out.set(words, HEADER + 1);
  v.setUint16(HEADER + 1 + words.length, data.length, true);
  out.set(data, HEADER + 3 + words.length);
  return out;
}

const ascii = (s: string): Uint8Array => Buffer.from(`${s}\0`, 'latin1');

/**
 * A NEGOTIATE request offering `dialects` (default SMB1_DIALECTS; add 'SMB 2.002' / 'SMB 2.???' for the
 * multi-protocol negotiate of SMB2 clients).
 * @example smb1NegotiateRequest() // FF 'SMB' 72 … 02 'PC NETWORK PROGRAM 1.0' 00 … 02 'NT LM 0.12' 00
 */
export function smb1NegotiateRequest(dialects: readonly string[] = SMB1_DIALECTS, multiplexId = 0): Uint8Array {
  const data = Buffer.concat(dialects.map((d) => Buffer.concat([Uint8Array.of(2), ascii(d)])));
  return message(SMB1_NEGOTIATE, { multiplexId }, new Uint8Array(0), data);
}

/** Parse any SMB1 response header; null unless it is one (reply bit set). */
export function parseSmb1Header(bytes: Uint8Array): Smb1Header | null {
  if (bytes.length < HEADER + 3 || bytes[0] !== 0xff || bytes[1] !== 0x53 || bytes[2] !== 0x4d || bytes[3] !== 0x42) {
    return null;
  }
  if (((bytes[9] ?? 0) & 0x80) === 0) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    command: bytes[4] ?? 0,
    status: v.getUint32(5, true),
    flags2: v.getUint16(10, true),
    treeId: v.getUint16(24, true),
    userId: v.getUint16(28, true),
    multiplexId: v.getUint16(30, true),
  };
}

/** What an NT LM 0.12 NEGOTIATE response tells ([MS-CIFS] 2.2.4.52.2). */
export interface Smb1Negotiate {
  readonly header: Smb1Header;
  /** Index of the chosen dialect in the request's list; 0xFFFF when the server accepted none. */
  readonly dialectIndex: number;
  readonly securityMode: number;
  /** NEGOTIATE_SECURITY_SIGNATURES_ENABLED (0x04) and _REQUIRED (0x08). */
  readonly signingEnabled: boolean;
  readonly signingRequired: boolean;
  readonly capabilities: number;
  readonly maxBufferSize: number;
  readonly systemTime: Date | null;
  /** Minutes west of UTC, as the server sends it. */
  readonly timeZone: number;
  /** With CAP_EXTENDED_SECURITY: the server GUID; otherwise null. */
  readonly serverGuid: string | null;
  /** Without extended security: the domain (workgroup) and server names the server announces. */
  readonly domain: string | null;
  readonly server: string | null;
}

function cString(bytes: Uint8Array, at: number, unicode: boolean): { text: string; next: number } | null {
  if (unicode) {
    for (let p = at; p + 1 < bytes.length; p += 2) {
      if (bytes[p] === 0 && bytes[p + 1] === 0) {
        return { text: Buffer.from(bytes.subarray(at, p)).toString('utf16le'), next: p + 2 };
      }
    }
    return null;
  }
  const end = bytes.indexOf(0, at);
  return end < 0 ? null : { text: Buffer.from(bytes.subarray(at, end)).toString('latin1'), next: end + 1 };
}

/**
 * Parse a NEGOTIATE response. A refusal of every dialect (WordCount 1, index 0xFFFF) parses with dialectIndex
 * 0xFFFF; null when it is not an SMB1 NEGOTIATE response at all.
 */
export function parseSmb1Negotiate(bytes: Uint8Array): Smb1Negotiate | null {
  const h = parseSmb1Header(bytes);
  if (h?.command !== SMB1_NEGOTIATE || h.status !== 0) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wordCount = bytes[HEADER] ?? 0;
  const none = {
    header: h,
    securityMode: 0,
    signingEnabled: false,
    signingRequired: false,
    capabilities: 0,
    maxBufferSize: 0,
    systemTime: null,
    timeZone: 0,
    serverGuid: null,
    domain: null,
    server: null,
  };
  if (wordCount === 1) return { ...none, dialectIndex: v.getUint16(HEADER + 1, true) };
  if (wordCount !== 17 || bytes.length < HEADER + 1 + 34 + 2) return null;
  const w = HEADER + 1;
  const securityMode = bytes[w + 2] ?? 0;
  const capabilities = v.getUint32(w + 19, true);
  const ft = v.getBigUint64(w + 23, true);
  const ms = ft === 0n ? null : Number(ft / 10_000n) - 11_644_473_600_000;
  const challengeLength = bytes[w + 33] ?? 0;
  const byteCount = v.getUint16(w + 34, true);
  const data = bytes.subarray(w + 36, Math.min(bytes.length, w + 36 + byteCount));
  let serverGuid: string | null = null;
  let domain: string | null = null;
  let server: string | null = null;
  if ((capabilities & 0x80000000) !== 0) {
    if (data.length >= 16) {
      const g = data.subarray(0, 16);
      const hex = Array.from(g, (b) => b.toString(16).padStart(2, '0'));
      serverGuid = [
        hex.slice(0, 4).reverse().join(''),
        hex.slice(4, 6).reverse().join(''),
        hex.slice(6, 8).reverse().join(''),
        hex.slice(8, 10).join(''),
        hex.slice(10, 16).join(''),
      ].join('-');
    }
  } else {
    // Samba and Windows send these names in UTF-16 even to a client that did not ask for Unicode.
    const unicode = (h.flags2 & 0x8000) !== 0 || (data[challengeLength] !== 0 && data[challengeLength + 1] === 0);
    const d = cString(data, challengeLength, unicode);
    if (d !== null) {
      domain = d.text;
      server = cString(data, d.next, unicode)?.text ?? null;
    }
  }
  return {
    ...none,
    dialectIndex: v.getUint16(w, true),
    securityMode,
    signingEnabled: (securityMode & 0x04) !== 0,
    signingRequired: (securityMode & 0x08) !== 0,
    capabilities,
    maxBufferSize: v.getUint32(w + 7, true),
    systemTime: ms === null || ms < 0 || ms > 7_258_118_400_000 ? null : new Date(ms),
    timeZone: v.getInt16(w + 31, true),
    serverGuid,
    domain,
    server,
  };
}

/** An anonymous SESSION_SETUP_ANDX without extended security: empty account, domain and passwords. */
export function smb1AnonymousSessionSetup(multiplexId: number): Uint8Array {
  const words = new Uint8Array(26);
  const v = new DataView(words.buffer);
  words[0] = 0xff; // no AndX command
  v.setUint16(4, 0xffff, true); // MaxBufferSize
  v.setUint16(6, 2, true); // MaxMpxCount
  v.setUint16(8, 1, true); // VcNumber
  v.setUint32(22, 0x40, true); // CAP_NT_STATUS
  const data = Buffer.concat([ascii(''), ascii(''), ascii('Unix'), ascii('portwarden')]);
  return message(SMB1_SESSION_SETUP_ANDX, { multiplexId }, words, data);
}

/** A TREE_CONNECT_ANDX to `path` (e.g. `\\203.0.113.9\IPC$`) with an empty password, any service type. */
export function smb1TreeConnect(path: string, ids: Smb1Ids): Uint8Array {
  const words = new Uint8Array(8);
  const v = new DataView(words.buffer);
  words[0] = 0xff;
  v.setUint16(6, 1, true); // PasswordLength: the single NUL
  const data = Buffer.concat([Uint8Array.of(0), ascii(path), ascii('?????')]);
  return message(SMB1_TREE_CONNECT_ANDX, ids, words, data);
}

/**
 * The TRANSACTION request of the MS17-010 check: PeekNamedPipe on FID 0 of `\PIPE\`, which no client would send.
 * Unpatched Windows answers STATUS_INSUFF_SERVER_RESOURCES; patched Windows and Samba answer another error.
 */
export function smb1PeekNamedPipe(ids: Smb1Ids): Uint8Array {
  const name = ascii('\\PIPE\\');
  const words = new Uint8Array(32);
  const v = new DataView(words.buffer);
  v.setUint16(4, 0xffff, true); // MaxParameterCount
  v.setUint16(6, 0xffff, true); // MaxDataCount
  const dataAt = HEADER + 1 + words.length + 2 + name.length;
  v.setUint16(20, dataAt, true); // ParameterOffset
  v.setUint16(24, dataAt, true); // DataOffset
  words[26] = 2; // SetupCount
  v.setUint16(28, 0x23, true); // Setup[0]: TRANS_PEEK_NMPIPE
  v.setUint16(30, 0, true); // Setup[1]: FID 0
  return message(SMB1_TRANSACTION, ids, words, name);
}
