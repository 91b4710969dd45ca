// The TCP connect engine against real sockets on loopback: listeners the test opens are found open with a
// round-trip time, closed ports closed; a full 1–65535 scan reports no self-connect as open (in a fresh network
// namespace, where the open ports must be exactly the test's listeners); and a process limited to 64 file
// descriptors still delivers every result. Touches only 127.0.0.1 and ::1 (of this machine or of a namespace
// the test creates).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortObserved, ScanEvent } from '../src/core/scan.js';
import { scanTcp } from '../src/scan/tcp/engine.js';
import { loadNativeAddon, nativeUnavailableReason } from '../src/scan/tcp/native.js';
import type { TcpProbe } from '../src/scan/tcp/options.js';
import { addLabAddress, createNamespace, labEnabled, waitForOutput, type Namespace } from './lab/netns.js';
import { listenerProgram, parseOpened } from './listeners.js';

async function listen(host: string): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, ipv6Only: host.includes(':') }, resolve);
  });
  return server;
}

const portOf = (s: Server): number => {
  const a = s.address();
  if (a === null || typeof a === 'string') throw new Error('not listening');
  return a.port;
};

/** A port that nothing listens on right now (bound, then released). */
async function freePort(host: string): Promise<number> {
  const s = await listen(host);
  const port = portOf(s);
  await new Promise((r) => s.close(r));
  return port;
}

async function collect(it: AsyncIterable<ScanEvent>): Promise<ScanEvent[]> {
  const out: ScanEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Listening TCP ports of this network namespace on loopback or any address, from `ss`; null without ss. */
function listeningPorts(): Set<number> | null {
  const r = spawnSync('ss', ['-H', '-tln'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const ports = new Set<number>();
  for (const line of r.stdout.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    const m = local === undefined ? null : /^(.*):(\d+)$/.exec(local);
    if (m === null) continue;
    const addr = m[1] ?? '';
    if (/^(127\.|0\.0\.0\.0|\*|\[::\]|\[::ffff:127\.)/.test(addr)) ports.add(Number(m[2]));
  }
  return ports;
}

describe('TCP connect scan of loopback listeners', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('finds the test listeners open with a round-trip time, and free ports closed (IPv4 and IPv6)', async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const mine = [await listen(host), await listen(host), await listen(host)];
      servers.push(...mine);
      const open = mine.map(portOf);
      const closed = [await freePort(host), await freePort(host)];
      const probes: TcpProbe[] = [...open, ...closed].map((port, index) => ({ host, port, index }));
      const events = await collect(scanTcp(probes, { timing: 4 }));
      const ports = events.filter((e): e is PortObserved => e.type === 'port');
      expect(ports).toHaveLength(5);
      for (const port of open) {
        const r = ports.find((p) => p.port === port);
        expect(r).toMatchObject({ host, state: 'open', reason: 'syn-ack', transport: 'tcp' });
        expect(r?.rttMs).toBeGreaterThanOrEqual(0);
        expect(r?.rttMs).toBeLessThan(1000);
      }
      for (const port of closed) {
        expect(ports.find((p) => p.port === port)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
      }
      expect(events.filter((e) => e.type === 'host').map((e) => [e.host, e.state])).toEqual([[host, 'up']]);
    }
  });

  it('reports nothing open on a full 1–65535 scan of 127.0.0.1 but real listeners (no self-connects)', async () => {
    const before = listeningPorts();
    if (before === null) {
      console.warn('\n*** SKIPPING the full host scan comparison: `ss` (iproute2) is not installed. ***\n');
      return;
    }
    const mine = [await listen('127.0.0.1'), await listen('127.0.0.1')];
    servers.push(...mine);
    function* all(): Generator<TcpProbe> {
      for (let port = 1; port <= 65535; port++) yield { host: '127.0.0.1', port, index: port };
    }
    const open = new Set<number>();
    let count = 0;
    for await (const e of scanTcp(all(), { timing: 4 })) {
      if (e.type !== 'port') continue;
      count++;
      if (e.state === 'open') open.add(e.port);
    }
    const after = listeningPorts() ?? new Set<number>();
    expect(count).toBe(65535);
    for (const s of mine) expect(open.has(portOf(s))).toBe(true);
    // Anything else open must have been listening before or after the scan (other programs of this machine).
    const unexplained = [...open].filter((p) => !before.has(p) && !after.has(p) && !mine.some((s) => portOf(s) === p));
    expect(unexplained).toEqual([]);
  }, 60_000);
});

/** The engine compiled to JavaScript, for child processes (a namespace, a descriptor limit, worker threads). */
let compiled: string | null = null;
function compileEngine(): string {
  if (compiled !== null) return compiled;
  const dir = mkdtempSync(join(tmpdir(), 'pw-tcp-'));
  const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
  const files = ['index.ts', 'worker.ts'].map((f) => join('src', 'scan', 'tcp', f));
  execFileSync(
    process.execPath,
    [tsc, '--outDir', dir, '--rootDir', 'src', '--module', 'nodenext', '--moduleResolution', 'nodenext'].concat([
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--strict',
      ...files,
    ]),
    { stdio: 'pipe' },
  );
  // The runner: `run.mjs HOSTS PORTS THREADS [OPTIONS]` (HOSTS comma-separated, PORTS like 1-100,443) scans
  // and prints a summary as one JSON line.
  writeFileSync(
    join(dir, 'run.mjs'),
    `import { scanTcpSharded } from './scan/tcp/workers.js';
const [hosts, spec, threads, opts] = process.argv.slice(2);
const ports = spec.split(',').flatMap((r) => { const [a, b] = r.split('-').map(Number); return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i); });
function* probes() { let index = 0; for (const port of ports) for (const host of hosts.split(',')) yield { host, port, index: index++ }; }
const out = { open: [], counts: {}, ports: 0, duplicates: 0, hosts: [], done: 0 };
const seen = new Set();
const abortAfter = Number(process.env.ABORT_AFTER ?? 0), controller = new AbortController();
for await (const e of scanTcpSharded(probes(), JSON.parse(opts ?? '{}'), controller.signal, { threads: Number(threads) })) {
  if (e.type === 'port' && out.ports + 1 === abortAfter) controller.abort();
  if (e.type === 'host') out.hosts.push([e.host, e.state, e.reason]);
  if (e.type === 'progress') out.done = e.done;
  if (e.type !== 'port') continue;
  out.ports++;
  const key = e.host + ' ' + e.port;
  if (seen.has(key)) out.duplicates++;
  seen.add(key);
  out.counts[e.state + '/' + e.reason] = (out.counts[e.state + '/' + e.reason] ?? 0) + 1;
  if (e.state === 'open') out.open.push(e.port);
}
console.log(JSON.stringify(out));
`,
  );
  compiled = dir;
  return dir;
}

interface RunSummary {
  readonly open: number[];
  readonly counts: Record<string, number>;
  readonly ports: number;
  readonly duplicates: number;
  readonly hosts: [string, string, string][];
  readonly done: number;
}

function parseSummary(stdout: string): RunSummary {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as RunSummary;
}

afterAll(() => {
  if (compiled !== null) rmSync(compiled, { recursive: true, force: true });
});

describe.runIf(labEnabled('TCP full scan in a network namespace'))('TCP full scan in a fresh network namespace', () => {
  let ns: Namespace | null = null;
  let listeners: number[] = [];

  beforeAll(async () => {
    compileEngine();
    ns = createNamespace('pw-tcp');
    const child = ns.spawn(process.execPath, [
      '-e',
      listenerProgram([
        { transport: 'tcp', address: '127.0.0.1', port: 0 },
        { transport: 'tcp', address: '127.0.0.1', port: 0 },
        { transport: 'tcp', address: '0.0.0.0', port: 0 },
        { transport: 'tcp', address: '127.0.0.1', port: 1 },
        { transport: 'tcp', address: '127.0.0.1', port: 65535 },
      ]),
    ]);
    listeners = parseOpened(await waitForOutput(child, 'OPENED'))
      .map((l) => l.port)
      .sort((a, b) => a - b);
  }, 60_000);

  afterAll(() => {
    ns?.destroy();
  });

  for (const [threads, native] of [
    [1, false],
    [2, false],
    [1, true],
  ] as const) {
    it(`finds exactly the test's listeners open among 65,535 ports (${threads} thread(s)${native ? ', native' : ''})`, () => {
      const dir = compileEngine();
      const r = (ns as Namespace).run(process.execPath, [
        join(dir, 'run.mjs'),
        '127.0.0.1',
        '1-65535',
        String(threads),
        JSON.stringify({ native }),
      ]);
      expect(r.status, r.stderr).toBe(0);
      const s = parseSummary(r.stdout);
      expect(s.ports).toBe(65535);
      expect(s.duplicates).toBe(0);
      expect(s.open.sort((a, b) => a - b)).toEqual(listeners);
      expect(s.counts).toEqual({ 'open/syn-ack': listeners.length, 'closed/conn-refused': 65535 - listeners.length });
    }, 60_000);
  }
});

describe('TCP scan under a low descriptor limit (prlimit --nofile=64:64)', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  for (const [threads, native] of [
    [1, false],
    [2, false],
    [1, true],
  ] as const) {
    it.skipIf(!labEnabled('TCP scan with 64 descriptors', { root: false, needs: ['prlimit'] }))(
      `delivers every result, correct, without crashing (${threads} thread(s)${native ? ', native' : ''})`,
      async () => {
        const dir = compileEngine();
        const server = await listen('127.0.0.1');
        servers.push(server);
        const port = portOf(server);
        const from = Math.max(1, port - 1500);
        const to = Math.min(65535, port + 1500);
        const before = listeningPorts() ?? new Set<number>();
        const r = spawnSync(
          'prlimit',
          [
            '--nofile=64:64',
            process.execPath,
            join(dir, 'run.mjs'),
            '127.0.0.1',
            `${from}-${to}`,
            String(threads),
            JSON.stringify({ native }),
          ],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(r.status, r.stderr).toBe(0);
        const s = parseSummary(r.stdout);
        const after = listeningPorts() ?? new Set<number>();
        expect(s.ports).toBe(to - from + 1);
        expect(s.duplicates).toBe(0);
        expect(s.open).toContain(port);
        expect(s.open.filter((p) => p !== port && !before.has(p) && !after.has(p))).toEqual([]);
        expect((s.counts['open/syn-ack'] ?? 0) + (s.counts['closed/conn-refused'] ?? 0)).toBe(to - from + 1);
      },
      60_000,
    );
  }
});

describe('native connector', () => {
  it('builds with the machine toolchain where there is one, and finds what the TypeScript connector finds', async () => {
    const hasCc = spawnSync('cc', ['--version']).status === 0;
    const headers = ['/usr/include/node', join(dirname(dirname(process.execPath)), 'include', 'node')].some((d) =>
      existsSync(join(d, 'node_api.h')),
    );
    if (!hasCc || !headers) {
      console.warn('\n*** SKIPPING the native connector check: no `cc` or no Node.js headers (node_api.h). ***\n');
      return;
    }
    expect(loadNativeAddon(), nativeUnavailableReason()).not.toBeNull();
    const server = await listen('127.0.0.1');
    const open = portOf(server);
    const closed = await freePort('127.0.0.1');
    const probes = [open, closed].map((port, index) => ({ host: '127.0.0.1', port, index }));
    const events = await collect(scanTcp(probes, { native: true, timing: 4 }));
    await new Promise((r) => server.close(r));
    const ports = events.filter((e): e is PortObserved => e.type === 'port');
    expect(ports.find((p) => p.port === open)).toMatchObject({ state: 'open', reason: 'syn-ack' });
    expect(ports.find((p) => p.port === closed)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
  });
});

describe('TCP scan sharded over worker threads', () => {
  it('stops cleanly on abort: the stream ends soon, with the results decided so far', () => {
    const dir = compileEngine();
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(dir, 'run.mjs'), '127.0.0.1', '1-65535', '2'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ABORT_AFTER: '2000' },
    });
    expect(r.status, r.stderr).toBe(0);
    const s = parseSummary(r.stdout);
    expect(s.ports).toBeGreaterThanOrEqual(2000);
    expect(s.ports).toBeLessThan(65535);
    expect(s.duplicates).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);
});

describe.runIf(labEnabled('TCP host discovery in a network namespace', { needs: ['nft'] }))(
  'TCP scan of filtered, silent and unreachable lab hosts (203.0.113.0/24 inside a namespace)',
  () => {
    let ns: Namespace | null = null;
    let listener = 0;

    beforeAll(async () => {
      compileEngine();
      ns = createNamespace('pw-tcph');
      // 203.0.113.1 drops SYNs to ports 1–1000 (filtered) and has a listener above; 203.0.113.3 drops
      // everything (silent). Routes make .128/26 unreachable, .192/27 prohibited, and leave .224/27 unrouted.
      addLabAddress(ns, '203.0.113.1/25');
      addLabAddress(ns, '203.0.113.3/25');
      ns.exec('ip', ['route', 'add', 'unreachable', '203.0.113.128/26']);
      ns.exec('ip', ['route', 'add', 'prohibit', '203.0.113.192/27']);
      const child = ns.spawn(process.execPath, [
        '-e',
        listenerProgram([{ transport: 'tcp', address: '203.0.113.1', port: 0 }]),
      ]);
      listener = parseOpened(await waitForOutput(child, 'OPENED'))[0]?.port ?? 0;
      // The rule below must not drop it (nor our replies, which come back to ephemeral ports).
      expect(listener).toBeGreaterThan(1000);
      ns.exec(
        'nft',
        ['-f', '-'],
        `table inet pwtcp {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr 203.0.113.1 tcp dport 1-1000 drop
    ip daddr 203.0.113.3 drop
  }
}
`,
      );
    }, 60_000);

    afterAll(() => {
      ns?.destroy();
    });

    const run = (hosts: string, ports: string, threads: number, opts: object): { s: RunSummary; ms: number } => {
      const dir = compileEngine();
      const started = performance.now();
      const r = (ns as Namespace).run(process.execPath, [
        join(dir, 'run.mjs'),
        hosts,
        ports,
        String(threads),
        JSON.stringify(opts),
      ]);
      expect(r.status, r.stderr).toBe(0);
      return { s: parseSummary(r.stdout), ms: performance.now() - started };
    };

    it('reports the open port, and the dropped ports filtered by timeout, of a firewalled host', () => {
      const { s } = run('203.0.113.1', `${listener},1-40`, 1, { timing: 5 });
      const native = run('203.0.113.1', `${listener},1-40`, 1, { timing: 5, native: true }).s;
      expect(native.counts).toEqual(s.counts);
      expect(s.open).toEqual([listener]);
      expect(s.hosts).toEqual([['203.0.113.1', 'up', 'syn-ack']]);
      expect(s.counts).toEqual({ 'open/syn-ack': 1, 'filtered/timeout': 40 });
      expect(s.duplicates).toBe(0);
    }, 30_000);

    for (const threads of [1, 2]) {
      it(`decides a silent host down early instead of spending 65,535 ports on it (${threads} thread(s))`, () => {
        const { s, ms } = run('203.0.113.3', '1-65535', threads, { timing: 5 });
        expect(s.hosts).toEqual([['203.0.113.3', 'down', 'timeout']]);
        expect(s.ports).toBe(0);
        expect(s.done).toBe(65535);
        // At ~0.3 s per try, the whole list would take hours.
        expect(ms).toBeLessThan(15_000);
      }, 30_000);
    }

    it('scans a silent host anyway with skipHostDiscovery (-Pn)', () => {
      const { s } = run('203.0.113.3', '1-20', 1, { timing: 5, skipHostDiscovery: true });
      expect(s.hosts).toEqual([['203.0.113.3', 'up', 'skipped-discovery']]);
      expect(s.counts).toEqual({ 'filtered/timeout': 20 });
    }, 30_000);

    it('decides unreachable hosts down with the reason the network gave', () => {
      const { s } = run('203.0.113.130,203.0.113.200,203.0.113.230', '1-100', 1, { timing: 5 });
      expect(s.hosts.sort()).toEqual([
        ['203.0.113.130', 'down', 'host-unreach'],
        ['203.0.113.200', 'down', 'admin-prohibited'],
        ['203.0.113.230', 'down', 'net-unreach'],
      ]);
      expect(s.ports).toBe(0);
    }, 30_000);

    it('with -Pn reports their ports filtered with that reason (also with the native connector)', () => {
      const { s } = run('203.0.113.130,203.0.113.200,203.0.113.230', '1-10', 2, { skipHostDiscovery: true });
      const native = run('203.0.113.130,203.0.113.200,203.0.113.230', '1-10', 1, {
        skipHostDiscovery: true,
        native: true,
      }).s;
      expect(native.counts).toEqual(s.counts);
      expect(s.counts).toEqual({
        'filtered/host-unreach': 10,
        'filtered/admin-prohibited': 10,
        'filtered/net-unreach': 10,
      });
    }, 30_000);
  },
);
