/**
 * memcached text protocol (github.com/memcached/memcached/blob/master/doc/protocol.txt): the version and stats
 * replies, and the 8-byte frame header that every UDP datagram carries.
 */

/** The UDP frame header: request id, sequence number, total datagrams, reserved (all big-endian uint16). */
export interface UdpFrame {
  readonly requestId: number;
  readonly sequence: number;
  readonly total: number;
  /** The text after the header. */
  readonly body: string;
}

/** A UDP request: frame header (sequence 0 of 1) then the command. */
export function encodeUdpRequest(requestId: number, commandLine: string): Uint8Array {
  const body = Buffer.from(commandLine, 'latin1');
  const out = Buffer.alloc(8 + body.length);
  out.writeUInt16BE(requestId & 0xffff, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(0, 6);
  body.copy(out, 8);
  return out;
}

/** Parse a UDP reply datagram; null when it is shorter than a header or its counters are impossible. */
export function parseUdpFrame(bytes: Uint8Array): UdpFrame | null {
  if (bytes.length < 8) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sequence = b.readUInt16BE(2);
  const total = b.readUInt16BE(4);
  if (total === 0 || sequence >= total || b.readUInt16BE(6) !== 0) return null;
  return { requestId: b.readUInt16BE(0), sequence, total, body: b.toString('latin1', 8) };
}

/** The version in `VERSION 1.6.18\r\n`, or null. */
export function parseVersion(text: string): string | null {
  return /^VERSION ([^\r\n]{1,64})\r?\n/.exec(text)?.[1]?.trim() ?? null;
}

/** A reply that means the server wants authentication (SASL, ascii auth file) or refused the command. */
export function isRefusal(text: string): boolean {
  return /^(?:CLIENT_ERROR|SERVER_ERROR|ERROR)\b/.test(text);
}

/** The `STAT name value` lines of a stats reply, up to END. */
export function parseStats(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === 'END') break;
    const m = /^STAT (\S+) (.*)$/.exec(line);
    if (m?.[1] !== undefined) out[m[1]] = m[2] ?? '';
  }
  return out;
}

/** Framer: one reply line (version, errors) or a stats block through `END\r\n`; -1 for more. */
export function replyLength(buffered: Uint8Array): number {
  const b = Buffer.from(buffered.buffer, buffered.byteOffset, buffered.byteLength);
  if (b.subarray(0, 5).toString('latin1') === 'STAT ') {
    const end = b.indexOf('\r\nEND\r\n');
    return end < 0 ? -1 : end + 7;
  }
  const eol = b.indexOf('\n');
  return eol < 0 ? -1 : eol + 1;
}
