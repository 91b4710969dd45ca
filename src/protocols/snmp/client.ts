/**
 * Thin SNMP I/O for checks: one request and its response over UDP (connected socket, capped reply, retried once),
 * matched by request id. Encoding and parsing are the codec's.
 */
import { randomInt } from 'node:crypto';
import { exchangeDatagram } from '../net/datagram.js';
import {
  encodeSnmpRequest,
  encodeSnmpV3Discovery,
  parseSnmpResponse,
  parseSnmpV3Report,
  type SnmpResponse,
  type SnmpV3Report,
} from './codec.js';

export interface SnmpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** 0 = SNMPv1, 1 = SNMPv2c (the version field's values). */
export type CommunityVersion = 0 | 1;

async function exchange<T>(
  endpoint: SnmpEndpoint,
  payload: Uint8Array,
  parse: (reply: Uint8Array) => T | null,
): Promise<T | null> {
  const reply = await exchangeDatagram({
    host: endpoint.host,
    port: endpoint.port,
    payload,
    timeoutMs: endpoint.timeoutMs,
    retries: 1,
    ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
    accept: (r) => parse(r) !== null,
  });
  return reply === null ? null : parse(reply);
}

/**
 * GET `oids` with `community`; null when the agent stays silent (which is how agents refuse a wrong community).
 * @example await snmpGet({ host, port: 161, timeoutMs: 1500 }, 1, 'public', [SYSTEM_OIDS.sysDescr])
 */
export function snmpGet(
  endpoint: SnmpEndpoint,
  version: CommunityVersion,
  community: string,
  oids: readonly string[],
): Promise<SnmpResponse | null> {
  const requestId = randomInt(1, 0x7fffffff);
  const payload = encodeSnmpRequest({
    version,
    community,
    requestId,
    set: false,
    bindings: oids.map((oid) => ({ oid, value: null })),
  });
  return exchange(endpoint, payload, (r) => parseSnmpResponse(r, requestId));
}

/** SET one OCTET STRING variable; the response's errorStatus says whether the agent accepted it. */
export function snmpSetString(
  endpoint: SnmpEndpoint,
  version: CommunityVersion,
  community: string,
  oid: string,
  value: Uint8Array,
): Promise<SnmpResponse | null> {
  const requestId = randomInt(1, 0x7fffffff);
  const payload = encodeSnmpRequest({ version, community, requestId, set: true, bindings: [{ oid, value }] });
  return exchange(endpoint, payload, (r) => parseSnmpResponse(r, requestId));
}

/** The SNMPv3 discovery exchange (RFC 3414 §4); null when nothing answers. */
export function snmpDiscoverEngine(endpoint: SnmpEndpoint): Promise<SnmpV3Report | null> {
  const msgId = randomInt(1, 0x7fffffff);
  const payload = encodeSnmpV3Discovery(msgId, randomInt(1, 0x7fffffff));
  return exchange(endpoint, payload, (r) => parseSnmpV3Report(r, msgId));
}

/** The community list a check tries: public and private, then `extra` (comma-separated), without repeats, at most 16. */
export function communities(extra: string | undefined): string[] {
  const list = ['public', 'private', ...(extra ?? '').split(',').map((c) => c.trim())].filter((c) => c !== '');
  return [...new Set(list)].slice(0, 16);
}
