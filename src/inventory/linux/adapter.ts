/** The Linux inventory: /proc/net for sockets, /proc/<pid>/fd for holders, /etc/passwd for names. */
import { endianness } from 'node:os';
import { PortwardenError } from '../../core/errors.js';
import type { InventoryMeta, ListeningSocket, ProcessInfo } from '../../core/socket.js';
import { streamSnapshot } from '../abort.js';
import type { InventoryAdapter } from '../adapter.js';
import { sortSockets } from '../merge.js';
import { readPasswd } from './passwd.js';
import { nodeProcFs, readProcess, scanSocketHolders, type ProcFs } from './procfd.js';
import { parseProcNet, type ByteOrder, type ProcNetFile, type ProcNetRow } from './procnet.js';

/** Where to read from; every field has the real system as default. */
export interface LinuxAdapterOptions {
  /** Root of procfs (default '/proc'); a fake tree in tests. */
  readonly procRoot?: string;
  /** passwd file for uid → name (default '/etc/passwd'). */
  readonly passwdPath?: string;
  /** Effective uid of the reader (default `process.geteuid()`); anything but 0 makes the result partial. */
  readonly euid?: number;
  /** Byte order of the kernel that wrote /proc/net (default: this machine's). */
  readonly byteOrder?: ByteOrder;
  /** File-system calls (default: node:fs, synchronous). */
  readonly fs?: ProcFs;
}

/** One snapshot of the machine. */
export interface LinuxSnapshot {
  readonly sockets: ListeningSocket[];
  /** Some process's descriptors could not be read: its sockets are listed without a process. */
  readonly denied: boolean;
}

const FILES: readonly ProcNetFile[] = ['tcp', 'tcp6', 'udp', 'udp6'];

function readNet(procRoot: string, file: ProcNetFile, fs: ProcFs, order: ByteOrder): ProcNetRow[] {
  const path = `${procRoot}/net/${file}`;
  let text: string;
  try {
    text = fs.readFile(path);
  } catch (err) {
    // tcp6/udp6 are absent when the kernel runs without IPv6; tcp/udp are always there when /proc is mounted.
    if (file.endsWith('6')) return [];
    throw new PortwardenError(
      'PROCFS_UNREADABLE',
      `${path} cannot be read, so local sockets cannot be listed: is /proc mounted?`,
      {
        cause: err,
        details: { path, reason: 'procfs-missing' },
      },
    );
  }
  return parseProcNet(text, file, order);
}

/**
 * Read every listening socket of this network namespace with the processes that hold it, synchronously:
 * the four /proc/net files once, every /proc/<pid>/fd once, comm/cmdline/status only of holders.
 * A socket whose holder cannot be seen (another user's process without root) keeps its uid and user, with no process.
 * @example readLinuxInventory().sockets.filter((s) => s.port === 22)
 */
export function readLinuxInventory(options: LinuxAdapterOptions = {}): LinuxSnapshot {
  const procRoot = options.procRoot ?? '/proc';
  const fs = options.fs ?? nodeProcFs;
  const order = options.byteOrder ?? endianness();
  const rows = FILES.flatMap((f) => readNet(procRoot, f, fs, order));
  const wanted = new Set(rows.map((r) => r.inode));
  const { holders, denied } = scanSocketHolders(procRoot, wanted, fs);
  const users = readPasswd(options.passwdPath);
  const processes = new Map<number, ProcessInfo | null>();
  const processInfo = (pid: number): ProcessInfo | null => {
    let info = processes.get(pid);
    if (info === undefined) {
      const rec = readProcess(procRoot, pid, fs);
      info =
        rec === null
          ? null
          : { pid, name: rec.name, command: rec.command, user: rec.uid === null ? null : (users.get(rec.uid) ?? null) };
      processes.set(pid, info);
    }
    return info;
  };
  const seen = new Set<string>();
  const sockets: ListeningSocket[] = [];
  for (const row of rows) {
    // A socket can be printed twice when the kernel's hash table changes while the file is read.
    const key = `${row.transport}|${row.inode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const procs: ProcessInfo[] = [];
    for (const pid of holders.get(row.inode) ?? []) {
      const info = processInfo(pid);
      if (info !== null) procs.push(info);
    }
    sockets.push({
      transport: row.transport,
      family: row.family,
      address: row.address,
      // procfs does not show SO_BINDTODEVICE or the scope of a link-local bind; only netlink sock_diag does.
      scope: null,
      port: row.port,
      uid: row.uid,
      user: users.get(row.uid) ?? null,
      processes: procs,
      id: row.inode,
    });
  }
  return { sockets: sortSockets(sockets), denied };
}

/**
 * The Linux adapter ('linux-procfs'). `meta().partial` is true when not running as root, or when the last
 * `list` met a process whose descriptors it could not read (even root is refused some, e.g. in containers).
 * @example const inv = linuxAdapter(); for await (const s of inv.list()) console.log(s); inv.meta().partial
 */
export function linuxAdapter(options: LinuxAdapterOptions = {}): InventoryAdapter {
  const source = 'linux-procfs';
  const euid = options.euid ?? process.geteuid?.() ?? -1;
  let denied = false;
  return {
    source,
    list(signal?: AbortSignal): AsyncGenerator<ListeningSocket> {
      return streamSnapshot(() => {
        const snapshot = readLinuxInventory(options);
        denied = snapshot.denied;
        return snapshot.sockets;
      }, signal);
    },
    meta(): InventoryMeta {
      return { source, partial: euid !== 0 || denied };
    },
  };
}
