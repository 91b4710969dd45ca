/**
 * The small languages a policy file speaks: host words (an address, a network, a host name, "*") and port specs
 * (`22/tcp`, `80,443/tcp`, `53/udp`, `8000-8100/tcp`, `22`). Pure parsers and matchers; bad words are reported
 * as a problem key for the caller to place in the file.
 */
import { parseIPv4, parseIPv6 } from '../core/ip.js';
import type { MessageKey } from '../core/i18n.js';
import type { Transport } from '../core/socket.js';

export type HostMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'network'; readonly text: string; readonly bytes: Uint8Array; readonly prefix: number }
  | { readonly kind: 'name'; readonly name: string };

/** What a policy entry applies to: the union of its host words and its groups' members. */
export interface HostSelector {
  /** As written, for reports: "203.0.113.0/24, web". */
  readonly label: string;
  readonly matchers: readonly HostMatcher[];
}

/** A host as a run sees it: its name or address, (audits) the machine's own addresses, (imports) its names. */
export interface HostIdentity {
  readonly host: string;
  readonly addresses?: readonly string[];
  readonly hostnames?: readonly string[];
}

export interface PortRange {
  readonly transport: Transport;
  readonly from: number;
  readonly to: number;
}

/** A parse result: the value, or the catalogue key of what is wrong with the word. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: MessageKey };

/** Address bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the IPv4 address, as the kernel treats it. */
function addressBytes(text: string): Uint8Array | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return v4;
  const v6 = parseIPv6(text.replace(/%.*$/, ''));
  if (v6 === null) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/**
 * One host word of a policy: "*", an address, a network in CIDR notation, or a host name.
 * An address is a network of one address, so `203.0.113.5` and `203.0.113.5/32` match the same host.
 * @example parseHostWord('203.0.113.0/24') // { ok: true, value: { kind: 'network', prefix: 24, … } }
 */
export function parseHostWord(word: string): Parsed<HostMatcher> {
  const w = word.trim();
  if (w === '*') return { ok: true, value: { kind: 'any' } };
  const slash = w.indexOf('/');
  const addr = slash < 0 ? w : w.slice(0, slash);
  const bytes = addressBytes(addr);
  if (bytes === null) {
    // Something that looks like an address but is not one is a typo, not a host name.
    if (slash >= 0 || w.includes(':') || /^[\d.]+$/.test(w)) return { ok: false, problem: 'policy.error.address' };
    if (!HOST_NAME.test(w)) return { ok: false, problem: 'policy.error.hostName' };
    return { ok: true, value: { kind: 'name', name: w.toLowerCase().replace(/\.$/, '') } };
  }
  const bits = bytes.length * 8;
  const prefixText = slash < 0 ? String(bits) : w.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  // A mapped IPv6 network (::ffff:203.0.113.0/120) keeps its IPv4 length.
  const adjusted = bytes.length === 4 && addr.includes(':') && slash >= 0 ? prefix - 96 : prefix;
  if (!(adjusted >= 0 && adjusted <= bits)) return { ok: false, problem: 'policy.error.prefix' };
  return { ok: true, value: { kind: 'network', text: w, bytes, prefix: adjusted } };
}

function inNetwork(m: { bytes: Uint8Array; prefix: number }, bytes: Uint8Array): boolean {
  if (bytes.length !== m.bytes.length) return false;
  let left = m.prefix;
  for (let i = 0; left > 0; i++, left -= 8) {
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((m.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** True when a matcher matches the host: by name, by the host's address, or by one of the machine's addresses. */
export function matcherMatches(m: HostMatcher, host: HostIdentity): boolean {
  if (m.kind === 'any') return true;
  if (m.kind === 'name') {
    return [host.host, ...(host.hostnames ?? [])].some((text) => {
      const name = text.toLowerCase().replace(/\.$/, '');
      // "web1" matches the machine "web1.example.com", as hostname(1) may print either.
      return name === m.name || name.startsWith(`${m.name}.`) || m.name.startsWith(`${name}.`);
    });
  }
  for (const text of [host.host, ...(host.addresses ?? [])]) {
    const bytes = addressBytes(text);
    if (bytes !== null && inNetwork(m, bytes)) return true;
  }
  return false;
}

/** True when the selector matches the host; a missing selector (null) matches every host. */
export function selects(selector: HostSelector | null, host: HostIdentity): boolean {
  return selector === null || selector.matchers.some((m) => matcherMatches(m, host));
}

function parsePortNumber(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/**
 * A port spec of a policy: comma-separated ports and ranges, each optionally followed by /tcp, /udp or /sctp. A
 * protocol written after the last item applies to every item that has none; without any, TCP (as nmap's -p).
 * @example parsePortList('80,443/tcp') // two TCP ranges; parsePortList('53,123/udp') // two UDP ranges
 */
export function parsePortList(spec: string | number): Parsed<PortRange[]> {
  const items = String(spec)
    .split(',')
    .map((s) => s.trim());
  if (items.some((s) => s === '')) return { ok: false, problem: 'policy.error.port' };
  const last = items.at(-1) ?? '';
  const lastSlash = last.indexOf('/');
  const fallback = lastSlash < 0 ? 'tcp' : last.slice(lastSlash + 1).toLowerCase();
  const out: PortRange[] = [];
  for (const item of items) {
    const slash = item.indexOf('/');
    const body = slash < 0 ? item : item.slice(0, slash);
    const transport = slash < 0 ? fallback : item.slice(slash + 1).toLowerCase();
    if (transport !== 'tcp' && transport !== 'udp' && transport !== 'sctp') {
      return { ok: false, problem: 'policy.error.transport' };
    }
    const dash = body.indexOf('-');
    const from = parsePortNumber(dash < 0 ? body : body.slice(0, dash));
    const to = dash < 0 ? from : parsePortNumber(body.slice(dash + 1));
    if (from === null || to === null) return { ok: false, problem: 'policy.error.port' };
    if (from > to) return { ok: false, problem: 'policy.error.portRange' };
    out.push({ transport, from, to });
  }
  return { ok: true, value: out };
}

/** True when any range holds the port; a missing list (null) holds every port. */
export function portIn(ranges: readonly PortRange[] | null, transport: Transport, port: number): boolean {
  return ranges === null || ranges.some((r) => r.transport === transport && port >= r.from && port <= r.to);
}
