/** POP3 (RFC 1939, CAPA RFC 2449, STLS RFC 2595): status lines, multi-line framing, the CAPA list, safe commands. */
import { NetworkError } from '../../core/errors.js';

/** A status line: `+OK text` or `-ERR text`. */
export interface Pop3Status {
  readonly ok: boolean;
  readonly text: string;
}

/** What CAPA (RFC 2449) tells, plus what the greeting tells. */
export interface Pop3Capabilities {
  /** Capability names in upper case, each with its arguments (e.g. SASL → ['PLAIN', 'LOGIN']). */
  readonly capabilities: ReadonlyMap<string, readonly string[]>;
  readonly stls: boolean;
  /** USER/PASS is offered (RFC 2449 §6.3: USER is listed when it is allowed on this connection). */
  readonly user: boolean;
  readonly saslMechanisms: readonly string[];
  /** IMPLEMENTATION's argument: the server software, when it tells. */
  readonly implementation: string | null;
}

const MAX_LINE = 4096;
const MAX_MULTILINE = 65_536;

/**
 * Framer for a status line; throws BAD_REPLY when the line outgrows 4 KiB (RFC 2449 allows 512 octets).
 * @example pop3LineFramer(Buffer.from('+OK ready\r\n')) // 11
 */
export function pop3LineFramer(buffered: Uint8Array): number {
  const nl = buffered.indexOf(0x0a);
  if (nl >= 0 && nl <= MAX_LINE) return nl + 1;
  if (nl > MAX_LINE || buffered.length > MAX_LINE) throw new NetworkError('BAD_REPLY', 'a POP3 line is too long');
  return -1;
}

/**
 * Framer for a multi-line response (RFC 1939 §3): a status line, then data lines up to a line holding one '.'.
 * A `-ERR` status has no data and ends at its line.
 * @example pop3MultilineFramer(Buffer.from('+OK\r\nUSER\r\n.\r\n')) // 14
 */
export function pop3MultilineFramer(buffered: Uint8Array): number {
  const first = pop3LineFramer(buffered);
  if (first < 0) return -1;
  if (buffered[0] !== 0x2b) return first;
  let start = first;
  for (;;) {
    const nl = buffered.indexOf(0x0a, start);
    if (nl < 0) {
      if (buffered.length > MAX_MULTILINE) throw new NetworkError('BAD_REPLY', 'a POP3 response is too long');
      return -1;
    }
    const line = Buffer.from(buffered.subarray(start, nl)).toString('latin1').replace(/\r$/, '');
    if (line === '.') return nl + 1;
    if (nl + 1 > MAX_MULTILINE) throw new NetworkError('BAD_REPLY', 'a POP3 response is too long');
    start = nl + 1;
  }
}

/**
 * Parse a status line; null when it is neither +OK nor -ERR.
 * @example parsePop3Status('+OK Dovecot (Debian) ready.\r\n') // { ok: true, text: 'Dovecot (Debian) ready.' }
 */
export function parsePop3Status(line: Uint8Array | string): Pop3Status | null {
  const text = (typeof line === 'string' ? line : Buffer.from(line).toString('latin1')).replace(/\r?\n$/, '');
  const m = /^(\+OK|-ERR)(?:[ \t](.*))?$/is.exec(text);
  if (m === null || text.includes('\n')) return null;
  return { ok: m[1]?.toUpperCase() === '+OK', text: m[2] ?? '' };
}

/**
 * Parse a whole CAPA response; null when it is not one (a -ERR: the server predates RFC 2449).
 * @example parseCapa('+OK\r\nSTLS\r\nSASL PLAIN\r\n.\r\n')?.stls // true
 */
export function parseCapa(response: Uint8Array | string): Pop3Capabilities | null {
  const text = typeof response === 'string' ? response : Buffer.from(response).toString('latin1');
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const status = parsePop3Status(lines[0] ?? '');
  if (status?.ok !== true) return null;
  const capabilities = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    if (line === '.') break;
    // Byte-stuffed lines (RFC 1939 §3) never begin a capability name; skip them rather than misread them.
    const [name, ...args] = line.trim().split(/\s+/);
    if (name === undefined || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name)) continue;
    const key = name.toUpperCase();
    capabilities.set(key, [...(capabilities.get(key) ?? []), ...args]);
  }
  const sasl = capabilities.get('SASL') ?? [];
  return {
    capabilities,
    stls: capabilities.has('STLS'),
    user: capabilities.has('USER'),
    saslMechanisms: [...new Set(sasl.map((m) => m.toUpperCase()))],
    implementation: capabilities.has('IMPLEMENTATION') ? (capabilities.get('IMPLEMENTATION') ?? []).join(' ') : null,
  };
}

/**
 * The APOP challenge of a greeting (RFC 1939 §7: `<process-ID.clock@hostname>`), or null when APOP is not offered.
 * @example apopChallenge('POP3 ready <1896.697170952@dbc.mtview.ca.us>') // '<1896.697170952@dbc.mtview.ca.us>'
 */
export function apopChallenge(greetingText: string): string | null {
  return /<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>/.exec(greetingText)?.[0] ?? null;
}

/**
 * One command line; refuses CR, LF and NUL so nothing can smuggle a second command.
 * @example pop3Command('USER', 'alice') // 'USER alice\r\n'
 */
export function pop3Command(verb: string, argument?: string): string {
  if (!/^[A-Z]{3,4}$/.test(verb)) throw new RangeError(`not a POP3 command: ${verb}`);
  if (argument === undefined) return `${verb}\r\n`;
  if (/[\r\n\0]/.test(argument) || argument.length > 250) throw new RangeError('bad POP3 command argument');
  return `${verb} ${argument}\r\n`;
}
