/**
 * PostgreSQL frontend/backend protocol 3.0 by hand: SSLRequest, StartupMessage, Terminate, and the backend
 * messages of the start-up phase (Authentication*, ErrorResponse, ParameterStatus, ReadyForQuery). No I/O here;
 * parsers never throw on hostile bytes. https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

/** SSLRequest: length 8 and the code 80877103 (1234 << 16 | 5679). */
export const SSL_REQUEST: Uint8Array = Uint8Array.of(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f);

/** Terminate ('X'). */
export const TERMINATE: Uint8Array = Uint8Array.of(0x58, 0, 0, 0, 4);

/** Largest backend message accepted during start-up (errors and parameters are small). */
export const MAX_MESSAGE = 64 * 1024;

/**
 * A StartupMessage for protocol `major.minor` with the given parameters.
 * @example encodeStartup({ user: 'postgres', database: 'postgres' })
 */
export function encodeStartup(params: Readonly<Record<string, string>>, major = 3, minor = 0): Uint8Array {
  const body = Buffer.concat([
    ...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.writeUInt16BE(major, 4);
  head.writeUInt16BE(minor, 6);
  return Buffer.concat([head, body]);
}

/**
 * Framer for one backend message (type byte, 4-byte length including itself); -1 until complete.
 * Throws RangeError when the length is impossible or beyond `MAX_MESSAGE`.
 */
export function messageLength(b: Uint8Array): number {
  if (b.length < 5) return -1;
  const len = Buffer.from(b.buffer, b.byteOffset, b.length).readUInt32BE(1);
  if (len < 4 || len > MAX_MESSAGE) throw new RangeError(`a PostgreSQL message of length ${len}`);
  return b.length >= 1 + len ? 1 + len : -1;
}

export interface ErrorFields {
  /** S (localised) or V severity. */
  readonly severity: string | null;
  /** SQLSTATE, e.g. 28000 invalid authorization, 28P01 wrong password, 0A000 unsupported protocol. */
  readonly code: string | null;
  readonly message: string;
}

/** The authentication a server asks for (AuthenticationRequest codes). */
export type AuthRequest =
  | 'ok'
  | 'kerberos-v5'
  | 'cleartext'
  | 'md5'
  | 'scm-credentials'
  | 'gss'
  | 'gss-continue'
  | 'sspi'
  | 'sasl'
  | 'sasl-continue'
  | 'sasl-final';

const AUTH_CODES: Readonly<Record<number, AuthRequest>> = {
  0: 'ok',
  2: 'kerberos-v5',
  3: 'cleartext',
  5: 'md5',
  6: 'scm-credentials',
  7: 'gss',
  8: 'gss-continue',
  9: 'sspi',
  10: 'sasl',
  11: 'sasl-continue',
  12: 'sasl-final',
};

export type BackendMessage =
  | { readonly type: 'auth'; readonly method: AuthRequest; readonly mechanisms: readonly string[] }
  | { readonly type: 'error' | 'notice'; readonly fields: ErrorFields }
  | { readonly type: 'parameter'; readonly name: string; readonly value: string }
  | { readonly type: 'ready'; readonly status: string }
  | { readonly type: 'negotiate-version'; readonly minor: number; readonly unsupported: readonly string[] }
  | { readonly type: 'other'; readonly tag: string };

function cstrings(b: Buffer, from: number): string[] {
  const out: string[] = [];
  let at = from;
  while (at < b.length) {
    const end = b.indexOf(0, at);
    if (end < 0) {
      out.push(b.subarray(at).toString('utf8'));
      break;
    }
    out.push(b.subarray(at, end).toString('utf8'));
    at = end + 1;
  }
  return out;
}

/** ErrorResponse/NoticeResponse fields (a type byte then a string, ended by a zero byte). */
export function parseErrorFields(body: Uint8Array): ErrorFields {
  const b = Buffer.from(body.buffer, body.byteOffset, body.length);
  const fields = new Map<string, string>();
  let at = 0;
  while (at < b.length && b[at] !== 0) {
    const key = String.fromCharCode(b[at] ?? 0);
    const end = b.indexOf(0, at + 1);
    const stop = end < 0 ? b.length : end;
    if (!fields.has(key))
      fields.set(
        key,
        b
          .subarray(at + 1, stop)
          .toString('utf8')
          .slice(0, 500),
      );
    at = stop + 1;
  }
  return {
    severity: fields.get('V') ?? fields.get('S') ?? null,
    code: fields.get('C') ?? null,
    message: fields.get('M') ?? '',
  };
}

/** One framed backend message; null when it is not a start-up-phase PostgreSQL message. */
export function parseMessage(m: Uint8Array): BackendMessage | null {
  if (m.length < 5) return null;
  const b = Buffer.from(m.buffer, m.byteOffset, m.length);
  const tag = String.fromCharCode(b[0] ?? 0);
  const len = b.readUInt32BE(1);
  if (len < 4 || b.length < 1 + len) return null;
  const body = b.subarray(5, 1 + len);
  switch (tag) {
    case 'R': {
      if (body.length < 4) return null;
      const method = AUTH_CODES[body.readUInt32BE(0)];
      if (method === undefined) return null;
      const mechanisms = method === 'sasl' ? cstrings(body, 4).filter((x) => x !== '') : [];
      return { type: 'auth', method, mechanisms };
    }
    case 'E':
    case 'N':
      return { type: tag === 'E' ? 'error' : 'notice', fields: parseErrorFields(body) };
    case 'S': {
      const [name = '', value = ''] = cstrings(body, 0);
      return { type: 'parameter', name: name.slice(0, 100), value: value.slice(0, 500) };
    }
    case 'Z':
      return { type: 'ready', status: String.fromCharCode(body[0] ?? 0) };
    case 'v': {
      if (body.length < 8) return null;
      return {
        type: 'negotiate-version',
        minor: body.readUInt32BE(0),
        unsupported: cstrings(body, 8).filter((x) => x !== ''),
      };
    }
    case 'K':
      return { type: 'other', tag };
    default:
      return null;
  }
}

/**
 * The "server supports a.b to c.d" range of an "unsupported frontend protocol" error (PostgreSQL 7.4 and later
 * word it this way), or null.
 */
export function supportedProtocols(message: string): string | null {
  const m = /server supports (\d+\.\d+) to (\d+\.\d+)/.exec(message);
  return m === null ? null : `${m[1] ?? ''}-${m[2] ?? ''}`;
}
