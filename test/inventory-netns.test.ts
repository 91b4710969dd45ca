// In a fresh network namespace with a known set of listeners, the Linux inventory must equal that set exactly:
// nothing missing, nothing extra (not the established TCP pair, not the connected UDP socket opened beside them).
// Needs root and iproute2; binds loopback and wildcard addresses inside the namespace only, touches no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryMeta, ListeningSocket } from '../src/core/socket.js';
import { buildInventoryBundle, parseSs } from './fixtures/inventory/support.js';
import { createNamespace, labEnabled, waitForOutput, type Namespace } from './lab/netns.js';

const enabled = labEnabled('inventory in a fresh network namespace');

// Listens on the five sockets the test expects, then opens what must NOT be listed: an established TCP
// connection to its own loopback listener and a connected UDP socket, both to 127.0.0.1 inside the namespace.
const LISTENERS = `
const net = require('node:net'), dgram = require('node:dgram');
const on = (ev, o) => new Promise((r, j) => { o.once('error', j); o.once(ev, r); });
(async () => {
  const tcp4 = net.createServer(); tcp4.listen(0, '127.0.0.1'); await on('listening', tcp4);
  const tcp6 = net.createServer(); tcp6.listen(0, '::1'); await on('listening', tcp6);
  const tcpAny = net.createServer(); tcpAny.listen(0, '0.0.0.0'); await on('listening', tcpAny);
  const udp4 = dgram.createSocket('udp4'); udp4.bind(0, '0.0.0.0'); await on('listening', udp4);
  const udp6 = dgram.createSocket('udp6'); udp6.bind(0, '::'); await on('listening', udp6);
  const conn = net.connect(tcp4.address().port, '127.0.0.1'); await on('connect', conn);
  const udpc = dgram.createSocket('udp4'); udpc.connect(udp4.address().port, '127.0.0.1'); await on('connect', udpc);
  console.log(JSON.stringify({ pid: process.pid, tcp4: tcp4.address().port, tcp6: tcp6.address().port,
    tcpAny: tcpAny.address().port, udp4: udp4.address().port, udp6: udp6.address().port }));
  console.log('READY');
  setInterval(() => {}, 1 << 30);
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface Ports {
  readonly pid: number;
  readonly tcp4: number;
  readonly tcp6: number;
  readonly tcpAny: number;
  readonly udp4: number;
  readonly udp6: number;
}

describe.runIf(enabled)('inventory in a fresh network namespace', () => {
  let ns: Namespace | undefined;
  let ports: Ports | undefined;
  let bundle: ReturnType<typeof buildInventoryBundle> | null = null;

  beforeAll(async () => {
    ns = createNamespace('pw-inv');
    bundle = buildInventoryBundle();
    const out = await waitForOutput(ns.spawn(process.execPath, ['-e', LISTENERS]), 'READY');
    const json = out.split('\n').find((line) => line.startsWith('{'));
    if (json === undefined) throw new Error(`listener child printed no ports: ${out}`);
    ports = JSON.parse(json) as Ports;
  });

  afterAll(() => {
    try {
      ns?.destroy();
    } finally {
      bundle?.cleanup();
    }
  });

  function inside(): Namespace {
    if (ns === undefined) throw new Error('no namespace');
    return ns;
  }

  function inventoryInside(): { meta: InventoryMeta; sockets: ListeningSocket[] } {
    const r = inside().run(process.execPath, [(bundle as { script: string }).script]);
    if (r.status !== 0) throw new Error(`inventory inside ${inside().name} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { meta: InventoryMeta; sockets: ListeningSocket[] };
  }

  it('equals exactly the set of listeners opened there, each with its process and user', () => {
    if (ports === undefined) throw new Error('no listeners');
    // The sockets that must be left out are really there: an established TCP pair and a connected UDP socket.
    const states = (file: string): string[] =>
      inside()
        .exec('cat', [`/proc/net/${file}`])
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[3] ?? '')
        .filter((st) => st !== '');
    expect(states('tcp').filter((st) => st === '01')).toHaveLength(2);
    expect(states('udp').filter((st) => st === '01')).toHaveLength(1);
    const { sockets } = inventoryInside();
    const line = (s: Pick<ListeningSocket, 'transport' | 'family' | 'address' | 'port'>): string =>
      `${s.transport}/${s.family} ${s.address} ${s.port}`;
    const expected = [
      { transport: 'tcp', family: 4, address: '127.0.0.1', port: ports.tcp4 },
      { transport: 'tcp', family: 6, address: '::1', port: ports.tcp6 },
      { transport: 'tcp', family: 4, address: '0.0.0.0', port: ports.tcpAny },
      { transport: 'udp', family: 4, address: '0.0.0.0', port: ports.udp4 },
      { transport: 'udp', family: 6, address: '::', port: ports.udp6 },
    ] as const;
    expect(sockets.map(line).sort()).toEqual(expected.map(line).sort());
    for (const s of sockets) {
      expect(s, line(s)).toMatchObject({ uid: 0, user: 'root', scope: null });
      expect(s.processes, line(s)).toEqual([
        { pid: ports.pid, name: 'node', command: expect.stringMatching(/node -e /) as unknown, user: 'root' },
      ]);
    }
  });

  it('names the same sockets as ss inside the namespace', () => {
    const r = inside().run('ss', ['-H', '-tulpne']);
    expect(r.status).toBe(0);
    const theirs = parseSs(r.stdout).map(
      (s) => `${s.transport} ${s.address} ${s.port} ${s.inode ?? ''} ${s.pids.join(',')}`,
    );
    const ours = inventoryInside().sockets.map(
      (s) => `${s.transport} ${s.address} ${s.port} ${s.id ?? ''} ${s.processes.map((p) => p.pid).join(',')}`,
    );
    expect(ours.sort()).toEqual(theirs.sort());
  });
});
