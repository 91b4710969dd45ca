/**
 * Asking a web port to act as a proxy: an absolute-form GET (RFC 9112 §3.2.2) and a CONNECT (RFC 9110 §9.3.6),
 * each read with the caps of the HTTP client. The CONNECT tunnel is tried with one HEAD request and closed.
 */
import { NetworkError } from '../../core/errors.js';
import { openStream } from '../net/stream.js';
import { buildRequest, looksLikeHttp, parseResponse, type HttpResponse } from '../http/codec.js';
import { httpRequest, type HttpTarget } from '../http/client.js';

/** GET `url` (absolute form) through the target. */
export function proxyGet(target: HttpTarget, url: string): Promise<HttpResponse> {
  if (!/^http:\/\/[^\s/]+\/\S*$/.test(url)) throw new RangeError('the proxy test URL must be http://host[:port]/path');
  return httpRequest(target, 'GET', url, []);
}

/** What a CONNECT got: the proxy's status and, when it opened a tunnel, the first line the far end answered. */
export interface ConnectResult {
  readonly status: number;
  readonly reason: string;
  readonly headers: HttpResponse['headers'];
  /** Status line of the HEAD sent through the tunnel, or null when there was no tunnel or no answer. */
  readonly tunnelReply: string | null;
}

/** Send `CONNECT authority` (host:port) and, on 2xx, one HEAD / through the tunnel. */
export async function proxyConnect(target: HttpTarget, authority: string): Promise<ConnectResult> {
  if (!/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(authority)) throw new RangeError('bad CONNECT authority');
  const stream = await openStream({
    host: target.host,
    port: target.port,
    tls: target.tls,
    ...(target.signal !== undefined && { signal: target.signal }),
    limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: 128 * 1024 },
  });
  try {
    stream.write(buildRequest({ method: 'CONNECT', path: authority, host: authority }));
    // The reply to CONNECT ends with its head (a 2xx has no body); read up to the blank line, 64 KiB at most.
    const head = await stream.read((b) => {
      const text = Buffer.from(b.subarray(0, 65_536)).toString('latin1');
      const end = text.search(/\r?\n\r?\n/);
      if (end >= 0) return end + (/\r\n\r\n/.test(text.slice(end, end + 4)) ? 4 : 2);
      if (b.length >= 6 && !looksLikeHttp(b))
        throw new NetworkError('BAD_REPLY', 'the service does not answer in HTTP');
      if (b.length > 65_536) throw new NetworkError('BAD_REPLY', 'an HTTP head longer than 64 KiB');
      return -1;
    });
    const parsed = parseResponse(head, true);
    if (parsed === null) throw new NetworkError('BAD_REPLY', 'the service does not answer in HTTP');
    let tunnelReply: string | null = null;
    if (parsed.status >= 200 && parsed.status < 300) {
      stream.write(buildRequest({ method: 'HEAD', path: '/', host: authority }));
      try {
        const line = await stream.readLine(1024);
        // eslint-disable-next-line no-control-regex
        tunnelReply = line.replace(/[\r\n]+$/, '').replace(/[\x00-\x1f\x7f]/g, '');
      } catch {
        tunnelReply = null;
      }
    }
    return { status: parsed.status, reason: parsed.reason, headers: parsed.headers, tunnelReply };
  } finally {
    stream.close();
  }
}
