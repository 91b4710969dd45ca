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
