/** Pure classification of IP addresses for exposure: loopback, link-local, private, global. */
import { parseIPv4, parseIPv6 } from '../core/ip.js';

export type AddressClass = 'unspecified' | 'loopback' | 'link-local' | 'private' | 'global';

function classifyV4(b: Uint8Array, at = 0): AddressClass {
  const o1 = b[at] ?? 0;
  const o2 = b[at + 1] ?? 0;
  if (b.subarray(at, at + 4).every((x) => x === 0)) return 'unspecified';
  if (o1 === 127) return 'loopback';
  if (o1 === 169 && o2 === 254) return 'link-local';
  // RFC 1918, RFC 6598 shared address space (carrier-grade NAT).
  if (o1 === 10 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168)) return 'private';
  if (o1 === 100 && o2 >= 64 && o2 <= 127) return 'private';
  return 'global';
}

function classifyV6(b: Uint8Array): AddressClass {
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.subarray(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
  if (isMappedBytes(b)) return classifyV4(b, 12);
  const first = b[0] ?? 0;
  if (first === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80) return 'link-local';
  if ((first & 0xfe) === 0xfc) return 'private'; // unique local addresses, RFC 4193
  return 'global';
}

function isMappedBytes(b: Uint8Array): boolean {
  return b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

const classCache = new Map<string, AddressClass>();

/**
 * Classify an address (IPv6 may carry a '%zone'); text that is no address counts as global.
 * @example classifyAddress('10.1.2.3') // 'private'
 * @example classifyAddress('::ffff:127.0.0.1') // 'loopback'
 */
export function classifyAddress(address: string): AddressClass {
  let cls = classCache.get(address);
  if (cls === undefined) {
    const v4 = parseIPv4(address);
    const v6 = v4 === null ? parseIPv6(address.split('%')[0] ?? '') : null;
    cls = v4 !== null ? classifyV4(v4) : v6 !== null ? classifyV6(v6) : 'global';
    // A machine has few distinct bind and interface addresses; the cap only guards against misuse.
    if (classCache.size > 4096) classCache.clear();
    classCache.set(address, cls);
  }
  return cls;
}

/** True for '::ffff:a.b.c.d'. */
export function isIpv4Mapped(address: string): boolean {
  const b = parseIPv6(address.split('%')[0] ?? '');
  return b !== null && isMappedBytes(b);
}
