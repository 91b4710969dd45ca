// The shared lab: namespace hosts in 203.0.113.0/24 and 2001:db8:203::/64 running real Debian daemons, joined by
// the bridge pwlab0 (203.0.113.254 and 2001:db8:203::fe) inside the namespace `pwlab`, where the scanner runs.
// Nothing of the lab touches the root namespace: this machine's own network may use the documentation ranges
// too (here the package mirror answers at 203.0.113.80), so a route for them there would hijack its traffic.
// Hosts have no default route, so nothing they run can reach beyond the bridge; scans reach them only through
// it, which `assertLabRoute` checks before anything is sent. `npm run lab:up` / `lab:down` drive it by hand;
// `npm test` brings it up and runs vitest inside `pwlab` (scripts/run-tests.ts).
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ip, labUnavailableReason, warnLabSkipped } from './netns.js';

export const LAB_BRIDGE = 'pwlab0';
/** The namespace holding the bridge, where scans of the lab (and `npm test`) run. */
export const LAB_NS = 'pwlab';
export const LAB_GATEWAY = '203.0.113.254';
export const LAB_GATEWAY6 = '2001:db8:203::fe';
/** Where hosts keep their configuration, logs and state (tmpfs, root only). */
export const LAB_DIR = '/run/portwarden-lab';
const NS_PREFIX = 'pwlab-';

const labEnv = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` };

/** What a host's `start` may use. */
export interface LabHostContext {
  /** The namespace's name (`pwlab-<host>`). */
  readonly netns: string;
  /** A private directory for this host's configuration, logs and state. Nothing outside it is written. */
  readonly dir: string;
  readonly address: string;
  readonly address6: string;
  /** Run a command in the namespace and wait for it; throws with its stderr on failure. */
  exec(cmd: string, args: readonly string[], input?: string): string;
  /** Run a command in the namespace whatever its exit status. */
  run(cmd: string, args: readonly string[], input?: string): SpawnSyncReturns<string>;
  /**
   * Start a long-running daemon in the namespace, in the foreground of its own process group, detached from the
   * caller (it outlives `lab:up`), output appended to `<dir>/<logName>.log`.
   */
  daemon(cmd: string, args: readonly string[], logName?: string): void;
  /** Resolve when host:port accepts a TCP connection (inside the lab), or throw after `timeoutMs`. */
  waitTcp(port: number, timeoutMs?: number, address?: string): Promise<void>;
  /** Write a file under `dir` (mode 0644 unless given) and return its path. */
  file(relative: string, content: string | Uint8Array, mode?: number): string;
}

/** One lab host: a namespace with one address of each family and the daemons `start` runs in it. */
export interface LabHost {
  /** Short name, [a-z0-9-], ≤ 20 characters: namespace `pwlab-<name>`. */
  readonly name: string;
  /** Last octet: 203.0.113.<octet> and 2001:db8:203::<octet> (written in decimal digits). Unique. */
  readonly octet: number;
  /** What it is for, one line (shown by `lab status`). */
  readonly description: string;
  /** Debian packages `.ci/run` installs for it. */
  readonly packages: readonly string[];
  /** Programs that must exist for the host to start (absolute paths or names on the sbin-extended PATH). */
  readonly programs: readonly string[];
  start(ctx: LabHostContext): Promise<void>;
}

export function hostAddress(octet: number): string {
  return `203.0.113.${octet}`;
}
export function hostAddress6(octet: number): string {
  return `2001:db8:203::${octet}`;
}

/** Every host defined under test/lab/hosts/ (one file each). */
export async function labHosts(): Promise<LabHost[]> {
  const dir = fileURLToPath(new URL('./hosts/', import.meta.url));
  const files = existsSync(dir)
    ? readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !/\.(d|test)\.ts$/.test(f) && !f.endsWith('.map'))
    : [];
  const hosts: LabHost[] = [];
  for (const file of files.sort()) {
    const mod = (await import(new URL(`./hosts/${file}`, import.meta.url).href)) as { host?: LabHost };
    if (mod.host === undefined) throw new Error(`test/lab/hosts/${file} exports no \`host\``);
    hosts.push(mod.host);
  }
  const seen = new Map<number, string>();
  for (const h of hosts) {
    if (!/^[a-z0-9-]{1,20}$/.test(h.name)) throw new Error(`lab host name ${h.name} must be [a-z0-9-]{1,20}`);
    if (!Number.isInteger(h.octet) || h.octet < 2 || h.octet > 250) throw new Error(`lab host ${h.name}: bad octet`);
    const other = seen.get(h.octet);
    if (other !== undefined) throw new Error(`lab hosts ${other} and ${h.name} share 203.0.113.${h.octet}`);
    seen.set(h.octet, h.name);
  }
  return hosts;
}

function hasProgram(program: string): boolean {
  if (program.startsWith('/')) return existsSync(program);
  return spawnSync('sh', ['-c', `command -v ${program}`], { env: labEnv }).status === 0;
}

function bridgeUp(): boolean {
  return spawnSync('ip', ['-n', LAB_NS, 'link', 'show', LAB_BRIDGE], { env: labEnv, stdio: 'ignore' }).status === 0;
}

/** Every namespace of the lab: `pwlab` and the hosts' `pwlab-*`. */
function namespaces(): string[] {
  return ip('netns', 'list')
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n === LAB_NS || n.startsWith(NS_PREFIX));
}

function hostDir(name: string): string {
  return join(LAB_DIR, name);
}

/** The state a host was left in by the last `up`. */
export type HostStatus = { state: 'ready' } | { state: 'failed'; reason: string } | { state: 'absent' };

export function hostStatus(name: string): HostStatus {
  const dir = hostDir(name);
  if (existsSync(join(dir, 'ready'))) return { state: 'ready' };
  if (existsSync(join(dir, 'failed'))) return { state: 'failed', reason: readFileSync(join(dir, 'failed'), 'utf8') };
  return { state: 'absent' };
}

/** Create the scanner namespace and its bridge (nothing in the root namespace changes). */
function ensureBridge(): void {
  if (bridgeUp()) return;
  if (namespaces().includes(LAB_NS) || spawnSync('ip', ['netns', 'pids', LAB_NS], { env: labEnv }).status === 0) {
    try {
      ip('netns', 'delete', LAB_NS);
    } catch {
      // Not there.
    }
  }
  ip('netns', 'add', LAB_NS);
  ip('-n', LAB_NS, 'link', 'set', 'lo', 'up');
  ip('-n', LAB_NS, 'link', 'add', LAB_BRIDGE, 'type', 'bridge');
  ip('-n', LAB_NS, 'addr', 'add', `${LAB_GATEWAY}/24`, 'dev', LAB_BRIDGE);
  ip('-n', LAB_NS, 'addr', 'add', `${LAB_GATEWAY6}/64`, 'dev', LAB_BRIDGE, 'nodad');
  ip('-n', LAB_NS, 'link', 'set', LAB_BRIDGE, 'up');
}

function waitTcp(netns: string, address: string, port: number, timeoutMs: number): Promise<void> {
  // Probed from inside the namespace (loopback-free: the host's own address), so it works before the route does.
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const r = spawnSync('ip', ['netns', 'exec', netns, process.execPath, '-e', probeProgram(address, port)], {
        env: labEnv,
        timeout: 3_000,
      });
      if (r.status === 0) {
        resolve();
        return;
      }
      if (Date.now() > deadline) {
        reject(new Error(`nothing accepts on ${address} port ${port} after ${timeoutMs} ms`));
        return;
      }
      setTimeout(attempt, 200);
    };
    attempt();
  });
}

function probeProgram(address: string, port: number): string {
  return `const s=require('net').connect(${port},${JSON.stringify(address)},()=>{s.destroy();process.exit(0)});s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),2000)`;
}

function context(host: LabHost): LabHostContext {
  const netns = `${NS_PREFIX}${host.name}`;
  const dir = hostDir(host.name);
  const address = hostAddress(host.octet);
  const address6 = hostAddress6(host.octet);
  const inside = (cmd: string, args: readonly string[]): string[] => ['netns', 'exec', netns, cmd, ...args];
  return {
    netns,
    dir,
    address,
    address6,
    exec(cmd, args, input) {
      return execFileSync('ip', inside(cmd, args), {
        encoding: 'utf8',
        env: labEnv,
        input: input ?? '',
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: 30_000,
      });
    },
    run(cmd, args, input) {
      return spawnSync('ip', inside(cmd, args), {
        encoding: 'utf8',
        env: labEnv,
        timeout: 30_000,
        ...(input !== undefined && { input }),
      });
    },
    daemon(cmd, args, logName) {
      const log = openSync(join(dir, `${logName ?? cmd.split('/').pop() ?? 'daemon'}.log`), 'a');
      const child = spawn('ip', inside(cmd, args), { env: labEnv, detached: true, stdio: ['ignore', log, log] });
      child.unref();
      closeSync(log);
    },
    waitTcp(port, timeoutMs = 15_000, at = address) {
      return waitTcp(netns, at, port, timeoutMs);
    },
    file(relative, content, mode = 0o644) {
      const path = join(dir, relative);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content, { mode });
      return path;
    },
  };
}

function removeHost(name: string): void {
  const netns = `${NS_PREFIX}${name}`;
  if (namespaces().includes(netns)) {
    for (const pid of ip('netns', 'pids', netns)
      .split('\n')
      .filter((l) => /^\d+$/.test(l))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    try {
      ip('netns', 'delete', netns);
    } catch {
      // Gone already.
    }
  }
  rmSync(hostDir(name), { recursive: true, force: true });
}

/** Bring one host up from nothing: namespace, veth into the bridge, addresses, then its daemons. */
async function startHost(host: LabHost): Promise<void> {
  removeHost(host.name);
  const ctx = context(host);
  mkdirSync(ctx.dir, { recursive: true });
  const missing = host.programs.filter((p) => !hasProgram(p));
  if (missing.length > 0) {
    const reason = `not installed: ${missing.join(', ')} (Debian: ${host.packages.join(' ')})`;
    writeFileSync(join(ctx.dir, 'failed'), reason);
    return;
  }
  const outside = `pwl${host.octet}`;
  try {
    ip('-n', LAB_NS, 'link', 'del', outside);
  } catch {
    // Not there: fine.
  }
  ip('netns', 'add', ctx.netns);
  ip('-n', ctx.netns, 'link', 'set', 'lo', 'up');
  // Created inside the host's namespace with its peer put straight into the lab's: never in the root namespace.
  ip('-n', ctx.netns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', outside, 'netns', LAB_NS);
  // One fixed MAC per host (locally administered): a restarted host answers with the MAC the scanner's neighbour
  // cache already holds, instead of a new random one that is unreachable until the stale entry expires.
  ip('-n', ctx.netns, 'link', 'set', 'eth0', 'address', `02:70:77:00:00:${host.octet.toString(16).padStart(2, '0')}`);
  ip('-n', ctx.netns, 'addr', 'add', `${ctx.address}/24`, 'dev', 'eth0');
  ip('-n', ctx.netns, 'addr', 'add', `${ctx.address6}/64`, 'dev', 'eth0', 'nodad');
  ip('-n', ctx.netns, 'link', 'set', 'eth0', 'up');
  ip('-n', LAB_NS, 'link', 'set', outside, 'master', LAB_BRIDGE);
  ip('-n', LAB_NS, 'link', 'set', outside, 'up');
  try {
    await host.start(ctx);
    writeFileSync(join(ctx.dir, 'ready'), new Date().toISOString());
  } catch (err) {
    writeFileSync(join(ctx.dir, 'failed'), err instanceof Error ? err.message : String(err));
  }
}

/**
 * Bring the lab up: the bridge, then every host (or the named ones) not already ready. A host that cannot start
 * is marked failed with the reason; the others still come up.
 */
export async function labUp(names: readonly string[] = [], options: { restart?: boolean } = {}): Promise<LabHost[]> {
  const all = await labHosts();
  const unknown = names.filter((n) => !all.some((h) => h.name === n));
  if (unknown.length > 0) throw new Error(`no lab host named ${unknown.join(', ')}`);
  const chosen = names.length === 0 ? all : all.filter((h) => names.includes(h.name));
  mkdirSync(LAB_DIR, { recursive: true });
  ensureBridge();
  const todo = chosen.filter(
    (h) =>
      options.restart === true ||
      hostStatus(h.name).state !== 'ready' ||
      !namespaces().includes(`${NS_PREFIX}${h.name}`),
  );
  // Hosts start concurrently: most of the time is daemons starting up.
  await Promise.all(todo.map((h) => startHost(h)));
  return chosen;
}

/** Take the whole lab down: every pwlab-* namespace and its processes, the bridge, the state directory. */
export function labDown(): void {
  for (const netns of namespaces()) if (netns !== LAB_NS) removeHost(netns.slice(NS_PREFIX.length));
  if (namespaces().includes(LAB_NS)) ip('netns', 'delete', LAB_NS);
  rmSync(LAB_DIR, { recursive: true, force: true });
}

/** Whether this process runs inside the lab's namespace (where the bridge is). */
export function insideLab(): boolean {
  return spawnSync('ip', ['link', 'show', LAB_BRIDGE], { env: labEnv, stdio: 'ignore' }).status === 0;
}

export function labIsUp(): boolean {
  return bridgeUp();
}

/** Throw unless `address` is reached through the lab bridge (never let a lab scan fall through to a default route). */
export function assertLabRoute(address: string): void {
  const r = spawnSync('ip', ['route', 'get', address], { encoding: 'utf8', env: labEnv });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !out.includes(` dev ${LAB_BRIDGE} `)) {
    throw new Error(
      `${address} is not routed through the lab bridge ${LAB_BRIDGE}: ${out.trim()}. Lab scans run inside the ` +
        `namespace ${LAB_NS}: \`npm test\`, or \`ip netns exec ${LAB_NS} npx vitest run …\` after \`npm run lab:up\`.`,
    );
  }
}

/** A lab host a test may use, after checking its route. */
export interface ReadyHost {
  readonly name: string;
  readonly address: string;
  readonly address6: string;
}

/**
 * The named lab host when it is up, or null when lab tests cannot run here (loudly; a failure with
 * PORTWARDEN_REQUIRE_LAB=1). Throws when the host failed to start on a machine that could run it.
 * @example const ftp = labHost('ftp-anon'); describe.runIf(ftp !== null)('…', () => { … ftp!.address … })
 */
export function labHost(name: string): ReadyHost | null {
  const outside =
    labUnavailableReason() === null && !insideLab()
      ? `this process is not inside the lab namespace ${LAB_NS} (\`npm test\` runs there; by hand: ` +
        `\`npm run lab:up && ip netns exec ${LAB_NS} npx vitest run …\`)`
      : null;
  const unavailable = labUnavailableReason() ?? outside;
  const status = unavailable === null ? hostStatus(name) : null;
  const reason =
    unavailable ??
    (status?.state === 'ready'
      ? null
      : status?.state === 'failed'
        ? `lab host ${name} failed to start: ${status.reason}`
        : `lab host ${name} is not up (run \`npm run lab:up\`, or let vitest's global setup do it)`);
  if (reason !== null) {
    if (process.env['PORTWARDEN_REQUIRE_LAB'] === '1') {
      throw new Error(`lab host ${name} cannot be used: ${reason}; with PORTWARDEN_REQUIRE_LAB=1 that is a failure`);
    }
    warnLabSkipped(`lab host ${name}`, reason);
    return null;
  }
  const host = { name, ...addressesOf(name) };
  assertLabRoute(host.address);
  assertLabRoute(host.address6);
  return host;
}

function addressesOf(name: string): { address: string; address6: string } {
  const out = ip('-n', `${NS_PREFIX}${name}`, '-br', 'addr', 'show', 'dev', 'eth0');
  const address = /(203\.0\.113\.\d+)\/24/.exec(out)?.[1];
  const address6 = /(2001:db8:203::[0-9a-f]+)\/64/i.exec(out)?.[1];
  if (address === undefined || address6 === undefined) throw new Error(`lab host ${name} has no lab address: ${out}`);
  return { address, address6 };
}

/** Whether a TCP port of a lab address answers (used by host definitions that wait for slow daemons). */
export function tcpAnswers(address: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
