/**
 * STARTTLS preambles: the plaintext exchange that turns a mail or FTP connection into a TLS one, so the TLS
 * checks can look at ports 25/587 (SMTP, RFC 3207), 110 (POP3 STLS, RFC 2595), 143 (IMAP STARTTLS, RFC 3501
 * §6.2.1) and 21 (FTP AUTH TLS, RFC 4217). After `negotiateStarttls` resolves, the next byte the server expects
 * is a TLS ClientHello. Every line read is capped; a server that does not offer TLS gives StarttlsRefused.
 */
import {
  connectionRequest,
  parseConnectionConfirm,
  PROTOCOL_HYBRID,
  PROTOCOL_HYBRID_EX,
  PROTOCOL_SSL,
  tpktLength,
} from '../rdp/codec.js';
import type { Stream } from '../net/stream.js';

/** Protocols that start in clear and switch to TLS; RDP negotiates TLS in its X.224 connection request. */
export type StarttlsProtocol = 'smtp' | 'pop3' | 'imap' | 'ftp' | 'rdp';

/** The server answered but will not switch to TLS (no STARTTLS capability, or a refusal). */
export class StarttlsRefused extends Error {}

/** The STARTTLS protocol for an identified service name, or undefined. */
export function starttlsForService(service: string | undefined): StarttlsProtocol | undefined {
  switch (service) {
    case 'smtp':
    case 'submission':
      return 'smtp';
    case 'pop3':
      return 'pop3';
    case 'imap':
      return 'imap';
    case 'ftp':
      return 'ftp';
    case 'ms-wbt-server':
      return 'rdp';
    default:
      return undefined;
  }
}

/** The STARTTLS protocol usually spoken on a port (IANA assignments), or undefined. */
export function starttlsForPort(port: number): StarttlsProtocol | undefined {
  switch (port) {
    case 25:
    case 587:
      return 'smtp';
    case 110:
      return 'pop3';
    case 143:
      return 'imap';
    case 21:
      return 'ftp';
    case 3389:
      return 'rdp';
    default:
      return undefined;
  }
}

/** Lines of one reply a server may send before we give up (EHLO lists are ~10–20). */
const MAX_REPLY_LINES = 64;

/**
 * Whether `line` ends a reply of the SMTP/FTP shape (RFC 5321 §4.2.1, RFC 959 §4.2): "ddd text" ends, "ddd-text"
 * continues.
 */
export function isLastReplyLine(line: string): boolean {
  return /^\d{3}(?: |\r?\n|$)/.test(line);
}

/** The three-digit code of an SMTP/FTP reply line, or null. */
export function replyCode(line: string): number | null {
  const m = /^(\d{3})[ -]?/.exec(line);
  return m === null ? null : Number(m[1]);
}

/** Whether an EHLO reply lists the STARTTLS extension (RFC 3207 §4). */
export function ehloOffersStarttls(lines: readonly string[]): boolean {
  return lines.some((l) => /^250[ -]STARTTLS\s*$/i.test(l.trimEnd()));
}

async function readCodedReply(stream: Stream, timeoutMs: number): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const line = await stream.readLine(4096, timeoutMs);
    if (replyCode(line) === null) throw new StarttlsRefused(`not a numbered reply: ${printable(line)}`);
    lines.push(line);
    if (isLastReplyLine(line)) return lines;
    if (lines.length >= MAX_REPLY_LINES) throw new StarttlsRefused('a reply of too many lines');
  }
}

function printable(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
}

function expectCode(lines: readonly string[], code: number, what: string): void {
  const last = lines[lines.length - 1] ?? '';
  if (replyCode(last) !== code) throw new StarttlsRefused(`${what}: ${printable(last)}`);
}

/**
 * Speak the plaintext part of STARTTLS on a fresh connection; resolves when the server waits for a ClientHello.
 * @example await negotiateStarttls(stream, 'smtp', 5000); stream.write(buildClientHello(…))
 */
export async function negotiateStarttls(stream: Stream, protocol: StarttlsProtocol, timeoutMs: number): Promise<void> {
  switch (protocol) {
    case 'smtp': {
      expectCode(await readCodedReply(stream, timeoutMs), 220, 'SMTP greeting');
      stream.write('EHLO portwarden.invalid\r\n');
      const ehlo = await readCodedReply(stream, timeoutMs);
      expectCode(ehlo, 250, 'EHLO');
      if (!ehloOffersStarttls(ehlo)) throw new StarttlsRefused('the server does not offer STARTTLS');
      stream.write('STARTTLS\r\n');
      expectCode(await readCodedReply(stream, timeoutMs), 220, 'STARTTLS');
      return;
    }
    case 'ftp': {
      expectCode(await readCodedReply(stream, timeoutMs), 220, 'FTP greeting');
      stream.write('AUTH TLS\r\n');
      expectCode(await readCodedReply(stream, timeoutMs), 234, 'AUTH TLS');
      return;
    }
    case 'pop3': {
      const greeting = await stream.readLine(4096, timeoutMs);
      if (!greeting.startsWith('+OK')) throw new StarttlsRefused(`POP3 greeting: ${printable(greeting)}`);
      stream.write('STLS\r\n');
      const reply = await stream.readLine(4096, timeoutMs);
      if (!reply.startsWith('+OK')) throw new StarttlsRefused(`STLS: ${printable(reply)}`);
      return;
    }
    case 'imap': {
      const greeting = await stream.readLine(4096, timeoutMs);
      if (!/^\* (OK|PREAUTH)/i.test(greeting)) throw new StarttlsRefused(`IMAP greeting: ${printable(greeting)}`);
      stream.write('pw1 STARTTLS\r\n');
      // Untagged lines (capabilities) may come first; the tagged line decides (RFC 3501 §7.1).
      for (let i = 0; i < MAX_REPLY_LINES; i++) {
        const line = await stream.readLine(4096, timeoutMs);
        if (/^pw1 /i.test(line)) {
          if (!/^pw1 OK/i.test(line)) throw new StarttlsRefused(`STARTTLS: ${printable(line)}`);
          return;
        }
      }
      throw new StarttlsRefused('no answer to STARTTLS');
    }
    case 'rdp': {
      // MS-RDPBCGR 1.3.1.1: an X.224 Connection Request offering TLS and CredSSP; a Connection Confirm selecting
      // either means the next bytes are a TLS handshake (CredSSP runs inside TLS).
      stream.write(connectionRequest(PROTOCOL_SSL | PROTOCOL_HYBRID));
      const confirm = parseConnectionConfirm(await stream.read(tpktLength, timeoutMs));
      if (confirm === null) throw new StarttlsRefused('no RDP Connection Confirm');
      if (
        confirm.kind !== 'response' ||
        (confirm.protocol & (PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX)) === 0
      ) {
        throw new StarttlsRefused('the RDP server does not offer TLS (standard RDP security only)');
      }
      return;
    }
  }
}
