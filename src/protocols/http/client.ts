/**
 * One HTTP/1.1 exchange over a capped stream (plain or TLS): send a request, read the response until it is
 * complete, the peer closes, the byte cap is reached or the deadline passes. A slow server costs at most the
 * deadline; an endless one at most the cap. Redirects are never followed.
 */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import { buildRequest, hostHeader, looksLikeHttp, parseResponse, type HttpResponse } from './codec.js';

export interface HttpTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Deadline of the whole exchange. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Response bytes read at most (head and body); default 256 KiB. */
  readonly maxBytes?: number;
}

/** Ports where HTTP is spoken inside TLS from the first byte (IANA: https, and common alternates). */
const HTTPS_PORTS = new Set([443, 4443, 8443, 9443, 10250, 2376, 5986]);

/**
 * Whether to speak TLS to a web port: identification found TLS or named https, or (unidentified) the port is a
 * usual HTTPS port.
 */
export function isHttpsPort(port: number, service: { service: string; tls: boolean } | null): boolean {
  if (service !== null) return service.tls || service.service === 'https';
  return HTTPS_PORTS.has(port);
}

/**
 * Send `method path` and return the parsed response (possibly with a truncated body).
 * Throws NetworkError on connection trouble and BAD_REPLY when the answer is not HTTP.
 * @example (await httpRequest(t, 'GET', '/')).status // 200
 */
export async function httpRequest(
  target: HttpTarget,
  method: string,
  path: string,
  headers: readonly (readonly [string, string])[] = [],
  /** A request body (sent with its Content-Length), e.g. a SOAP envelope. */
  body?: string,
): Promise<HttpResponse> {
  const cap = target.maxBytes ?? 256 * 1024;
  const deadline = Date.now() + target.timeoutMs;
  const stream = await openStream({
    host: target.host,
    port: target.port,
    tls: target.tls,
    ...(target.signal !== undefined && { signal: target.signal }),
    // The stream's own cap is a backstop; this loop stops at `cap` first.
    limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: cap + 65_536 },
  });
  try {
    const all =
      body === undefined ? headers : [...headers, ['Content-Length', String(Buffer.byteLength(body))] as const];
    stream.write(
      buildRequest({ method, path, host: hostHeader(target.host, target.port, target.tls), headers: [...all] }) +
        (body ?? ''),
    );
    const data = await readResponse(stream, deadline, cap, method === 'HEAD');
    const response = parseResponse(data.bytes, data.ended);
    if (response === null) {
      throw new NetworkError(
        'BAD_REPLY',
        looksLikeHttp(data.bytes) || data.bytes.length === 0
          ? 'an incomplete HTTP response'
          : 'the service does not answer in HTTP',
      );
    }
    return response;
  } finally {
    stream.close();
  }
}

async function readResponse(
  stream: Stream,
  deadline: number,
  cap: number,
  head: boolean,
): Promise<{ bytes: Uint8Array; ended: boolean }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Uint8Array;
    try {
      chunk = await stream.read((b) => Math.min(b.length, cap - total), Math.max(1, deadline - Date.now()));
    } catch (err) {
      // The end of the stream ends a close-delimited response; a timeout keeps what arrived if it is a response.
      if (err instanceof NetworkError && (err.code === 'NETWORK' || err.code === 'TIMEOUT') && total > 0) {
        return { bytes: Buffer.concat(chunks), ended: err.code === 'NETWORK' };
      }
      throw err;
    }
    chunks.push(chunk);
    total += chunk.length;
    const bytes = Buffer.concat(chunks);
    if (total >= cap) return { bytes, ended: false };
    const parsed = parseResponse(bytes, false);
    if (parsed !== null && (parsed.complete || head)) return { bytes, ended: false };
    if (parsed === null && total >= 6 && !looksLikeHttp(bytes)) return { bytes, ended: false };
  }
}

/** Ports where web servers usually listen (plain and TLS). */
export const HTTP_PORTS = [80, 81, 443, 591, 3000, 5000, 8000, 8008, 8080, 8081, 8088, 8443, 8888, 9000, 9443];
export const HTTP_SERVICES = ['http', 'https', 'http-proxy', 'http-alt'];

/** The HTTP target of a check's port. */
export function httpTargetFor(
  host: string,
  port: number,
  service: { service: string; tls: boolean } | null,
  timeoutMs: number,
  signal?: AbortSignal,
): HttpTarget {
  return { host, port, tls: isHttpsPort(port, service), timeoutMs, ...(signal !== undefined && { signal }) };
}

/** A check outcome for a failed HTTP exchange: a non-HTTP service is not applicable, anything else an error. */
export function httpFailure(
  err: unknown,
): { status: 'not-applicable'; reason: string } | { status: 'error'; error: string } {
  if (err instanceof NetworkError) {
    if (err.code === 'BAD_REPLY' && /not answer in HTTP/.test(err.message)) {
      return { status: 'not-applicable', reason: err.message };
    }
    return { status: 'error', error: err.message };
  }
  throw err;
}
