/**
 * Who owns a listening port, as init systems see it: the systemd unit of a pid (from /proc/<pid>/cgroup), the socket
 * unit of a socket-activated service (`systemctl list-sockets`), inetd, a container, or just a process. Parsers are
 * pure; `resolveOwners` is the thin I/O around them.
 */
import { readFile } from 'node:fs/promises';
import type { CommandRunner } from '../inventory/exec.js';
import { isUnitName } from './quote.js';

export type ServiceOwner =
  | { readonly kind: 'systemd-service'; readonly unit: string; readonly user: boolean }
  | { readonly kind: 'systemd-socket'; readonly unit: string; readonly activates: readonly string[] }
  | { readonly kind: 'inetd'; readonly daemon: string; readonly unit: string | null }
  | { readonly kind: 'container'; readonly runtime: 'docker' | 'podman'; readonly id: string }
  | { readonly kind: 'process'; readonly pid: number; readonly name: string; readonly command: string | null };

/**
 * The cgroup path of a process: the unified (v2) entry "0::/path", else systemd's named v1 hierarchy.
 * @example parseCgroup('0::/system.slice/vsftpd.service\n') // '/system.slice/vsftpd.service'
 */
export function parseCgroup(text: string): string | null {
  const lines = text.split('\n').filter((l) => l !== '');
  const v2 = lines.find((l) => l.startsWith('0::'));
  if (v2 !== undefined) return v2.slice(3);
  const named = lines.find((l) => l.split(':')[1] === 'name=systemd');
  return named === undefined ? null : named.split(':').slice(2).join(':');
}

/**
 * The owner a cgroup path names: the innermost `.service` (a user unit under user@UID.service), a container's scope,
 * or null for sessions and anything else. Names systemd would not accept are refused (null).
 * @example ownerFromCgroup('/system.slice/vsftpd.service') // { kind: 'systemd-service', unit: 'vsftpd.service', user: false }
 */
export function ownerFromCgroup(path: string): ServiceOwner | null {
  const parts = path.split('/').filter((p) => p !== '');
  const container = /^(?:(docker|libpod)-)?([0-9a-f]{64})(?:\.scope)?$/;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as string;
    const c = container.exec(part);
    if (c !== null && (c[1] !== undefined || parts[i - 1] === 'docker')) {
      return { kind: 'container', runtime: c[1] === 'libpod' ? 'podman' : 'docker', id: (c[2] as string).slice(0, 12) };
    }
    if (part.endsWith('.service')) {
      if (/^user@\d+\.service$/.test(part)) return null;
      if (!isUnitName(part)) return null;
      return {
        kind: 'systemd-service',
        unit: part,
        user: parts.slice(0, i).some((p) => /^user@\d+\.service$/.test(p)),
      };
    }
  }
  return null;
}

export interface ListedSocket {
  readonly listen: string;
  readonly unit: string;
  readonly activates: readonly string[];
}

/**
 * Lines of `systemctl list-sockets --all --no-legend --no-pager --full`: LISTEN, UNIT, ACTIVATES.
 * @example parseListSockets('[::]:23 telnet.socket telnet@0.service')[0]?.unit // 'telnet.socket'
 */
export function parseListSockets(text: string): ListedSocket[] {
  const out: ListedSocket[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+(\S+\.socket)\s*(.*)$/.exec(line);
    if (m === null || !isUnitName(m[2] as string)) continue;
    const activates = (m[3] as string).split(/[\s,]+/).filter((u) => u !== '' && isUnitName(u));
    out.push({ listen: m[1] as string, unit: m[2] as string, activates });
  }
  return out;
}

/** The port a LISTEN column names ('[::]:23', '0.0.0.0:23', '*:23', '23'), or null for paths and netlink. */
export function listenPort(listen: string): number | null {
  const m = /(?:^|:)(\d{1,5})$/.exec(listen);
  if (m === null || listen.startsWith('/') || listen.startsWith('@')) return null;
  const port = Number(m[1]);
  return port > 0 && port <= 65535 ? port : null;
}

const INETD = new Set(['inetd', 'xinetd', 'inetutils-inetd', 'openbsd-inetd']);

export interface HolderProcess {
  readonly pid: number;
  readonly name: string;
  readonly command: string | null;
}

/**
 * The owner of a port from its holder, the holder's cgroup and the socket units systemd listens on (pure).
 * systemd (pid 1) holding the port means socket activation; an inetd holds ports for the services it starts.
 */
export function ownerOf(
  port: number,
  holder: HolderProcess,
  cgroup: string | null,
  sockets: readonly ListedSocket[],
): ServiceOwner {
  if (holder.pid === 1 || holder.name === 'systemd') {
    const unit = sockets.find((s) => listenPort(s.listen) === port);
    if (unit !== undefined) return { kind: 'systemd-socket', unit: unit.unit, activates: unit.activates };
  }
  const fromCgroup = cgroup === null ? null : ownerFromCgroup(cgroup);
  if (INETD.has(holder.name)) {
    return {
      kind: 'inetd',
      daemon: holder.name,
      unit: fromCgroup?.kind === 'systemd-service' ? fromCgroup.unit : null,
    };
  }
  return fromCgroup ?? { kind: 'process', pid: holder.pid, name: holder.name, command: holder.command };
}

/**
 * Read the cgroups of the holders and systemd's socket list, and say who owns each port (key: 'port/pid').
 * Unreadable /proc entries and a missing systemctl leave the plain process as the owner.
 */
export async function resolveOwners(
  holders: readonly { readonly port: number; readonly holder: HolderProcess }[],
  run: CommandRunner,
  procRoot = '/proc',
): Promise<Map<string, ServiceOwner>> {
  let sockets: ListedSocket[] = [];
  if (holders.some((h) => h.holder.pid === 1)) {
    try {
      const r = await run('systemctl', ['list-sockets', '--all', '--no-legend', '--no-pager', '--full']);
      if (r.exitCode === 0) sockets = parseListSockets(r.stdout);
    } catch {
      // No systemctl: the holder stays a plain process.
    }
  }
  const out = new Map<string, ServiceOwner>();
  for (const { port, holder } of holders) {
    let cgroup: string | null = null;
    try {
      cgroup = parseCgroup(await readFile(`${procRoot}/${holder.pid}/cgroup`, 'utf8'));
    } catch {
      // Gone, or not ours to read.
    }
    out.set(`${port}/${holder.pid}`, ownerOf(port, holder, cgroup, sockets));
  }
  return out;
}
