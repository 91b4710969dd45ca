/**
 * etcd client I/O: one HTTP/1.1 request with an optional JSON body over a capped stream (plain or TLS), read
 * until the response is complete, the peer closes, the cap or the deadline. Client certificates are never sent.
 */
import { NetworkError } from '../../core/errors.js';
import { buildRequest, hostHeader, looksLikeHttp, parseResponse, type HttpResponse } from '../http/codec.js';
import { withStream } from '../net/stream.js';
import { isHttpToHttpsAnswer } from './codec.js';

export interface EtcdTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const CAP = 128 * 1024;

/** Send `method path` (with `body` as JSON) and return the response; BAD_REPLY when the answer is not HTTP. */
export async function etcdRequest(
  target: EtcdTarget,
  method: string,
  path: string,
  body?: string,
): Promise<HttpResponse> {
  const deadline = Date.now() + target.timeoutMs;
  return withStream(
    {
      host: target.host,
      port: target.port,
      tls: target.tls,
      ...(target.signal !== undefined && { signal: target.signal }),
      limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: CAP + 65_536 },
    },
    async (s) => {
      const headers: [string, string][] =
        body === undefined
          ? []
          : [
              ['Content-Type', 'application/json'],
              ['Content-Length', String(Buffer.byteLength(body))],
            ];
      s.write(
        buildRequest({ method, path, host: hostHeader(target.host, target.port, target.tls), headers }) + (body ?? ''),
      );
      let bytes: Uint8Array = new Uint8Array();
      let ended = false;
      for (;;) {
        try {
          const chunk = await s.read((b) => Math.min(b.length, CAP - bytes.length), Math.max(1, deadline - Date.now()));
          bytes = Buffer.concat([bytes, chunk]);
        } catch (err) {
          if (err instanceof NetworkError && err.code === 'NETWORK' && bytes.length > 0) {
            ended = true;
            break;
          }
          throw err;
        }
        if (bytes.length >= CAP) break;
        if (bytes.length >= 6 && !looksLikeHttp(bytes)) break;
        if (parseResponse(bytes, false)?.complete === true) break;
      }
      const response = parseResponse(bytes, ended);
      if (response === null) {
        throw new NetworkError(
          'BAD_REPLY',
          looksLikeHttp(bytes) ? 'an incomplete HTTP response' : 'the service does not answer in HTTP',
        );
      }
      return response;
    },
  );
}

/**
 * The same request over plain HTTP first, then TLS when the port turns out to be TLS (a TLS server answering
 * "Client sent an HTTP request to an HTTPS server", or no HTTP at all); `tlsFirst` reverses the order.
 */
export async function etcdRequestAnyTls(
  target: Omit<EtcdTarget, 'tls'>,
  tlsFirst: boolean,
  method: string,
  path: string,
  body?: string,
): Promise<{ response: HttpResponse; tls: boolean }> {
  const order = tlsFirst ? [true, false] : [false, true];
  let lastError: unknown = null;
  for (const tls of order) {
    try {
      const response = await etcdRequest({ ...target, tls }, method, path, body);
      if (!tls && isHttpToHttpsAnswer(response.status, response.body)) continue;
      return { response, tls };
    } catch (err) {
      if (!(err instanceof NetworkError) || err.code === 'TIMEOUT') throw err;
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new NetworkError('BAD_REPLY', 'the service does not answer in HTTP');
}
