/**
 * Thin SSDP I/O: one unicast M-SEARCH to UDP 1900 of one host and every reply it draws (one datagram per device
 * and service), capped in datagrams, bytes and time by collectDatagrams. Nothing goes to the multicast group.
 */
import { collectDatagrams } from '../net/datagrams.js';
import { encodeMSearch, parseSsdpReply, type SsdpReply } from './codec.js';

export interface SsdpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface SsdpSearch {
  readonly replies: readonly SsdpReply[];
  readonly requestBytes: number;
  /** Bytes of every reply datagram (the reflected volume). */
  readonly replyBytes: number;
  readonly datagrams: number;
}

/**
 * Search for `ssdp:all` and collect the answers for about MX (1 s) after the first. Null when nothing answered;
 * throws NetworkError when the port is refused.
 * @example (await ssdpSearch({ host: '203.0.113.219', port: 1900, timeoutMs: 2000 }))?.replies[0]?.location
 */
export async function ssdpSearch(endpoint: SsdpEndpoint): Promise<SsdpSearch | null> {
  const payload = encodeMSearch(endpoint.host, endpoint.port);
  const collected = await collectDatagrams({
    host: endpoint.host,
    port: endpoint.port,
    payload,
    timeoutMs: endpoint.timeoutMs,
    // MX: 1 lets a device spread its answers over one second.
    windowMs: Math.min(endpoint.timeoutMs, 1_500),
    retries: 1,
    maxDatagrams: 64,
    maxBytes: 64 * 1024,
    ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
    accept: (r) => parseSsdpReply(r) !== null,
  });
  if (collected.totalDatagrams === 0) return null;
  return {
    replies: collected.replies.map((r) => parseSsdpReply(r)).filter((r): r is SsdpReply => r !== null),
    requestBytes: payload.length,
    replyBytes: collected.totalBytes,
    datagrams: collected.totalDatagrams,
  };
}
