/**
 * LDAPv3 messages in BER by hand (RFC 4511): the requests portwarden sends (anonymous simple bind, search with a
 * presence filter, unbind) and a tolerant decoder of the server's LDAPMessage (BindResponse, SearchResultEntry,
 * SearchResultReference, SearchResultDone). Used over TCP (389, 636 in TLS) and UDP (CLDAP). No I/O here;
 * parsers never throw on hostile bytes (they return null).
 */

/** Largest LDAPMessage accepted (a root DSE of Active Directory is a few KiB). */
export const MAX_MESSAGE = 256 * 1024;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function integer(tag: number, n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
}

const octets = (s: string, tag = 0x04): Buffer => tlv(tag, Buffer.from(s, 'utf8'));

function message(id: number, op: Buffer): Buffer {
  return tlv(0x30, integer(0x02, id), op);
}

/** BindRequest, version 3, simple authentication with an empty name and password (RFC 4513 §5.1.1). */
export function encodeAnonymousBind(id: number): Uint8Array {
  return message(id, tlv(0x60, integer(0x02, 3), octets(''), tlv(0x80)));
}

export type Scope = 'base' | 'one' | 'sub';

export interface SearchRequest {
  readonly base: string;
  readonly scope: Scope;
  readonly sizeLimit?: number;
  readonly timeLimit?: number;
  /** Presence filter attribute, `(attr=*)`; default objectClass. */
  readonly present?: string;
  readonly attributes?: readonly string[];
  readonly typesOnly?: boolean;
}

/** SearchRequest with a presence filter (derefAliases never). */
export function encodeSearch(id: number, r: SearchRequest): Uint8Array {
  const scope = { base: 0, one: 1, sub: 2 }[r.scope];
  return message(
    id,
    tlv(
      0x63,
      octets(r.base),
      integer(0x0a, scope),
      integer(0x0a, 0),
      integer(0x02, r.sizeLimit ?? 0),
      integer(0x02, r.timeLimit ?? 0),
      tlv(0x01, Buffer.from([r.typesOnly === true ? 0xff : 0])),
      octets(r.present ?? 'objectClass', 0x87),
      tlv(0x30, ...(r.attributes ?? []).map((a) => octets(a))),
    ),
  );
}

/** UnbindRequest. */
export function encodeUnbind(id: number): Uint8Array {
  return message(id, tlv(0x42));
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** The TLV at `at`, bounded by `limit`; null when malformed or truncated (indefinite lengths are refused). */
function readTlv(b: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = b[at] ?? 0;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags do not occur in LDAP
  let len = b[at + 1] ?? 0;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] ?? 0);
    start += n;
  }
  const end = start + len;
  if (end > limit) return null;
  return { tag, start, end };
}

function children(b: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const t = readTlv(b, at, parent.end);
    if (t === null) return null;
    out.push(t);
    at = t.end;
  }
  return out;
}

function int(b: Uint8Array, t: Tlv): number {
  let v = 0;
  for (let i = t.start; i < t.end && i < t.start + 6; i++) v = v * 256 + (b[i] ?? 0);
  return v;
}

function str(b: Uint8Array, t: Tlv, max = 4096): string {
  return Buffer.from(b.subarray(t.start, Math.min(t.end, t.start + max))).toString('utf8');
}

/**
 * Framer for one LDAPMessage (a BER SEQUENCE); -1 until complete.
 * Throws RangeError when the bytes are not a SEQUENCE or the length is beyond `MAX_MESSAGE`.
 */
export function messageLength(b: Uint8Array): number {
  if (b.length < 2) return -1;
  if (b[0] !== 0x30) throw new RangeError('not an LDAP message');
  const first = b[1] ?? 0;
  let len = first;
  let head = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('not an LDAP message');
    if (b.length < 2 + n) return -1;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] ?? 0);
    head += n;
  }
  if (head + len > MAX_MESSAGE) throw new RangeError(`an LDAP message of ${head + len} bytes`);
  return b.length >= head + len ? head + len : -1;
}

export interface LdapResult {
  readonly code: number;
  readonly matchedDn: string;
  readonly diagnostic: string;
}

export type LdapMessage =
  | { readonly id: number; readonly op: 'bind'; readonly result: LdapResult }
  | {
      readonly id: number;
      readonly op: 'entry';
      readonly dn: string;
      readonly attributes: ReadonlyMap<string, string[]>;
    }
  | { readonly id: number; readonly op: 'reference'; readonly uris: readonly string[] }
  | { readonly id: number; readonly op: 'done'; readonly result: LdapResult }
  /** Notice of disconnection (RFC 4511 §4.4.1) and other extended responses. */
  | { readonly id: number; readonly op: 'extended'; readonly result: LdapResult }
  | { readonly id: number; readonly op: 'other'; readonly tag: number };

function result(b: Uint8Array, parts: readonly Tlv[]): LdapResult | null {
  const [code, matched, diag] = parts;
  if (code?.tag !== 0x0a || matched?.tag !== 0x04 || diag?.tag !== 0x04) return null;
  return { code: int(b, code), matchedDn: str(b, matched, 1024), diagnostic: str(b, diag, 1024) };
}

/** Values kept per attribute and attributes per entry: a hostile entry cannot make us hold more. */
const MAX_VALUES = 64;
const MAX_ATTRIBUTES = 256;

/** One complete LDAPMessage; null when it is not one. */
export function parseMessage(b: Uint8Array): LdapMessage | null {
  const outer = readTlv(b, 0, b.length);
  if (outer?.tag !== 0x30) return null;
  const parts = children(b, outer);
  const [idT, opT] = parts ?? [];
  if (idT?.tag !== 0x02 || opT === undefined) return null;
  const id = int(b, idT);
  const inner = (opT.tag & 0x20) !== 0 ? children(b, opT) : [];
  if (inner === null) return null;
  switch (opT.tag) {
    case 0x61:
    case 0x65:
    case 0x78: {
      const r = result(b, inner);
      if (r === null) return null;
      return { id, op: opT.tag === 0x61 ? 'bind' : opT.tag === 0x65 ? 'done' : 'extended', result: r };
    }
    case 0x64: {
      const [dnT, attrsT] = inner;
      if (dnT?.tag !== 0x04 || attrsT?.tag !== 0x30) return null;
      const attributes = new Map<string, string[]>();
      for (const a of (children(b, attrsT) ?? []).slice(0, MAX_ATTRIBUTES)) {
        const [typeT, valsT] = children(b, a) ?? [];
        if (typeT?.tag !== 0x04 || valsT?.tag !== 0x31) continue;
        const values = (children(b, valsT) ?? []).slice(0, MAX_VALUES).map((v) => str(b, v, 1024));
        attributes.set(str(b, typeT, 256), values);
      }
      return { id, op: 'entry', dn: str(b, dnT, 1024), attributes };
    }
    case 0x73:
      return { id, op: 'reference', uris: inner.slice(0, MAX_VALUES).map((t) => str(b, t, 1024)) };
    default:
      return { id, op: 'other', tag: opT.tag };
  }
}

/** An attribute's values, matched case-insensitively (attribute descriptions are case-insensitive). */
export function attribute(attributes: ReadonlyMap<string, string[]>, name: string): string[] {
  const lower = name.toLowerCase();
  for (const [k, v] of attributes) if (k.toLowerCase() === lower) return v;
  return [];
}

/** Result codes named in findings (RFC 4511 Appendix A). */
export const RESULT_NAMES: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'operationsError',
  4: 'sizeLimitExceeded',
  7: 'authMethodNotSupported',
  8: 'strongerAuthRequired',
  13: 'confidentialityRequired',
  32: 'noSuchObject',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  53: 'unwillingToPerform',
};

/** The root DSE attributes portwarden asks for. */
export const ROOT_DSE_ATTRIBUTES: readonly string[] = [
  'namingContexts',
  'defaultNamingContext',
  'supportedLDAPVersion',
  'supportedSASLMechanisms',
  'supportedExtension',
  'vendorName',
  'vendorVersion',
  'dnsHostName',
  'domainFunctionality',
  'forestFunctionality',
  'serverName',
  'subschemaSubentry',
  'objectClass',
];

/** StartTLS extended operation OID (RFC 4511 §4.14). */
export const START_TLS_OID = '1.3.6.1.4.1.1466.20037';
