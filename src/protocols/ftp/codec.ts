/**
 * FTP control replies (RFC 959 §4.2), FEAT (RFC 2389), PASV/EPSV (RFC 959, RFC 2428), directory listings and the
 * product a greeting names. Pure functions over bytes and text: no I/O.
 */
import { NetworkError } from '../../core/errors.js';

/** One control reply: its code and its text lines without the code prefix. */
export interface FtpReply {
  readonly code: number;
  readonly lines: readonly string[];
}

/** Replies longer than this are refused: a control reply is a few lines, FEAT a few dozen. */
export const MAX_FTP_REPLY = 64 * 1024;

/**
 * Framer for one reply: its length in bytes, or -1 until it is complete. A multi-line reply starts with `ddd-` and
 * ends with a line starting `ddd ` of the same code (RFC 959 §4.2); lines in between may be anything.
 * Throws NetworkError('BAD_REPLY') when the first line is not a reply or the reply passes `max` bytes.
 * @example ftpReplyLength(Buffer.from('220 ready\r\n')) // 11
 */
export function ftpReplyLength(bytes: Uint8Array, max = MAX_FTP_REPLY): number {
  for (let i = 0; i < Math.min(3, bytes.length); i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x30 || c > 0x39) throw new NetworkError('BAD_REPLY', 'not an FTP reply: it does not start with a code');
  }
  let start = 0;
  let code: string | null = null;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    const line = Buffer.from(bytes.subarray(start, Math.min(nl, start + 4))).toString('latin1');
    if (start === 0) {
      const m = /^(\d{3})(.?)/.exec(line);
      if (m === null) throw new NetworkError('BAD_REPLY', `not an FTP reply: ${JSON.stringify(line)}`);
      if (m[2] !== '-') return nl + 1;
      code = m[1] ?? null;
    } else if (code !== null && line.startsWith(code) && (line[3] === ' ' || line[3] === '\r' || line.length === 3)) {
      return nl + 1;
    }
    start = nl + 1;
    if (start > max) break;
  }
  if (bytes.length > max) throw new NetworkError('BAD_REPLY', `an FTP reply longer than ${max} bytes`);
  return -1;
}

/**
 * Parse one complete reply (as framed by `ftpReplyLength`).
 * @example parseFtpReply(Buffer.from('211-Features:\r\n EPSV\r\n211 End\r\n')) // { code: 211, lines: ['Features:', ' EPSV', 'End'] }
 */
export function parseFtpReply(bytes: Uint8Array): FtpReply {
  const text = Buffer.from(bytes).toString('latin1');
  const m = /^(\d{3})/.exec(text);
  if (m === null) throw new NetworkError('BAD_REPLY', 'not an FTP reply');
  const code = m[1] ?? '000';
  const raw = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const lines = raw.map((l, i) => {
    if (i === 0 || (i === raw.length - 1 && l.startsWith(code))) return l.slice(4);
    // Some servers repeat `ddd-` on every continuation line.
    return l.startsWith(`${code}-`) ? l.slice(4) : l;
  });
  return { code: Number(code), lines };
}

/** The reply's text on one line, for evidence. */
export function replyText(reply: FtpReply, max = 200): string {
  const s = reply.lines.map((l) => l.trim()).join(' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * FEAT features (RFC 2389): the indented lines between the first and the last, upper-cased keyword first.
 * @example ftpFeatures({ code: 211, lines: ['Features:', ' AUTH TLS', ' EPSV', 'End'] }) // ['AUTH TLS', 'EPSV']
 */
export function ftpFeatures(reply: FtpReply): string[] {
  if (reply.code !== 211) return [];
  return reply.lines
    .slice(1, -1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 100);
}

/** Whether FEAT offers TLS: `AUTH TLS`, `AUTH SSL` or an `AUTH` list that includes one of them. */
export function offersTls(features: readonly string[]): boolean {
  return features.some((f) => /^AUTH\b.*\b(TLS|SSL|TLS-C|TLS-P)\b/i.test(f));
}

/** Address and port of a passive data connection. */
export interface PassiveTarget {
  /** The IPv4 address the server named (PASV), or null for EPSV, which names only a port. */
  readonly host: string | null;
  readonly port: number;
}

/**
 * The address in a 227 reply: six numbers h1,h2,h3,h4,p1,p2 anywhere in the text (RFC 959 does not fix the
 * format around them; RFC 1123 §4.1.2.6 tells clients to scan for them). Null when absent or out of range.
 * @example parsePasv({ code: 227, lines: ['Entering Passive Mode (203,0,113,21,156,101).'] }) // { host: '203.0.113.21', port: 40037 }
 */
export function parsePasv(reply: FtpReply): PassiveTarget | null {
  if (reply.code !== 227) return null;
  const m = /(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3})/.exec(reply.lines.join(' '));
  if (m === null) return null;
  const n = m.slice(1, 7).map(Number);
  if (n.some((x) => x > 255)) return null;
  const port = (n[4] ?? 0) * 256 + (n[5] ?? 0);
  if (port === 0) return null;
  return { host: n.slice(0, 4).join('.'), port };
}

/**
 * The port in a 229 reply, `(<d><d><d>port<d>)` with any printable delimiter (RFC 2428 §3).
 * @example parseEpsv({ code: 229, lines: ['Entering Extended Passive Mode (|||40025|)'] }) // { host: null, port: 40025 }
 */
export function parseEpsv(reply: FtpReply): PassiveTarget | null {
  if (reply.code !== 229) return null;
  const m = /\(([!-~])\1\1(\d{1,5})\1\)/.exec(reply.lines.join(' '));
  const port = Number(m?.[2] ?? 0);
  return port > 0 && port <= 65535 ? { host: null, port } : null;
}

/** One entry of a directory listing. */
export interface ListEntry {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'link' | 'unknown';
  readonly size: number | null;
}

const UNIX =
  /^([-dlcbps])[-rwxsStT]{9}[+@.]?\s+\d+\s+\S+\s+(?:\S+\s+)?(\d+)\s+\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\s+(.+)$/;
const DOS = /^\d{2}-\d{2}-\d{2,4}\s+\d{1,2}:\d{2}(?:AM|PM)?\s+(<DIR>|\d+)\s+(.+)$/i;

/**
 * Entries of a LIST (Unix `ls -l` or DOS/IIS style) or NLST reply, at most `max`. Unknown lines become names.
 * @example parseListing('drwxr-xr-x 2 0 0 4096 Nov 29 20:58 pub\r\n') // [{ name: 'pub', type: 'dir', size: 4096 }]
 */
export function parseListing(text: string, max = 200): ListEntry[] {
  const out: ListEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (out.length >= max) break;
    const line = raw.trimEnd();
    if (line === '' || /^total \d+$/.test(line)) continue;
    const u = UNIX.exec(line);
    if (u !== null) {
      const kind = u[1];
      const name = kind === 'l' ? (u[3] ?? '').replace(/ -> .*$/, '') : (u[3] ?? '');
      out.push({
        name,
        type: kind === 'd' ? 'dir' : kind === 'l' ? 'link' : kind === '-' ? 'file' : 'unknown',
        size: Number(u[2]),
      });
      continue;
    }
    const d = DOS.exec(line);
    if (d !== null) {
      const dir = d[1]?.toUpperCase() === '<DIR>';
      out.push({ name: d[2] ?? '', type: dir ? 'dir' : 'file', size: dir ? null : Number(d[1]) });
      continue;
    }
    out.push({ name: line.replace(/^.*\//, ''), type: 'unknown', size: null });
  }
  return out;
}

/** What a greeting or SYST reply says about the server. */
export interface FtpProduct {
  readonly product: string;
  readonly version: string | null;
  /** Operating system or platform named (e.g. from SYST), when any. */
  readonly os: string | null;
}

const PRODUCTS: readonly { re: RegExp; product: string }[] = [
  { re: /\(vsFTPd ([\d.]+\w*)\)/i, product: 'vsftpd' },
  { re: /\bvsFTPd\b/i, product: 'vsftpd' },
  { re: /ProFTPD(?: ([\d.]+\w*))?/i, product: 'ProFTPD' },
  { re: /Pure-FTPd/i, product: 'Pure-FTPd' },
  { re: /FileZilla Server(?: version)?\s*([\d.]+\w*)?/i, product: 'FileZilla Server' },
  { re: /Microsoft FTP Service/i, product: 'Microsoft ftpd' },
  { re: /Serv-U FTP Server v?([\d.]+)?/i, product: 'Serv-U' },
  { re: /wu-?ftpd?[- ]?([\d.]+\S*)?/i, product: 'wu-ftpd' },
  { re: /\bPure-FTPd|--------- Welcome to Pure-FTPd/i, product: 'Pure-FTPd' },
  { re: /\bbftpd ([\d.]+)/i, product: 'bftpd' },
  { re: /\bTwisted ([\d.]+) FTP Server/i, product: 'Twisted ftpd' },
  { re: /\bpyftpdlib ([\d.]+)/i, product: 'pyftpdlib' },
  { re: /\bMikroTik FTP server \(MikroTik ([\d.]+)\)/i, product: 'MikroTik router ftpd' },
];

/**
 * Product and version from a greeting (220 text), with the OS from a SYST reply when given.
 * @example ftpProduct('(vsFTPd 3.0.3)', 'UNIX Type: L8') // { product: 'vsftpd', version: '3.0.3', os: 'UNIX' }
 */
export function ftpProduct(greeting: string, syst: string | null = null): FtpProduct | null {
  const os =
    syst === null ? null : (/^(UNIX|Windows_NT|Windows|VMS|MACOS|OS\/2|NETWARE)/i.exec(syst.trim())?.[1] ?? null);
  for (const p of PRODUCTS) {
    const m = p.re.exec(greeting);
    if (m !== null) return { product: p.product, version: m[1] ?? null, os };
  }
  return os === null ? null : { product: 'unknown', version: null, os };
}
