/**
 * Whether a target is on the scanner's own link: the source address the kernel picks for it, and whether the target
 * lies in that interface's prefix. Link-local protocols (mDNS, SSDP) should answer only on-link peers (RFC 6762
 * §5.5); an answer to a scanner on another network is the exposure. Connecting a UDP socket sends nothing.
 */
import { createSocket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** The scanner's side of the path to a target. */
export interface LinkInfo {
  /** The source address used toward the target. */
  readonly local: string;
  /** That address's interface prefix, e.g. '203.0.113.254/24', or null when no interface lists it. */
  readonly prefix: string | null;
  /** The target is inside that prefix (null when unknown). */
  readonly onLink: boolean | null;
}

function bytesOf(address: string): number[] | null {
  if (isIPv4(address)) return address.split('.').map(Number);
  if (!isIPv6(address)) return null;
  const [head = '', tail = ''] = address.replace(/%.*$/, '').split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = [...h, ...Array<string>(address.includes('::') ? 8 - h.length - t.length : 0).fill('0'), ...t];
  if (groups.some((g) => g.includes('.'))) return null;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/**
 * Whether `address` lies in `network`/`bits` (both of one family).
 * @example inPrefix('203.0.113.217', '203.0.113.254', 24) // true
 */
export function inPrefix(address: string, network: string, bits: number): boolean {
  const a = bytesOf(address);
  const n = bytesOf(network);
  if (a === null || n === null || a.length !== n.length) return false;
  for (let i = 0; i < a.length * 8 && i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((a[byte] ?? 0) & mask) !== ((n[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** Find the interface entry holding `local` and decide whether `target` is in its prefix (pure, for tests). */
export function linkOf(target: string, local: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): LinkInfo {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.address !== local || info.cidr === null) continue;
      const bits = Number(info.cidr.split('/')[1]);
      return { local, prefix: info.cidr, onLink: inPrefix(target, info.address, bits) };
    }
  }
  return { local, prefix: null, onLink: null };
}

/**
 * The source address toward `host` and whether `host` is on that link.
 * @example (await linkTo('203.0.113.217')).onLink // true inside the lab namespace
 */
export function linkTo(host: string): Promise<LinkInfo> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const done = (info: LinkInfo): void => {
      socket.close();
      resolve(info);
    };
    socket.on('error', () => {
      done({ local: '', prefix: null, onLink: null });
    });
    // Port 9 (discard): connect() on UDP only picks the route and source address.
    socket.connect(9, host, () => {
      done(linkOf(host, socket.address().address, networkInterfaces()));
    });
  });
}

/** Whether a UDP exchange failed because the port is closed (ICMP port unreachable arrived as ECONNREFUSED). */
export function refused(err: Error): boolean {
  return (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
}
