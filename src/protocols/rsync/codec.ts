/**
 * The rsync daemon's text handshake (rsync's clientserver.c, port 873): the `@RSYNCD: <protocol>[.<sub>]
 * [digests]` greeting both sides exchange, the module list the daemon sends for an empty module name, and its
 * answer to a module request (`@RSYNCD: OK`, `@RSYNCD: AUTHREQD <challenge>`, `@ERROR: …`). No I/O here.
 */

/** A daemon greeting. */
export interface RsyncGreeting {
  /** Protocol version, e.g. 31 (rsync 3.1+), 30 (3.0), 29 (2.6.x). */
  readonly protocol: number;
  readonly subprotocol: number;
  /** Checksum digests offered (protocol 31+ daemons of rsync 3.2+), e.g. ['sha512', 'md5', 'md4']. */
  readonly digests: readonly string[];
}

/**
 * Parse the daemon's first line; null unless it is an @RSYNCD greeting.
 * @example parseGreeting('@RSYNCD: 31.0 sha512 sha256 sha1 md5 md4\n')?.protocol // 31
 */
export function parseGreeting(line: string): RsyncGreeting | null {
  const m = /^@RSYNCD: (\d{1,3})(?:\.(\d{1,3}))?((?: [A-Za-z0-9_-]{1,32}){0,16})\s*$/.exec(line.replace(/\r?\n$/, ''));
  if (m === null) return null;
  return {
    protocol: Number(m[1]),
    subprotocol: m[2] === undefined ? 0 : Number(m[2]),
    digests: (m[3] ?? '').split(' ').filter((d) => d !== ''),
  };
}

/** Our greeting: the protocol we claim (never above what the daemon offered), no digest list. */
export function clientGreeting(serverProtocol: number): string {
  return `@RSYNCD: ${Math.max(20, Math.min(31, serverProtocol))}.0\n`;
}

/** The rsync releases a protocol version first shipped in, for the report. */
export function rsyncReleaseFor(protocol: number): string | null {
  if (protocol >= 32) return '3.4 or later';
  if (protocol === 31) return '3.1 or later';
  if (protocol === 30) return '3.0.x';
  if (protocol === 29) return '2.6.4–2.6.9';
  if (protocol >= 26 && protocol <= 28) return '2.6.0–2.6.3';
  return null;
}

/** One line of the module list: `name<spaces>\t<comment>`. */
export interface RsyncModule {
  readonly name: string;
  readonly comment: string;
}

/** A line of the module listing; null for @RSYNCD/@ERROR control lines and blank lines. */
export function parseModuleLine(line: string): RsyncModule | null {
  const text = line.replace(/\r?\n$/, '');
  if (text.startsWith('@') || text.trim() === '') return null;
  const tab = text.indexOf('\t');
  const name = (tab < 0 ? text : text.slice(0, tab)).trim();
  // Module names cannot hold '/' or ']' and never start with '#'; anything else is a motd line.
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > 128 || /[\]/\x00-\x1f]/.test(name) || name.startsWith('#')) return null;
  return {
    name,
    comment:
      tab < 0
        ? ''
        : text
            .slice(tab + 1)
            // eslint-disable-next-line no-control-regex
            .replace(/[\x00-\x1f\x7f]/g, '')
            .trim(),
  };
}

/** What the daemon said to a module request. */
export type ModuleReply =
  | { readonly kind: 'ok' }
  | { readonly kind: 'auth-required'; readonly challenge: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'exit' };

/** Parse an @-line answering a module request; null for any other line (motd text). */
export function parseModuleReply(line: string): ModuleReply | null {
  // eslint-disable-next-line no-control-regex
  const text = line.replace(/\r?\n$/, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
  if (text === '@RSYNCD: OK') return { kind: 'ok' };
  if (text === '@RSYNCD: EXIT') return { kind: 'exit' };
  const auth = /^@RSYNCD: AUTHREQD ?(\S*)/.exec(text);
  if (auth !== null) return { kind: 'auth-required', challenge: auth[1] ?? '' };
  if (text.startsWith('@ERROR')) return { kind: 'error', message: text.replace(/^@ERROR:?\s*/, '').slice(0, 200) };
  return null;
}

/** Whether the module list is over. */
export function isListEnd(line: string): boolean {
  return /^@RSYNCD: EXIT\r?\n?$/.test(line);
}
