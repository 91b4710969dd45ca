/**
 * MySQL/MariaDB client/server protocol by hand: packet framing, the server's Handshake v10 greeting (or the error
 * packet it sends instead, e.g. "Host … is not allowed to connect"), the HandshakeResponse41 of a login with an
 * empty password and the server's verdict. No I/O here; parsers never throw on hostile bytes.
 * https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
 */

/** Capability flags used here (CLIENT_*). */
export const CAP = {
  LONG_PASSWORD: 0x1,
  FOUND_ROWS: 0x2,
  LONG_FLAG: 0x4,
  CONNECT_WITH_DB: 0x8,
  PROTOCOL_41: 0x200,
  SSL: 0x800,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  PLUGIN_AUTH: 0x80000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x200000,
} as const;

/** Largest packet accepted from a server before the login (greetings are ~100 bytes). */
export const MAX_PACKET = 64 * 1024;

/**
 * Framer for one packet (3-byte little-endian length, sequence id, payload); -1 until complete.
 * Throws RangeError for a length beyond `MAX_PACKET`.
 */
export function packetLength(b: Uint8Array): number {
  if (b.length < 4) return -1;
  const len = (b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16);
  if (len > MAX_PACKET) throw new RangeError(`a MySQL packet of ${len} bytes`);
  return b.length >= 4 + len ? 4 + len : -1;
}

/** One packet's sequence id and payload; null when shorter than its header says. */
export function parsePacket(b: Uint8Array): { seq: number; payload: Uint8Array } | null {
  if (b.length < 4) return null;
  const len = (b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16);
  if (b.length < 4 + len) return null;
  return { seq: b[3] ?? 0, payload: b.subarray(4, 4 + len) };
}

/** A packet with header for `payload` and sequence id `seq`. */
export function encodePacket(seq: number, payload: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + payload.length);
  out.writeUIntLE(payload.length, 0, 3);
  out[3] = seq & 0xff;
  out.set(payload, 4);
  return out;
}

function cstring(b: Uint8Array, at: number): { value: string; next: number } | null {
  const end = b.indexOf(0, at);
  if (end < 0) return null;
  return { value: Buffer.from(b.subarray(at, end)).toString('latin1'), next: end + 1 };
}

export interface Greeting {
  readonly protocol: number;
  readonly serverVersion: string;
  readonly connectionId: number | null;
  /** Lower and upper capability words joined (0 when the greeting stops early). */
  readonly capabilities: number;
  readonly charset: number | null;
  /** The auth plugin the server proposes (mysql_native_password, caching_sha2_password, …), null if not said. */
  readonly authPlugin: string | null;
  /** The 20-byte nonce (parts 1 and 2), for completeness; never used with an empty password. */
  readonly scramble: Uint8Array;
  readonly tls: boolean;
  /** MariaDB or MySQL, from the version string ("5.5.5-10.11.6-MariaDB" is MariaDB's replication-safe prefix). */
  readonly product: 'MariaDB' | 'MySQL';
  /** The version without MariaDB's "5.5.5-" prefix and without the distribution suffix. */
  readonly version: string | null;
}

export interface ServerError {
  readonly code: number;
  readonly sqlState: string | null;
  readonly message: string;
}

/** An ERR packet's payload (first byte 0xff); null when it is not one. */
export function parseError(p: Uint8Array): ServerError | null {
  if (p.length < 3 || p[0] !== 0xff) return null;
  const code = (p[1] ?? 0) | ((p[2] ?? 0) << 8);
  let at = 3;
  let sqlState: string | null = null;
  if (p[at] === 0x23 && p.length >= at + 6) {
    sqlState = Buffer.from(p.subarray(at + 1, at + 6)).toString('latin1');
    at += 6;
  }
  return { code, sqlState, message: Buffer.from(p.subarray(at, at + 512)).toString('utf8') };
}

/** Product and clean version from a server version string. */
export function splitVersion(raw: string): { product: 'MariaDB' | 'MySQL'; version: string | null } {
  const product = /mariadb/i.test(raw) ? 'MariaDB' : 'MySQL';
  const stripped = product === 'MariaDB' ? raw.replace(/^5\.5\.5-/, '') : raw;
  const m = /^(\d+\.\d+(?:\.\d+)?)/.exec(stripped);
  return { product, version: m?.[1] ?? null };
}

/**
 * The first packet's payload as a greeting (protocol 10, or 9 from very old servers); null when it is neither a
 * greeting nor a MySQL error (an ERR greeting is returned by `parseError`).
 */
export function parseGreeting(p: Uint8Array): Greeting | null {
  const protocol = p[0];
  if (protocol !== 10 && protocol !== 9) return null;
  const ver = cstring(p, 1);
  if (ver === null || ver.value.length === 0 || ver.value.length > 128 || !/^\d/.test(ver.value)) return null;
  const { product, version } = splitVersion(ver.value);
  const base = { protocol, serverVersion: ver.value, product, version };
  const b = Buffer.from(p);
  let at = ver.next;
  if (protocol === 9 || b.length < at + 4 + 8 + 1 + 2) {
    const connectionId = b.length >= at + 4 ? b.readUInt32LE(at) : null;
    return {
      ...base,
      connectionId,
      capabilities: 0,
      charset: null,
      authPlugin: null,
      scramble: new Uint8Array(),
      tls: false,
    };
  }
  const connectionId = b.readUInt32LE(at);
  at += 4;
  const part1 = b.subarray(at, at + 8);
  at += 9; // 8 bytes of nonce and a filler
  let capabilities = b.readUInt16LE(at);
  at += 2;
  let charset: number | null = null;
  let authPlugin: string | null = null;
  let part2: Uint8Array = new Uint8Array();
  if (b.length >= at + 16) {
    charset = b[at] ?? null;
    capabilities |= b.readUInt16LE(at + 3) << 16;
    capabilities >>>= 0;
    const dataLen = b[at + 5] ?? 0;
    at += 16; // charset, status (2), upper capabilities (2), auth data length, 10 reserved
    if (capabilities & CAP.SECURE_CONNECTION) {
      const n = Math.max(13, dataLen - 8);
      part2 = b.subarray(at, Math.min(b.length, at + n));
      at += n;
    }
    if (capabilities & CAP.PLUGIN_AUTH && at < b.length) {
      // Some servers omit the final NUL (a MySQL 5.5 bug): take the rest.
      const name = cstring(b, at);
      authPlugin = name?.value ?? b.subarray(at).toString('latin1');
    }
  }
  // The nonce part 2 ends in a NUL that is not part of the nonce.
  const p2 = part2.length > 0 && part2[part2.length - 1] === 0 ? part2.subarray(0, part2.length - 1) : part2;
  return {
    ...base,
    connectionId,
    capabilities,
    charset,
    authPlugin: authPlugin === '' ? null : authPlugin,
    scramble: Buffer.concat([part1, p2]),
    tls: (capabilities & CAP.SSL) !== 0,
  };
}

/**
 * HandshakeResponse41 logging in as `user` with an empty password: the auth response is empty for every plugin
 * (mysql_native_password and caching_sha2_password both send nothing for an empty password).
 */
export function encodeEmptyPasswordLogin(user: string, greeting: Greeting): Uint8Array {
  const wanted =
    CAP.LONG_PASSWORD |
    CAP.LONG_FLAG |
    CAP.PROTOCOL_41 |
    CAP.TRANSACTIONS |
    CAP.SECURE_CONNECTION |
    CAP.PLUGIN_AUTH |
    CAP.PLUGIN_AUTH_LENENC_CLIENT_DATA;
  const caps = (wanted & greeting.capabilities) | CAP.PROTOCOL_41;
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps >>> 0, 0);
  head.writeUInt32LE(1 << 24, 4); // max packet size: 16 MiB
  head[8] = greeting.charset ?? 0x21; // utf8_general_ci
  const parts: Uint8Array[] = [head, Buffer.from(`${user}\0`, 'utf8')];
  // An empty auth response is one zero byte in all three encodings (length-encoded, 1-byte length, NUL-terminated).
  parts.push(Uint8Array.of(0));
  if (caps & CAP.PLUGIN_AUTH) parts.push(Buffer.from(`${greeting.authPlugin ?? 'mysql_native_password'}\0`, 'latin1'));
  return Buffer.concat(parts);
}

/** What a server said to a login attempt. */
export type LoginReply =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error'; readonly error: ServerError }
  /** AuthSwitchRequest: the server wants another plugin's response. */
  | { readonly kind: 'switch'; readonly plugin: string }
  /** AuthMoreData: caching_sha2_password's 0x03 (fast auth succeeded, OK follows) or 0x04 (full auth needed). */
  | { readonly kind: 'more'; readonly data: Uint8Array }
  | { readonly kind: 'unknown'; readonly first: number };

/** Classify a reply packet of the authentication phase. */
export function parseLoginReply(p: Uint8Array): LoginReply {
  const first = p[0] ?? -1;
  if (first === 0x00 && p.length >= 7) return { kind: 'ok' };
  if (first === 0xff) {
    const error = parseError(p);
    if (error !== null) return { kind: 'error', error };
  }
  if (first === 0xfe) {
    const name = cstring(p, 1);
    return { kind: 'switch', plugin: name?.value ?? Buffer.from(p.subarray(1)).toString('latin1') };
  }
  if (first === 0x01) return { kind: 'more', data: p.subarray(1) };
  return { kind: 'unknown', first };
}

/** COM_QUIT, to leave politely. */
export const COM_QUIT: Uint8Array = Uint8Array.of(0x01);
