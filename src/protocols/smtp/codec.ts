/** SMTP (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954): reply framing and parsing, EHLO extensions, safe commands. */
import { NetworkError } from '../../core/errors.js';

/** One SMTP reply: its three-digit code and the text of each line (without the code and separator). */
export interface SmtpReply {
  readonly code: number;
  /** The enhanced status code of the last line (RFC 3463), like '5.1.1', when the server sends one. */
  readonly enhanced: string | null;
  readonly lines: readonly string[];
}

/** What an EHLO reply tells: the server's name for itself and the service extensions it offers. */
export interface EhloInfo {
  /** The first word of the first line: the server's domain or address literal. */
  readonly domain: string;
  /** Extension keywords in upper case, each with its parameters as sent (e.g. SIZE → ['10240000']). */
  readonly extensions: ReadonlyMap<string, readonly string[]>;
  /** SASL mechanisms of AUTH (and of the pre-standard `AUTH=` form), upper case, without duplicates. */
  readonly authMechanisms: readonly string[];
  readonly starttls: boolean;
}

/** A reply is at most this many lines; real servers send a few dozen at most. */
const MAX_LINES = 200;
/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; we accept more, but not without bound. */
const MAX_LINE = 4096;
const MAX_REPLY = 65_536;

/**
 * Framer for one whole reply: every line `ddd-text` continues it, the first other line ends it.
 * Throws NetworkError('BAD_REPLY') when a line or the reply grows past the caps, so an endless reply costs little.
 * @example smtpReplyFramer(Buffer.from('250-a\r\n250 b\r\nleft')) // 14
 */
export function smtpReplyFramer(buffered: Uint8Array): number {
  let start = 0;
  let lines = 0;
  for (;;) {
    const nl = buffered.indexOf(0x0a, start);
    if (nl < 0) {
      if (buffered.length - start > MAX_LINE) throw new NetworkError('BAD_REPLY', 'an SMTP reply line is too long');
      return -1;
    }
    if (nl - start > MAX_LINE) throw new NetworkError('BAD_REPLY', 'an SMTP reply line is too long');
    lines += 1;
    // A continuation line is three digits and a hyphen; anything else (including garbage) ends the reply.
    const continued = nl - start >= 4 && isDigits(buffered, start) && buffered[start + 3] === 0x2d;
    if (!continued) return nl + 1;
    if (lines >= MAX_LINES || nl + 1 > MAX_REPLY) throw new NetworkError('BAD_REPLY', 'an SMTP reply is too long');
    start = nl + 1;
  }
}

function isDigits(b: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 3; i++) {
    const c = b[i];
    if (c === undefined || c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Parse one framed reply; null when it is not SMTP (a line without a code, codes that disagree, code out of range).
 * @example parseSmtpReply('250-mx.example.org\r\n250 SIZE 1000\r\n') // { code: 250, enhanced: null, lines: ['mx.example.org', 'SIZE 1000'] }
 */
export function parseSmtpReply(reply: Uint8Array | string): SmtpReply | null {
  const text = typeof reply === 'string' ? reply : Buffer.from(reply).toString('latin1');
  const raw = text.split('\n');
  if (raw.at(-1) === '') raw.pop();
  if (raw.length === 0) return null;
  let code = -1;
  const lines: string[] = [];
  for (const [i, line] of raw.entries()) {
    const m = /^([2-5][0-5]\d)(?:([ -])(.*))?$/s.exec(line.replace(/\r$/, ''));
    if (m === null) return null;
    const c = Number(m[1]);
    if (code >= 0 && c !== code) return null;
    code = c;
    // Only the last line may end the reply, and every earlier line must say it continues.
    if ((m[2] === '-') !== i < raw.length - 1) return null;
    lines.push(m[3] ?? '');
  }
  const last = lines.at(-1) ?? '';
  const enhanced = /^([245])\.(\d{1,3})\.(\d{1,3})(?= |$)/.exec(last);
  return {
    code,
    enhanced: enhanced !== null && enhanced[1] === String(code)[0] ? enhanced[0] : null,
    lines,
  };
}

/**
 * The extensions of a successful EHLO reply (RFC 5321 §4.1.1.1); null for any other reply.
 * @example parseEhlo(parseSmtpReply('250-mx\r\n250 AUTH PLAIN LOGIN\r\n')!)?.authMechanisms // ['PLAIN', 'LOGIN']
 */
export function parseEhlo(reply: SmtpReply): EhloInfo | null {
  if (reply.code !== 250) return null;
  const [first = '', ...rest] = reply.lines;
  const extensions = new Map<string, string[]>();
  const mechanisms = new Set<string>();
  for (const line of rest) {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    const [head, ...params] = words;
    if (head === undefined) continue;
    // Old Microsoft and Sendmail servers also announce `AUTH=LOGIN PLAIN` for pre-RFC 2554 clients.
    const eq = head.indexOf('=');
    const keyword = (eq > 0 ? head.slice(0, eq) : head).toUpperCase();
    const all = eq > 0 ? [head.slice(eq + 1), ...params].filter((p) => p !== '') : params;
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(keyword)) continue;
    extensions.set(keyword, [...(extensions.get(keyword) ?? []), ...all]);
    if (keyword === 'AUTH') for (const p of all) mechanisms.add(p.toUpperCase());
  }
  return {
    domain: first.trim().split(/\s+/)[0] ?? '',
    extensions,
    authMechanisms: [...mechanisms],
    starttls: extensions.has('STARTTLS'),
  };
}

/** SASL mechanisms that carry the password itself (base64 is not encryption). */
export const CLEARTEXT_MECHANISMS: readonly string[] = ['PLAIN', 'LOGIN'];

/**
 * One command line, CRLF-terminated. Refuses CR, LF and NUL in the argument so nothing can smuggle a second command.
 * @example smtpCommand('VRFY', 'root') // 'VRFY root\r\n'
 */
export function smtpCommand(verb: string, argument?: string): string {
  if (!/^[A-Z]{4,8}$/.test(verb)) throw new RangeError(`not an SMTP verb: ${verb}`);
  if (argument === undefined) return `${verb}\r\n`;
  if (/[\r\n\0]/.test(argument) || argument.length > 500) throw new RangeError('bad SMTP command argument');
  return `${verb} ${argument}\r\n`;
}

/** What a VRFY or EXPN answer says about a name (RFC 5321 §3.5.3, §7.3). */
export type VerifyVerdict =
  /** 250/251: the server confirmed the name (and often printed the mailbox). */
  | 'exists'
  /** 252: cannot verify, will accept the message and try — the answer RFC 5321 recommends for privacy. */
  | 'unverified'
  /** 550/551/553: no such user. */
  | 'unknown'
  /** 500/502/504/252 on everything: the command is not implemented or disabled. */
  | 'disabled'
  /** 4xx, 530 (needs authentication or TLS), or anything else. */
  | 'refused';

/**
 * Classify a VRFY/EXPN reply code.
 * @example verifyVerdict(550) // 'unknown'
 */
export function verifyVerdict(code: number): VerifyVerdict {
  if (code === 250 || code === 251) return 'exists';
  if (code === 252) return 'unverified';
  if (code === 550 || code === 551 || code === 553) return 'unknown';
  if (code === 500 || code === 502 || code === 504) return 'disabled';
  return 'refused';
}

/** A reply as one printable line for evidence: `550 5.1.1 <x>: Recipient address rejected`. */
export function replyText(reply: SmtpReply, max = 200): string {
  const text = `${reply.code} ${reply.lines.join(' / ')}`.replace(/[^\x20-\x7e]/g, '?');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Software an SMTP greeting (or EHLO line) names, with its version when given. */
export interface SmtpSoftware {
  readonly product: string;
  readonly version: string | null;
}

/** Product names as knowledge/signatures/smtp.yaml gives them, so a check and identification agree. */
const PRODUCTS: readonly [RegExp, string][] = [
  [/\bPostfix\b/i, 'Postfix smtpd'],
  [/\bExim ([0-9][0-9._]*[0-9])|\bExim\b/i, 'Exim smtpd'],
  [/\bSendmail ([0-9][0-9.]*[0-9][a-zA-Z0-9+-]*)|\bSendmail\b/i, 'Sendmail'],
  [/Microsoft ESMTP MAIL Service, Version: ([0-9][0-9.]*)/i, 'Microsoft ESMTP'],
  [/Microsoft ESMTP MAIL Service/i, 'Microsoft Exchange smtpd'],
  [/\bOpenSMTPD\b/i, 'OpenSMTPD'],
  [/\bqmail\b/i, 'qmail smtpd'],
  [/\bHaraka\/([0-9][0-9.]*)|\bHaraka\b/i, 'Haraka'],
  [/\bMDaemon (?:ESMTP )?([0-9][0-9.]*)|\bMDaemon\b/i, 'MDaemon smtpd'],
  [/\bCommuniGate Pro(?: SMTP)? ([0-9][0-9.]*)/i, 'CommuniGate Pro'],
];

/**
 * The server software a greeting names, or null when it names none (a hardened banner).
 * @example smtpSoftware('220 mx.example.org ESMTP Exim 4.96 Mon, 1 Jan 2024') // { product: 'Exim smtpd', version: '4.96' }
 */
export function smtpSoftware(text: string): SmtpSoftware | null {
  for (const [pattern, product] of PRODUCTS) {
    const m = pattern.exec(text);
    if (m !== null) return { product, version: m[1] ?? null };
  }
  return null;
}
