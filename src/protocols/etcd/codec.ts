/**
 * etcd's HTTP/JSON API by hand: the /version document and the v3 gRPC gateway's KV range request and answer
 * (https://etcd.io/docs/v3.5/dev-guide/api_grpc_gateway/). No I/O here; parsers never throw on hostile bytes.
 */

export interface EtcdVersion {
  readonly server: string;
  readonly cluster: string | null;
}

function json(body: Uint8Array): Record<string, unknown> | null {
  try {
    const doc: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** GET /version's body: {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}; null when it is not etcd's. */
export function parseVersion(body: Uint8Array): EtcdVersion | null {
  const d = json(body);
  const server = d?.['etcdserver'];
  if (typeof server !== 'string' || !/^\d+\.\d+/.test(server)) return null;
  const cluster = d?.['etcdcluster'];
  return { server: server.slice(0, 40), cluster: typeof cluster === 'string' ? cluster.slice(0, 40) : null };
}

/**
 * The body of a count-only range request over every key: key "\0" with range_end "\0" means "all keys >= \0"
 * (the whole key space). Keys are base64 in the gateway's JSON.
 */
export const COUNT_ALL_KEYS = JSON.stringify({ key: 'AA==', range_end: 'AA==', count_only: true });

export type RangeAnswer =
  | { readonly kind: 'count'; readonly count: number; readonly revision: string | null }
  | { readonly kind: 'error'; readonly code: number | null; readonly message: string };

/** The gateway's answer to a range request; null when it is neither a RangeResponse nor a gRPC error. */
export function parseRange(body: Uint8Array): RangeAnswer | null {
  const d = json(body);
  if (d === null) return null;
  const header = d['header'];
  if (typeof header === 'object' && header !== null) {
    // int64 fields are strings in the gateway's JSON; a zero count is omitted.
    const raw = d['count'];
    const count = typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : 0;
    const rev = (header as Record<string, unknown>)['revision'];
    return { kind: 'count', count: Number.isFinite(count) ? count : 0, revision: typeof rev === 'string' ? rev : null };
  }
  const message = d['message'] ?? d['error'];
  if (typeof message === 'string') {
    const code = d['code'];
    return { kind: 'error', code: typeof code === 'number' ? code : null, message: message.slice(0, 300) };
  }
  return null;
}

/** What Go's TLS server answers to plain HTTP. */
export function isHttpToHttpsAnswer(status: number, body: Uint8Array): boolean {
  return (
    status === 400 && /HTTP request to an HTTPS server/i.test(Buffer.from(body.subarray(0, 200)).toString('latin1'))
  );
}
