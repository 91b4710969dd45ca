/** The first packet of a new connection to a listening socket, and which rule tests it passes. */
import type { ListeningSocket } from '../../core/socket.js';
import { parseIPv4, parseIPv6 } from '../../core/ip.js';
import type { Cond } from './model.js';

/** The part of a listening socket the firewall answer depends on. */
export type SocketView = Pick<ListeningSocket, 'transport' | 'family' | 'address' | 'port'> & {
  readonly scope?: string | null;
};

/** What is known about the packet: the first of a new connection, arriving from the network (or over lo). */
export interface PacketFacts {
  readonly family: 4 | 6;
  readonly transport: 'tcp' | 'udp';
  readonly port: number;
  /** The destination address when the socket is bound to one; null for a wildcard bind (any local address). */
  readonly daddr: string | null;
  /**
   * The input interface when it is known: 'lo' for a loopback bind, the device of a scoped bind.
   * null: some interface other than lo.
   */
  readonly iifname: string | null;
}

/** Whether a test holds: 'maybe' when it depends on something a static reading cannot see. */
export type Tri = 'yes' | 'no' | 'maybe';

/** The packets to evaluate for a socket: the main one, and IPv4 for a wildcard IPv6 socket (dual-stack unless V6ONLY). */
export interface PacketPlan {
  readonly main: PacketFacts;
  readonly dualStackV4: PacketFacts | null;
}

function isLoopback(address: string, family: 4 | 6): boolean {
  return family === 4 ? address.startsWith('127.') : address === '::1';
}

/**
 * Which packets reach a socket. A loopback bind is reached only over lo; any other bind is evaluated for traffic from
 * the network (some interface other than lo, or the bound device). An IPv4-mapped bind is plain IPv4.
 * @example packetPlan({ transport: 'tcp', family: 4, address: '127.0.0.1', port: 631 }).main.iifname // 'lo'
 */
export function packetPlan(socket: SocketView): PacketPlan {
  let family = socket.family;
  let address = socket.address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (family === 6 && mapped !== null) {
    family = 4;
    address = mapped[1] as string;
  }
  const wildcard = address === '0.0.0.0' || address === '::';
  const scope = socket.scope ?? null;
  const base = { transport: socket.transport, port: socket.port };
  const iifname = isLoopback(address, family) ? 'lo' : scope;
  const main: PacketFacts = { ...base, family, daddr: wildcard ? null : address, iifname };
  const dualStackV4 = family === 6 && address === '::' ? { ...main, family: 4 as const } : null;
  return { main, dualStackV4 };
}

const L4_NUMBERS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '33': 'dccp',
  '58': 'ipv6-icmp',
  '132': 'sctp',
  '136': 'udplite',
  icmpv6: 'ipv6-icmp',
  icmp6: 'ipv6-icmp',
};

/**
 * A protocol name or number as the canonical lower-case name the tests compare ('6' → 'tcp', 'icmpv6' → 'ipv6-icmp').
 * @example l4Name('17') // 'udp'
 */
export function l4Name(text: string): string {
  const lower = text.toLowerCase();
  return L4_NUMBERS[lower] ?? lower;
}

function wildcardMatch(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function iifTest(patterns: readonly string[], iif: string | null): Tri {
  if (iif !== null) return patterns.some((p) => wildcardMatch(p, iif)) ? 'yes' : 'no';
  // Some interface other than lo: only an exact 'lo' is known not to match.
  return patterns.every((p) => p === 'lo') ? 'no' : 'maybe';
}

function bytesOf(text: string): Uint8Array | null {
  return parseIPv4(text) ?? parseIPv6(text);
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function inPrefix(addr: Uint8Array, net: Uint8Array, len: number): boolean {
  for (let bit = 0; bit < len; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((addr[bit >> 3] ?? 0) & mask) !== ((net[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

function blockTest(block: string, addr: Uint8Array): Tri {
  const dash = block.indexOf('-');
  if (dash > 0) {
    const from = bytesOf(block.slice(0, dash));
    const to = bytesOf(block.slice(dash + 1));
    if (from === null || to === null) return 'maybe';
    if (from.length !== addr.length) return 'no';
    return compare(addr, from) >= 0 && compare(addr, to) <= 0 ? 'yes' : 'no';
  }
  const [net, lenText] = block.split('/');
  const bytes = bytesOf(net ?? '');
  if (bytes === null) return 'maybe';
  if (bytes.length !== addr.length) return 'no';
  const len = lenText === undefined ? bytes.length * 8 : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bytes.length * 8) return 'maybe';
  return inPrefix(addr, bytes, len) ? 'yes' : 'no';
}

function daddrTest(blocks: readonly string[], daddr: string | null): Tri {
  const addr = daddr === null ? null : bytesOf(daddr);
  if (addr === null) return 'maybe';
  const results = blocks.map((b) => blockTest(b, addr));
  if (results.includes('yes')) return 'yes';
  return results.includes('maybe') ? 'maybe' : 'no';
}

// Conntrack status bits a new connection's first packet, addressed to the socket itself, does not have.
const ABSENT_STATUS = new Set(['dnat', 'snat', 'seen-reply', 'assured', 'confirmed', 'dying']);
const ABSENT_CTSTATE = new Set(['established', 'related', 'invalid', 'untracked', 'dnat', 'snat']);

function valueTest(cond: Extract<Cond, { kind: 'value' }>, p: PacketFacts): Tri {
  const has = (v: string): boolean => cond.values.includes(v);
  switch (cond.key) {
    case 'nfproto':
      return has(p.family === 4 ? 'ipv4' : 'ipv6') ? 'yes' : 'no';
    case 'l4proto':
      return has(p.transport) ? 'yes' : 'no';
    case 'iifname':
      return iifTest(cond.values, p.iifname);
    case 'ctstate':
      if (has('new')) return 'yes';
      return cond.values.every((v) => ABSENT_CTSTATE.has(v)) ? 'no' : 'maybe';
    case 'ctstatus':
      return cond.values.every((v) => ABSENT_STATUS.has(v)) ? 'no' : 'maybe';
    case 'dsttype':
      // The destination of a packet to a listening socket is a local address ('local' route type).
      return has('local') ? 'yes' : 'no';
    case 'pkttype':
      return has('host') ? 'yes' : 'no';
  }
}

function negated(result: Tri, negate: boolean): Tri {
  if (!negate || result === 'maybe') return result;
  return result === 'yes' ? 'no' : 'yes';
}

/**
 * Whether one test holds for the packet.
 * @example condHolds({ kind: 'dport', ranges: [[1000, 2000]], negate: false }, facts) // 'yes' for port 1500
 */
export function condHolds(cond: Cond, p: PacketFacts): Tri {
  switch (cond.kind) {
    case 'value':
      return negated(valueTest(cond, p), cond.negate);
    case 'dport': {
      const inside = cond.ranges.some(([from, to]) => p.port >= from && p.port <= to);
      return negated(inside ? 'yes' : 'no', cond.negate);
    }
    case 'daddr':
      return negated(daddrTest(cond.blocks, p.daddr), cond.negate);
    case 'const':
      return cond.value ? 'yes' : 'no';
    case 'opaque':
      return 'maybe';
  }
}

/**
 * Whether all tests of a rule hold: 'no' as soon as one fails, 'maybe' when one cannot be decided.
 * @example ruleMatches(rule.conds, facts)
 */
export function ruleMatches(conds: readonly Cond[], p: PacketFacts): Tri {
  let result: Tri = 'yes';
  for (const c of conds) {
    const r = condHolds(c, p);
    if (r === 'no') return 'no';
    if (r === 'maybe') result = 'maybe';
  }
  return result;
}
