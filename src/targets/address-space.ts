/**
 * One target word (`203.0.113.7`, `198.51.100.0/24`, `10.0.0.1-20`, `10.0.1-3.1-20`, `2001:db8:203::/120`,
 * `2001:db8:203::1%eth0`) as a block of addresses that can be counted and indexed without being listed.
 */
import { usageError } from '../core/errors.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../core/ip.js';

export type Family = 4 | 6;

/** A set of addresses of one family, ordered by value, that answers "the r-th" and "how many up to x". */
export interface Block {
  readonly family: Family;
  readonly size: bigint;
  /** The word it came from, for messages. */
  readonly token: string;
  /** An IPv6 zone (`eth0` of `<address>%eth0`), kept on output; null otherwise. */
  readonly scope: string | null;
  /** The address of rank `r` (0 ≤ r < size), as a number. */
  valueAt(r: bigint): bigint;
  /** How many addresses of the block are ≤ `value` (any bigint). */
  countUpTo(value: bigint): bigint;
  /** Disjoint ascending [first, last] intervals covering the block, or null when more than `limit`. */
  intervals(limit: number): [bigint, bigint][] | null;
}

/** What one word is: a block of addresses, or a host name (with an optional /prefix) still to resolve. */
export type ParsedWord =
  | { readonly kind: 'block'; readonly block: Block }
  | { readonly kind: 'name'; readonly name: string; readonly prefix: number | null; readonly token: string };

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** An inclusive interval of addresses. */
export function intervalBlock(
  family: Family,
  lo: bigint,
  hi: bigint,
  token: string,
  scope: string | null = null,
): Block {
  const size = hi - lo + 1n;
  return {
    family,
    size,
    token,
    scope,
    valueAt: (r) => lo + r,
    countUpTo: (v) => (v < lo ? 0n : v >= hi ? size : v - lo + 1n),
    intervals: () => [[lo, hi]],
  };
}

/** The network of `value`/`prefix` as an interval block (nmap includes network and broadcast addresses). */
export function cidrBlock(family: Family, value: bigint, prefix: number, token: string): Block {
  const hostBits = BigInt(BITS[family] - prefix);
  const lo = (value >> hostBits) << hostBits;
  return intervalBlock(family, lo, lo + (1n << hostBits) - 1n, token);
}

/**
 * nmap's octet ranges: each of the four parts is a list of values and ranges (`1,3,10-20`, `*`, `-5`, `250-`),
 * and the block is their product, enumerated in increasing order.
 */
function octetBlock(parts: readonly (readonly [number, number][])[], token: string): Block {
  const values = parts.map((ranges) => {
    const vs: number[] = [];
    for (const [a, b] of ranges) for (let v = a; v <= b; v++) vs.push(v);
    return [...new Set(vs)].sort((x, y) => x - y);
  });
  const sizes = values.map((v) => v.length);
  // below[i][v]: how many values of octet i are < v, for v in 0..256.
  const below = values.map((vs) => {
    const table = new Uint16Array(257);
    for (const v of vs) table[v + 1] = 1;
    for (let v = 1; v <= 256; v++) table[v] = (table[v] ?? 0) + (table[v - 1] ?? 0);
    return table;
  });
  const weight = [1, 2, 3, 4].map((i) => sizes.slice(i).reduce((a, b) => a * b, 1));
  const size = (sizes[0] ?? 0) * (weight[0] ?? 0);
  const octetAt = (i: number, d: number): number => values[i]?.[d] ?? 0;
  return {
    family: 4,
    size: BigInt(size),
    token,
    scope: null,
    valueAt(r) {
      let rest = Number(r);
      let value = 0;
      for (let i = 0; i < 4; i++) {
        const w = weight[i] ?? 1;
        value = value * 256 + octetAt(i, Math.floor(rest / w));
        rest %= w;
      }
      return BigInt(value);
    },
    countUpTo(v) {
      if (v < 0n) return 0n;
      if (v >= 0xffffffffn) return BigInt(size);
      const x = Number(v);
      let count = 0;
      for (let i = 0; i < 4; i++) {
        const o = (x >>> (24 - 8 * i)) & 0xff;
        count += (below[i]?.[o] ?? 0) * (weight[i] ?? 1);
        if ((below[i]?.[o + 1] ?? 0) === (below[i]?.[o] ?? 0)) return BigInt(count); // o is not in octet i
      }
      return BigInt(count + 1);
    },
    intervals(limit) {
      // The last octet that is not 0-255 decides the interval width; the octets before it multiply the count.
      let m = 3;
      while (m >= 0 && sizes[m] === 256) m--;
      if (m < 0) return [[0n, 0xffffffffn]];
      const runs: [number, number][] = [];
      const vs = values[m] ?? [];
      for (const v of vs) {
        const last = runs[runs.length - 1];
        if (last !== undefined && last[1] === v - 1) last[1] = v;
        else runs.push([v, v]);
      }
      const prefixes = sizes.slice(0, m).reduce((a, b) => a * b, 1);
      if (prefixes * runs.length > limit) return null;
      const width = 256 ** (3 - m);
      const out: [bigint, bigint][] = [];
      for (let p = 0; p < prefixes; p++) {
        let base = 0;
        let rest = p;
        for (let i = m - 1; i >= 0; i--) {
          const s = sizes[i] ?? 1;
          base += octetAt(i, rest % s) * 256 ** (3 - i);
          rest = Math.floor(rest / s);
        }
        for (const [a, b] of runs) out.push([BigInt(base + a * width), BigInt(base + b * width + width - 1)]);
      }
      return out;
    },
  };
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** An address number as canonical text (dotted IPv4, RFC 5952 IPv6). */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    return formatIPv4([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
  }
  const bytes = new Uint8Array(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return formatIPv6(bytes);
}

/** An address text (no brackets, no scope) as family and number; null when it is neither IPv4 nor IPv6. */
export function addressValue(text: string): { family: Family; value: bigint } | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 4, value: bytesToBigint(v4) };
  const v6 = parseIPv6(text);
  if (v6 !== null) return { family: 6, value: bytesToBigint(v6) };
  return null;
}

function parseOctet(part: string, token: string): [number, number][] {
  const bad = () => usageError('BAD_TARGET', 'targets.badOctet', { token });
  const octet = (s: string): number => {
    if (!/^\d{1,3}$/.test(s) || Number(s) > 255) throw bad();
    return Number(s);
  };
  return part.split(',').map((item): [number, number] => {
    if (item === '*') return [0, 255];
    const dash = item.indexOf('-');
    if (dash < 0) {
      const v = octet(item);
      return [v, v];
    }
    const a = item.slice(0, dash);
    const b = item.slice(dash + 1);
    if (a === '' && b === '') throw bad();
    const from = a === '' ? 0 : octet(a);
    const to = b === '' ? 255 : octet(b);
    if (from > to) throw usageError('BAD_TARGET', 'targets.badRange', { token });
    return [from, to];
  });
}

function parsePrefix(text: string, family: Family, token: string): number {
  const max = BITS[family];
  const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= max)) throw usageError('BAD_TARGET', 'targets.badPrefix', { token, max });
  return n;
}

/** A /prefix applied to a resolved or written address, checked against its family. */
export function prefixBlock(family: Family, value: bigint, prefixText: string, token: string): Block {
  return cidrBlock(family, value, parsePrefix(prefixText, family, token), token);
}

// A DNS name: labels of letters, digits, '-' and '_' (seen in real zones), not starting or ending with '-'.
const HOST_NAME =
  /^(?=.{1,253}\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

function parseIPv6Word(body: string, token: string): Block {
  const bad = () => usageError('BAD_TARGET', 'targets.badAddress', { token });
  const slash = body.indexOf('/');
  const pct = body.indexOf('%');
  if (pct >= 0 && (slash >= 0 || body.includes('-'))) throw usageError('BAD_TARGET', 'targets.badScope', { token });
  if (slash >= 0) {
    const base = parseIPv6(body.slice(0, slash));
    if (base === null) throw bad();
    return prefixBlock(6, bytesToBigint(base), body.slice(slash + 1), token);
  }
  const dash = body.indexOf('-');
  if (dash >= 0) {
    const lo = parseIPv6(body.slice(0, dash));
    const hi = parseIPv6(body.slice(dash + 1));
    if (lo === null || hi === null) {
      if (lo !== null && parseIPv4(body.slice(dash + 1)) !== null)
        throw usageError('BAD_TARGET', 'targets.badRange', { token });
      throw bad();
    }
    const [a, b] = [bytesToBigint(lo), bytesToBigint(hi)];
    if (a > b) throw usageError('BAD_TARGET', 'targets.badRange', { token });
    return intervalBlock(6, a, b, token);
  }
  const address = parseIPv6(pct >= 0 ? body.slice(0, pct) : body);
  const scope = pct >= 0 ? body.slice(pct + 1) : null;
  if (address === null || (scope !== null && !/^[\w.-]+$/.test(scope))) throw bad();
  const v = bytesToBigint(address);
  return intervalBlock(6, v, v, token, scope);
}

function parseIPv4Word(body: string, token: string): Block {
  const slash = body.indexOf('/');
  if (slash >= 0) {
    const base = parseIPv4(body.slice(0, slash));
    if (base === null) throw usageError('BAD_TARGET', 'targets.badOctet', { token });
    return prefixBlock(4, bytesToBigint(base), body.slice(slash + 1), token);
  }
  // Two whole dotted quads ("10.0.0.1-10.0.1.5"); "10.0.1-3.5" is an octet range, handled below.
  const full = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (full !== null) {
    const lo = parseIPv4(full[1] as string);
    const hi = parseIPv4(full[2] as string);
    if (lo === null || hi === null) throw usageError('BAD_TARGET', 'targets.badOctet', { token });
    const [a, b] = [bytesToBigint(lo), bytesToBigint(hi)];
    if (a > b) throw usageError('BAD_TARGET', 'targets.badRange', { token });
    return intervalBlock(4, a, b, token);
  }
  const parts = body.split('.');
  if (parts.length !== 4) throw usageError('BAD_TARGET', 'targets.badOctet', { token });
  const octets = parts.map((p) => parseOctet(p, token));
  if (octets.every((o) => o.length === 1 && o[0]?.[0] === o[0]?.[1])) {
    const v = octets.reduce((acc, o) => (acc << 8n) | BigInt(o[0]?.[0] ?? 0), 0n);
    return intervalBlock(4, v, v, token);
  }
  return octetBlock(octets, token);
}

/**
 * Parse one target word. Anything made of digits, dots, commas, dashes, `*` and an optional /prefix is
 * read as IPv4 and refused when malformed (never passed to the resolver, which would accept `10.1` as
 * 10.0.0.1); anything with a colon is IPv6; other words must be valid host names.
 * @example parseTargetWord('203.0.113.0/30').block.size // 4n
 */
export function parseTargetWord(word: string): ParsedWord {
  const token = word;
  let body = word;
  const bracket = /^\[([^\]]+)\](\/\d+)?$/.exec(body);
  if (bracket !== null) body = (bracket[1] as string) + (bracket[2] ?? '');
  if (body.includes(':')) return { kind: 'block', block: parseIPv6Word(body, token) };
  if (/^[\d.,*-]+(\/.*)?$/.test(body) && /[.\d]/.test(body)) {
    return { kind: 'block', block: parseIPv4Word(body, token) };
  }
  const slash = body.indexOf('/');
  const name = slash >= 0 ? body.slice(0, slash) : body;
  if (!HOST_NAME.test(name)) throw usageError('BAD_TARGET', 'targets.badAddress', { token });
  let prefix: number | null = null;
  if (slash >= 0) {
    // The family is known only after resolution; check the number now, its upper bound then.
    prefix = parsePrefix(body.slice(slash + 1), 6, token);
  }
  return { kind: 'name', name: name.toLowerCase().replace(/\.$/, ''), prefix, token };
}
