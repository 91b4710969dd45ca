/**
 * NetBIOS over TCP/IP (RFC 1001/1002): a node status (NBSTAT) query for '*' and a parse of its reply (name service,
 * UDP 137), and the session service framing that carries SMB on TCP 139 (and, without the session request, on 445).
 */

/** One name of the node's name table. */
export interface NetbiosName {
  /** The 15-character name, trailing spaces removed. */
  readonly name: string;
  /** The 16th byte: 0x00 workstation, 0x20 file server, 0x1d master browser, … */
  readonly suffix: number;
  /** True for a group name (NB_FLAGS G bit). */
  readonly group: boolean;
}

/** What a node status reply tells. */
export interface NetbiosReply {
  readonly transactionId: number;
  readonly names: readonly NetbiosName[];
  /** The unit id (MAC address) in aa:bb:cc:dd:ee:ff form; Samba sends zeros. Null when the reply stops short. */
  readonly mac: string | null;
}

const TYPE_NBSTAT = 0x21;
const CLASS_IN = 1;
const MAX_REPLY = 65_507;
const MAX_NAMES = 64;

/** First-level encoding (RFC 1001 §14.1): each half-byte of the 16-byte name becomes 'A' + nibble. */
function encodeName(name: Uint8Array): number[] {
  const out: number[] = [32];
  for (const b of name) out.push(0x41 + (b >> 4), 0x41 + (b & 0x0f));
  out.push(0);
  return out;
}

/**
 * A node status request (opcode QUERY, type NBSTAT) for the wildcard name '*' (padded with NULs), which every
 * NetBIOS node answers with its whole name table.
 * @example probeNetbios(0x1234) // 50 bytes: 12 34 00 00 00 01 … 20 'CKAAAA…' 00 00 21 00 01
 */
export function probeNetbios(transactionId: number): Uint8Array {
  const wildcard = new Uint8Array(16);
  wildcard[0] = 0x2a;
  const name = encodeName(wildcard);
  const out = new Uint8Array(12 + name.length + 4);
  const view = new DataView(out.buffer);
  view.setUint16(0, transactionId & 0xffff);
  view.setUint16(4, 1); // QDCOUNT
  out.set(name, 12);
  view.setUint16(12 + name.length, TYPE_NBSTAT);
  view.setUint16(14 + name.length, CLASS_IN);
  return out;
}

/**
 * Parse a reply to `probeNetbios(transactionId)`: null unless it is a positive response (R bit set, RCODE 0)
 * with that id whose answer is an NBSTAT record. Names are latin1, at most 64.
 * @example parseNetbiosReply(reply, 0x1234)?.names[0] // { name: 'LAB', suffix: 0, group: false }
 */
export function parseNetbiosReply(bytes: Uint8Array, transactionId: number): NetbiosReply | null {
  if (bytes.length < 12 || bytes.length > MAX_REPLY) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  if (view.getUint16(0) !== (transactionId & 0xffff) || (flags & 0x8000) === 0 || (flags & 0x000f) !== 0) {
    return null;
  }
  if (view.getUint16(6) < 1) return null;
  // The answer's name is the question's: a 32-byte encoded label, or (rarely) a compression pointer.
  let pos = 12;
  const first = bytes[pos];
  if (first === undefined) return null;
  if ((first & 0xc0) === 0xc0) pos += 2;
  else {
    for (let labels = 0; ; labels++) {
      const len = bytes[pos];
      if (len === undefined || labels > 8 || (len & 0xc0) !== 0) return null;
      pos += 1 + len;
      if (len === 0) break;
    }
  }
  if (pos + 11 > bytes.length || view.getUint16(pos) !== TYPE_NBSTAT) return null;
  const rdlength = view.getUint16(pos + 8);
  const rdata = pos + 10;
  const end = Math.min(bytes.length, rdata + rdlength);
  const count = bytes[rdata] ?? 0;
  const names: NetbiosName[] = [];
  let p = rdata + 1;
  for (let i = 0; i < Math.min(count, MAX_NAMES) && p + 18 <= end; i++, p += 18) {
    const raw = Buffer.from(bytes.subarray(p, p + 15)).toString('latin1');
    names.push({
      name: raw.replace(/[\0 ]+$/, ''),
      suffix: bytes[p + 15] ?? 0,
      group: ((bytes[p + 16] ?? 0) & 0x80) !== 0,
    });
  }
  const mac =
    names.length === count && p + 6 <= end
      ? Array.from(bytes.subarray(p, p + 6), (b) => b.toString(16).padStart(2, '0')).join(':')
      : null;
  return { transactionId: transactionId & 0xffff, names, mac };
}

/** What the name table says about the node, by the conventional suffixes (MS-BRWS, [MS-WPO] NetBIOS suffixes). */
export interface NetbiosNodeSummary {
  /** The unique name with suffix 0x00 (workstation service), or 0x20 (file server) when only that is there. */
  readonly computer: string | null;
  /** The group name with suffix 0x00: the workgroup or NT domain. */
  readonly workgroup: string | null;
  /** Unique 0x03 (messenger) names other than the computer's: logged-on users on old Windows. */
  readonly users: readonly string[];
  /** 0x20 registered: the node serves files (SMB). */
  readonly fileServer: boolean;
  /** 0x1c group registered: a domain controller. */
  readonly domainController: boolean;
  /** 0x1b (domain master browser) or 0x1d (local master browser) registered. */
  readonly masterBrowser: boolean;
}

/**
 * Read the usual roles out of a node status name table.
 * @example summarizeNetbiosNames(reply.names).computer // 'PWLAB-SMB'
 */
export function summarizeNetbiosNames(names: readonly NetbiosName[]): NetbiosNodeSummary {
  const unique = (suffix: number): NetbiosName | undefined => names.find((n) => !n.group && n.suffix === suffix);
  const computer = (unique(0x00) ?? unique(0x20))?.name ?? null;
  const workgroup = names.find((n) => n.group && n.suffix === 0x00)?.name ?? null;
  const users = [
    ...new Set(names.filter((n) => !n.group && n.suffix === 0x03 && n.name !== computer).map((n) => n.name)),
  ];
  return {
    computer,
    workgroup,
    users,
    fileServer: unique(0x20) !== undefined,
    domainController: names.some((n) => n.group && n.suffix === 0x1c),
    masterBrowser: names.some((n) => n.suffix === 0x1b || n.suffix === 0x1d),
  };
}

/** RFC 1002 §4.3 session packet types. */
export const NBSS_MESSAGE = 0x00;
export const NBSS_REQUEST = 0x81;
export const NBSS_POSITIVE = 0x82;
export const NBSS_NEGATIVE = 0x83;
export const NBSS_RETARGET = 0x84;
export const NBSS_KEEPALIVE = 0x85;

/** One session service packet: its type and payload. */
export interface NbssPacket {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** A 16-byte NetBIOS name: up to 15 characters, upper-cased, space-padded, then the suffix byte. */
function netbiosName(name: string, suffix: number): Uint8Array {
  const out = new Uint8Array(16).fill(0x20);
  const text = Buffer.from(name.toUpperCase().slice(0, 15), 'latin1');
  out.set(text, 0);
  out[15] = suffix & 0xff;
  return out;
}

/**
 * Frame SMB (or any payload) as a session message: type 0, then a 17-bit length (RFC 1002 §4.3.1; SMB2 direct
 * TCP on 445 uses the same four bytes with a 24-bit length, which agrees for every message under 128 KiB).
 */
export function nbssMessage(payload: Uint8Array): Uint8Array {
  if (payload.length > 0x1ffff) throw new RangeError('a session message carries at most 131,071 bytes');
  const out = new Uint8Array(4 + payload.length);
  out[0] = NBSS_MESSAGE;
  out[1] = payload.length >> 16;
  out[2] = (payload.length >> 8) & 0xff;
  out[3] = payload.length & 0xff;
  out.set(payload, 4);
  return out;
}

/**
 * A session request (RFC 1002 §4.3.2) to `called` (suffix 0x20, the file server) from `calling` (suffix 0x00).
 * '*SMBSERVER' is the generic called name that Samba and Windows accept when the server's own name is unknown.
 * @example nbssSessionRequest('*SMBSERVER', 'PORTWARDEN') // 72 bytes: 81 00 00 44 20 'CKFDENECFDEFFCFGEFFCCACACACACACA' 00 20 …
 */
export function nbssSessionRequest(called: string, calling: string): Uint8Array {
  const body = [...encodeName(netbiosName(called, 0x20)), ...encodeName(netbiosName(calling, 0x00))];
  return Uint8Array.from([NBSS_REQUEST, 0, 0, body.length, ...body]);
}

/**
 * How many bytes make the next session packet in `buffered` (4 + length), -1 for "need more"; a Stream Framer.
 * Throws RangeError past `maxLength` (a hostile length), or on a type RFC 1002 does not define.
 */
export function nbssFramer(maxLength = 0x1ffff): (buffered: Uint8Array) => number {
  return (b) => {
    if (b.length < 4) return -1;
    const type = b[0] ?? 0;
    if (![NBSS_MESSAGE, NBSS_POSITIVE, NBSS_NEGATIVE, NBSS_RETARGET, NBSS_KEEPALIVE].includes(type)) {
      throw new RangeError(`not a NetBIOS session packet (type 0x${type.toString(16)})`);
    }
    // Type 0 may use the 24-bit length of SMB2 direct TCP; the others have a 17-bit length (E bit + 16).
    const length =
      type === NBSS_MESSAGE
        ? ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)
        : (((b[1] ?? 0) & 1) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0);
    if (length > maxLength) throw new RangeError(`a session packet of ${length} bytes is over the ${maxLength} cap`);
    return b.length >= 4 + length ? 4 + length : -1;
  };
}

/** Split one framed session packet. */
export function parseNbssPacket(framed: Uint8Array): NbssPacket {
  return { type: framed[0] ?? -1, payload: framed.subarray(4) };
}

/** RFC 1002 §4.3.4 negative session response codes, for messages. */
export function nbssNegativeReason(code: number): string {
  switch (code) {
    case 0x80:
      return 'not listening on called name';
    case 0x81:
      return 'not listening for calling name';
    case 0x82:
      return 'called name not present';
    case 0x83:
      return 'called name present, but insufficient resources';
    default:
      return 'unspecified error';
  }
}
