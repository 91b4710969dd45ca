/**
 * Thin mDNS I/O: unicast DNS-SD questions to UDP 5353 of one host, from the scanner's own ephemeral port (a
 * "legacy unicast" query, RFC 6762 §6.7), each reply capped and matched on its id, the whole walk capped in
 * questions and time. Nothing is sent to the multicast group.
 */
import { randomInt } from 'node:crypto';
import { exchangeDatagram } from '../net/datagram.js';
import { DNS_TYPE, parseDnsMessage, type DnsMessage } from '../dns/codec.js';
import { SERVICES_META, encodeMdnsQuery, isServiceType, mdnsRecords, reverseName } from './codec.js';

export interface MdnsEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** One question and its reply (null when nothing answered). Throws NetworkError when the port is refused. */
export async function mdnsQuery(
  endpoint: MdnsEndpoint,
  name: string,
  type: number,
): Promise<{ message: DnsMessage; requestBytes: number; replyBytes: number } | null> {
  const id = randomInt(1, 0x10000);
  const payload = encodeMdnsQuery(id, name, type);
  const reply = await exchangeDatagram({
    host: endpoint.host,
    port: endpoint.port,
    payload,
    timeoutMs: endpoint.timeoutMs,
    retries: 1,
    ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
    accept: (r) => parseDnsMessage(r, 0)?.id === id,
  });
  if (reply === null) return null;
  const message = parseDnsMessage(reply);
  return message === null ? null : { message, requestBytes: payload.length, replyBytes: reply.length };
}

/** Caps of one discovery walk. */
export interface DiscoverLimits {
  readonly maxTypes: number;
  readonly maxInstances: number;
  /** Questions sent at most (the meta-query included). */
  readonly maxQueries: number;
}

export const DEFAULT_DISCOVER_LIMITS: DiscoverLimits = { maxTypes: 16, maxInstances: 32, maxQueries: 40 };

/** One service instance a responder announced. */
export interface MdnsInstance {
  /** Full instance name in presentation form. */
  readonly name: string;
  readonly serviceType: string;
  readonly target: string | null;
  readonly port: number | null;
  readonly txt: string | null;
}

/** What a DNS-SD walk found. */
export interface MdnsDiscovery {
  /** The meta-query drew an answer (even an empty one). */
  readonly answered: boolean;
  readonly serviceTypes: readonly string[];
  readonly instances: readonly MdnsInstance[];
  /** Host names from SRV targets and the reverse lookup of the target's address. */
  readonly hostNames: readonly string[];
  /** Addresses per host name from A/AAAA records. */
  readonly addresses: Readonly<Record<string, readonly string[]>>;
  readonly queries: number;
  /** Bytes of the meta-query and of its reply: the reflection ratio of one spoofed packet. */
  readonly metaRequestBytes: number;
  readonly metaReplyBytes: number;
  /** Reply bytes over all questions. */
  readonly totalReplyBytes: number;
}

/**
 * Ask the meta-query, then each service type for its instances, then SRV (and A/AAAA) for instances whose reply did
 * not carry them, and the reverse name of the host's address. Null when the meta-query and the reverse lookup both
 * go unanswered.
 * @example (await mdnsDiscover({ host: '203.0.113.217', port: 5353, timeoutMs: 2000 }))?.serviceTypes
 */
export async function mdnsDiscover(
  endpoint: MdnsEndpoint,
  limits: DiscoverLimits = DEFAULT_DISCOVER_LIMITS,
): Promise<MdnsDiscovery | null> {
  let queries = 0;
  let totalReplyBytes = 0;
  const ptr = new Map<string, string[]>();
  const srv = new Map<string, { target: string; port: number }>();
  const txt = new Map<string, string>();
  const addresses = new Map<string, string[]>();
  const ask = async (name: string, type: number): Promise<ReturnType<typeof mdnsQuery>> => {
    if (queries >= limits.maxQueries || endpoint.signal?.aborted === true) return null;
    queries++;
    const r = await mdnsQuery(endpoint, name, type);
    if (r === null) return null;
    totalReplyBytes += r.replyBytes;
    const recs = mdnsRecords(r.message);
    for (const [k, v] of recs.ptr) ptr.set(k, [...new Set([...(ptr.get(k) ?? []), ...v])]);
    for (const [k, v] of recs.srv) srv.set(k, v);
    for (const [k, v] of recs.txt) txt.set(k, v);
    for (const [k, v] of recs.addresses) addresses.set(k, [...new Set([...(addresses.get(k) ?? []), ...v])]);
    return r;
  };
  const meta = await ask(SERVICES_META, DNS_TYPE.PTR);
  const reverse = reverseName(endpoint.host);
  const rev = reverse === null ? null : await ask(reverse, DNS_TYPE.PTR);
  if (meta === null && rev === null) return null;
  const serviceTypes = (ptr.get(`${SERVICES_META}.`) ?? []).filter(isServiceType).slice(0, limits.maxTypes);
  const instances: { name: string; serviceType: string }[] = [];
  for (const type of serviceTypes) {
    if (!ptr.has(type.toLowerCase())) await ask(type, DNS_TYPE.PTR);
    for (const name of ptr.get(type.toLowerCase()) ?? []) {
      if (instances.length < limits.maxInstances) instances.push({ name, serviceType: type });
    }
  }
  for (const i of instances) if (!srv.has(i.name.toLowerCase())) await ask(i.name, DNS_TYPE.SRV);
  const hostNames: string[] = [];
  for (const i of instances) {
    const t = srv.get(i.name.toLowerCase())?.target;
    if (t !== undefined && t !== '?' && !hostNames.includes(t)) hostNames.push(t);
  }
  for (const n of reverse === null ? [] : (ptr.get(`${reverse.toLowerCase()}.`) ?? [])) {
    if (!hostNames.includes(n)) hostNames.push(n);
  }
  for (const n of hostNames) if (!addresses.has(n.toLowerCase())) await ask(n, DNS_TYPE.A);
  return {
    answered: meta !== null,
    serviceTypes,
    instances: instances.map((i) => {
      const s = srv.get(i.name.toLowerCase());
      return {
        name: i.name,
        serviceType: i.serviceType,
        target: s?.target ?? null,
        port: s?.port ?? null,
        txt: txt.get(i.name.toLowerCase()) ?? null,
      };
    }),
    hostNames,
    addresses: Object.fromEntries(hostNames.map((n) => [n, addresses.get(n.toLowerCase()) ?? []])),
    queries,
    metaRequestBytes: meta?.requestBytes ?? 0,
    metaReplyBytes: meta?.replyBytes ?? 0,
    totalReplyBytes,
  };
}
