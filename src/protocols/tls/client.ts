/**
 * TLS handshakes by hand over capped streams: offer one version and some suites, read what the server answers
 * until the point where encryption would start, and hang up. Enumerates versions and suites the way nmap's
 * ssl-enum-ciphers does (offer a list, remove the suite the server chose, offer again), and fetches the
 * certificate chain (in the clear up to TLS 1.2; through node:tls for TLS 1.3-only servers).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate } from 'node:tls';
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import {
  buildClientHello,
  buildSsl2ClientHello,
  CONTENT_ALERT,
  CONTENT_HANDSHAKE,
  HandshakeAssembler,
  HS_CERTIFICATE,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  parseAlert,
  parseCertificateMessage,
  parseServerHello,
  parseSsl2ServerHello,
  recordLength,
  SSL3,
  TlsParseError,
  TLS10,
  TLS11,
  TLS12,
  TLS13,
} from './codec.js';
import { negotiateStarttls, starttlsForPort, starttlsForService, type StarttlsProtocol } from './starttls.js';
import { CIPHER_SUITES } from './suites.js';

/** Where to handshake. */
export interface TlsTarget {
  readonly host: string;
  readonly port: number;
  /** Deadline of one whole exchange (connect, preamble, hello and reply). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Plaintext preamble before the hello, for STARTTLS services. */
  readonly starttls?: StarttlsProtocol;
  /** SNI; by default the host when it is a name (never an IP literal, RFC 6066 §3). */
  readonly serverName?: string;
}

/** What one hello got back. */
export type HelloResult =
  | {
      readonly kind: 'accepted';
      readonly version: number;
      readonly suite: number;
      /** DER certificates, leaf first, when asked for and sent in the clear (TLS ≤ 1.2). */
      readonly certificates: readonly Uint8Array[];
    }
  /** An alert, a close, or silence: the server will not do this version/suite set. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The reply is not TLS at all. */
  | { readonly kind: 'not-tls' };

/** The versions a check asks about, newest first. SSL 2.0 has its own probe. */
export const VERSIONS = [TLS13, TLS12, TLS11, TLS10, SSL3] as const;

/** Bytes one handshake exchange may bring (a long certificate chain fits). */
const MAX_FLIGHT = 256 * 1024;
/** Suites per hello: long lists break some servers (nmap uses 64 too). */
const CHUNK = 64;

function serverName(target: TlsTarget): string | undefined {
  if (target.serverName !== undefined) return target.serverName;
  return isIP(target.host) === 0 ? target.host : undefined;
}

async function connect(target: TlsTarget, deadline: number): Promise<Stream> {
  const left = Math.max(1, deadline - Date.now());
  const stream = await openStream({
    host: target.host,
    port: target.port,
    ...(target.signal !== undefined && { signal: target.signal }),
    limits: { connectTimeoutMs: left, readTimeoutMs: left, maxBytes: MAX_FLIGHT },
  });
  try {
    if (target.starttls !== undefined) await negotiateStarttls(stream, target.starttls, left);
  } catch (err) {
    stream.close();
    throw err;
  }
  return stream;
}

/** Suites worth offering for `version`. */
export function suitesFor(version: number): number[] {
  return CIPHER_SUITES.filter((s) => (version === TLS13 ? s.tls13 : !s.tls13 && (version >= TLS12 || !s.tls12))).map(
    (s) => s.code,
  );
}

/**
 * Offer `version` with `suites` and report what the server chose.
 * @example await sendHello(t, TLS12, [0xc02f]) // { kind: 'accepted', version: 0x0303, suite: 0xc02f, … }
 */
export async function sendHello(
  target: TlsTarget,
  version: number,
  suites: readonly number[],
  options: { certificates?: boolean } = {},
): Promise<HelloResult> {
  const deadline = Date.now() + target.timeoutMs;
  const stream = await connect(target, deadline);
  try {
    const name = serverName(target);
    stream.write(
      buildClientHello({
        version,
        suites,
        random: randomBytes(32),
        keyShare: randomBytes(32),
        ...(name !== undefined && { serverName: name }),
      }),
    );
    const assembler = new HandshakeAssembler();
    let hello: { version: number; suite: number } | null = null;
    for (;;) {
      let record: Uint8Array;
      try {
        record = await stream.read(recordLength, Math.max(1, deadline - Date.now()));
      } catch (err) {
        if (err instanceof TlsParseError) return { kind: 'not-tls' };
        if (err instanceof NetworkError && target.signal?.aborted !== true) {
          if (hello !== null) return { kind: 'accepted', ...hello, certificates: [] };
          return { kind: 'refused', reason: err.code === 'TIMEOUT' ? 'no answer' : 'connection closed' };
        }
        throw err;
      }
      const type = record[0];
      const body = record.subarray(5);
      if (type === CONTENT_ALERT) {
        if (hello !== null) return { kind: 'accepted', ...hello, certificates: [] };
        return { kind: 'refused', reason: parseAlert(body)?.name ?? 'alert' };
      }
      if (type !== CONTENT_HANDSHAKE) {
        // ChangeCipherSpec or encrypted data: the clear part of the flight is over.
        if (hello === null) return { kind: 'not-tls' };
        return { kind: 'accepted', ...hello, certificates: [] };
      }
      let messages;
      try {
        messages = assembler.push(body);
      } catch {
        return { kind: 'not-tls' };
      }
      for (const m of messages) {
        if (hello === null) {
          if (m.type !== HS_SERVER_HELLO) return { kind: 'not-tls' };
          try {
            const sh = parseServerHello(m.body);
            hello = { version: sh.version, suite: sh.suite };
            if (options.certificates !== true || sh.version >= TLS13 || sh.helloRetry) {
              return { kind: 'accepted', ...hello, certificates: [] };
            }
          } catch {
            return { kind: 'not-tls' };
          }
        } else if (m.type === HS_CERTIFICATE) {
          try {
            return { kind: 'accepted', ...hello, certificates: parseCertificateMessage(m.body) };
          } catch {
            return { kind: 'accepted', ...hello, certificates: [] };
          }
        } else if (m.type === HS_SERVER_HELLO_DONE) {
          return { kind: 'accepted', ...hello, certificates: [] };
        }
      }
    }
  } finally {
    stream.close();
  }
}

/** Whether the server completes an SSL 2.0 hello (it answers SERVER-HELLO). */
export async function acceptsSsl2(target: TlsTarget): Promise<boolean> {
  const deadline = Date.now() + target.timeoutMs;
  const stream = await connect(target, deadline);
  try {
    stream.write(buildSsl2ClientHello(randomBytes(16)));
    const reply = await stream.read(
      (b) => {
        if ((b[0] ?? 0) < 0x80) return b.length; // a TLS alert or anything else: not SSL 2.0
        if (b.length < 2) return -1;
        const n = 2 + ((((b[0] ?? 0) & 0x7f) << 8) | (b[1] ?? 0));
        return b.length >= n ? n : -1;
      },
      Math.max(1, deadline - Date.now()),
    );
    const hello = parseSsl2ServerHello(reply);
    return hello !== null && hello.ciphers.length > 0;
  } catch (err) {
    if (err instanceof NetworkError && target.signal?.aborted !== true) return false;
    throw err;
  } finally {
    stream.close();
  }
}

/** Whether the server accepts exactly `version` (it answers a ServerHello of that version). */
export async function acceptsVersion(target: TlsTarget, version: number): Promise<HelloResult> {
  const r = await sendHello(target, version, suitesFor(version));
  if (r.kind === 'accepted' && r.version !== version) return { kind: 'refused', reason: 'lower version chosen' };
  return r;
}

/**
 * Every suite of `version` the server accepts, in the order it chose them (its preference when it has one).
 * @example await acceptedSuites(t, TLS12) // [0xc030, 0xc02f, …]
 */
export async function acceptedSuites(target: TlsTarget, version: number): Promise<number[]> {
  const all = suitesFor(version);
  const accepted: number[] = [];
  for (let i = 0; i < all.length; i += CHUNK) {
    const left = all.slice(i, i + CHUNK);
    while (left.length > 0) {
      const r = await sendHello(target, version, left);
      if (r.kind !== 'accepted' || r.version !== version) break;
      const at = left.indexOf(r.suite);
      if (at < 0) break; // a suite we did not offer: stop rather than loop
      accepted.push(r.suite);
      left.splice(at, 1);
    }
  }
  return accepted;
}

function chainOf(peer: DetailedPeerCertificate | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  let cert: DetailedPeerCertificate | null = peer;
  const seen = new Set<string>();
  while (cert?.raw !== undefined && !seen.has(cert.fingerprint256) && out.length < 10) {
    seen.add(cert.fingerprint256);
    out.push(new Uint8Array(cert.raw));
    // Node types it as always present; a server that sends only its leaf leaves it unset.
    const next = cert.issuerCertificate as DetailedPeerCertificate | undefined;
    cert = next ?? null;
  }
  return out;
}

/**
 * The server's certificate chain (leaf first): read in the clear from a TLS ≤ 1.2 handshake, or through node:tls
 * when the server speaks only TLS 1.3 (whose certificate is encrypted). Empty when the server sends none.
 */
export async function fetchCertificates(target: TlsTarget): Promise<{ version: number; chain: Uint8Array[] }> {
  for (const version of [TLS12, TLS10, SSL3]) {
    const r = await sendHello(
      target,
      version,
      suitesFor(version).filter((c) => c !== 0),
      { certificates: true },
    );
    if (r.kind === 'not-tls') throw new NetworkError('BAD_REPLY', 'the service does not answer in TLS');
    if (r.kind === 'accepted' && r.certificates.length > 0) return { version: r.version, chain: [...r.certificates] };
    if (r.kind === 'accepted') break;
  }
  const deadline = Date.now() + target.timeoutMs;
  const name = serverName(target);
  const tlsOptions = name !== undefined ? { servername: name } : {};
  let stream: Stream;
  if (target.starttls === undefined) {
    stream = await openStream({
      host: target.host,
      port: target.port,
      tls: tlsOptions,
      ...(target.signal !== undefined && { signal: target.signal }),
      limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: MAX_FLIGHT },
    });
  } else {
    stream = await connect(target, deadline);
    try {
      await stream.startTls(tlsOptions);
    } catch (err) {
      stream.close();
      throw err;
    }
  }
  try {
    const socket = stream.tls;
    const protocol = socket?.getProtocol();
    return {
      version: protocol === 'TLSv1.3' ? TLS13 : protocol === 'TLSv1.2' ? TLS12 : protocol === 'TLSv1.1' ? TLS11 : TLS10,
      chain: chainOf(socket?.getPeerCertificate(true) ?? null),
    };
  } finally {
    stream.close();
  }
}

/**
 * How to reach TLS on a port: directly when identification found TLS (or nothing, on a non-STARTTLS port), with a
 * STARTTLS preamble when the service (or, unidentified, the port) is SMTP, POP3, IMAP or FTP.
 */
export function tlsTargetFor(
  host: string,
  port: number,
  service: { service: string; tls: boolean } | null,
  timeoutMs: number,
  signal?: AbortSignal,
): TlsTarget {
  const starttls =
    service === null ? starttlsForPort(port) : service.tls ? undefined : starttlsForService(service.service);
  return {
    host,
    port,
    timeoutMs,
    ...(signal !== undefined && { signal }),
    ...(starttls !== undefined && { starttls }),
  };
}
