/** Parsing Windows `netstat -ano`: listening TCP and bound UDP endpoints with their owning PID. */
import { canonicalAddress, parseEndpoint } from '../../core/ip.js';

/** One listening endpoint and the PID that owns it (0 when Windows names none). */
export interface NetstatRow {
  readonly transport: 'tcp' | 'udp';
  readonly family: 4 | 6;
  readonly address: string;
  /** Interface index of a scoped IPv6 address ('[fe80::1%7]:123' → '7'), else null. */
  readonly scope: string | null;
  readonly port: number;
  readonly pid: number;
}

// Proto, local, foreign, optional state (localised: LISTENING, ABHÖREN, ÉCOUTE, …), PID. The headers and the
// state words change with the display language; the proto keywords and the row shape do not.
const ROW = /^\s*(TCP|UDP)\s+(\S+)\s+(\S+)\s+(?:(\S.*?)\s+)?(\d+)\s*$/i;

function isUnspecified(host: string): boolean {
  const c = canonicalAddress(host);
  return c !== null && (c.address === '0.0.0.0' || c.address === '::');
}

/**
 * Listening rows of `netstat -ano` output in any display language. A TCP row listens when its foreign
 * endpoint is unspecified with port 0 ('0.0.0.0:0', '[::]:0'); a UDP row is bound when its foreign endpoint
 * is '*:*'. Everything else (headers, established connections, blank lines) is skipped.
 * @example parseNetstat('  TCP    [::]:135    [::]:0    LISTENING    1032\n') // [{ transport: 'tcp', address: '::', port: 135, pid: 1032, … }]
 */
export function parseNetstat(text: string): NetstatRow[] {
  const rows: NetstatRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = ROW.exec(line);
    if (m === null) continue;
    const transport = (m[1] ?? '').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const foreign = m[3] ?? '';
    if (transport === 'udp' && foreign !== '*:*') continue;
    if (transport === 'tcp') {
      const f = parseEndpoint(foreign);
      if (f === null || f.port !== 0 || !isUnspecified(f.host)) continue;
    }
    const local = parseEndpoint(m[2] ?? '');
    if (local === null) continue;
    const canon = local.host === '*' ? { address: '0.0.0.0', family: 4 as const } : canonicalAddress(local.host);
    if (canon === null) continue;
    rows.push({ transport, ...canon, scope: local.scope, port: local.port, pid: Number(m[5]) });
  }
  return rows;
}
