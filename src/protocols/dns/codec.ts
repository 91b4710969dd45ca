/** DNS over UDP (RFC 1035): the `version.bind` CHAOS TXT probe and a bounded parse of its reply. */

/** What a DNS reply tells about the server. */
export interface DnsReply {
  readonly id: number;
  /** RCODE: 0 NOERROR, 1 FORMERR, 2 SERVFAIL, 3 NXDOMAIN, 4 NOTIMP, 5 REFUSED. */
  readonly rcode: number;
  readonly opcode: number;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly recursionAvailable: boolean;
  readonly questionCount: number;
  readonly answerCount: number;
  /** Character-strings of the first TXT answers (e.g. the `version.bind` text), at most 8 of 255 bytes each. */
  readonly txt: readonly string[];
}

/** The name the probe asks for: BIND, dnsmasq, Unbound, Knot and PowerDNS answer it with their version. */
export const VERSION_BIND = 'version.bind';
const TYPE_TXT = 16;
const CLASS_CH = 3;
const MAX_TXT = 8;
const MAX_REPLY = 65_535;

/**
 * A standard query (RD clear) for `name` in class CHAOS, type TXT, with the given 16-bit id.
 * @example probeDns(0x1234) // 30 bytes: header, 7version4bind0, TXT, CH
 */
export function probeDns(id: number, name: string = VERSION_BIND): Uint8Array {
  const labels = name.split('.').filter((l) => l !== '');
  const qname: number[] = [];
  for (const label of labels) {
    const bytes = new TextEncoder().encode(label);
    if (bytes.length === 0 || bytes.length > 63) throw new RangeError(`bad DNS label '${label}'`);
    qname.push(bytes.length, ...bytes);
  }
  qname.push(0);
  const out = new Uint8Array(12 + qname.length + 4);
  const view = new DataView(out.buffer);
  view.setUint16(0, id & 0xffff);
  view.setUint16(2, 0x0000); // QR=0 query, opcode 0, RD=0: a server should answer from its own data only
  view.setUint16(4, 1); // QDCOUNT
  out.set(qname, 12);
  view.setUint16(12 + qname.length, TYPE_TXT);
  view.setUint16(14 + qname.length, CLASS_CH);
  return out;
}

/** Offset just after the (possibly compressed) name at `offset`, or -1 when it runs out of bounds. */
function skipName(bytes: Uint8Array, offset: number): number {
  let pos = offset;
  // A name has at most 127 labels; a pointer ends it. Anything longer is hostile.
  for (let labels = 0; labels < 128; labels++) {
    const len = bytes[pos];
    if (len === undefined) return -1;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) === 0xc0) return pos + 2 <= bytes.length ? pos + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    pos += 1 + len;
  }
  return -1;
}

/**
 * Parse a reply to `probeDns(id)`: null unless it is a DNS response (QR set) carrying `id`. TXT answers are
 * decoded as latin1 (escape control characters before display), up to 8 strings; a malformed record stops the walk.
 * @example parseDnsReply(reply, 0x1234)?.txt // ['dnsmasq-2.89']
 */
export function parseDnsReply(bytes: Uint8Array, id: number): DnsReply | null {
  if (bytes.length < 12 || bytes.length > MAX_REPLY) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  if (view.getUint16(0) !== (id & 0xffff) || (flags & 0x8000) === 0) return null;
  const questionCount = view.getUint16(4);
  const answerCount = view.getUint16(6);
  const txt: string[] = [];
  let pos = 12;
  for (let q = 0; q < Math.min(questionCount, 4) && pos >= 0; q++) {
    pos = skipName(bytes, pos);
    if (pos >= 0) pos += 4;
  }
  for (let a = 0; a < Math.min(answerCount, 16) && pos >= 0 && pos <= bytes.length && txt.length < MAX_TXT; a++) {
    pos = skipName(bytes, pos);
    if (pos < 0 || pos + 10 > bytes.length) break;
    const type = view.getUint16(pos);
    const rdlength = view.getUint16(pos + 8);
    const rdata = pos + 10;
    if (rdata + rdlength > bytes.length) break;
    if (type === TYPE_TXT) {
      for (let p = rdata; p < rdata + rdlength && txt.length < MAX_TXT;) {
        const len = bytes[p] ?? 0;
        if (p + 1 + len > rdata + rdlength) break;
        txt.push(Buffer.from(bytes.subarray(p + 1, p + 1 + len)).toString('latin1'));
        p += 1 + len;
      }
    }
    pos = rdata + rdlength;
  }
  return {
    id,
    rcode: flags & 0x000f,
    opcode: (flags >> 11) & 0x0f,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    questionCount,
    answerCount,
    txt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// General queries and replies (RFC 1035 §4), TCP framing (RFC 7766 §8) and zone transfer messages (RFC 5936).

/** Record types the checks ask for or print. */
export const DNS_TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  AXFR: 252,
} as const;
export const DNS_CLASS_IN = 1;
export const DNS_CLASS_CH = CLASS_CH;
/** Response codes by number, for evidence. */
export const RCODE_NAMES: readonly string[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** One question to ask. */
export interface DnsQuery {
  readonly id: number;
  readonly name: string;
  readonly type: number;
  /** Default IN (1); CHAOS is 3. */
  readonly qclass?: number;
  /** Recursion desired: ask the server to resolve names it does not hold itself. */
  readonly recursionDesired?: boolean;
}

/** The wire form of a name: length-prefixed labels ending with the root; throws RangeError for bad names. */
export function encodeName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.').filter((l) => l !== '')) {
    const bytes = new TextEncoder().encode(label);
    if (bytes.length > 63) throw new RangeError(`bad DNS label '${label}'`);
    out.push(bytes.length, ...bytes);
  }
  out.push(0);
  if (out.length > 255) throw new RangeError('DNS name longer than 255 bytes');
  return out;
}

/**
 * One query message (header and one question).
 * @example encodeQuery({ id: 7, name: 'lab.test', type: DNS_TYPE.AXFR }) // for TCP, wrap with frameTcp
 */
export function encodeQuery(query: DnsQuery): Uint8Array {
  const qname = encodeName(query.name);
  const out = new Uint8Array(12 + qname.length + 4);
  const view = new DataView(out.buffer);
  view.setUint16(0, query.id & 0xffff);
  view.setUint16(2, query.recursionDesired === true ? 0x0100 : 0);
  view.setUint16(4, 1);
  out.set(qname, 12);
  view.setUint16(12 + qname.length, query.type);
  view.setUint16(14 + qname.length, query.qclass ?? DNS_CLASS_IN);
  return out;
}

/** A message as sent over TCP: a two-byte length, then the message (RFC 1035 §4.2.2). */
export function frameTcp(message: Uint8Array): Uint8Array {
  if (message.length > 0xffff) throw new RangeError('DNS message longer than 65,535 bytes');
  const out = new Uint8Array(2 + message.length);
  out[0] = message.length >> 8;
  out[1] = message.length & 0xff;
  out.set(message, 2);
  return out;
}

/** Bytes of one length-prefixed message at the start of `buffered`, or -1 while it is incomplete. */
export function tcpMessageLength(buffered: Uint8Array): number {
  if (buffered.length < 2) return -1;
  const n = 2 + (((buffered[0] ?? 0) << 8) | (buffered[1] ?? 0));
  return buffered.length >= n ? n : -1;
}

/** A resource record, its RDATA rendered as text (names with a trailing dot, addresses, TXT strings). */
export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  readonly rclass: number;
  readonly ttl: number;
  readonly data: string;
  /** SOA only: the zone's serial. */
  readonly serial?: number;
}

/** A parsed message: its header, questions and answer records. */
export interface DnsMessage {
  readonly id: number;
  readonly response: boolean;
  readonly opcode: number;
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly recursionDesired: boolean;
  readonly recursionAvailable: boolean;
  readonly questions: readonly { readonly name: string; readonly type: number; readonly qclass: number }[];
  readonly answerCount: number;
  readonly authorityCount: number;
  readonly answers: readonly DnsRecord[];
  /** False when a record was malformed or past the cap and the walk stopped early. */
  readonly complete: boolean;
}

/** Characters a label may show as they are; anything else is escaped as \DDD (RFC 4343 presentation form). */
const PLAIN = /^[A-Za-z0-9_-]$/;

/**
 * The name at `offset` in presentation form ('www.lab.test.', '.' for the root) and the offset after it.
 * Compression pointers are followed (only backwards, at most 64 of them); null for a malformed name.
 */
export function readName(bytes: Uint8Array, offset: number): { name: string; next: number } | null {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  let length = 0;
  for (let jumps = 0; jumps <= 64;) {
    const len = bytes[pos];
    if (len === undefined) return null;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return { name: labels.length === 0 ? '.' : `${labels.join('.')}.`, next };
    }
    if ((len & 0xc0) === 0xc0) {
      const low = bytes[pos + 1];
      if (low === undefined) return null;
      const target = ((len & 0x3f) << 8) | low;
      // A pointer must go backwards, or a hostile reply could make us walk in circles.
      if (target >= pos) return null;
      if (next < 0) next = pos + 2;
      pos = target;
      jumps++;
      continue;
    }
    if ((len & 0xc0) !== 0 || pos + 1 + len > bytes.length) return null;
    length += len + 1;
    if (length > 255) return null;
    let label = '';
    for (const b of bytes.subarray(pos + 1, pos + 1 + len)) {
      const c = String.fromCharCode(b);
      label += PLAIN.test(c) ? c : c === '.' || c === '\\' ? `\\${c}` : `\\${String(b).padStart(3, '0')}`;
    }
    labels.push(label);
    pos += 1 + len;
  }
  return null;
}

const MAX_TXT_TEXT = 1024;

/** RFC 5952 text of eight 16-bit groups: the longest run of two or more zero groups becomes '::'. */
function ipv6Text(groups: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function rdataText(bytes: Uint8Array, type: number, start: number, end: number): { data: string; serial?: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rd = bytes.subarray(start, end);
  const nameAt = (at: number): string => {
    const n = at < end ? readName(bytes, at) : null;
    return n !== null && n.next <= end ? n.name : '?';
  };
  switch (type) {
    case DNS_TYPE.A:
      return { data: rd.length === 4 ? Array.from(rd).join('.') : '?' };
    case DNS_TYPE.AAAA: {
      if (rd.length !== 16) return { data: '?' };
      const groups: number[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(view.getUint16(start + i));
      return { data: ipv6Text(groups) };
    }
    case DNS_TYPE.NS:
    case DNS_TYPE.CNAME:
    case DNS_TYPE.PTR:
      return { data: nameAt(start) };
    case DNS_TYPE.MX:
      return { data: rd.length < 3 ? '?' : `${view.getUint16(start)} ${nameAt(start + 2)}` };
    case DNS_TYPE.SRV:
      return rd.length < 7
        ? { data: '?' }
        : {
            data: `${view.getUint16(start)} ${view.getUint16(start + 2)} ${view.getUint16(start + 4)} ${nameAt(start + 6)}`,
          };
    case DNS_TYPE.SOA: {
      const mname = readName(bytes, start);
      const rname = mname !== null && mname.next < end ? readName(bytes, mname.next) : null;
      if (mname === null || rname === null || rname.next + 20 > end) return { data: '?' };
      const nums = [0, 4, 8, 12, 16].map((o) => view.getUint32(rname.next + o));
      return { data: `${mname.name} ${rname.name} ${nums.join(' ')}`, serial: nums[0] ?? 0 };
    }
    case DNS_TYPE.TXT: {
      const parts: string[] = [];
      let total = 0;
      for (let p = start; p < end && total < MAX_TXT_TEXT;) {
        const len = bytes[p] ?? 0;
        if (p + 1 + len > end) break;
        const s = Buffer.from(bytes.subarray(p + 1, p + 1 + len)).toString('latin1');
        parts.push(s);
        total += s.length;
        p += 1 + len;
      }
      return { data: parts.join(' ').slice(0, MAX_TXT_TEXT) };
    }
    default:
      return { data: `\\# ${rd.length}` };
  }
}

/**
 * Parse any DNS message: null unless it is a response (QR set) of at least a header. Questions (at most 4) and
 * answers (at most `maxAnswers`) are read until the first malformed one, which sets `complete` to false.
 * @example parseDnsMessage(reply)?.answers[0]?.data // '203.0.113.10'
 */
export function parseDnsMessage(bytes: Uint8Array, maxAnswers = 512): DnsMessage | null {
  if (bytes.length < 12 || bytes.length > MAX_REPLY) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  if ((flags & 0x8000) === 0) return null;
  const questionCount = view.getUint16(4);
  const answerCount = view.getUint16(6);
  const questions: { name: string; type: number; qclass: number }[] = [];
  const answers: DnsRecord[] = [];
  let complete = questionCount <= 4 && answerCount <= maxAnswers;
  let pos = 12;
  for (let q = 0; q < Math.min(questionCount, 4); q++) {
    const name = readName(bytes, pos);
    if (name === null || name.next + 4 > bytes.length) {
      complete = false;
      pos = -1;
      break;
    }
    questions.push({ name: name.name, type: view.getUint16(name.next), qclass: view.getUint16(name.next + 2) });
    pos = name.next + 4;
  }
  for (let a = 0; pos >= 0 && questionCount <= 4 && a < Math.min(answerCount, maxAnswers); a++) {
    const name = readName(bytes, pos);
    if (name === null || name.next + 10 > bytes.length) {
      complete = false;
      break;
    }
    const rdata = name.next + 10;
    const rdlength = view.getUint16(name.next + 8);
    if (rdata + rdlength > bytes.length) {
      complete = false;
      break;
    }
    const type = view.getUint16(name.next);
    answers.push({
      name: name.name,
      type,
      rclass: view.getUint16(name.next + 2),
      ttl: view.getUint32(name.next + 4),
      ...rdataText(bytes, type, rdata, rdata + rdlength),
    });
    pos = rdata + rdlength;
  }
  return {
    id: view.getUint16(0),
    response: true,
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x000f,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    questions,
    answerCount,
    authorityCount: view.getUint16(8),
    answers,
    complete,
  };
}

/** The name of a response code, e.g. 'REFUSED', or 'RCODE<n>'. */
export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/** Software and version named by a version.bind / version.server text, when it names one. */
export interface DnsSoftware {
  readonly product: string;
  readonly version: string | null;
}

const SOFTWARE: readonly { re: RegExp; product: string }[] = [
  { re: /^dnsmasq-(\S+)/i, product: 'dnsmasq' },
  { re: /^unbound\s+(\S+)/i, product: 'Unbound' },
  { re: /^PowerDNS (?:Authoritative Server|Recursor)\s+(\S+)/i, product: 'PowerDNS' },
  { re: /^Knot DNS\s+(\S+)/i, product: 'Knot DNS' },
  { re: /^Knot Resolver\s+(\S+)/i, product: 'Knot Resolver' },
  { re: /^NSD\s+(\S+)/i, product: 'NSD' },
  { re: /^Microsoft DNS\s+(\S+)/i, product: 'Microsoft DNS' },
  { re: /^CoreDNS-(\S+)/i, product: 'CoreDNS' },
  { re: /^(?:ISC )?BIND\s+(\d\S*)/i, product: 'ISC BIND' },
  // BIND answers with its bare version, e.g. 9.18.28-1~deb12u2-Debian or 9.11.4-P2-RedHat-9.11.4-26.P2.el7.
  { re: /^(9\.\d+\.\d+(?:[-~+.][\w.~+-]*)?)$/, product: 'ISC BIND' },
];

/**
 * The software a version text names: BIND, dnsmasq, Unbound, PowerDNS, Knot, NSD, Microsoft DNS, CoreDNS.
 * @example dnsSoftware('9.18.28-1~deb12u2-Debian') // { product: 'ISC BIND', version: '9.18.28-1~deb12u2-Debian' }
 */
export function dnsSoftware(text: string): DnsSoftware | null {
  const t = text.trim();
  for (const { re, product } of SOFTWARE) {
    const m = re.exec(t);
    if (m !== null) return { product, version: m[1] ?? null };
  }
  return null;
}
