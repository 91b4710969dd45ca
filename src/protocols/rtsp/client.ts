/** RTSP client I/O: one request, one capped response, on a connection the caller keeps open. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { encodeRequest, parseResponse, responseLength, type RtspResponse } from './codec.js';

/** Send a request and read its response (interleaved RTP is not expected: we never PLAY). */
export async function request(
  stream: Stream,
  method: string,
  uri: string,
  cseq: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<RtspResponse> {
  stream.write(encodeRequest(method, uri, cseq, headers));
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(responseLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message);
    throw err;
  }
  const response = parseResponse(bytes);
  if (response === null) throw new NetworkError('BAD_REPLY', 'not an RTSP response');
  return response;
}

/** The rtsp:// URI of a path on host:port (IPv6 literals bracketed). */
export function rtspUri(host: string, port: number, path: string): string {
  return `rtsp://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
}
