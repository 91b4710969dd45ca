/** IMAP (RFC 3501 IMAP4rev1, RFC 9051 IMAP4rev2): response framing with literals, greeting, CAPABILITY, tagged status. */
import { NetworkError } from '../../core/errors.js';

/** The server greeting (RFC 3501 §7.1): OK (log in next), PREAUTH (already logged in), BYE (refused). */
export interface ImapGreeting {
  readonly status: 'ok' | 'preauth' | 'bye';
  /** Capabilities from a `[CAPABILITY …]` response code, upper case; null when the greeting has none. */
  readonly capabilities: readonly string[] | null;
  readonly text: string;
}

/** A tagged completion: `a1 OK …`, `a1 NO …`, `a1 BAD …`. */
export interface ImapTagged {
  readonly tag: string;
  readonly status: 'ok' | 'no' | 'bad';
  readonly text: string;
}

/** What a capability list means for a client deciding how to log in. */
export interface ImapCapabilitySummary {
  readonly starttls: boolean;
  /** LOGINDISABLED (RFC 3501 §6.2.3): the LOGIN command is refused on this connection. */
  readonly loginDisabled: boolean;
  /** SASL mechanisms from AUTH=… in upper case. */
  readonly authMechanisms: readonly string[];
  /** 'IMAP4rev2', 'IMAP4rev1' (both when both), from the list. */
  readonly revisions: readonly string[];
}

const MAX_LINE = 8192;
const MAX_RESPONSE = 65_536;

/**
 * Framer for one response: a line, extended by every literal `{n}` (RFC 3501 §4.3) that ends one of its lines.
 * Throws BAD_REPLY beyond 8 KiB per line or 64 KiB per response, whatever a literal announces.
 * @example imapResponseFramer(Buffer.from('* 1 FETCH (BODY {3}\r\nabc)\r\n')) // 28
 */
export function imapResponseFramer(buffered: Uint8Array): number {
  let start = 0;
  for (;;) {
    const nl = buffered.indexOf(0x0a, start);
    if (nl < 0) {
      if (buffered.length - start > MAX_LINE) throw new NetworkError('BAD_REPLY', 'an IMAP line is too long');
      return -1;
    }
    if (nl - start > MAX_LINE) throw new NetworkError('BAD_REPLY', 'an IMAP line is too long');
    const line = Buffer.from(buffered.subarray(start, nl)).toString('latin1');
    const literal = /\{(\d{1,9})\+?\}\r?$/.exec(line);
    if (literal === null) return nl + 1;
    const next = nl + 1 + Number(literal[1]);
    if (next > MAX_RESPONSE) throw new NetworkError('BAD_REPLY', 'an IMAP response is too long');
    if (buffered.length < next) return -1;
    start = next;
  }
}

/** Split `[CODE args] text` into the upper-cased words of the code and the text after it. */
function responseCode(text: string): { code: string[] | null; rest: string } {
  const m = /^\[([^\]]*)\]\s*(.*)$/s.exec(text);
  if (m === null) return { code: null, rest: text };
  return {
    code: (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => w.toUpperCase()),
    rest: m[2] ?? '',
  };
}

function lineText(line: Uint8Array | string): string {
  return (typeof line === 'string' ? line : Buffer.from(line).toString('latin1')).replace(/\r?\n$/, '');
}

/**
 * Parse the greeting; null when the line is not an IMAP greeting.
 * @example parseImapGreeting('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n')?.capabilities // ['IMAP4REV1', 'STARTTLS']
 */
export function parseImapGreeting(line: Uint8Array | string): ImapGreeting | null {
  const text = lineText(line);
  const m = /^\* (OK|PREAUTH|BYE)(?: (.*))?$/is.exec(text);
  if (m === null || text.includes('\n')) return null;
  const { code, rest } = responseCode(m[2] ?? '');
  const capabilities = code?.[0] === 'CAPABILITY' ? code.slice(1) : null;
  return { status: (m[1] ?? '').toLowerCase() as ImapGreeting['status'], capabilities, text: rest };
}

/**
 * The capabilities of an untagged `* CAPABILITY …` response, or of a `[CAPABILITY …]` code in any status response;
 * null when the line carries none.
 * @example parseCapabilityLine('* CAPABILITY IMAP4rev1 LOGINDISABLED') // ['IMAP4REV1', 'LOGINDISABLED']
 */
export function parseCapabilityLine(line: Uint8Array | string): readonly string[] | null {
  const text = lineText(line);
  const untagged = /^\* CAPABILITY(?: (.*))?$/is.exec(text);
  if (untagged !== null) {
    return (untagged[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => w.toUpperCase());
  }
  const status = /^\S+ (?:OK|NO|BAD|PREAUTH) (\[.*)$/is.exec(text);
  if (status === null) return null;
  const { code } = responseCode(status[1] ?? '');
  return code?.[0] === 'CAPABILITY' ? code.slice(1) : null;
}

/**
 * Parse a tagged completion for `tag`; null when the line is untagged, another tag's, or malformed.
 * @example parseTagged('a1 OK CAPABILITY completed', 'a1') // { tag: 'a1', status: 'ok', text: 'CAPABILITY completed' }
 */
export function parseTagged(line: Uint8Array | string, tag: string): ImapTagged | null {
  const text = lineText(line);
  const m = /^(\S+) (OK|NO|BAD)(?: (.*))?$/is.exec(text);
  if (m === null || m[1] !== tag) return null;
  return { tag, status: (m[2] ?? '').toLowerCase() as ImapTagged['status'], text: m[3] ?? '' };
}

/**
 * What a capability list means for logging in.
 * @example summarizeCapabilities(['IMAP4REV1', 'STARTTLS', 'AUTH=PLAIN', 'LOGINDISABLED']).loginDisabled // true
 */
export function summarizeCapabilities(capabilities: readonly string[]): ImapCapabilitySummary {
  const caps = capabilities.map((c) => c.toUpperCase());
  return {
    starttls: caps.includes('STARTTLS'),
    loginDisabled: caps.includes('LOGINDISABLED'),
    authMechanisms: [...new Set(caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5)))],
    revisions: ['IMAP4REV2', 'IMAP4REV1'].filter((r) => caps.includes(r)).map((r) => r.replace('REV', 'rev')),
  };
}

/**
 * A tagged command line; refuses CR, LF and NUL in it.
 * @example imapCommand('a1', 'CAPABILITY') // 'a1 CAPABILITY\r\n'
 */
export function imapCommand(tag: string, command: string): string {
  if (!/^[A-Za-z0-9]{1,16}$/.test(tag)) throw new RangeError(`bad IMAP tag: ${tag}`);
  if (!/^[A-Z]+(?: [^\r\n\0]*)?$/.test(command) || command.length > 1000) {
    throw new RangeError('bad IMAP command');
  }
  return `${tag} ${command}\r\n`;
}
