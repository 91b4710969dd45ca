/** Redis RESP2/RESP3 (redis.io/docs/reference/protocol-spec): command encoding and a bounded reply parser. */

export type RespValue =
  | { readonly type: 'simple'; readonly value: string }
  | { readonly type: 'error'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'bulk'; readonly value: string | null }
  | { readonly type: 'array'; readonly value: readonly RespValue[] | null };

/** Encode a command as a RESP array of bulk strings. */
export function encodeCommand(...args: readonly string[]): Uint8Array {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

const MAX_DEPTH = 8;
const MAX_ELEMENTS = 10_000;

/**
 * Parse one reply from the start of `bytes`: the value and the bytes it used, null when more bytes are needed.
 * Throws RangeError when the bytes are not RESP.
 * @example parseReply(Buffer.from('+PONG\r\n')) // { value: { type: 'simple', value: 'PONG' }, length: 7 }
 */
export function parseReply(bytes: Uint8Array, offset = 0, depth = 0): { value: RespValue; length: number } | null {
  if (depth > MAX_DEPTH) throw new RangeError('RESP nested too deep');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eol = buf.indexOf('\r\n', offset, 'latin1');
  if (eol < 0) {
    if (buf.length - offset > 64 * 1024) throw new RangeError('RESP header line too long');
    return null;
  }
  const kind = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString('latin1', offset + 1, eol);
  const next = eol + 2;
  const count = (): number => {
    if (!/^-?\d{1,10}$/.test(line)) throw new RangeError(`bad RESP length ${line.slice(0, 20)}`);
    return Number(line);
  };
  switch (kind) {
    case '+':
      return { value: { type: 'simple', value: line }, length: next - offset };
    case '-':
      return { value: { type: 'error', value: line }, length: next - offset };
    case ':': {
      const n = count();
      return { value: { type: 'integer', value: n }, length: next - offset };
    }
    case '$':
    case '=': {
      const n = count();
      if (n < 0) return { value: { type: 'bulk', value: null }, length: next - offset };
      if (buf.length < next + n + 2) return null;
      return { value: { type: 'bulk', value: buf.toString('utf8', next, next + n) }, length: next + n + 2 - offset };
    }
    case '*':
    case '%': {
      let n = count();
      if (n < 0) return { value: { type: 'array', value: null }, length: next - offset };
      if (kind === '%') n *= 2;
      if (n > MAX_ELEMENTS) throw new RangeError('RESP array too long');
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(bytes, at, depth + 1);
        if (r === null) return null;
        items.push(r.value);
        at += r.length;
      }
      return { value: { type: 'array', value: items }, length: at - offset };
    }
    default:
      throw new RangeError(`not a RESP reply (starts with 0x${(buf[offset] ?? 0).toString(16)})`);
  }
}

/** Framer for Stream.read: the length of one complete reply, -1 for more. */
export function respLength(buffered: Uint8Array): number {
  return parseReply(buffered)?.length ?? -1;
}

/**
 * The `key:value` fields of an INFO reply (sections and comments skipped).
 * @example parseInfo('# Server\r\nredis_version:7.0.15\r\n').redis_version // '7.0.15'
 */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
