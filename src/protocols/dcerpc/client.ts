/** Thin DCE/RPC client I/O over TCP (ncacn_ip_tcp) for checks: bind, then page through the endpoint map. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import {
  dcerpcBind,
  dcerpcFramer,
  dcerpcRequest,
  EPMAPPER_UUID,
  eptLookupStub,
  parseBindReply,
  parseEptLookup,
  parseResponse,
  type BindResult,
  type Endpoint,
} from './codec.js';

export interface EpmapTarget {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Stop after this many entries (default 300). */
  readonly maxEntries?: number;
}

/** What the endpoint mapper said. */
export interface EpmapResult {
  readonly bind: BindResult;
  /** The registered endpoints, or null when the bind was refused. */
  readonly entries: readonly Endpoint[] | null;
  /** The lookup ended with a fault (status) instead of the end-of-map status. */
  readonly fault: number | null;
}

const EPT_S_NOT_REGISTERED = 0x16c9a0d6;

async function readPdu(stream: Stream, timeoutMs: number): Promise<Uint8Array> {
  try {
    return await stream.read(dcerpcFramer(), timeoutMs);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message, { cause: err });
    throw err;
  }
}

/** One call: the stub of the response, reassembled from its fragments (at most 64), or a fault. */
async function call(
  stream: Stream,
  timeoutMs: number,
  callId: number,
  stub: Uint8Array,
): Promise<{ stub: Uint8Array } | { fault: number }> {
  stream.write(dcerpcRequest(callId, 2, stub));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 64; i++) {
    const r = parseResponse(await readPdu(stream, timeoutMs));
    if (r === null) throw new NetworkError('BAD_REPLY', 'not a DCE/RPC response');
    if (r.kind === 'fault') return { fault: r.status };
    parts.push(r.stub);
    if (r.last) return { stub: Buffer.concat(parts) };
  }
  throw new NetworkError('BAD_REPLY', 'a response in more than 64 fragments');
}

/**
 * Bind to the endpoint mapper (v3.0) and list every registered endpoint with ept_lookup, 50 per call.
 * @example const { entries } = await lookupEndpoints({ host: '203.0.113.139', port: 135, timeoutMs: 3000 })
 */
export async function lookupEndpoints(target: EpmapTarget): Promise<EpmapResult> {
  const max = target.maxEntries ?? 300;
  const stream = await openStream({
    host: target.host,
    port: target.port,
    ...(target.signal !== undefined && { signal: target.signal }),
    limits: { connectTimeoutMs: target.timeoutMs, readTimeoutMs: target.timeoutMs, maxBytes: 1 << 20 },
  });
  try {
    stream.write(dcerpcBind(1, EPMAPPER_UUID, 3, 0));
    const bind = parseBindReply(await readPdu(stream, target.timeoutMs));
    if (bind === null) throw new NetworkError('BAD_REPLY', 'not a DCE/RPC bind reply');
    if (bind.kind === 'nak' || !bind.accepted) return { bind, entries: null, fault: null };
    const entries: Endpoint[] = [];
    let handle: Uint8Array = new Uint8Array(20);
    for (let callId = 2; entries.length < max; callId++) {
      const r = await call(stream, target.timeoutMs, callId, eptLookupStub(handle, 50));
      if ('fault' in r) return { bind, entries, fault: r.fault };
      const page = parseEptLookup(r.stub);
      if (page === null) throw new NetworkError('BAD_REPLY', 'malformed ept_lookup response');
      entries.push(...page.entries);
      handle = page.handle;
      if (page.status !== 0 || page.entries.length === 0 || handle.every((b) => b === 0)) {
        const end = page.status === 0 || page.status === EPT_S_NOT_REGISTERED;
        return { bind, entries, fault: end ? null : page.status };
      }
    }
    return { bind, entries: entries.slice(0, max), fault: null };
  } finally {
    stream.close();
  }
}
