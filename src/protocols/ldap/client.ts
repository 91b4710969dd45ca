/** LDAP client I/O: one request and the messages answering it, every read capped. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { encodeSearch, messageLength, parseMessage, type LdapMessage } from './codec.js';

/** Read one LDAPMessage; BAD_REPLY when the bytes are not LDAP. */
export async function readMessage(stream: Stream): Promise<LdapMessage> {
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(messageLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', `not LDAP: ${err.message}`);
    throw err;
  }
  const m = parseMessage(bytes);
  if (m === null) throw new NetworkError('BAD_REPLY', 'not LDAP: a malformed LDAPMessage');
  return m;
}

/**
 * Send `request` (message id `id`) and collect replies until one that ends the operation (BindResponse,
 * SearchResultDone, a notice of disconnection), at most `maxMessages`.
 */
export async function exchange(
  stream: Stream,
  id: number,
  request: Uint8Array,
  maxMessages = 100,
): Promise<{ replies: LdapMessage[]; complete: boolean }> {
  stream.write(request);
  const replies: LdapMessage[] = [];
  while (replies.length < maxMessages) {
    const m = await readMessage(stream);
    if (m.id !== id && m.id !== 0) continue;
    replies.push(m);
    if (m.op === 'bind' || m.op === 'done' || m.op === 'extended') return { replies, complete: true };
  }
  return { replies, complete: false };
}

/** Ports where LDAP is spoken inside TLS from the first byte: ldaps and the Global Catalog over TLS. */
const LDAPS_PORTS = new Set([636, 3269]);

/** Whether to wrap LDAP on this port in TLS from the first byte. */
export function ldapsPort(port: number, service: { service: string; tls: boolean } | null): boolean {
  if (service !== null && (service.tls || service.service === 'ldaps')) return true;
  return LDAPS_PORTS.has(port);
}

export interface RootDse {
  readonly attributes: ReadonlyMap<string, string[]>;
  /** The search's result code when it ended without an entry (e.g. 50 insufficientAccessRights), else 0. */
  readonly code: number;
  readonly diagnostic: string;
}

/** Read the root DSE (base "", scope base) with the given attributes, without binding. */
export async function readRootDse(stream: Stream, id: number, attributes: readonly string[]): Promise<RootDse> {
  const { replies, complete } = await exchange(stream, id, encodeSearch(id, { base: '', scope: 'base', attributes }));
  if (!complete) throw new NetworkError('BAD_REPLY', 'the root DSE search did not end');
  const entry = replies.find((m) => m.op === 'entry');
  const done = replies.find((m) => m.op === 'done' || m.op === 'extended');
  const result = done !== undefined && 'result' in done ? done.result : { code: 0, diagnostic: '' };
  return {
    attributes: entry?.op === 'entry' ? entry.attributes : new Map(),
    code: result.code,
    diagnostic: result.diagnostic,
  };
}
