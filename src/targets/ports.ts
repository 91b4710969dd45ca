/** Port specs in nmap's syntax (`-p 21-25,80,T:443,U:53,161`, `-p-`) parsed into sorted TCP and UDP lists. */
import { usageError } from '../core/errors.js';

/** A transport portwarden scans. */
export type ScanTransport = 'tcp' | 'udp';

/** Ports to scan per transport: each list sorted ascending, without duplicates. */
export interface PortList {
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

/** A registered service, as a name lookup returns it (IANA's registry has sctp entries too). */
export interface NamedPort {
  readonly port: number;
  readonly transport: 'tcp' | 'udp' | 'sctp';
}

export interface PortSpecOptions {
  /**
   * Transports that items written without a `T:`/`U:` prefix apply to. nmap applies them to every
   * scan type asked for (`-sT -sU`); the default is TCP only.
   */
  readonly defaultTransports?: readonly ScanTransport[];
  /**
   * Resolves a service name used as an item (`http`, `ssh`); the CLI passes IANA's registry. Without it,
   * a name is refused. Kept injectable so this layer imports nothing above core.
   */
  readonly serviceLookup?: (name: string) => readonly NamedPort[];
}

const MAX_PORT = 65535;

function portNumber(text: string, token: string): number {
  // Leading zeros are accepted ("0080"); anything above 65535 is refused, however it is written.
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > MAX_PORT) throw usageError('BAD_PORT_SPEC', 'error.portOutOfRange', { token });
  return n;
}

/** One item without its prefix → an inclusive range, or null when it is not numeric. */
function numericItem(body: string, token: string): [number, number] | null {
  if (/^\d+$/.test(body)) {
    const p = portNumber(body, token);
    return [p, p];
  }
  const m = /^(\d*)-(\d*)$/.exec(body);
  if (m === null) return null;
  // nmap: an open start means 1 (port 0 only when written), an open end means 65535.
  const from = m[1] === '' ? 1 : portNumber(m[1] as string, token);
  const to = m[2] === '' ? MAX_PORT : portNumber(m[2] as string, token);
  if (from > to) throw usageError('BAD_PORT_SPEC', 'error.badRange', { token });
  return [from, to];
}

/**
 * Parse a port spec as nmap's `-p` does. Items are separated by commas; an item is a port, a range
 * (`20-25`, open-ended `-100` and `60000-`, or `-` for 1–65535) or a service name. A `T:` or `U:` prefix
 * applies to its item and every following item until the next prefix; items before any prefix apply to
 * `defaultTransports`. `S:` (SCTP) is refused rather than ignored, so a scan never silently covers less
 * than was asked. Port 0 is included only when written explicitly.
 * @example parsePortSpec('21-23,T:443,U:53') // { tcp: [21, 22, 23, 443], udp: [53] }
 * @example parsePortSpec('-') // { tcp: [1, …, 65535], udp: [] }
 */
export function parsePortSpec(spec: string, options: PortSpecOptions = {}): PortList {
  const text = spec.trim();
  if (text === '') throw usageError('BAD_PORT_SPEC', 'targets.emptyPortSpec');
  const defaults = options.defaultTransports ?? ['tcp'];
  const wanted = { tcp: new Uint8Array(MAX_PORT + 1), udp: new Uint8Array(MAX_PORT + 1) };
  let current: readonly ScanTransport[] = defaults;
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') throw usageError('BAD_PORT_SPEC', 'targets.emptyPortItem', { spec: text });
    let body = token;
    const prefix = /^([a-z]):/i.exec(token);
    if (prefix !== null) {
      const letter = (prefix[1] as string).toUpperCase();
      if (letter === 'T') current = ['tcp'];
      else if (letter === 'U') current = ['udp'];
      else if (letter === 'S') throw usageError('BAD_PORT_SPEC', 'targets.sctpUnsupported', { token });
      else throw usageError('BAD_PORT_SPEC', 'error.badToken', { token });
      body = token.slice(2).trim();
      if (body === '') throw usageError('BAD_PORT_SPEC', 'targets.emptyPortItem', { spec: text });
    }
    const range = numericItem(body, token);
    if (range !== null) {
      for (const tr of current) wanted[tr].fill(1, range[0], range[1] + 1);
      continue;
    }
    // Digits and dashes, yet not a port or a range ("1-2-3"): malformed, not a name.
    if (/^[\d-]+$/.test(body) || !/^[a-z0-9][a-z0-9._+-]*$/i.test(body)) {
      throw usageError('BAD_PORT_SPEC', 'error.badToken', { token });
    }
    const named = options.serviceLookup?.(body.toLowerCase()) ?? [];
    // A name counts for the transports it is registered on; it must match at least one of them.
    const matches = named.filter((n): n is NamedPort & { transport: ScanTransport } =>
      current.includes(n.transport as ScanTransport),
    );
    if (matches.length === 0) {
      const transport = current.map((tr) => tr.toUpperCase()).join('/');
      throw usageError('BAD_PORT_SPEC', 'targets.unknownPortName', { name: body, transport });
    }
    for (const n of matches) wanted[n.transport][n.port] = 1;
  }
  const list = (flags: Uint8Array): number[] => {
    const out: number[] = [];
    for (let p = 0; p <= MAX_PORT; p++) if (flags[p] === 1) out.push(p);
    return out;
  };
  return { tcp: list(wanted.tcp), udp: list(wanted.udp) };
}
