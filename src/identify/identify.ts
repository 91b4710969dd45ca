/**
 * Service identification of one open port, like nmap -sV: listen for a banner, try TLS when the service is
 * silent, then send probes — those meant for this port first, then by rarity — until a signature matches.
 * Every connection and read is capped (stream.ts); a hostile service costs at most the caps.
 */
import { NetworkError } from '../core/errors.js';
import type { ServiceInfo } from '../core/service.js';
import type { Transport } from '../core/socket.js';
import { exchangeDatagram } from '../protocols/net/datagram.js';
import { openStream, type Stream } from '../protocols/net/stream.js';
import { printable, serviceFromMatch, type SignatureMatch, type SignatureMatcher } from './match.js';
import type { Probe, SignatureData } from './types.js';

export interface IdentifyOptions {
  readonly data: SignatureData;
  readonly matcher: SignatureMatcher;
  readonly signal?: AbortSignal;
  /** Connect and TLS handshake deadline. */
  readonly connectTimeoutMs?: number;
  /** How long a silent service is given to speak first (nmap's NULL probe). */
  readonly bannerWaitMs?: number;
  /** How long each probe's reply is awaited, unless the probe says. */
  readonly probeWaitMs?: number;
  /** Probes up to this rarity are tried on any port (1–9, like nmap's --version-intensity; default 7). */
  readonly intensity?: number;
  /** At most this many probes after the banner. */
  readonly maxProbes?: number;
  /** The name the port number suggests (IANA / knowledge base), the last resort. */
  readonly portName?: (port: number, transport: Transport) => string | null;
}

const DEFAULTS = { connectTimeoutMs: 5_000, bannerWaitMs: 3_000, probeWaitMs: 2_500, intensity: 7, maxProbes: 8 };
/** Bytes of a reply looked at. */
const REPLY_CAP = 64 * 1024;

interface Attempt {
  readonly reply: Uint8Array;
  readonly closedEarly: boolean;
}

/** Send `payload` (maybe nothing) on a fresh connection and collect the reply until the wait ends or the peer closes. */
async function exchange(
  host: string,
  port: number,
  payload: Uint8Array,
  tls: boolean,
  waitMs: number,
  o: Required<Pick<IdentifyOptions, 'connectTimeoutMs'>> & Pick<IdentifyOptions, 'signal'>,
): Promise<Attempt> {
  const stream: Stream = await openStream({
    host,
    port,
    tls,
    ...(o.signal !== undefined && { signal: o.signal }),
    limits: { connectTimeoutMs: o.connectTimeoutMs, readTimeoutMs: waitMs, maxBytes: REPLY_CAP * 4 },
  });
  try {
    if (payload.length > 0) stream.write(payload);
    const reply = await stream.readAvailable(waitMs, REPLY_CAP);
    return { reply, closedEarly: stream.closed };
  } finally {
    stream.close();
  }
}

/** A function, so the compiler does not narrow a signal's state across awaits. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function bannerText(reply: Uint8Array): string | undefined {
  if (reply.length === 0) return undefined;
  const text = printable(Buffer.from(reply.subarray(0, 512)).toString('latin1')).trim();
  return text === '' ? undefined : text;
}

/** Probes to try on a TCP port, best first: meant for this port, then by rarity. */
export function probeOrder(data: SignatureData, port: number, tls: boolean, intensity: number): Probe[] {
  const mine = (p: Probe): boolean => p.ports.includes(port) || (tls && p.tlsPorts.includes(port));
  return data.probes
    .filter((p) => p.transport === 'tcp' && p.name !== 'banner' && (mine(p) || p.rarity <= intensity))
    .sort((a, b) => Number(mine(b)) - Number(mine(a)) || a.rarity - b.rarity);
}

function fallback(
  port: number,
  transport: Transport,
  tls: boolean,
  banner: string | undefined,
  o: IdentifyOptions,
): ServiceInfo {
  const name = o.portName?.(port, transport) ?? null;
  return {
    service: name ?? 'unknown',
    tls,
    method: 'port',
    confidence: name === null ? 0 : 3,
    ...(banner !== undefined && { banner }),
  };
}

/**
 * What answers on an open TCP port. Never throws for network trouble: what could not be learned falls back to
 * the port's usual name.
 * @example (await identifyTcp('127.0.0.1', 21, { data, matcher })).product // 'vsftpd'
 */
export async function identifyTcp(host: string, port: number, options: IdentifyOptions): Promise<ServiceInfo> {
  const o = { ...DEFAULTS, ...options };
  const io = { connectTimeoutMs: o.connectTimeoutMs, ...(o.signal !== undefined && { signal: o.signal }) };
  let soft: { match: SignatureMatch; tls: boolean; method: ServiceInfo['method'] } | null = null;
  let banner: string | undefined;
  let tls = false;

  try {
    const first = await exchange(host, port, new Uint8Array(), false, o.bannerWaitMs, io);
    banner = bannerText(first.reply);
    const m = o.matcher.match('banner', first.reply);
    if (m !== null && !m.soft) return serviceFromMatch(m, 'banner', false, banner);
    if (m !== null) soft = { match: m, tls: false, method: 'banner' };
    if (first.reply.length === 0) {
      // A silent service may be waiting for a TLS ClientHello.
      try {
        const inside = await exchange(host, port, new Uint8Array(), true, Math.min(1_000, o.bannerWaitMs), io);
        tls = true;
        const tm = o.matcher.match('banner', inside.reply);
        banner = bannerText(inside.reply) ?? banner;
        if (tm !== null && !tm.soft) return serviceFromMatch(tm, 'banner', true, banner);
        if (tm !== null) soft = { match: tm, tls: true, method: 'banner' };
      } catch (err) {
        if (aborted(o.signal)) throw err;
      }
    }
  } catch (err) {
    if (aborted(o.signal)) throw err;
    if (!(err instanceof NetworkError)) throw err;
    // Refused or reset at once: nothing to learn from the banner; the probes may still get an answer.
  }

  let tried = 0;
  for (const probe of probeOrder(o.data, port, tls, o.intensity)) {
    if (tried >= o.maxProbes || aborted(o.signal)) break;
    // After a soft match only probes that can name that service (and refine it) are worth their time.
    if (soft !== null && !o.matcher.servicesOf(probe.name).has(soft.match.service)) continue;
    tried += 1;
    try {
      const payload = Buffer.from(probe.payloadHex, 'hex');
      const attempt = await exchange(host, port, payload, tls, probe.waitMs ?? o.probeWaitMs, io);
      const only = soft === null ? undefined : new Set([soft.match.service]);
      const m = o.matcher.match(probe.name, attempt.reply, only);
      banner ??= bannerText(attempt.reply);
      // "Something speaks TLS here" that the handshake above could not complete (SSLv3 only, odd suites): a hint.
      if (m?.service === 'ssl' && !tls) {
        soft ??= { match: { ...m, soft: true }, tls: false, method: 'probe' };
        continue;
      }
      if (m !== null && !m.soft) return serviceFromMatch(m, 'probe', tls, banner);
      if (m !== null && soft === null) soft = { match: m, tls, method: 'probe' };
    } catch (err) {
      if (aborted(o.signal)) throw err;
      if (!(err instanceof NetworkError)) throw err;
    }
  }
  if (soft !== null) return serviceFromMatch(soft.match, soft.method, soft.tls, banner);
  return fallback(port, 'tcp', tls, banner, o);
}

/**
 * What answers on a UDP port that replied to the scan: the scan's own protocol probe already named it; UDP
 * probes of the signature data may add product and version.
 */
export async function identifyUdp(
  host: string,
  port: number,
  scanService: string | null,
  options: IdentifyOptions,
): Promise<ServiceInfo> {
  const o = { ...DEFAULTS, ...options };
  const base: ServiceInfo =
    scanService === null
      ? fallback(port, 'udp', false, undefined, o)
      : { service: scanService, tls: false, method: 'probe', confidence: 10 };
  // Once the scan's own probe proved the service, only probes that can tell its product are worth sending.
  const probes = o.data.probes.filter(
    (p) =>
      p.transport === 'udp' &&
      p.ports.includes(port) &&
      (scanService === null || o.matcher.refines(p.name, scanService)),
  );
  for (const probe of probes.slice(0, o.maxProbes)) {
    try {
      const reply = await exchangeDatagram({
        host,
        port,
        payload: Buffer.from(probe.payloadHex, 'hex'),
        timeoutMs: probe.waitMs ?? o.probeWaitMs,
        retries: 1,
        ...(o.signal !== undefined && { signal: o.signal }),
      });
      if (reply === null) continue;
      const m = o.matcher.match(probe.name, reply);
      if (m !== null && (scanService === null || m.service === scanService || !m.soft)) {
        return serviceFromMatch(m, 'probe', false);
      }
    } catch (err) {
      if (aborted(o.signal)) throw err;
      if (!(err instanceof NetworkError)) throw err;
    }
  }
  return base;
}
