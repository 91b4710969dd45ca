/**
 * HTTP/1.x by hand (RFC 9110, RFC 9112): a request, and a tolerant parse of a response read off the wire —
 * status line, headers, a body de-chunked when needed — plus the small readers the checks share (title, Allow).
 * No I/O here. Parsers accept truncated input (a capped read) and never throw on hostile bytes.
 */

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** Host header value (RFC 9112 §3.2: required in HTTP/1.1). */
  readonly host: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/**
 * The bytes of an HTTP/1.1 request that asks the server to close after answering.
 * @example buildRequest({ method: 'GET', path: '/', host: 'example.test' }) // 'GET / HTTP/1.1\r\nHost: …'
 */
export function buildRequest(request: HttpRequest): string {
  const bad = /[\r\n]/;
  for (const v of [request.method, request.path, request.host, ...(request.headers ?? []).flat()]) {
    if (bad.test(v)) throw new RangeError('no line breaks in request fields');
  }
  const lines = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: ${request.host}`,
    'User-Agent: portwarden',
    'Accept: */*',
    'Connection: close',
    ...(request.headers ?? []).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The Host header for a target: IPv6 literals in brackets, the port when not the scheme's default. */
export function hostHeader(host: string, port: number, tls: boolean): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === (tls ? 443 : 80) ? h : `${h}:${port}`;
}

export interface HttpResponse {
  /** e.g. 'HTTP/1.1'. */
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  /** Header fields in order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body (de-chunked), possibly cut short by the read cap. */
  readonly body: Uint8Array;
  /** Whether the body is known to be complete (Content-Length met, last chunk seen). */
  readonly complete: boolean;
}

/** Header bytes allowed before the blank line. */
export const MAX_HEAD = 64 * 1024;
const MAX_HEADERS = 200;

/** Where the head ends (index after the blank line), or -1. Bare LF line ends are accepted (RFC 9112 §2.2). */
function headEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, MAX_HEAD);
  for (let i = 0; i < limit; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Whether `bytes` start like an HTTP response ("HTTP/" then a digit). */
export function looksLikeHttp(bytes: Uint8Array): boolean {
  return /^HTTP\/\d/.test(Buffer.from(bytes.subarray(0, 6)).toString('latin1'));
}

/**
 * Parse a response from the bytes read so far. `ended`: the connection closed (a close-delimited body is then
 * complete). Null when the head is not complete yet or is not HTTP.
 * @example parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi'), false)?.complete // true
 */
export function parseResponse(bytes: Uint8Array, ended: boolean): HttpResponse | null {
  if (!looksLikeHttp(bytes)) return null;
  const end = headEnd(bytes);
  if (end < 0) return null;
  const head = Buffer.from(bytes.subarray(0, end)).toString('latin1').split(/\r?\n/);
  const status = /^(HTTP\/\d(?:\.\d)?) +(\d{3})(?: (.*))?$/.exec(head[0] ?? '');
  if (status === null) return null;
  const headers: [string, string][] = [];
  for (const line of head.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (headers.length >= MAX_HEADERS) break;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const code = Number(status[2]);
  const raw = bytes.subarray(end);
  const base = { version: status[1] ?? 'HTTP/1.0', status: code, reason: status[3] ?? '', headers };
  // RFC 9112 §6.3: no body for 1xx, 204, 304 (and HEAD, which the caller knows).
  if (code < 200 || code === 204 || code === 304) return { ...base, body: new Uint8Array(0), complete: true };
  const te = header(base, 'transfer-encoding');
  if (te !== undefined && /chunked\s*$/i.test(te)) {
    const { body, complete } = dechunk(raw);
    return { ...base, body, complete };
  }
  const cl = header(base, 'content-length');
  if (cl !== undefined && /^\d+$/.test(cl)) {
    const n = Number(cl);
    return { ...base, body: raw.subarray(0, n), complete: raw.length >= n };
  }
  return { ...base, body: raw, complete: ended };
}

/** Decode a chunked body (RFC 9112 §7.1) as far as it goes. */
export function dechunk(raw: Uint8Array): { body: Uint8Array; complete: boolean } {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const nl = raw.indexOf(0x0a, at);
    if (nl < 0 || nl - at > 1024) break;
    const size = /^([0-9a-fA-F]{1,8})/.exec(Buffer.from(raw.subarray(at, nl)).toString('latin1'));
    if (size === null) break;
    const n = parseInt(size[1] ?? '0', 16);
    if (n === 0) return { body: Buffer.concat(parts), complete: true };
    const start = nl + 1;
    parts.push(raw.subarray(start, Math.min(raw.length, start + n)));
    if (start + n > raw.length) break;
    at = start + n;
    if (raw[at] === 0x0d) at += 1;
    if (raw[at] === 0x0a) at += 1;
  }
  return { body: Buffer.concat(parts), complete: false };
}

/** The value of the first header named `name` (case-insensitive), or undefined. */
export function header(response: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return response.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Every value of headers named `name`, in order. */
export function headerAll(response: Pick<HttpResponse, 'headers'>, name: string): string[] {
  const lower = name.toLowerCase();
  return response.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

/**
 * Methods listed in Allow (RFC 9110 §10.2.1) or Public headers, upper-cased and deduplicated.
 * @example parseMethodList(['GET, HEAD', 'put']) // ['GET', 'HEAD', 'PUT']
 */
export function parseMethodList(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    for (const m of v.split(',')) {
      const t = m.trim().toUpperCase();
      if (/^[A-Z][A-Z0-9_-]{0,31}$/.test(t)) out.add(t);
    }
  }
  return [...out];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decode the HTML character references that titles use (named basics and numeric). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * The page title: the text of the first <title> element, entities decoded, whitespace collapsed, at most 200
 * characters; null when there is none. The body is decoded as UTF-8 (latin1 if it is not valid UTF-8).
 * @example extractTitle(Buffer.from('<title> A &amp; B </title>')) // 'A & B'
 */
export function extractTitle(body: Uint8Array): string | null {
  const slice = Buffer.from(body.subarray(0, 256 * 1024));
  let text = slice.toString('utf8');
  if (text.includes('\ufffd')) text = slice.toString('latin1');
  const m = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(text);
  if (m === null) return null;
  const title = decodeEntities(m[1] ?? '')
    // eslint-disable-next-line no-control-regex -- control characters in a title are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return title.slice(0, 200);
}
