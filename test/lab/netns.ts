// Lab helpers: deciding whether a lab test can run here (and skipping it loudly when not), and throwaway
// network namespaces for tests. Only loopback and the documentation ranges 203.0.113.0/24 and
// 2001:db8:203::/64 are ever configured, and only inside namespaces we create.
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createRunner, type CommandRunner } from '../../src/inventory/exec.js';

/** The environment of every lab command: the caller's, with the sbin directories (ip, nft…) on PATH. */
const labEnv = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` };

/** Debian packages that provide the tools lab tests use, for the skip message. */
const PACKAGES: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  ss: 'iproute2',
  nft: 'nftables',
  'iptables-restore': 'iptables',
  'ip6tables-restore': 'iptables',
  dnsmasq: 'dnsmasq',
  snmpd: 'snmpd',
  'in.tftpd': 'tftpd-hpa',
  rpcbind: 'rpcbind',
  ntpd: 'ntpsec',
  setpriv: 'util-linux',
  nmbd: 'samba',
};

/** What a lab test needs besides Linux. */
export interface LabNeeds {
  /** Root (default true). */
  readonly root?: boolean;
  /** A network namespace, hence root and `ip` (default: the same as `root`). */
  readonly netns?: boolean;
  /** Further programs, e.g. `['nft']`. */
  readonly needs?: readonly string[];
}

/** Whether `tool` is an executable on the lab PATH. */
function hasTool(tool: string): boolean {
  return labEnv.PATH.split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** Why lab tests with these needs cannot run here, or null when they can (by default: Linux, root, iproute2). */
export function labUnavailableReason(needs: LabNeeds = {}): string | null {
  const root = needs.root ?? true;
  const netns = needs.netns ?? root;
  if (process.platform !== 'linux') return `this is ${process.platform}, not Linux`;
  if ((root || netns) && process.geteuid?.() !== 0) {
    return netns ? 'not root (network namespaces need it)' : 'not root';
  }
  for (const tool of [...(netns ? ['ip'] : []), ...(needs.needs ?? [])]) {
    if (!hasTool(tool)) return `\`${tool}\` is not installed (Debian package: ${PACKAGES[tool] ?? tool})`;
  }
  return null;
}

/** The one loud message of a skipped lab test (or scenario). */
export function warnLabSkipped(what: string, reason: string): void {
  console.warn(`\n*** SKIPPING lab test "${what}": ${reason}. ***\n`);
}

/**
 * Whether to run the lab tests `what` (a whole file, or a subset of its tests). Skipping is loud, and a failure when
 * PORTWARDEN_REQUIRE_LAB=1 (CI).
 * @example describe.runIf(labEnabled('firewall in a namespace', { needs: ['nft'] }))('…', () => {…})
 * @example const isRoot = labEnabled('the other-user checks', { netns: false }); it.skipIf(!isRoot)(…)
 */
export function labEnabled(what: string, needs: LabNeeds = {}): boolean {
  const reason = labUnavailableReason(needs);
  if (reason === null) return true;
  if (process.env['PORTWARDEN_REQUIRE_LAB'] === '1') {
    throw new Error(`lab test "${what}" cannot run: ${reason}; with PORTWARDEN_REQUIRE_LAB=1 that is a failure`);
  }
  warnLabSkipped(what, `${reason}. Set PORTWARDEN_REQUIRE_LAB=1 to make this a failure`);
  return false;
}

/** Run `ip` with arguments; throws with stderr on failure. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', env: labEnv, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A network namespace that exists until `destroy()`. */
export interface Namespace {
  readonly name: string;
  /** Run a command inside the namespace and return its stdout; throws with stderr on failure (or after 20 s). */
  exec(cmd: string, args: readonly string[], input?: string, timeoutMs?: number): string;
  /** Run a command inside the namespace and return how it went, whatever its exit status. */
  run(cmd: string, args: readonly string[], input?: string): SpawnSyncReturns<string>;
  /** A `CommandRunner` that runs every tool inside the namespace, after `prefix` (e.g. a setpriv command). */
  runner(options?: { readonly timeoutMs?: number; readonly prefix?: readonly string[] }): CommandRunner;
  /** Start a long-running process inside the namespace. */
  spawn(cmd: string, args: readonly string[]): ChildProcess;
  /** Kill every process in the namespace and delete it. */
  destroy(): void;
}

/** Create a namespace with loopback up. */
export function createNamespace(prefix: string): Namespace {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  const inside = (cmd: string, args: readonly string[]): string[] => ['netns', 'exec', name, cmd, ...args];
  const children: ChildProcess[] = [];
  ip('netns', 'add', name);
  const ns: Namespace = {
    name,
    exec(cmd, args, input, timeoutMs = 20_000) {
      return execFileSync('ip', inside(cmd, args), {
        encoding: 'utf8',
        env: labEnv,
        input: input ?? '',
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
    },
    run(cmd, args, input) {
      return spawnSync('ip', inside(cmd, args), {
        encoding: 'utf8',
        env: labEnv,
        timeout: 20_000,
        maxBuffer: 64 * 1024 * 1024,
        ...(input !== undefined && { input }),
      });
    },
    runner(options = {}) {
      const run = createRunner(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
      const prefix = options.prefix ?? [];
      return (file, args, signal) => run('ip', ['netns', 'exec', name, ...prefix, file, ...args], signal);
    },
    spawn(cmd, args) {
      const child = spawn('ip', inside(cmd, args), { env: labEnv, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return child;
    },
    destroy() {
      for (const c of children) c.kill('SIGKILL');
      // Also whatever those started (or `ip netns exec` forked) inside the namespace.
      try {
        for (const pid of ip('netns', 'pids', name)
          .split('\n')
          .filter((l) => /^\d+$/.test(l))) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      } catch {
        // The namespace is already gone.
      }
      try {
        ip('netns', 'delete', name);
      } catch {
        // Already gone.
      }
    },
  };
  try {
    ip('-n', name, 'link', 'set', 'lo', 'up');
  } catch (err) {
    ns.destroy();
    throw err;
  }
  return ns;
}

/**
 * Give a namespace a lab address on interface lab0, one end of a veth pair whose both ends stay inside
 * the namespace (no link to any other namespace; this kernel has no dummy interfaces), after checking
 * the address is not already used on this machine.
 */
export function addLabAddress(ns: Namespace, cidr: string): void {
  const address = cidr.split('/')[0] as string;
  if (!/^(203\.0\.113\.\d+|2001:db8:203::[0-9a-f:]*)$/i.test(address)) {
    throw new Error(`${address} is outside the lab ranges 203.0.113.0/24 and 2001:db8:203::/64`);
  }
  if (
    ip('-br', 'addr')
      .split(/\s+/)
      .some((a) => a.split('/')[0] === address)
  )
    throw new Error(`${address} is already in use on this machine`);
  if (!ip('-n', ns.name, '-br', 'link').includes('lab0')) {
    ip('-n', ns.name, 'link', 'add', 'lab0', 'type', 'veth', 'peer', 'name', 'lab1');
    ip('-n', ns.name, 'link', 'set', 'lab1', 'up');
    ip('-n', ns.name, 'link', 'set', 'lab0', 'up');
  }
  ip('-n', ns.name, 'addr', 'add', cidr, 'dev', 'lab0', ...(address.includes(':') ? ['nodad'] : []));
}

/** Wait until a child prints a line containing `marker`, and return everything it printed. */
export function waitForOutput(child: ChildProcess, marker: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(new Error(`no "${marker}" within ${timeoutMs} ms; got: ${out}`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${marker}"; got: ${out}`));
    });
  });
}

/**
 * Join two namespaces with a veth pair, each end named lab0, and give each end its lab addresses: IPv4 in
 * 203.0.113.0/24; IPv6 as a /128 with a host route to the other end only, so the rest of 2001:db8:203::/64 stays
 * unrouted. Nothing else is routed, so the only path from `a` to `b` is that link.
 */
export function linkNamespaces(
  a: Namespace,
  aAddresses: readonly string[],
  b: Namespace,
  bAddresses: readonly string[],
): void {
  for (const address of [...aAddresses, ...bAddresses]) {
    if (!/^(203\.0\.113\.\d+|2001:db8:203::[0-9a-f:]+)$/.test(address)) {
      throw new Error(`${address} is outside the lab ranges 203.0.113.0/24 and 2001:db8:203::/64`);
    }
    if (
      ip('-br', 'addr')
        .split(/\s+/)
        .some((a) => a.split('/')[0] === address)
    )
      throw new Error(`${address} is already in use on this machine`);
  }
  ip('-n', a.name, 'link', 'add', 'lab0', 'type', 'veth', 'peer', 'name', 'lab0', 'netns', b.name);
  for (const [ns, mine, theirs] of [
    [a, aAddresses, bAddresses],
    [b, bAddresses, aAddresses],
  ] as const) {
    for (const address of mine) {
      if (address.includes(':')) ip('-n', ns.name, 'addr', 'add', `${address}/128`, 'dev', 'lab0', 'nodad');
      else ip('-n', ns.name, 'addr', 'add', `${address}/24`, 'dev', 'lab0');
    }
    ip('-n', ns.name, 'link', 'set', 'lab0', 'up');
    for (const address of theirs.filter((t) => t.includes(':'))) {
      ip('-n', ns.name, '-6', 'route', 'add', `${address}/128`, 'dev', 'lab0');
    }
  }
}
