/**
 * The NTLMSSP messages ([MS-NLMP]) of an anonymous logon, wrapped in SPNEGO (RFC 4178) as SMB session setup wants
 * them, and the parse of the server's CHALLENGE, which names the host, its domain and its OS build before anyone
 * authenticates.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** UNICODE | OEM | REQUEST_TARGET | NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY | 128 | 56. */
const NEGOTIATE_FLAGS = 0xa0088207;
/** As above without OEM, plus ANONYMOUS (0x800): [MS-NLMP] 3.1.5.1.2 anonymous authentication. */
const ANONYMOUS_FLAGS = 0xa0088a05;

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

function der(tag: number, content: Uint8Array): Uint8Array {
  return Uint8Array.from([tag, ...derLength(content.length), ...content]);
}

const OID_SPNEGO = Uint8Array.of(0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02);
const OID_NTLMSSP = Uint8Array.of(0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a);

/** SPNEGO NegTokenInit offering only NTLMSSP, with `token` as the optimistic mechToken. */
export function spnegoInit(token: Uint8Array): Uint8Array {
  const mechTypes = der(0xa0, der(0x30, OID_NTLMSSP));
  const mechToken = der(0xa2, der(0x04, token));
  const body = der(0xa0, der(0x30, Uint8Array.from([...mechTypes, ...mechToken])));
  return der(0x60, Uint8Array.from([...OID_SPNEGO, ...body]));
}

/** SPNEGO NegTokenResp carrying `token` as the responseToken. */
export function spnegoResponse(token: Uint8Array): Uint8Array {
  return der(0xa1, der(0x30, der(0xa2, der(0x04, token))));
}

/** The NTLMSSP message inside a GSS token (found by its signature), or null. */
export function findNtlmssp(token: Uint8Array): Uint8Array | null {
  const at = Buffer.from(token.buffer, token.byteOffset, token.byteLength).indexOf(SIGNATURE);
  return at < 0 ? null : token.subarray(at);
}

const MECHS: readonly (readonly [string, string])[] = [
  ['2b06010401823702020a', 'NTLMSSP'],
  ['2a864886f712010202', 'Kerberos 5'],
  ['2a864882f712010202', 'MS Kerberos 5'],
  ['2a864886f712010203', 'Kerberos 5 user-to-user'],
  ['2b06010401823702021e', 'NEGOEX'],
];

/** The authentication mechanisms a SPNEGO token names (by their OIDs), in the order of MECHS. */
export function spnegoMechanisms(token: Uint8Array): string[] {
  const hex = Buffer.from(token.buffer, token.byteOffset, token.byteLength).toString('hex');
  return MECHS.filter(([oid]) => hex.includes(`06${(oid.length / 2).toString(16).padStart(2, '0')}${oid}`)).map(
    ([, name]) => name,
  );
}

/** An NTLMSSP NEGOTIATE_MESSAGE with no domain or workstation. */
export function ntlmNegotiate(): Uint8Array {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  out.set(SIGNATURE, 0);
  v.setUint32(8, 1, true);
  v.setUint32(12, NEGOTIATE_FLAGS, true);
  return out;
}

/** What a CHALLENGE_MESSAGE tells about the server. */
export interface NtlmChallenge {
  readonly flags: number;
  readonly targetName: string | null;
  readonly netbiosComputer: string | null;
  readonly netbiosDomain: string | null;
  readonly dnsComputer: string | null;
  readonly dnsDomain: string | null;
  readonly dnsForest: string | null;
  /** The server's clock (MsvAvTimestamp), when sent. */
  readonly timestamp: Date | null;
  /** 'major.minor.build' of the OS, when NEGOTIATE_VERSION is set (Windows: 10.0.20348; Samba: 6.1.0). */
  readonly osVersion: string | null;
}

function field(msg: Uint8Array, at: number): Uint8Array | null {
  if (at + 8 > msg.length) return null;
  const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const length = v.getUint16(at, true);
  const offset = v.getUint32(at + 4, true);
  return offset + length <= msg.length ? msg.subarray(offset, offset + length) : null;
}

const utf16 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength & ~1).toString('utf16le');

/**
 * Parse a CHALLENGE_MESSAGE (type 2); null unless it is one.
 * @example parseNtlmChallenge(msg)?.netbiosComputer // 'PWLAB-SMB'
 */
export function parseNtlmChallenge(msg: Uint8Array): NtlmChallenge | null {
  if (msg.length < 48 || !SIGNATURE.equals(msg.subarray(0, 8))) return null;
  const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if (v.getUint32(8, true) !== 2) return null;
  const flags = v.getUint32(20, true);
  const target = field(msg, 12);
  const unicode = (flags & 1) !== 0;
  const info = new Map<number, Uint8Array>();
  const targetInfo = field(msg, 40);
  if (targetInfo !== null) {
    const t = new DataView(targetInfo.buffer, targetInfo.byteOffset, targetInfo.byteLength);
    for (let p = 0, n = 0; p + 4 <= targetInfo.length && n < 32; n++) {
      const id = t.getUint16(p, true);
      const length = t.getUint16(p + 2, true);
      if (id === 0 || p + 4 + length > targetInfo.length) break;
      info.set(id, targetInfo.subarray(p + 4, p + 4 + length));
      p += 4 + length;
    }
  }
  const text = (id: number): string | null => {
    const b = info.get(id);
    return b === undefined ? null : utf16(b);
  };
  const stamp = info.get(7);
  let timestamp: Date | null = null;
  if (stamp?.length === 8) {
    const ms =
      Number(new DataView(stamp.buffer, stamp.byteOffset, 8).getBigUint64(0, true) / 10_000n) - 11_644_473_600_000;
    timestamp = ms > 0 && ms < 7_258_118_400_000 ? new Date(ms) : null;
  }
  const osVersion =
    (flags & 0x02000000) !== 0 && msg.length >= 56 ? `${msg[48] ?? 0}.${msg[49] ?? 0}.${v.getUint16(50, true)}` : null;
  return {
    flags,
    targetName: target === null ? null : unicode ? utf16(target) : Buffer.from(target).toString('latin1'),
    netbiosComputer: text(1),
    netbiosDomain: text(2),
    dnsComputer: text(3),
    dnsDomain: text(4),
    dnsForest: text(5),
    timestamp,
    osVersion,
  };
}

/**
 * An anonymous AUTHENTICATE_MESSAGE: empty user, domain and NT response, a one-byte zero LM response
 * ([MS-NLMP] 3.1.5.1.2), flag NTLMSSP_NEGOTIATE_ANONYMOUS. No password or hash of anyone is involved.
 */
export function ntlmAnonymousAuthenticate(): Uint8Array {
  const out = new Uint8Array(65);
  const v = new DataView(out.buffer);
  out.set(SIGNATURE, 0);
  v.setUint32(8, 3, true);
  const fields = (at: number, length: number, offset: number): void => {
    v.setUint16(at, length, true);
    v.setUint16(at + 2, length, true);
    v.setUint32(at + 4, offset, true);
  };
  fields(12, 1, 64); // LmChallengeResponse: Z(1)
  for (const at of [20, 28, 36, 44, 52]) fields(at, 0, 65); // NT response, domain, user, workstation, session key
  v.setUint32(60, ANONYMOUS_FLAGS, true);
  return out;
}
