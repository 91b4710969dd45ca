/** SNMP v2c (RFC 3416, BER per X.690): a GetRequest for sysDescr.0 and a bounded parse of the Response. */

/** What an SNMP Response-PDU tells. */
export interface SnmpReply {
  /** 0 = v1, 1 = v2c, 3 = v3. */
  readonly version: number;
  readonly community: string;
  readonly requestId: number;
  /** 0 noError; 2 noSuchName (v1), … */
  readonly errorStatus: number;
  /** The first variable binding: its OID in dotted form and its value, when it is a string or an integer. */
  readonly oid: string | null;
  readonly value: string | number | null;
}

/** sysDescr.0: the agent's one-line description, usually OS, kernel and hardware. */
export const SYS_DESCR_0 = '1.3.6.1.2.1.1.1.0';
const MAX_REPLY = 65_507;
const MAX_VALUE = 1024;

// BER tags.
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const NULL = 0x05;
const OID = 0x06;
const SEQUENCE = 0x30;
const GET_REQUEST = 0xa0;
const RESPONSE = 0xa2;
const COUNTER32 = 0x41;
const GAUGE32 = 0x42;
const TIMETICKS = 0x43;

function tlv(tag: number, content: readonly number[]): number[] {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...length, ...content];
}

function berInteger(value: number): number[] {
  const bytes: number[] = [];
  let v = value | 0;
  do {
    bytes.unshift(v & 0xff);
    v >>= 8;
  } while (v !== 0 && v !== -1);
  // Keep the sign bit right: a positive number whose top bit is set needs a leading zero byte.
  if (value >= 0 && (bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  if (value < 0 && !((bytes[0] ?? 0) & 0x80)) bytes.unshift(0xff);
  return tlv(INTEGER, bytes);
}

function berOid(dotted: string): number[] {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const body = [a * 40 + b];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift((v & 0x7f) | 0x80);
    body.push(...base128);
  }
  return tlv(OID, body);
}

/**
 * An SNMP v2c GetRequest for `oid` (default sysDescr.0) with `community` and a 31-bit request id.
 * @example probeSnmp(0x1234) // 30 2a 02 01 01 04 06 'public' a0 1d …
 */
export function probeSnmp(requestId: number, community = 'public', oid: string = SYS_DESCR_0): Uint8Array {
  const varbind = tlv(SEQUENCE, [...berOid(oid), NULL, 0]);
  const pdu = tlv(GET_REQUEST, [
    ...berInteger(requestId & 0x7fffffff),
    ...berInteger(0),
    ...berInteger(0),
    ...tlv(SEQUENCE, varbind),
  ]);
  const message = tlv(SEQUENCE, [
    ...berInteger(1),
    ...tlv(OCTET_STRING, Array.from(new TextEncoder().encode(community))),
    ...pdu,
  ]);
  return Uint8Array.from(message);
}

/** One BER element: tag, start and end of its content. */
interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** The element at `pos`, within `limit`; null when its header or length runs past `limit`. */
function readTlv(bytes: Uint8Array, pos: number, limit: number): Tlv | null {
  const tag = bytes[pos];
  const first = bytes[pos + 1];
  if (tag === undefined || first === undefined || pos + 2 > limit) return null;
  let length = first;
  let start = pos + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // Indefinite (0) and lengths over 4 bytes are not valid in SNMP's definite-length BER.
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end > limit ? null : { tag, start, end };
}

/** An INTEGER (two's complement) or an unsigned application type (Counter32, Gauge32, TimeTicks), ≤ 5 bytes. */
function readInt(bytes: Uint8Array, t: Tlv): number | null {
  const n = t.end - t.start;
  if (n < 1 || n > 5) return null;
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + (bytes[i] ?? 0);
  const negative = t.tag === INTEGER && ((bytes[t.start] ?? 0) & 0x80) !== 0;
  return negative ? v - 2 ** (8 * n) : v;
}

function readOid(bytes: Uint8Array, t: Tlv): string | null {
  if (t.end - t.start < 1 || t.end - t.start > 128) return null;
  const first = bytes[t.start] ?? 0;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    const b = bytes[i] ?? 0;
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) return null;
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/**
 * Parse a reply to `probeSnmp(requestId, …)`: null unless it is a well-formed SNMP message holding a
 * Response-PDU with `requestId`. String values are decoded as latin1 and capped at 1,024 bytes.
 * @example parseSnmpReply(reply, 0x1234)?.value // 'Linux lab 6.1.0 #1 SMP x86_64'
 */
export function parseSnmpReply(bytes: Uint8Array, requestId: number): SnmpReply | null {
  if (bytes.length > MAX_REPLY) return null;
  const message = readTlv(bytes, 0, bytes.length);
  if (message?.tag !== SEQUENCE) return null;
  const versionTlv = readTlv(bytes, message.start, message.end);
  if (versionTlv?.tag !== INTEGER) return null;
  const version = readInt(bytes, versionTlv);
  const communityTlv = readTlv(bytes, versionTlv.end, message.end);
  if (version === null || communityTlv?.tag !== OCTET_STRING) return null;
  const pdu = readTlv(bytes, communityTlv.end, message.end);
  if (pdu?.tag !== RESPONSE) return null;
  const idTlv = readTlv(bytes, pdu.start, pdu.end);
  if (idTlv?.tag !== INTEGER || readInt(bytes, idTlv) !== (requestId & 0x7fffffff)) return null;
  const statusTlv = readTlv(bytes, idTlv.end, pdu.end);
  if (statusTlv?.tag !== INTEGER) return null;
  const errorStatus = readInt(bytes, statusTlv) ?? -1;
  const indexTlv = readTlv(bytes, statusTlv.end, pdu.end);
  const list = indexTlv && readTlv(bytes, indexTlv.end, pdu.end);
  let oid: string | null = null;
  let value: string | number | null = null;
  const bind = list?.tag === SEQUENCE ? readTlv(bytes, list.start, list.end) : null;
  if (bind?.tag === SEQUENCE) {
    const name = readTlv(bytes, bind.start, bind.end);
    if (name?.tag === OID) {
      oid = readOid(bytes, name);
      const v = readTlv(bytes, name.end, bind.end);
      if (v?.tag === OCTET_STRING) {
        value = Buffer.from(bytes.subarray(v.start, Math.min(v.end, v.start + MAX_VALUE))).toString('latin1');
      } else if (v && [INTEGER, COUNTER32, GAUGE32, TIMETICKS].includes(v.tag)) {
        value = readInt(bytes, v);
      }
    }
  }
  return {
    version,
    community: Buffer.from(
      bytes.subarray(communityTlv.start, Math.min(communityTlv.end, communityTlv.start + 255)),
    ).toString('latin1'),
    requestId: requestId & 0x7fffffff,
    errorStatus,
    oid,
    value,
  };
}
