/** Parsing what `portwarden explain` is asked about: ports, ranges and service names. */
import { usageError } from '../core/errors.js';
import type { Transport } from './types.js';

export type QueryItem =
  | { readonly kind: 'port'; readonly port: number; readonly transport?: Transport }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly transport?: Transport }
  | { readonly kind: 'name'; readonly name: string; readonly transport?: Transport };

const TRANSPORTS = new Set<string>(['tcp', 'udp', 'sctp']);

function parsePort(text: string, token: string): number {
  // Leading zeros are accepted ("0021"); anything above 65535 is refused, however written.
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > 65535) throw usageError('BAD_PORT_SPEC', 'error.portOutOfRange', { token });
  return n;
}

/**
 * Parse one or more arguments, each a comma-separated list of `PORT`, `FROM-TO` or `NAME`,
 * each optionally followed by `/tcp`, `/udp` or `/sctp`.
 * @example parseQuery(['21,23', '137/udp', '1-30', 'ftp'])
 */
export function parseQuery(args: readonly string[]): QueryItem[] {
  const tokens = args.flatMap((a) => a.split(',')).map((t) => t.trim());
  if (tokens.length === 0 || tokens.every((t) => t === '')) throw usageError('USAGE', 'error.emptyQuery');
  return tokens.map((token): QueryItem => {
    if (token === '') throw usageError('BAD_PORT_SPEC', 'error.badToken', { token: args.join(',') });
    const slash = token.lastIndexOf('/');
    const body = (slash < 0 ? token : token.slice(0, slash)).toLowerCase();
    let transport: Transport | undefined;
    if (slash >= 0) {
      const tr = token.slice(slash + 1).toLowerCase();
      if (!TRANSPORTS.has(tr)) throw usageError('BAD_PORT_SPEC', 'error.badTransport', { token });
      transport = tr as Transport;
    }
    const withTransport = <T extends object>(item: T): T => (transport === undefined ? item : { ...item, transport });
    if (/^\d+$/.test(body)) return withTransport({ kind: 'port' as const, port: parsePort(body, token) });
    const range = /^(\d+)-(\d+)$/.exec(body);
    if (range !== null) {
      const from = parsePort(range[1] as string, token);
      const to = parsePort(range[2] as string, token);
      if (from > to) throw usageError('BAD_PORT_SPEC', 'error.badRange', { token });
      return withTransport({ kind: 'range' as const, from, to });
    }
    // Digits and dashes only, yet neither a port nor a range ("21-", "1-2-3"): a malformed spec, not a name.
    if (/^[\d-]+$/.test(body)) throw usageError('BAD_PORT_SPEC', 'error.badToken', { token });
    if (/^[a-z0-9][a-z0-9._+-]*$/.test(body)) return withTransport({ kind: 'name' as const, name: body });
    throw usageError('BAD_PORT_SPEC', 'error.badToken', { token });
  });
}
