/** Source ranges for `--allow-from`: parsing, containment, and the complement Windows rules need. */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../core/ip.js';

export interface Cidr {
  readonly family: 4 | 6;
  /** Network address, host bits cleared. */
  readonly network: bigint;
  readonly prefix: number;
  /** Canonical text: '10.0.0.0/8', '2001:db8::/32'. */
  readonly text: string;
}

function toBig(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBig(n: bigint, family: 4 | 6): string {
  const len = family === 4 ? 4 : 16;
  const bytes = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return family === 4 ? formatIPv4(bytes) : formatIPv6(bytes);
}

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128);

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(bits(family));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
}

/**
 * Parse an address or network; host bits are cleared ('10.1.2.3/8' is 10.0.0.0/8). Null when it is not one.
 * @example parseCidr('192.168.1.0/24')?.text // '192.168.1.0/24'
 */
export function parseCidr(text: string): Cidr | null {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (m === null) return null;
  const v4 = parseIPv4(m[1] as string);
  const bytes = v4 ?? parseIPv6(m[1] as string);
  if (bytes === null) return null;
  const family = v4 === null ? 6 : 4;
  const prefix = m[2] === undefined ? bits(family) : Number(m[2]);
  if (prefix > bits(family)) return null;
  const network = toBig(bytes) & mask(family, prefix);
  return { family, network, prefix, text: `${fromBig(network, family)}/${prefix}` };
}

/**
 * Whether `address` lies in `cidr`; an IPv4-mapped IPv6 address counts as its IPv4 address.
 * @example cidrContains(parseCidr('10.0.0.0/8')!, '10.2.3.4') // true
 */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped === null ? address : (mapped[1] as string);
  const v4 = parseIPv4(plain);
  const bytes = v4 ?? parseIPv6(plain);
  if (bytes === null) return false;
  if ((v4 === null ? 6 : 4) !== cidr.family) return false;
  return (toBig(bytes) & mask(cidr.family, cidr.prefix)) === cidr.network;
}

/**
 * The addresses of one family outside every given network, as 'first-last' ranges (Windows firewall
 * `remoteip=` / `-RemoteAddress` accept ranges, not negation).
 * @example complementRanges(4, [parseCidr('10.0.0.0/8')!]) // ['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255']
 */
export function complementRanges(family: 4 | 6, allowed: readonly Cidr[]): string[] {
  const max = (1n << BigInt(bits(family))) - 1n;
  const spans = allowed
    .filter((c) => c.family === family)
    .map((c) => [c.network, c.network | (max ^ mask(family, c.prefix))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: string[] = [];
  let next = 0n;
  for (const [start, end] of spans) {
    if (start > next) out.push(`${fromBig(next, family)}-${fromBig(start - 1n, family)}`);
    if (end + 1n > next) next = end + 1n;
  }
  if (next <= max) out.push(`${fromBig(next, family)}-${fromBig(max, family)}`);
  return out;
}
