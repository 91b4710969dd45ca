/** Pure classification of IP addresses: loopback, link-local, private, global. */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass = 'unspecified' | 'loopback' | 'link-local' | 'private' | 'global';

function v4Octets(a: string): [number, number, number, number] {
  const p = a.split('.').map(Number);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0];
}

function classifyV4(a: string): AddressClass {
  const [o1, o2] = v4Octets(a);
  if (a === '0.0.0.0') return 'unspecified';
  if (o1 === 127) return 'loopback';
  if (o1 === 169 && o2 === 254) return 'link-local';
  // RFC 1918, RFC 6598 shared address space (carrier-grade NAT).
  if (o1 === 10 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168)) return 'private';
  if (o1 === 100 && o2 >= 64 && o2 <= 127) return 'private';
  return 'global';
}

/** Expand an IPv6 address into its 8 groups (no zone). */
export function ipv6Groups(address: string): number[] {
  const a = address.split('%')[0] as string;
  let text = a;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4 !== null) {
    const [o1, o2, o3, o4] = v4Octets(v4[1] as string);
    text = a.slice(0, v4.index) + `${((o1 << 8) | o2).toString(16)}:${((o3 << 8) | o4).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

function classifyV6(a: string): AddressClass {
  const g = ipv6Groups(a);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const hi = g[6] ?? 0;
    const lo = g[7] ?? 0;
    return classifyV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const first = g[0] ?? 0;
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00) return 'private'; // unique local addresses, RFC 4193
  return 'global';
}

/**
 * Classify an address for exposure purposes.
 * @example classifyAddress('10.1.2.3') // 'private'
 * @example classifyAddress('::ffff:127.0.0.1') // 'loopback'
 */
export function classifyAddress(address: string): AddressClass {
  let cls = classCache.get(address);
  if (cls === undefined) {
    if (isIPv4(address)) cls = classifyV4(address);
    else if (isIPv6(address.split('%')[0] ?? '')) cls = classifyV6(address);
    else cls = 'global';
    // A machine has few distinct bind and interface addresses; the cap only guards against misuse.
    if (classCache.size > 4096) classCache.clear();
    classCache.set(address, cls);
  }
  return cls;
}

const classCache = new Map<string, AddressClass>();

/** True for '::ffff:a.b.c.d'. */
export function isIpv4Mapped(address: string): boolean {
  const g = isIPv6(address) ? ipv6Groups(address) : [];
  return g.length === 8 && g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
}
