/**
 * nmap's XML output (-oX, nmap.dtd) read into typed data: the scan's arguments and times, every host with its
 * address, names and status, its ports with state, reason and service (product, version, extrainfo, CPE), and the
 * output of NSE scripts on ports and hosts. Pure: text in, data out.
 */
import { isIP } from 'node:net';
import { parseXml, type XmlElement } from './xml.js';

export interface NmapService {
  readonly name: string;
  readonly product?: string;
  readonly version?: string;
  readonly extrainfo?: string;
  readonly tunnel?: string;
  readonly method: 'table' | 'probed';
  readonly conf: number;
  readonly cpe: readonly string[];
}

export interface NmapScript {
  readonly id: string;
  readonly output: string;
  /** The structured output flattened: nested table keys joined with '.', list items numbered from 1. */
  readonly elems: Readonly<Record<string, string>>;
}

export interface NmapPort {
  readonly protocol: string;
  readonly portid: number;
  readonly state: string;
  readonly reason: string;
  readonly service: NmapService | null;
  readonly scripts: readonly NmapScript[];
}

export interface NmapHost {
  readonly address: string;
  readonly state: string;
  readonly reason: string;
  readonly hostnames: readonly string[];
  readonly ports: readonly NmapPort[];
  /** Ports nmap did not list one by one, by state. */
  readonly extraports: readonly { readonly state: string; readonly count: number }[];
  readonly scripts: readonly NmapScript[];
}

export interface NmapRun {
  readonly scanner: string;
  readonly args: string;
  readonly version: string;
  /** Unix seconds; null when absent. */
  readonly start: number | null;
  readonly finished: number | null;
  /** 'success', 'error', or null when the scan never finished (no <runstats>). */
  readonly exit: string | null;
  readonly scaninfo: readonly { readonly type: string; readonly protocol: string; readonly services: string }[];
  readonly hosts: readonly NmapHost[];
}

/** Why a document is not usable nmap XML (the XML itself was well formed). */
export class NmapXmlError extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'NmapXmlError';
  }
}

const kids = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);
const kid = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name);
const opt = (e: XmlElement, name: string): string | undefined => {
  const v = e.attrs[name];
  return v === undefined || v === '' ? undefined : v;
};

function integer(value: string | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > max)
    throw new NmapXmlError(`${what}: "${value ?? ''}"`);
  return Number(value);
}

function flatten(e: XmlElement, prefix: string, out: Record<string, string>): void {
  let n = 0;
  for (const c of e.children) {
    if (c.name !== 'elem' && c.name !== 'table') continue;
    n++;
    const key = prefix + (c.attrs['key'] ?? String(n));
    if (c.name === 'elem') out[key] = c.text;
    else flatten(c, `${key}.`, out);
  }
}

function script(e: XmlElement): NmapScript {
  const elems: Record<string, string> = {};
  flatten(e, '', elems);
  return { id: e.attrs['id'] ?? '?', output: e.attrs['output'] ?? e.text.trim(), elems };
}

function service(e: XmlElement | undefined): NmapService | null {
  if (e === undefined) return null;
  const conf = Number(e.attrs['conf'] ?? '3');
  const s: NmapService = {
    name: e.attrs['name'] ?? 'unknown',
    method: e.attrs['method'] === 'probed' ? 'probed' : 'table',
    conf: Number.isFinite(conf) ? Math.max(0, Math.min(10, conf)) : 3,
    cpe: kids(e, 'cpe')
      .map((c) => c.text.trim())
      .filter((c) => c !== ''),
  };
  const extra: Partial<Record<'product' | 'version' | 'extrainfo' | 'tunnel', string>> = {};
  for (const k of ['product', 'version', 'extrainfo', 'tunnel'] as const) {
    const v = opt(e, k);
    if (v !== undefined) extra[k] = v;
  }
  return { ...s, ...extra };
}

function port(e: XmlElement): NmapPort {
  const state = kid(e, 'state');
  return {
    protocol: e.attrs['protocol'] ?? 'tcp',
    portid: integer(e.attrs['portid'], 'port number', 65535),
    state: state?.attrs['state'] ?? 'unknown',
    reason: state?.attrs['reason'] ?? 'unknown',
    service: service(kid(e, 'service')),
    scripts: kids(e, 'script').map(script),
  };
}

function host(e: XmlElement): NmapHost | null {
  // A MAC address comes after the IP one; the IP address is the host.
  const address = kids(e, 'address').find((a) => a.attrs['addrtype'] === 'ipv4' || a.attrs['addrtype'] === 'ipv6');
  const addr = address?.attrs['addr'];
  if (addr === undefined) return null;
  if (isIP(addr) === 0) throw new NmapXmlError(`host address: "${addr}"`);
  const status = kid(e, 'status');
  const ports = kid(e, 'ports');
  const hostnames = kid(e, 'hostnames');
  return {
    address: addr,
    state: status?.attrs['state'] ?? 'unknown',
    reason: status?.attrs['reason'] ?? 'unknown',
    hostnames: hostnames === undefined ? [] : kids(hostnames, 'hostname').flatMap((h) => opt(h, 'name') ?? []),
    ports: ports === undefined ? [] : kids(ports, 'port').map(port),
    extraports:
      ports === undefined
        ? []
        : kids(ports, 'extraports').map((x) => ({
            state: x.attrs['state'] ?? 'unknown',
            count: integer(x.attrs['count'], 'extraports count'),
          })),
    scripts: kids(e, 'hostscript').flatMap((h) => kids(h, 'script').map(script)),
  };
}

/**
 * Read nmap XML. Throws XmlError for a document that is not well-formed (or declares entities) and NmapXmlError
 * for one that is not nmap's.
 * @example parseNmapXml(readFileSync('scan.xml', 'utf8')).hosts[0]?.ports
 */
export function parseNmapXml(text: string): NmapRun {
  const root = parseXml(text);
  if (root.name !== 'nmaprun') throw new NmapXmlError(`root element <${root.name}>`);
  const finished =
    kid(root, 'runstats') === undefined ? undefined : kid(kid(root, 'runstats') as XmlElement, 'finished');
  const start = opt(root, 'start');
  const time = finished === undefined ? undefined : opt(finished, 'time');
  return {
    scanner: root.attrs['scanner'] ?? 'nmap',
    args: root.attrs['args'] ?? '',
    version: root.attrs['version'] ?? '',
    start: start === undefined ? null : integer(start, 'start time'),
    finished: time === undefined ? null : integer(time, 'finish time'),
    exit: finished === undefined ? null : (finished.attrs['exit'] ?? 'success'),
    scaninfo: kids(root, 'scaninfo').map((s) => ({
      type: s.attrs['type'] ?? '',
      protocol: s.attrs['protocol'] ?? '',
      services: s.attrs['services'] ?? '',
    })),
    hosts: kids(root, 'host').flatMap((h) => host(h) ?? []),
  };
}
