/** Canonical text for the addresses inventory adapters read: dotted IPv4, RFC 5952 IPv6, IPv4-mapped as '::ffff:a.b.c.d'. */

/** An address in canonical text with its family. */
export interface CanonicalAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** A local endpoint as tools print it: host (without brackets), optional scope, port. */
export interface Endpoint {
  /** The host part as printed, brackets and scope removed; '*' for a wildcard. */
  readonly host: string;
  /** Text after '%' (an interface name or index), or null. */
  readonly scope: string | null;
  readonly port: number;
}

/**
 * Four bytes as dotted-quad text.
 * @example formatIPv4([127, 0, 0, 1]) // '127.0.0.1'
 */
export function formatIPv4(bytes: ArrayLike<number>, offset = 0): string {
  return `${bytes[offset] ?? 0}.${bytes[offset + 1] ?? 0}.${bytes[offset + 2] ?? 0}.${bytes[offset + 3] ?? 0}`;
}

/**
 * Sixteen bytes as RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more
 * zero groups (the first on a tie) as '::'. IPv4-mapped addresses keep the dotted tail, as ss and Node print them.
 * @example formatIPv6(new Uint8Array([0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1])) // '::1'
 */
export function formatIPv6(bytes: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${formatIPv4(bytes, 12)}`;
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Parse dotted-quad IPv4 text into four bytes; null when it is not one.
 * @example parseIPv4('10.0.0.1') // Uint8Array [10, 0, 0, 1]
 */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

/**
 * Parse IPv6 text (any valid spelling, with or without an embedded dotted quad) into sixteen bytes;
 * null when it is not IPv6. A '%scope' suffix must be removed first.
 * @example parseIPv6('fe80::1') // Uint8Array [0xfe, 0x80, 0, …, 1]
 */
export function parseIPv6(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let body = text;
  let tail: Uint8Array | null = null;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = parseIPv4(body.slice(lastColon + 1));
    if (tail === null) return null;
    // Keep a placeholder group pair so the counting below sees eight groups.
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = split(halves[0] ?? '');
  const rest = halves.length === 2 ? split(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] ?? '';
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  if (tail !== null) out.set(tail, 12);
  return out;
}

/**
 * Canonical text and family of an IPv4 or IPv6 address (no brackets, no scope); null when it is neither.
 * @example canonicalAddress('0:0:0:0:0:FFFF:7F00:1') // { address: '::ffff:127.0.0.1', family: 6 }
 */
export function canonicalAddress(text: string): CanonicalAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { address: formatIPv4(v4), family: 4 };
  const v6 = parseIPv6(text);
  if (v6 !== null) return { address: formatIPv6(v6), family: 6 };
  return null;
}

/**
 * Split a printed endpoint into host, scope and port. Understands 'a.b.c.d:p', '[v6]:p', '[v6%scope]:p',
 * 'v6%scope' forms and '*:p'. Returns null when the text has no numeric port ('*:*', '[::]:*').
 * @example parseEndpoint('[fe80::1%7]:123') // { host: 'fe80::1', scope: '7', port: 123 }
 */
export function parseEndpoint(text: string): Endpoint | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port > 65535) return null;
  let host = text.slice(0, colon);
  let scope: string | null = null;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return null;
    // ss prints a device after the bracket ('[fe80::1]%eth0'); Windows and lsof put it inside.
    const after = host.slice(close + 1);
    if (after.startsWith('%')) scope = after.slice(1);
    else if (after !== '') return null;
    host = host.slice(1, close);
  }
  const pct = host.indexOf('%');
  if (pct >= 0) {
    scope = host.slice(pct + 1);
    host = host.slice(0, pct);
  }
  if (host === '') return null;
  return { host, scope: scope === '' ? null : scope, port };
}
