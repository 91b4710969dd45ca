/**
 * The first CredSSP message of RDP's Network Level Authentication ([MS-CSSP] 2.2.1): a DER-encoded TSRequest whose
 * negoTokens carry an NTLMSSP NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1), and the parse of the server's TSRequest that
 * carries its CHALLENGE_MESSAGE. No credential is ever sent: the exchange stops at the challenge.
 */

/** The CredSSP version we announce ([MS-CSSP] 2.2.1: 2–6; the first message has no nonce or key). */
export const CREDSSP_VERSION = 6;

/** Largest TSRequest we accept from a server; a CHALLENGE is a few hundred bytes. */
export const MAX_TSREQUEST = 16 * 1024;

/**
 * NEGOTIATE flags: UNICODE | OEM | REQUEST_TARGET | NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY | VERSION |
 * 128 | KEY_EXCH | 56. NEGOTIATE_VERSION (0x02000000) asks the server to put its OS version in the CHALLENGE.
 */
const NEGOTIATE_FLAGS = 0xe2088207;

/** An NTLMSSP NEGOTIATE_MESSAGE with no domain or workstation, asking for the server's version. */
export function ntlmNegotiateWithVersion(): Uint8Array {
  const out = Buffer.alloc(40);
  out.write('NTLMSSP\0', 0, 'latin1');
  out.writeUInt32LE(1, 8);
  out.writeUInt32LE(NEGOTIATE_FLAGS, 12);
  // DomainNameFields and WorkstationFields stay zero; offsets point past the header as the spec suggests.
  out.writeUInt32LE(40, 20);
  out.writeUInt32LE(40, 28);
  // Version ([MS-NLMP] 2.2.2.10), for debugging only: we name no OS, just NTLMSSP_REVISION_W2K3 (15).
  out[39] = 15;
  return out;
}

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  return Uint8Array.of(0x82, n >> 8, n & 0xff);
}

function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.of(tag), derLength(body.length), body]);
}

function derInteger(v: number): Uint8Array {
  const bytes: number[] = [];
  let n = v;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return der(0x02, Uint8Array.from(bytes));
}

/**
 * TSRequest { version [0] INTEGER, negoTokens [1] SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING } }.
 * @example encodeTsRequest(ntlmNegotiateWithVersion())
 */
export function encodeTsRequest(token: Uint8Array, version = CREDSSP_VERSION): Uint8Array {
  const negoData = der(0x30, der(0x30, der(0xa0, der(0x04, token))));
  return der(0x30, der(0xa0, derInteger(version)), der(0xa1, negoData));
}

/** One DER element: tag, content bounds and the end. Throws RangeError when truncated or absurd. */
interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function readTlv(b: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new RangeError('truncated DER');
  const tag = b[at] ?? 0;
  let length = b[at + 1] ?? 0;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) throw new RangeError('bad DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (b[start + i] ?? 0);
    start += n;
  }
  if (start + length > limit) throw new RangeError('truncated DER');
  return { tag, start, end: start + length };
}

/** Framer for one TSRequest (a DER SEQUENCE): its total length, -1 for more; throws when it is not one. */
export function tsRequestLength(buffered: Uint8Array): number {
  if (buffered.length < 2) return -1;
  if (buffered[0] !== 0x30) throw new RangeError('not a DER SEQUENCE (not CredSSP)');
  const first = buffered[1] ?? 0;
  const n = first & 0x80 ? first & 0x7f : 0;
  if (n > 3) throw new RangeError('bad DER length');
  if (buffered.length < 2 + n) return -1;
  let length = first & 0x80 ? 0 : first;
  for (let i = 0; i < n; i++) length = length * 256 + (buffered[2 + i] ?? 0);
  const total = 2 + n + length;
  if (total > MAX_TSREQUEST) throw new RangeError(`a TSRequest of ${total} bytes`);
  return buffered.length >= total ? total : -1;
}

/** What a server's TSRequest carries. */
export interface TsRequest {
  readonly version: number;
  /** The first negoToken (the NTLM CHALLENGE here), or null. */
  readonly negoToken: Uint8Array | null;
  /** errorCode [4] (an NTSTATUS, CredSSP 3+), or null. */
  readonly errorCode: number | null;
}

function readInteger(b: Uint8Array, tlv: Tlv): number {
  const inner = readTlv(b, tlv.start, tlv.end);
  if (inner.tag !== 0x02 || inner.end - inner.start > 5 || inner.end === inner.start) {
    throw new RangeError('bad INTEGER');
  }
  let v = 0;
  for (let i = inner.start; i < inner.end; i++) v = v * 256 + (b[i] ?? 0);
  // NTSTATUS codes are unsigned 32-bit; a leading 0x00 pad byte is harmless.
  return v % 2 ** 32;
}

/**
 * Parse a TSRequest; null when it is not one.
 * @example parseTsRequest(reply)?.negoToken // the CHALLENGE_MESSAGE
 */
export function parseTsRequest(bytes: Uint8Array): TsRequest | null {
  try {
    const seq = readTlv(bytes, 0, bytes.length);
    if (seq.tag !== 0x30) return null;
    let version: number | null = null;
    let negoToken: Uint8Array | null = null;
    let errorCode: number | null = null;
    for (let at = seq.start; at < seq.end;) {
      const field = readTlv(bytes, at, seq.end);
      at = field.end;
      if (field.tag === 0xa0) version = readInteger(bytes, field);
      else if (field.tag === 0xa4) errorCode = readInteger(bytes, field);
      else if (field.tag === 0xa1 && negoToken === null) {
        // NegoData ::= SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }: take the first.
        const list = readTlv(bytes, field.start, field.end);
        const item = readTlv(bytes, list.start, list.end);
        const tagged = readTlv(bytes, item.start, item.end);
        const octets = readTlv(bytes, tagged.start, tagged.end);
        if (list.tag !== 0x30 || item.tag !== 0x30 || tagged.tag !== 0xa0 || octets.tag !== 0x04) return null;
        negoToken = bytes.subarray(octets.start, octets.end);
      }
    }
    return version === null ? null : { version, negoToken, errorCode };
  } catch {
    return null;
  }
}

/** Windows releases by NTLM version (major.minor.build), with the end of their extended support. */
export interface WindowsRelease {
  readonly name: string;
  /** ISO date after which Microsoft ships no more security updates (extended support, not paid ESU). */
  readonly endOfSupport: string;
}

// Sources: Microsoft Lifecycle pages for Windows XP, Server 2003, Vista, Server 2008/2008 R2, Windows 7, 8.1 and
// Server 2012/2012 R2 (learn.microsoft.com/lifecycle/products). Only builds that name one release family exactly;
// Windows 10/11 and Server 2016+ share build numbers across editions with different dates and are left out.
const WINDOWS: Readonly<Record<string, WindowsRelease>> = {
  '5.1.2600': { name: 'Windows XP', endOfSupport: '2014-04-08' },
  '5.2.3790': { name: 'Windows Server 2003 / XP x64', endOfSupport: '2015-07-14' },
  '6.0.6000': { name: 'Windows Vista', endOfSupport: '2017-04-11' },
  '6.0.6001': { name: 'Windows Vista SP1 / Server 2008', endOfSupport: '2020-01-14' },
  '6.0.6002': { name: 'Windows Vista SP2 / Server 2008 SP2', endOfSupport: '2020-01-14' },
  '6.0.6003': { name: 'Windows Server 2008 SP2', endOfSupport: '2020-01-14' },
  '6.1.7600': { name: 'Windows 7 / Server 2008 R2', endOfSupport: '2020-01-14' },
  '6.1.7601': { name: 'Windows 7 SP1 / Server 2008 R2 SP1', endOfSupport: '2020-01-14' },
  '6.2.9200': { name: 'Windows 8 / Server 2012', endOfSupport: '2023-10-10' },
  '6.3.9600': { name: 'Windows 8.1 / Server 2012 R2', endOfSupport: '2023-10-10' },
};

/** The Windows release an NTLM version names, when it names exactly one family; null otherwise (e.g. Samba's 6.1.0). */
export function windowsRelease(osVersion: string): WindowsRelease | null {
  return WINDOWS[osVersion] ?? null;
}
