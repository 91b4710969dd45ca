/** NNTP (RFC 3977): status lines, multi-line blocks, CAPABILITIES and what the greeting says about posting. Pure. */

export interface NntpStatus {
  readonly code: number;
  readonly text: string;
}

/**
 * One status line: three digits and text (RFC 3977 §3.2). Null when it is not one.
 * @example parseNntpStatus('200 news.example.net InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n')?.code // 200
 */
export function parseNntpStatus(line: string): NntpStatus | null {
  const m = /^([1-5]\d{2})(?: (.*?))?\s*$/.exec(line.replace(/\r?\n$/, ''));
  return m === null ? null : { code: Number(m[1]), text: (m[2] ?? '').slice(0, 512) };
}

/**
 * Framer for a multi-line data block: its length up to and including the terminating `.` line, or -1.
 * @example multiLineLength(Buffer.from('VERSION 2\r\n.\r\n')) // 14
 */
export function multiLineLength(bytes: Uint8Array): number {
  if (bytes.length >= 3 && bytes[0] === 0x2e && bytes[1] === 0x0d && bytes[2] === 0x0a) return 3;
  const i = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('\r\n.\r\n');
  return i < 0 ? -1 : i + 5;
}

/** The lines of a multi-line block, dot-unstuffed, without the terminator. */
export function multiLineLines(bytes: Uint8Array): string[] {
  const lines = Buffer.from(bytes).toString('latin1').split('\r\n');
  const end = lines.indexOf('.');
  return (end < 0 ? lines : lines.slice(0, end)).map((l) => (l.startsWith('..') ? l.slice(1) : l));
}

/** Capabilities by upper-cased label, with their arguments (RFC 3977 §5.2). */
export function parseCapabilities(lines: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of lines.slice(0, 200)) {
    const [label, ...args] = line.trim().split(/\s+/);
    if (label !== undefined && label !== '') out.set(label.toUpperCase(), args);
  }
  return out;
}

/** The server software a greeting names: INN's "INN 2.7.1", Leafnode, Diablo, … */
export function nntpProduct(greeting: string): { product: string; version: string | null } | null {
  const table: readonly [RegExp, string][] = [
    [/\bINN ([\d.]+\w*)/, 'INN'],
    [/InterNetNews/i, 'INN'],
    [/Leafnode(?: NNTP Daemon)?,? v?([\d.]+\w*)?/i, 'Leafnode'],
    [/\bDiablo\b ?([\d.]+)?/i, 'Diablo'],
    [/\bDNews\b ?([\d.]+)?/i, 'DNews'],
    [/\bsn version ([\d.]+)/i, 'sn'],
    [/Microsoft Exchange Internet News Service Version ([\d.]+)/i, 'Microsoft Exchange NNTP'],
  ];
  for (const [re, product] of table) {
    const m = re.exec(greeting);
    if (m !== null) return { product, version: m[1] ?? null };
  }
  return null;
}
