// Lab helpers: throwaway network namespaces for tests. Only loopback and the documentation ranges
// 203.0.113.0/24 and 2001:db8:203::/64 are ever configured, and only inside namespaces we create.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

/** Why lab tests cannot run here, or null when they can (Linux, root, iproute2). */
export function labUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.geteuid?.() !== 0) return 'not root';
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some((p) => existsSync(p)))
    return 'iproute2 (ip) missing';
  return null;
}

/**
 * Whether to run the lab tests. Skipping is loud, and a failure when PORTWARDEN_REQUIRE_LAB=1 (CI).
 */
export function labEnabled(what: string): boolean {
  const reason = labUnavailableReason();
  if (reason === null) return true;
  if (process.env['PORTWARDEN_REQUIRE_LAB'] === '1') {
    throw new Error(`lab test "${what}" cannot run (${reason}) but PORTWARDEN_REQUIRE_LAB=1`);
  }
  console.warn(`\n*** SKIPPING lab test "${what}": ${reason}. Run as root on Linux to include it. ***\n`);
  return false;
}

/** Run `ip` with arguments; throws with stderr on failure. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A network namespace that exists until `destroy()`. */
export interface Namespace {
  readonly name: string;
  /** Run a command inside the namespace and return its stdout. */
  exec(cmd: string, args: readonly string[], input?: string): string;
  /** Start a long-running process inside the namespace. */
  spawn(cmd: string, args: readonly string[]): ChildProcess;
  destroy(): void;
}

/** Create a namespace with loopback up. */
export function createNamespace(prefix: string): Namespace {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  const children: ChildProcess[] = [];
  return {
    name,
    exec(cmd, args, input) {
      return execFileSync('ip', ['netns', 'exec', name, cmd, ...args], {
        encoding: 'utf8',
        input: input ?? '',
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
    },
    spawn(cmd, args) {
      const child = spawn('ip', ['netns', 'exec', name, cmd, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return child;
    },
    destroy() {
      for (const c of children) c.kill('SIGKILL');
      try {
        ip('netns', 'delete', name);
      } catch {
        // Already gone.
      }
    },
  };
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
  if (ip('-br', 'addr').includes(address)) throw new Error(`${address} is already in use on this machine`);
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
