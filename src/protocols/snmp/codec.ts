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

// ---------------------------------------------------------------------------------------------------------------
// Several variables per request, SetRequest (RFC 3416 §4.2.5) and the SNMPv3 discovery exchange (RFC 3414 §4).

/** sysDescr, sysObjectID, sysUpTime, sysContact, sysName, sysLocation (.0 instances, RFC 3418). */
export const SYSTEM_OIDS = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

const SET_REQUEST = 0xa3;
const REPORT = 0xa8;
const IP_ADDRESS = 0x40;
const COUNTER64 = 0x46;
/** SNMPv2 exceptions in place of a value (RFC 3416 §3). */
const EXCEPTIONS: Readonly<Record<number, string>> = {
  0x80: 'noSuchObject',
  0x81: 'noSuchInstance',
  0x82: 'endOfMibView',
};
const MAX_BINDINGS = 32;

/** A variable to get (value null) or to set to an OCTET STRING. */
export interface SnmpBindingSpec {
  readonly oid: string;
  readonly value: Uint8Array | null;
}

/** One variable binding of a response. */
export interface SnmpBinding {
  readonly oid: string | null;
  /** The BER tag of the value: 0x04 string, 0x02 integer, 0x06 OID, 0x43 TimeTicks, 0x80–0x82 exceptions, … */
  readonly tag: number;
  /** Strings as latin1 (capped at 1,024 bytes), numbers, OIDs in dotted form, exception names; null otherwise. */
  readonly value: string | number | null;
  /** The string value was longer than the cap. */
  readonly truncated: boolean;
}

/** A Response-PDU with every variable binding (at most 32). */
export interface SnmpResponse {
  readonly version: number;
  readonly community: string;
  readonly requestId: number;
  readonly errorStatus: number;
  readonly errorIndex: number;
  readonly bindings: readonly SnmpBinding[];
}

/**
 * A v1 (version 0) or v2c (version 1) GetRequest or SetRequest for several variables.
 * @example encodeSnmpRequest({ version: 1, community: 'public', requestId: 7, set: false, bindings: [{ oid: SYSTEM_OIDS.sysName, value: null }] })
 */
export function encodeSnmpRequest(request: {
  readonly version: 0 | 1;
  readonly community: string;
  readonly requestId: number;
  readonly set: boolean;
  readonly bindings: readonly SnmpBindingSpec[];
}): Uint8Array {
  const list: number[] = [];
  for (const b of request.bindings) {
    const value = b.value === null ? [NULL, 0] : tlv(OCTET_STRING, Array.from(b.value));
    list.push(...tlv(SEQUENCE, [...berOid(b.oid), ...value]));
  }
  const pdu = tlv(request.set ? SET_REQUEST : GET_REQUEST, [
    ...berInteger(request.requestId & 0x7fffffff),
    ...berInteger(0),
    ...berInteger(0),
    ...tlv(SEQUENCE, list),
  ]);
  return Uint8Array.from(
    tlv(SEQUENCE, [
      ...berInteger(request.version),
      ...tlv(OCTET_STRING, Array.from(new TextEncoder().encode(request.community))),
      ...pdu,
    ]),
  );
}

function readBinding(bytes: Uint8Array, bind: Tlv): SnmpBinding {
  const name = readTlv(bytes, bind.start, bind.end);
  if (name?.tag !== OID) return { oid: null, tag: 0, value: null, truncated: false };
  const oid = readOid(bytes, name);
  const v = readTlv(bytes, name.end, bind.end);
  if (v === null) return { oid, tag: 0, value: null, truncated: false };
  let value: string | number | null = null;
  let truncated = false;
  if (v.tag === OCTET_STRING) {
    truncated = v.end - v.start > MAX_VALUE;
    value = Buffer.from(bytes.subarray(v.start, Math.min(v.end, v.start + MAX_VALUE))).toString('latin1');
  } else if ([INTEGER, COUNTER32, GAUGE32, TIMETICKS, COUNTER64].includes(v.tag)) {
    value = readInt(bytes, v);
  } else if (v.tag === OID) {
    value = readOid(bytes, v);
  } else if (v.tag === IP_ADDRESS && v.end - v.start === 4) {
    value = Array.from(bytes.subarray(v.start, v.end)).join('.');
  } else {
    value = EXCEPTIONS[v.tag] ?? null;
  }
  return { oid, tag: v.tag, value, truncated };
}

/**
 * Parse a Response-PDU to `requestId` with all its bindings; null unless the message is well formed.
 * @example parseSnmpResponse(reply, 7)?.bindings.map((b) => b.value) // ['Linux lab 6.1.0 …', 'lab-snmp']
 */
export function parseSnmpResponse(bytes: Uint8Array, requestId: number): SnmpResponse | null {
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
  const indexTlv = readTlv(bytes, statusTlv.end, pdu.end);
  if (indexTlv?.tag !== INTEGER) return null;
  const list = readTlv(bytes, indexTlv.end, pdu.end);
  if (list?.tag !== SEQUENCE) return null;
  const bindings: SnmpBinding[] = [];
  for (let pos = list.start; pos < list.end && bindings.length < MAX_BINDINGS;) {
    const bind = readTlv(bytes, pos, list.end);
    if (bind?.tag !== SEQUENCE) return null;
    bindings.push(readBinding(bytes, bind));
    pos = bind.end;
  }
  return {
    version,
    community: Buffer.from(
      bytes.subarray(communityTlv.start, Math.min(communityTlv.end, communityTlv.start + 255)),
    ).toString('latin1'),
    requestId: requestId & 0x7fffffff,
    errorStatus: readInt(bytes, statusTlv) ?? -1,
    errorIndex: readInt(bytes, indexTlv) ?? -1,
    bindings,
  };
}

/** RFC 3416 error-status names, for evidence. */
export function snmpErrorName(status: number): string {
  const names = [
    'noError',
    'tooBig',
    'noSuchName',
    'badValue',
    'readOnly',
    'genErr',
    'noAccess',
    'wrongType',
    'wrongLength',
    'wrongEncoding',
    'wrongValue',
    'noCreation',
    'inconsistentValue',
    'resourceUnavailable',
    'commitFailed',
    'undoFailed',
    'authorizationError',
    'notWritable',
    'inconsistentName',
  ];
  return names[status] ?? `error${status}`;
}

/**
 * An SNMPv3 discovery request (RFC 3414 §4): noAuthNoPriv, reportable, empty user and engine ID, an empty
 * GetRequest. An agent that speaks v3 answers with a Report carrying its snmpEngineID, boots and time.
 * @example encodeSnmpV3Discovery(0x4242, 0x4242) // 60 bytes: 30 3a 02 01 03 …
 */
export function encodeSnmpV3Discovery(msgId: number, requestId: number): Uint8Array {
  const header = tlv(SEQUENCE, [
    ...berInteger(msgId & 0x7fffffff),
    ...berInteger(65_507),
    ...tlv(OCTET_STRING, [0x04]), // reportable, noAuthNoPriv
    ...berInteger(3), // USM
  ]);
  const usm = tlv(SEQUENCE, [
    ...tlv(OCTET_STRING, []),
    ...berInteger(0),
    ...berInteger(0),
    ...tlv(OCTET_STRING, []),
    ...tlv(OCTET_STRING, []),
    ...tlv(OCTET_STRING, []),
  ]);
  const pdu = tlv(GET_REQUEST, [
    ...berInteger(requestId & 0x7fffffff),
    ...berInteger(0),
    ...berInteger(0),
    ...tlv(SEQUENCE, []),
  ]);
  const scoped = tlv(SEQUENCE, [...tlv(OCTET_STRING, []), ...tlv(OCTET_STRING, []), ...pdu]);
  return Uint8Array.from(tlv(SEQUENCE, [...berInteger(3), ...header, ...tlv(OCTET_STRING, usm), ...scoped]));
}

/** What an agent's answer to the v3 discovery tells. */
export interface SnmpV3Report {
  readonly msgId: number;
  /** snmpEngineID as lowercase hex (5–32 bytes by RFC 3411). */
  readonly engineId: string;
  readonly engineBoots: number;
  /** Seconds since the engine last booted. */
  readonly engineTime: number;
  /** The first variable of the Report, e.g. usmStatsUnknownEngineIDs.0 (1.3.6.1.6.3.15.1.1.4.0). */
  readonly reportOid: string | null;
}

/**
 * Parse the answer to `encodeSnmpV3Discovery(msgId, …)`: null unless it is a v3 message with `msgId` and USM
 * security parameters. The scoped PDU is read when it is in plaintext (a Report always is).
 */
export function parseSnmpV3Report(bytes: Uint8Array, msgId: number): SnmpV3Report | null {
  if (bytes.length > MAX_REPLY) return null;
  const message = readTlv(bytes, 0, bytes.length);
  if (message?.tag !== SEQUENCE) return null;
  const versionTlv = readTlv(bytes, message.start, message.end);
  if (versionTlv?.tag !== INTEGER || readInt(bytes, versionTlv) !== 3) return null;
  const header = readTlv(bytes, versionTlv.end, message.end);
  if (header?.tag !== SEQUENCE) return null;
  const idTlv = readTlv(bytes, header.start, header.end);
  if (idTlv?.tag !== INTEGER || readInt(bytes, idTlv) !== (msgId & 0x7fffffff)) return null;
  const secParams = readTlv(bytes, header.end, message.end);
  if (secParams?.tag !== OCTET_STRING) return null;
  const usm = readTlv(bytes, secParams.start, secParams.end);
  if (usm?.tag !== SEQUENCE) return null;
  const engine = readTlv(bytes, usm.start, usm.end);
  const boots = engine && readTlv(bytes, engine.end, usm.end);
  const time = boots && readTlv(bytes, boots.end, usm.end);
  if (engine?.tag !== OCTET_STRING || boots?.tag !== INTEGER || time?.tag !== INTEGER) return null;
  if (engine.end - engine.start > 64) return null;
  let reportOid: string | null = null;
  const scoped = readTlv(bytes, secParams.end, message.end);
  if (scoped?.tag === SEQUENCE) {
    const ctxEngine = readTlv(bytes, scoped.start, scoped.end);
    const ctxName = ctxEngine && readTlv(bytes, ctxEngine.end, scoped.end);
    const pdu = ctxName && readTlv(bytes, ctxName.end, scoped.end);
    if (pdu?.tag === REPORT) {
      const rid = readTlv(bytes, pdu.start, pdu.end);
      const status = rid && readTlv(bytes, rid.end, pdu.end);
      const index = status && readTlv(bytes, status.end, pdu.end);
      const list = index && readTlv(bytes, index.end, pdu.end);
      const bind = list?.tag === SEQUENCE ? readTlv(bytes, list.start, list.end) : null;
      if (bind?.tag === SEQUENCE) reportOid = readBinding(bytes, bind).oid;
    }
  }
  return {
    msgId: msgId & 0x7fffffff,
    engineId: Buffer.from(bytes.subarray(engine.start, engine.end)).toString('hex'),
    engineBoots: readInt(bytes, boots) ?? 0,
    engineTime: readInt(bytes, time) ?? 0,
    reportOid,
  };
}

/** What an snmpEngineID (RFC 3411 §5, SnmpEngineID) says about the agent. */
export interface EngineIdInfo {
  /** The IANA private enterprise number of the vendor (8072 Net-SNMP, 9 Cisco, 311 Microsoft, …). */
  readonly enterprise: number | null;
  /** 1 IPv4, 2 IPv6, 3 MAC, 4 text, 5 octets, ≥128 vendor-specific; null for the old RFC 1910 format. */
  readonly format: number | null;
  /** The address, MAC or text the ID carries for formats 1–4. */
  readonly detail: string | null;
}

/**
 * Decode an engine ID given as hex.
 * @example describeEngineId('80001f880302000000000a') // { enterprise: 8072, format: 3, detail: '02:00:00:00:00:0a' }
 */
export function describeEngineId(hex: string): EngineIdInfo {
  const b = Buffer.from(/^([0-9a-f]{2})*$/i.test(hex) ? hex : '', 'hex');
  if (b.length < 5) return { enterprise: null, format: null, detail: null };
  const first = b.readUInt32BE(0);
  const enterprise = (first & 0x7fffffff) >>> 0;
  // The high bit clear is the RFC 1910 layout: enterprise then 8 octets of anything.
  if ((first & 0x80000000) === 0) return { enterprise, format: null, detail: null };
  const format = b[4] ?? null;
  const rest = b.subarray(5);
  let detail: string | null = null;
  if (format === 1 && rest.length === 4) detail = Array.from(rest).join('.');
  else if (format === 2 && rest.length === 16) detail = (rest.toString('hex').match(/.{4}/g) ?? []).join(':');
  else if (format === 3 && rest.length === 6)
    detail = Array.from(rest, (x) => x.toString(16).padStart(2, '0')).join(':');
  else if (format === 4)
    detail = rest
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 27);
  return { enterprise, format, detail };
}
