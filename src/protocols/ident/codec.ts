/** Ident (RFC 1413): the query for one connection and the parse of its reply line. Pure. */

/**
 * A query for the connection between `serverPort` (the port on the ident host) and `clientPort` (our end).
 * @example identQuery(22, 40000) // '22, 40000\r\n'
 */
export function identQuery(serverPort: number, clientPort: number): string {
  for (const p of [serverPort, clientPort]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new RangeError(`not a port: ${p}`);
  }
  return `${serverPort}, ${clientPort}\r\n`;
}

export type IdentReply =
  | {
      readonly kind: 'userid';
      readonly serverPort: number;
      readonly clientPort: number;
      readonly os: string;
      readonly charset: string | null;
      readonly userId: string;
    }
  | { readonly kind: 'error'; readonly serverPort: number; readonly clientPort: number; readonly error: string };

/**
 * Parse one reply line: `<port-pair> : USERID : <opsys>[,<charset>] : <user-id>` or `<port-pair> : ERROR : <error>`.
 * The user id may itself contain colons (RFC 1413: everything after the third colon). Null when malformed.
 * @example parseIdentReply('2026, 40000 : USERID : UNIX : news') // { kind: 'userid', userId: 'news', os: 'UNIX', … }
 */
export function parseIdentReply(line: string): IdentReply | null {
  const m = /^\s*(\d{1,5})\s*,\s*(\d{1,5})\s*:\s*(USERID|ERROR)\s*:\s*(.*?)\s*$/i.exec(line.replace(/\r?\n$/, ''));
  if (m === null) return null;
  const serverPort = Number(m[1]);
  const clientPort = Number(m[2]);
  const rest = m[4] ?? '';
  if ((m[3] ?? '').toUpperCase() === 'ERROR')
    return { kind: 'error', serverPort, clientPort, error: rest.trim().slice(0, 64) };
  const colon = rest.indexOf(':');
  if (colon < 0) return null;
  const [os = '', charset] = rest
    .slice(0, colon)
    .split(',')
    .map((s) => s.trim());
  const userId = rest
    .slice(colon + 1)
    .replace(/^ /, '')
    .slice(0, 512);
  if (os === '' || userId === '') return null;
  return { kind: 'userid', serverPort, clientPort, os, charset: charset ?? null, userId };
}
