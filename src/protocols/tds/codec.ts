/**
 * Microsoft SQL Server's TDS by hand ([MS-TDS]): packet framing, PRELOGIN (version and encryption option), a
 * LOGIN7 with an empty password, and the tokens that say whether a login succeeded (LOGINACK) or failed (ERROR).
 * No I/O here; parsers never throw on hostile bytes.
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-tds/
 */

export const PACKET = { PRELOGIN: 0x12, LOGIN7: 0x10, REPLY: 0x04 } as const;

/** Largest packet accepted from a server (the negotiated maximum is 32,767). */
export const MAX_PACKET = 32_768;

/** PRELOGIN ENCRYPTION values. */
export type Encryption = 'off' | 'on' | 'not-supported' | 'required' | 'unknown';
const ENCRYPTION: readonly Encryption[] = ['off', 'on', 'not-supported', 'required'];

/** A TDS packet: type, status EOM, length, SPID 0, packet id 1, window 0. */
export function encodePacket(type: number, payload: Uint8Array): Uint8Array {
  const head = Buffer.from([type, 0x01, 0, 0, 0, 0, 1, 0]);
  head.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([head, payload]);
}

/** Framer for one packet (8-byte header with a big-endian length); throws RangeError on an impossible length. */
export function packetLength(b: Uint8Array): number {
  if (b.length < 8) return -1;
  const len = ((b[2] ?? 0) << 8) | (b[3] ?? 0);
  if (len < 8 || len > MAX_PACKET) throw new RangeError(`a TDS packet of length ${len}`);
  return b.length >= len ? len : -1;
}

/** One packet's type, whether it ends the message, and payload; null when shorter than its header says. */
export function parsePacket(b: Uint8Array): { type: number; last: boolean; payload: Uint8Array } | null {
  if (b.length < 8) return null;
  const len = ((b[2] ?? 0) << 8) | (b[3] ?? 0);
  if (len < 8 || b.length < len) return null;
  return { type: b[0] ?? 0, last: ((b[1] ?? 0) & 0x01) !== 0, payload: b.subarray(8, len) };
}

/**
 * PRELOGIN with VERSION, ENCRYPTION (`encryption`), INSTOPT (empty), THREADID and MARS, as SQL Server clients send it.
 * @example encodePrelogin('not-supported')
 */
export function encodePrelogin(encryption: Exclude<Encryption, 'unknown'> = 'off'): Uint8Array {
  const options: [number, Uint8Array][] = [
    [0x00, Uint8Array.of(0, 0, 0, 0, 0, 0)],
    [0x01, Uint8Array.of(ENCRYPTION.indexOf(encryption))],
    [0x02, Uint8Array.of(0)],
    [0x03, Uint8Array.of(0, 0, 0, 0)],
    [0x04, Uint8Array.of(0)],
  ];
  const tableLength = options.length * 5 + 1;
  const table = Buffer.alloc(tableLength);
  const data: Uint8Array[] = [];
  let offset = tableLength;
  options.forEach(([token, value], i) => {
    table[i * 5] = token;
    table.writeUInt16BE(offset, i * 5 + 1);
    table.writeUInt16BE(value.length, i * 5 + 3);
    data.push(value);
    offset += value.length;
  });
  table[tableLength - 1] = 0xff;
  return encodePacket(PACKET.PRELOGIN, Buffer.concat([table, ...data]));
}

export interface Prelogin {
  /** major.minor.build, e.g. 16.0.1000 */
  readonly version: string | null;
  readonly subbuild: number | null;
  readonly encryption: Encryption;
  readonly instance: string | null;
  readonly mars: boolean | null;
}

/** The server's PRELOGIN answer (payload of a type-4 packet); null when the option table is malformed. */
export function parsePrelogin(p: Uint8Array): Prelogin | null {
  const b = Buffer.from(p.buffer, p.byteOffset, p.length);
  const found = new Map<number, Buffer>();
  let at = 0;
  for (;;) {
    if (at >= b.length) return null;
    const token = b[at] ?? 0xff;
    if (token === 0xff) break;
    if (at + 5 > b.length || found.size > 16) return null;
    const offset = b.readUInt16BE(at + 1);
    const length = b.readUInt16BE(at + 3);
    if (offset + length > b.length) return null;
    found.set(token, b.subarray(offset, offset + length));
    at += 5;
  }
  const v = found.get(0x00);
  const e = found.get(0x01);
  if (v === undefined || v.length < 6 || e === undefined || e.length < 1) return null;
  const inst = found.get(0x02);
  const mars = found.get(0x04);
  const instance = inst === undefined ? '' : inst.toString('latin1').replace(/\0.*$/s, '');
  return {
    version: `${v[0] ?? 0}.${v[1] ?? 0}.${v.readUInt16BE(2)}`,
    subbuild: v.readUInt16BE(4),
    encryption: ENCRYPTION[e[0] ?? 0xff] ?? 'unknown',
    instance: instance === '' ? null : instance.slice(0, 100),
    mars: mars === undefined || mars.length < 1 ? null : mars[0] === 1,
  };
}

/** The SQL Server release a major.minor version belongs to (Microsoft's build lists). */
export function releaseName(version: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (m === null) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const names: Readonly<Record<number, string>> = {
    8: '2000',
    9: '2005',
    11: '2012',
    12: '2014',
    13: '2016',
    14: '2017',
    15: '2019',
    16: '2022',
    17: '2025',
  };
  if (major === 10) return minor >= 50 ? 'SQL Server 2008 R2' : 'SQL Server 2008';
  const name = names[major];
  return name === undefined ? null : `SQL Server ${name}`;
}

const ucs2 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/**
 * LOGIN7 for `user` with an empty password (TDS 7.4), client name "portwarden". The 94-byte fixed part is
 * followed by the variable strings its offset/length pairs point at (lengths in characters).
 */
export function encodeLogin7(user: string, server: string): Uint8Array {
  const strings: [string, Buffer][] = [
    ['host', ucs2('portwarden')],
    ['user', ucs2(user)],
    ['password', Buffer.alloc(0)],
    ['app', ucs2('portwarden')],
    ['server', ucs2(server)],
    ['extension', Buffer.alloc(0)],
    ['library', ucs2('portwarden')],
    ['language', Buffer.alloc(0)],
    ['database', Buffer.alloc(0)],
  ];
  const fixed = Buffer.alloc(94);
  fixed.writeUInt32LE(0x74000004, 4); // TDS 7.4
  fixed.writeUInt32LE(4096, 8); // packet size
  fixed.writeUInt32LE(0x07000000, 12); // client program version
  fixed.writeUInt32LE(process.pid & 0xffff, 16);
  fixed[24] = 0xe0; // OptionFlags1: USE_DB_ON, INIT_DB_FATAL, SET_LANG_ON
  fixed[25] = 0x03; // OptionFlags2: INIT_LANG_FATAL, ODBC_ON
  fixed.writeUInt32LE(0x0409, 32); // LCID en-US
  let offset = 94;
  const data: Buffer[] = [];
  strings.forEach(([, value], i) => {
    fixed.writeUInt16LE(value.length === 0 ? 0 : offset, 36 + i * 4);
    fixed.writeUInt16LE(value.length / 2, 38 + i * 4);
    data.push(value);
    offset += value.length;
  });
  // ClientID (6 bytes at 72) stays zero; SSPI, AtchDBFile and ChangePassword point at the end with length 0.
  for (const at of [78, 82, 86]) fixed.writeUInt16LE(offset, at);
  const payload = Buffer.concat([fixed, ...data]);
  payload.writeUInt32LE(payload.length, 0);
  return encodePacket(PACKET.LOGIN7, payload);
}

export type LoginToken =
  | { readonly token: 'loginack'; readonly program: string; readonly version: string }
  | { readonly token: 'error' | 'info'; readonly number: number; readonly state: number; readonly message: string }
  | { readonly token: 'envchange' | 'done' };

/** The tokens of a login reply, stopping at the first token it does not know. */
export function parseTokens(p: Uint8Array): LoginToken[] {
  const b = Buffer.from(p.buffer, p.byteOffset, p.length);
  const out: LoginToken[] = [];
  let at = 0;
  while (at < b.length && out.length < 64) {
    const t = b[at] ?? 0;
    if (t === 0xfd || t === 0xfe || t === 0xff) {
      out.push({ token: 'done' });
      at += 13;
      continue;
    }
    if (at + 3 > b.length) break;
    const len = b.readUInt16LE(at + 1);
    const body = b.subarray(at + 3, at + 3 + len);
    if (body.length < len) break;
    at += 3 + len;
    if (t === 0xaa || t === 0xab) {
      if (body.length < 8) break;
      const chars = body.readUInt16LE(6);
      const message = body
        .subarray(8, 8 + chars * 2)
        .toString('utf16le')
        .slice(0, 500);
      out.push({ token: t === 0xaa ? 'error' : 'info', number: body.readUInt32LE(0), state: body[4] ?? 0, message });
    } else if (t === 0xad) {
      if (body.length < 6) break;
      const nameChars = body[5] ?? 0;
      const program = body
        .subarray(6, 6 + nameChars * 2)
        .toString('utf16le')
        .replace(/\0+$/, '');
      const v = body.subarray(6 + nameChars * 2, 10 + nameChars * 2);
      const version = v.length === 4 ? `${v[0] ?? 0}.${v[1] ?? 0}.${((v[2] ?? 0) << 8) | (v[3] ?? 0)}` : '';
      out.push({ token: 'loginack', program: program.slice(0, 100), version });
    } else if (t === 0xe3) {
      out.push({ token: 'envchange' });
    } else {
      break;
    }
  }
  return out;
}
