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
