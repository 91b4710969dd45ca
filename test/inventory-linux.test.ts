// The Linux adapter on this machine: listeners opened here (and by children) must appear with the right
// pid, user, transport and bind address, and the whole inventory must name the same sockets as `ss -tulpn`.
// Binds only loopback and wildcard addresses; connects to nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryMeta, ListeningSocket } from '../src/core/socket.js';
import { collectInventory } from '../src/inventory/adapter.js';
import { linuxAdapter } from '../src/inventory/linux/adapter.js';
import { readPasswd } from '../src/inventory/linux/passwd.js';
import { buildInventoryBundle, parseSs, type SsSocket } from './fixtures/inventory/support.js';
import { labEnabled } from './lab/netns.js';

const isLinux = labEnabled('linux inventory on this machine', { root: false });
const isRoot = isLinux && labEnabled('linux inventory: the other-user checks', { netns: false });
const NOBODY = 65534;
const nobodyName = isLinux ? readPasswd().get(NOBODY) : undefined;
const hasSs = isLinux && labEnabled('linux inventory: the comparison with ss', { root: false, needs: ['ss'] });

interface Opened {
  readonly label: string;
  readonly transport: 'tcp' | 'udp';
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
}

const servers: net.Server[] = [];
const udpSockets: dgram.Socket[] = [];
const children: ChildProcess[] = [];
const opened: Opened[] = [];

async function listenTcp(host: string, family: 4 | 6): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host }, resolve);
  });
  servers.push(server);
  const { port } = server.address() as net.AddressInfo;
  opened.push({ label: `tcp ${host}`, transport: 'tcp', family, address: host, port });
}

async function bindUdp(host: string, family: 4 | 6): Promise<void> {
  const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, resolve);
  });
  udpSockets.push(socket);
  opened.push({ label: `udp ${host}`, transport: 'udp', family, address: host, port: socket.address().port });
}

const CHILD_SCRIPT = `
const net = require('node:net'), dgram = require('node:dgram');
const s = net.createServer().listen(0, '127.0.0.1', () => {
  const u = dgram.createSocket('udp6');
  u.bind(0, '::1', () => console.log(JSON.stringify({ pid: process.pid, tcp: s.address().port, udp: u.address().port })));
});
setInterval(() => {}, 1 << 30);
`;

interface ChildPorts {
  readonly pid: number;
  readonly tcp: number;
  readonly udp: number;
}

/** Start a node child holding a TCP and a UDP port; resolves with what it printed. */
async function startChild(options: { uid?: number; gid?: number } = {}): Promise<ChildPorts> {
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  return new Promise<ChildPorts>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('child did not report its ports within 10 s'));
    }, 10_000);
    child.once('exit', (code) => {
      reject(new Error(`child exited early with ${code}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as ChildPorts);
    });
  });
}

function find(
  sockets: readonly ListeningSocket[],
  o: { transport: string; address: string; port: number },
): ListeningSocket {
  const hit = sockets.filter((s) => s.transport === o.transport && s.address === o.address && s.port === o.port);
  expect(hit, `${o.transport} ${o.address}:${o.port}`).toHaveLength(1);
  return hit[0] as ListeningSocket;
}

function ss(): SsSocket[] {
  const r = spawnSync('ss', ['-H', '-tulpne'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  return parseSs(r.stdout);
}

const byInode = (list: readonly SsSocket[]): Map<string, SsSocket> => new Map(list.map((s) => [s.inode ?? '', s]));
const pidsOf = (s: ListeningSocket): number[] => s.processes.map((p) => p.pid);

describe.skipIf(!isLinux)('linux inventory on this machine', () => {
  let me: string;
  let child: ChildPorts;
  let nobodyChild: ChildPorts | null = null;
  let sockets: ListeningSocket[];
  let meta: InventoryMeta;

  beforeAll(async () => {
    me = userInfo().username;
    await listenTcp('127.0.0.1', 4);
    await listenTcp('::1', 6);
    await listenTcp('0.0.0.0', 4);
    await listenTcp('::', 6);
    await bindUdp('127.0.0.1', 4);
    await bindUdp('0.0.0.0', 4);
    await bindUdp('::1', 6);
    await bindUdp('::', 6);
    child = await startChild();
    if (isRoot && nobodyName !== undefined) nobodyChild = await startChild({ uid: NOBODY, gid: NOBODY });
    ({ sockets, meta } = await collectInventory(linuxAdapter()));
  });

  afterAll(async () => {
    for (const s of servers) s.close();
    for (const u of udpSockets) u.close();
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) {
              resolve();
              return;
            }
            c.once('exit', () => {
              resolve();
            });
            c.kill('SIGKILL');
          }),
      ),
    );
  });

  it('finds every listener this process opened, with pid, user, transport and bind address', () => {
    for (const o of opened) {
      const s = find(sockets, o);
      expect(s.family, o.label).toBe(o.family);
      expect(s.uid, o.label).toBe(process.getuid?.());
      expect(s.user, o.label).toBe(me);
      expect(pidsOf(s), o.label).toContain(process.pid);
      const p = s.processes.find((x) => x.pid === process.pid);
      expect(p?.user, o.label).toBe(me);
      expect(p?.name, o.label).not.toBe('');
      expect(p?.command, o.label).toContain('node');
      expect(s.id, o.label).toMatch(/^\d+$/);
    }
  });

  it('finds the ports a child process holds under the child’s pid', () => {
    const tcp = find(sockets, { transport: 'tcp', address: '127.0.0.1', port: child.tcp });
    const udp = find(sockets, { transport: 'udp', address: '::1', port: child.udp });
    for (const s of [tcp, udp]) {
      expect(s.processes).toHaveLength(1);
      expect(s.processes[0]).toMatchObject({ pid: child.pid, name: 'node', user: me });
      expect(s.processes[0]?.command).toMatch(/^\S*node -e /);
    }
    expect(udp.family).toBe(6);
  });

  it.skipIf(!isRoot || nobodyName === undefined)('names another user as the owner of that user’s sockets', () => {
    const c = nobodyChild as ChildPorts;
    const s = find(sockets, { transport: 'tcp', address: '127.0.0.1', port: c.tcp });
    expect(s).toMatchObject({ uid: NOBODY, user: nobodyName });
    expect(s.processes).toEqual([expect.objectContaining({ pid: c.pid, name: 'node', user: nobodyName })]);
  });

  it.skipIf(!isRoot || nobodyName === undefined)(
    'run without root, shows other users’ sockets honestly: owner known, process unknown',
    () => {
      const c = nobodyChild as ChildPorts;
      const bundle = buildInventoryBundle();
      try {
        const r = spawnSync(process.execPath, [bundle.script], {
          uid: NOBODY,
          gid: NOBODY,
          encoding: 'utf8',
          timeout: 20_000,
        });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const view = JSON.parse(r.stdout) as { meta: InventoryMeta; sockets: ListeningSocket[] };
        expect(view.meta).toEqual({ source: 'linux-procfs', partial: true });
        for (const o of opened) {
          const s = find(view.sockets, o);
          expect(s, o.label).toMatchObject({ uid: 0, user: 'root', processes: [] });
        }
        const own = find(view.sockets, { transport: 'tcp', address: '127.0.0.1', port: c.tcp });
        expect(pidsOf(own)).toEqual([c.pid]);
      } finally {
        bundle.cleanup();
      }
    },
  );

  it.skipIf(!hasSs)('agrees with ss on the sockets this test opened', () => {
    const seen = byInode(ss());
    for (const o of opened) {
      const s = find(sockets, o);
      const theirs = seen.get(s.id ?? '');
      expect(theirs, `${o.label} in ss`).toBeDefined();
      expect(theirs).toMatchObject({ transport: s.transport, address: s.address, port: s.port });
      expect(theirs?.pids).toEqual(pidsOf(s));
    }
  });

  it.skipIf(!hasSs)('names the same sockets as ss -tulpn, on the whole machine', async () => {
    // Other test files open and close listeners in parallel: compare when ss saw the same set before and
    // after the inventory; if the machine never holds still, require only what both ss snapshots agree on.
    const key = (l: readonly SsSocket[]): string =>
      JSON.stringify([...l].sort((a, b) => ((a.inode ?? '') < (b.inode ?? '') ? -1 : 1)));
    for (let attempt = 0; attempt < 10; attempt++) {
      const before = ss();
      const inv = (await collectInventory(linuxAdapter())).sockets;
      const after = ss();
      if (key(before) !== key(after)) continue;
      expect(inv.map((s) => s.id).sort()).toEqual(before.map((s) => s.inode).sort());
      const theirs = byInode(before);
      for (const s of inv) {
        expect(theirs.get(s.id ?? ''), JSON.stringify(s)).toEqual({
          transport: s.transport,
          address: s.address,
          port: s.port,
          inode: s.id,
          pids: pidsOf(s),
        });
      }
      return;
    }
    console.warn('inventory-linux: the machine never held still for ss; comparing what both ss snapshots agree on');
    const before = byInode(ss());
    const inv = new Map((await collectInventory(linuxAdapter())).sockets.map((s) => [s.id ?? '', s]));
    const after = byInode(ss());
    for (const [inode, s] of before) if (after.has(inode)) expect(inv.has(inode), JSON.stringify(s)).toBe(true);
    for (const inode of inv.keys()) expect(before.has(inode) || after.has(inode), inode).toBe(true);
  });

  it('is partial without root, and as root only when some process refused to show its descriptors', () => {
    expect(meta.source).toBe('linux-procfs');
    if (!isRoot) {
      expect(meta.partial).toBe(true);
      return;
    }
    // Even root is refused some processes (another PID namespace's init, a sandbox): those make it partial.
    const refused = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .some((pid) => {
        try {
          for (const fd of readdirSync(`/proc/${pid}/fd`)) readlinkSync(`/proc/${pid}/fd/${fd}`);
          return false;
        } catch (err) {
          return ['EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '');
        }
      });
    expect(meta.partial).toBe(refused);
  });
});
