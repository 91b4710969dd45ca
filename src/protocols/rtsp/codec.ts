/**
 * RTSP 1.0 (RFC 2326) / 2.0 (RFC 7826) text messages: requests, and responses framed by their header block and
 * Content-Length, with a bounded parse of the SDP body (RFC 8866) a DESCRIBE returns.
 */

export interface RtspResponse {
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const MAX_HEAD = 16 * 1024;
const MAX_BODY = 64 * 1024;

/**
 * A request with CSeq and any extra headers.
 * @example encodeRequest('OPTIONS', 'rtsp://203.0.113.165:554/', 1)
 */
export function encodeRequest(
  method: string,
  uri: string,
  cseq: number,
  headers: Readonly<Record<string, string>> = {},
): Uint8Array {
  const lines = [`${method} ${uri} RTSP/1.0`, `CSeq: ${cseq}`, 'User-Agent: portwarden'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Framer: header block through CRLF CRLF plus Content-Length bytes; -1 for more. Throws on oversize. */
export function responseLength(buffered: Uint8Array): number {
  const b = Buffer.from(buffered.buffer, buffered.byteOffset, buffered.byteLength);
  const end = b.indexOf('\r\n\r\n');
  if (end < 0) {
    if (b.length > MAX_HEAD) throw new RangeError('an RTSP header block over 16 KiB');
    return -1;
  }
  const m = /\r\ncontent-length:[ \t]*(\d{1,9})/i.exec(b.toString('latin1', 0, end + 2));
  const bodyLength = m === null ? 0 : Number(m[1]);
  if (bodyLength > MAX_BODY) throw new RangeError(`an RTSP body of ${bodyLength} bytes`);
  return b.length >= end + 4 + bodyLength ? end + 4 + bodyLength : -1;
}

/** Parse one response as framed by responseLength; null when the status line is not RTSP. */
export function parseResponse(bytes: Uint8Array): RtspResponse | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const m = /^RTSP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(head[0] ?? '');
  if (m === null) return null;
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return {
    version: m[1] ?? '',
    status: Number(m[2]),
    reason: m[3] ?? '',
    headers,
    body: end < 0 ? '' : text.slice(end + 4),
  };
}

/** What an SDP description tells: session name and the media lines (`video 0 RTP/AVP 96`). */
export function parseSdp(body: string): { sessionName: string | null; media: string[] } | null {
  if (!/^v=0\r?$/m.test(body)) return null;
  const lines = body.split(/\r?\n/);
  const s = lines.find((l) => l.startsWith('s='));
  return {
    sessionName: s === undefined ? null : s.slice(2).slice(0, 200),
    media: lines
      .filter((l) => l.startsWith('m='))
      .map((l) => l.slice(2).slice(0, 100))
      .slice(0, 20),
  };
}

/** The authentication schemes a 401's WWW-Authenticate headers offer ('Basic', 'Digest'). */
export function authSchemes(response: RtspResponse): string[] {
  const value = response.headers['www-authenticate'] ?? '';
  return [...new Set([...value.matchAll(/(?:^|,\s*)(Basic|Digest|Bearer)\b/gi)].map((x) => x[1] ?? ''))];
}
