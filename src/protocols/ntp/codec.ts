/** NTP (RFC 5905): a version 4 client-mode request and a parse of the server's reply. */

/** What an NTP server reply tells. */
export interface NtpReply {
  /** Leap indicator; 3 means the server's clock is not synchronised. */
  readonly leap: number;
  readonly version: number;
  /** 4 = server (the answer to mode 3); 5 = broadcast. */
  readonly mode: number;
  /** 0 = unspecified or kiss-o'-death, 1 = primary reference, 2–15 secondary, 16 unsynchronised. */
  readonly stratum: number;
  readonly poll: number;
  readonly precision: number;
  /**
   * Reference id: for stratum 0 (kiss code) and 1 the four ASCII characters ('GPS', 'RATE'); above that the
   * IPv4 address of the upstream server (or the first bytes of an IPv6 address's hash), in dotted form.
   */
  readonly refId: string;
  /** The server's transmit time, as milliseconds since the Unix epoch (era 0). */
  readonly transmitMs: number;
}

export const NTP_PACKET_LENGTH = 48;
/** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
const NTP_UNIX_OFFSET = 2_208_988_800;
/** An NTP reply with every extension field and MAC stays well below this. */
const MAX_REPLY = 1024;

/**
 * A 48-byte client request (LI 0, VN 4, mode 3) whose transmit timestamp is `nonce` (8 bytes): the server copies
 * it into its origin timestamp, which is how the reply is matched to this probe (RFC 5905 §8). Use random bytes.
 * @example probeNtp(randomBytes(8)) // 48 bytes starting 0x23
 */
export function probeNtp(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== 8) throw new RangeError('the NTP nonce is 8 bytes');
  const out = new Uint8Array(NTP_PACKET_LENGTH);
  out[0] = (0 << 6) | (4 << 3) | 3;
  out.set(nonce, 40);
  return out;
}

/**
 * Parse a reply to `probeNtp(nonce)`: null unless it is at least 48 bytes, in mode 4 (server) and its origin
 * timestamp echoes `nonce`.
 * @example parseNtpReply(reply, nonce)?.stratum // 2
 */
export function parseNtpReply(bytes: Uint8Array, nonce: Uint8Array): NtpReply | null {
  if (bytes.length < NTP_PACKET_LENGTH || bytes.length > MAX_REPLY || nonce.length !== 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  const mode = first & 0x07;
  if (mode !== 4) return null;
  for (let i = 0; i < 8; i++) if (bytes[24 + i] !== nonce[i]) return null;
  const stratum = view.getUint8(1);
  const ref = bytes.subarray(12, 16);
  const refId =
    stratum <= 1
      ? Buffer.from(ref)
          .toString('latin1')
          .replace(/[^\x20-\x7e]/g, '')
      : Array.from(ref).join('.');
  const seconds = view.getUint32(40);
  const fraction = view.getUint32(44);
  return {
    leap: first >> 6,
    version: (first >> 3) & 0x07,
    mode,
    stratum,
    poll: view.getInt8(2),
    precision: view.getInt8(3),
    refId,
    transmitMs: seconds === 0 ? 0 : (seconds - NTP_UNIX_OFFSET) * 1000 + Math.floor((fraction / 2 ** 32) * 1000),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mode 6: control messages (RFC 1305 appendix B; RFC 9327), what ntpq speaks.

/** Mode 6 opcode READVAR: read variables of an association (0 = the system). */
export const CTL_OP_READVAR = 2;

/**
 * A mode 6 READVAR request for the system variables (association 0), version 2 like ntpq so old and new servers
 * accept it. `sequence` matches the reply fragments to it.
 * @example probeNtpReadvar(0x4242) // 12 bytes: 16 02 42 42 00…
 */
export function probeNtpReadvar(sequence: number): Uint8Array {
  const out = new Uint8Array(12);
  out[0] = (0 << 6) | (2 << 3) | 6;
  out[1] = CTL_OP_READVAR;
  out[2] = (sequence >> 8) & 0xff;
  out[3] = sequence & 0xff;
  return out;
}

/** One mode 6 response fragment. */
export interface NtpControlFragment {
  readonly version: number;
  readonly opcode: number;
  readonly error: boolean;
  /** More fragments follow. */
  readonly more: boolean;
  readonly sequence: number;
  readonly status: number;
  readonly associationId: number;
  readonly offset: number;
  readonly data: Uint8Array;
}

/** Parse one mode 6 response fragment; null unless it is a response (R bit) of mode 6 with a sane count. */
export function parseNtpControl(bytes: Uint8Array): NtpControlFragment | null {
  if (bytes.length < 12 || bytes.length > 2048) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if ((first & 0x07) !== 6) return null;
  const flags = view.getUint8(1);
  if ((flags & 0x80) === 0) return null;
  const count = view.getUint16(10);
  if (12 + count > bytes.length) return null;
  return {
    version: (first >> 3) & 0x07,
    opcode: flags & 0x1f,
    error: (flags & 0x40) !== 0,
    more: (flags & 0x20) !== 0,
    sequence: view.getUint16(2),
    status: view.getUint16(4),
    associationId: view.getUint16(6),
    offset: view.getUint16(8),
    data: bytes.subarray(12, 12 + count),
  };
}

/**
 * Reassemble the fragments of one response (any order, duplicates ignored) into its data; null until every
 * fragment from offset 0 to the last (the one without the More bit) is there.
 */
export function assembleNtpControl(fragments: readonly NtpControlFragment[]): Uint8Array | null {
  const sorted = [...fragments].sort((a, b) => a.offset - b.offset);
  const parts: Uint8Array[] = [];
  let next = 0;
  for (const f of sorted) {
    if (f.offset < next) continue;
    if (f.offset > next) return null;
    parts.push(f.data);
    next = f.offset + f.data.length;
    if (!f.more) return Buffer.concat(parts);
  }
  return null;
}

/**
 * Parse a READVAR variable list: `name=value` pairs separated by commas, values possibly quoted (quotes may hold
 * commas). At most 200 variables; names are kept as sent; control characters are dropped.
 * @example parseNtpVariables('version="ntpd 4.2.8p15", stratum=2')['stratum'] // '2'
 */
export function parseNtpVariables(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*([^=,\s]+)(?:=("([^"]*)"?|[^,]*))?\s*(?:,|$)/gy;
  let count = 0;
  let m: RegExpExecArray | null;
  while (count < 200 && re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    const name = m[1] ?? '';
    // eslint-disable-next-line no-control-regex
    const value = (m[3] ?? m[2] ?? '').trim().replace(/[\x00-\x1f\x7f]/g, '');
    if (!Object.hasOwn(out, name)) out[name] = value;
    count += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mode 7: ntpd's private (ntpdc) requests. Gone from ntpsec and disabled by default since ntpd 4.2.7p26.

/** ntpd's implementation number for mode 7 (IMPL_XNTPD). */
export const IMPL_XNTPD = 3;
/** Mode 7 request code MON_GETLIST_1: the monitor ("monlist") list, the CVE-2013-5211 amplifier. */
export const REQ_MON_GETLIST_1 = 42;

/** Mode 7 error codes (ntp_request.h). */
export const MODE7_ERRORS: Readonly<Record<number, string>> = {
  0: 'OKAY',
  1: 'IMPL',
  2: 'REQ',
  3: 'FMT',
  4: 'NODATA',
  7: 'AUTH',
};

/**
 * A mode 7 MON_GETLIST_1 request as ntpdc sends it: 8-byte header (version 2, implementation XNTPD) and 40 zero
 * bytes of request data, 48 bytes in all.
 * @example probeNtpMonlist() // 17 00 03 2a 00 00 00 00 …
 */
export function probeNtpMonlist(): Uint8Array {
  const out = new Uint8Array(48);
  out[0] = (0 << 6) | (2 << 3) | 7;
  out[1] = 0;
  out[2] = IMPL_XNTPD;
  out[3] = REQ_MON_GETLIST_1;
  return out;
}

/** One entry of the monitor list: a client that talked to the server. */
export interface MonlistEntry {
  readonly address: string;
  readonly port: number;
  readonly count: number;
  readonly mode: number;
  readonly version: number;
  /** Seconds since the client was last seen. */
  readonly lastSeconds: number;
}

/** One mode 7 response datagram. */
export interface NtpPrivateReply {
  readonly more: boolean;
  readonly sequence: number;
  readonly implementation: number;
  readonly request: number;
  /** 0 = OK; see MODE7_ERRORS. */
  readonly error: number;
  readonly items: number;
  readonly itemSize: number;
  readonly entries: readonly MonlistEntry[];
}

/** Parse a mode 7 response; null unless it is a response (R bit) of mode 7 whose items fit the datagram. */
export function parseNtpPrivate(bytes: Uint8Array): NtpPrivateReply | null {
  if (bytes.length < 8 || bytes.length > 2048) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if ((first & 0x07) !== 7 || (first & 0x80) === 0) return null;
  const errItems = view.getUint16(4);
  const items = errItems & 0x0fff;
  const itemSize = view.getUint16(6) & 0x0fff;
  if (8 + items * itemSize > bytes.length) return null;
  const request = view.getUint8(3);
  const entries: MonlistEntry[] = [];
  // info_monitor_1 (72 bytes) and the older info_monitor (32) share their first 32 bytes.
  if ((request === REQ_MON_GETLIST_1 || request === 20) && itemSize >= 32) {
    for (let i = 0; i < items; i++) {
      const o = 8 + i * itemSize;
      const v6 = itemSize >= 72 && view.getUint32(o + 32) !== 0;
      entries.push({
        address: v6
          ? Array.from({ length: 8 }, (_, k) => view.getUint16(o + 40 + 2 * k).toString(16)).join(':')
          : Array.from(bytes.subarray(o + 16, o + 20)).join('.'),
        port: view.getUint16(o + 28),
        count: view.getUint32(o + 12),
        mode: view.getUint8(o + 30),
        version: view.getUint8(o + 31),
        lastSeconds: view.getUint32(o + 4),
      });
    }
  }
  return {
    more: (first & 0x40) !== 0,
    sequence: view.getUint8(1) & 0x7f,
    implementation: view.getUint8(2),
    request,
    error: errItems >> 12,
    items,
    itemSize,
    entries,
  };
}

/** Root delay or dispersion (NTP short format, 16.16 seconds) in milliseconds, from a full 48-byte packet. */
export function ntpShortMs(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Math.round((view.getUint32(offset) / 65_536) * 1000 * 1000) / 1000;
}
