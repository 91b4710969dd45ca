/**
 * Multicast DNS (RFC 6762) and DNS-Based Service Discovery (RFC 6763) on top of the DNS codec: a one-question query
 * with the unicast-response ("QU") bit, the names DNS-SD asks for, and what a reply tells (service types, instances,
 * SRV targets, addresses). mDNS replies put related records in the answer or the additional section; the DNS codec
 * reads answers, which is where legacy unicast replies (a query from a port other than 5353, RFC 6762 §6.7) carry
 * them in Avahi and mDNSResponder alike.
 */
import { DNS_CLASS_IN, DNS_TYPE, encodeQuery, type DnsMessage } from '../dns/codec.js';

/** The meta-query that lists every service type a responder announces (RFC 6763 §9). */
export const SERVICES_META = '_services._dns-sd._udp.local';
/** RFC 6762 §5.4: the top bit of the question class asks for a unicast response. */
export const QU_BIT = 0x8000;

/**
 * A query for `name`/`type` in class IN with the QU bit set.
 * @example encodeMdnsQuery(0x1234, SERVICES_META, DNS_TYPE.PTR) // 46 bytes
 */
export function encodeMdnsQuery(id: number, name: string, type: number): Uint8Array {
  return encodeQuery({ id, name, type, qclass: DNS_CLASS_IN | QU_BIT });
}

/**
 * The reverse-lookup name of an address: 'd.c.b.a.in-addr.arpa' or the nibble form under ip6.arpa; null if not an
 * address. Responders answer these for their own addresses (Avahi's publish-addresses), which names the host.
 * @example reverseName('203.0.113.217') // '217.113.0.203.in-addr.arpa'
 */
export function reverseName(address: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4 !== null) return `${v4.slice(1).reverse().join('.')}.in-addr.arpa`;
  if (!address.includes(':') || !/^[0-9a-f:]+$/i.test(address)) return null;
  const [head = '', tail = '', ...rest] = address.split('::');
  if (rest.length > 0) return null;
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const fill = address.includes('::') ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => g.length > 4)) return null;
  const nibbles = groups.map((g) => g.padStart(4, '0')).join('');
  return `${nibbles.split('').reverse().join('.')}.ip6.arpa`;
}

/**
 * A name in presentation form ('portwarden\032lab\032web._http._tcp.local.') back to text: \DDD and \X escapes
 * decoded, the bytes read as UTF-8 (DNS-SD instance names are UTF-8, RFC 6763 §4.1.1), the trailing dot dropped.
 * Control characters stay escaped so that evidence cannot carry terminal escapes.
 */
export function displayName(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name[i] ?? '';
    if (c === '\\' && /^\d{3}$/.test(name.slice(i + 1, i + 4))) {
      bytes.push(Number(name.slice(i + 1, i + 4)));
      i += 3;
    } else if (c === '\\' && i + 1 < name.length) {
      bytes.push(name.charCodeAt(i + 1) & 0xff);
      i += 1;
    } else {
      bytes.push(name.charCodeAt(i) & 0xff);
    }
  }
  const text = Buffer.from(bytes).toString('utf8').replace(/\.$/, '');
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, (ch) => `\\${String(ch.charCodeAt(0)).padStart(3, '0')}`);
}

/** The instance part of a service instance name: 'portwarden lab web' of 'portwarden\032lab\032web._http._tcp.local.'. */
export function instanceLabel(instance: string, serviceType: string): string {
  const suffix = `.${serviceType.replace(/\.$/, '')}.`;
  const name = instance.endsWith(suffix) ? instance.slice(0, -suffix.length) : instance;
  return displayName(name);
}

/** What one reply told: records by kind, with names in presentation form (trailing dot). */
export interface MdnsRecords {
  /** PTR records: owner → targets (service types under the meta-query, instances under a type, names under arpa). */
  readonly ptr: ReadonlyMap<string, readonly string[]>;
  /** SRV records: instance → target host and port. */
  readonly srv: ReadonlyMap<string, { readonly target: string; readonly port: number }>;
  /** TXT records: instance → text. */
  readonly txt: ReadonlyMap<string, string>;
  /** A and AAAA records: host name → addresses. */
  readonly addresses: ReadonlyMap<string, readonly string[]>;
}

const lower = (s: string): string => s.toLowerCase();

/** Sort a reply's records by kind (owner names lower-cased: DNS names compare case-insensitively). */
export function mdnsRecords(message: DnsMessage): MdnsRecords {
  const ptr = new Map<string, string[]>();
  const srv = new Map<string, { target: string; port: number }>();
  const txt = new Map<string, string>();
  const addresses = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, value: string): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    map.set(key, list);
  };
  for (const r of message.answers) {
    const owner = lower(r.name);
    if (r.type === DNS_TYPE.PTR && r.data !== '?') push(ptr, owner, r.data);
    else if (r.type === DNS_TYPE.SRV) {
      const m = /^\d+ \d+ (\d+) (\S+)$/.exec(r.data);
      if (m !== null) srv.set(owner, { port: Number(m[1]), target: m[2] ?? '' });
    } else if (r.type === DNS_TYPE.TXT) txt.set(owner, r.data);
    else if ((r.type === DNS_TYPE.A || r.type === DNS_TYPE.AAAA) && r.data !== '?') push(addresses, owner, r.data);
  }
  return { ptr, srv, txt, addresses };
}

/** Whether a PTR target under the meta-query is a service type ('_http._tcp.local.'), not something stray. */
export function isServiceType(name: string): boolean {
  return /^_[A-Za-z0-9-]{1,63}\._(?:tcp|udp)\.[^.]+(?:\.[^.]+)*\.$/.test(name);
}
