/** POP2 (RFC 937, obsolete since 1988): the server greeting, the only thing a safe check needs to read. */

/** What a POP2 greeting tells. */
export interface Pop2Greeting {
  /** `+` ready, `-` the server refuses (busy, not allowed). */
  readonly ok: boolean;
  /** The host name the server gives, when it gives one. */
  readonly host: string | null;
  /** A version token such as UW ipop2d's `v2001.78`, when present. */
  readonly version: string | null;
  readonly text: string;
}

/**
 * Parse the first line a POP2 server sends (RFC 937: `+ POP2 <host> server ready`); null for anything else,
 * POP3's `+OK` included.
 * @example parsePop2Greeting('+ POP2 mail.example.org v2001.78 server ready\r\n') // { ok: true, host: 'mail.example.org', version: 'v2001.78', … }
 */
export function parsePop2Greeting(line: Uint8Array | string): Pop2Greeting | null {
  const text = (typeof line === 'string' ? line : Buffer.from(line).toString('latin1')).replace(/\r?\n$/, '');
  if (text.length > 1024 || /[\r\n\0]/.test(text)) return null;
  const m = /^([+-])[ \t]+POP2(?:[ \t]+(.*))?$/i.exec(text);
  if (m === null) return null;
  const rest = (m[2] ?? '').trim();
  const words = rest.split(/\s+/).filter((w) => w !== '');
  const version = words.find((w) => /^v?\d+(?:\.\d+)+[a-z]?$/i.test(w)) ?? null;
  const first = words[0];
  // The host comes first in RFC 937's greeting; "server" or a version there means the server left it out.
  const host = first !== undefined && first !== version && !/^(server|ready)$/i.test(first) ? first : null;
  return { ok: m[1] === '+', host, version, text: rest };
}
