/** Which processes hold which sockets: one synchronous pass over /proc/<pid>/fd, plus comm, cmdline and status. */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { PortwardenError } from '../../core/errors.js';

/**
 * The three file-system calls the scan makes; injectable so tests can make processes vanish or deny access.
 * Synchronous on purpose: thousands of readlink calls as promises cost several times more than the calls themselves.
 */
export interface ProcFs {
  readdir(path: string): string[];
  readlink(path: string): string;
  readFile(path: string): string;
}

/** The real file system. */
export const nodeProcFs: ProcFs = {
  readdir: (path) => readdirSync(path),
  readlink: (path) => readlinkSync(path),
  readFile: (path) => readFileSync(path, 'utf8'),
};

/** What one process is, as far as /proc tells. */
export interface ProcRecord {
  readonly name: string;
  readonly command: string | null;
  /** Effective uid from /proc/<pid>/status, or null when it cannot be read. */
  readonly uid: number | null;
}

/** Result of the fd scan. */
export interface HolderScan {
  /** Socket inode → pids holding it (ascending, unique). */
  readonly holders: Map<string, number[]>;
  /** True when some process's fds could not be read (EACCES/EPERM): its sockets show no process. */
  readonly denied: boolean;
}

// A process can exit, or close a descriptor, between readdir and readlink; another user's process refuses
// us without root. These are the expected outcomes of reading a live /proc, not failures of the scan.
const GONE = new Set(['ENOENT', 'ESRCH', 'ENOTDIR', 'EINVAL']);
const DENIED = new Set(['EACCES', 'EPERM']);

function errno(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

function unexpected(err: unknown, path: string): PortwardenError {
  return new PortwardenError('PROCFS_UNREADABLE', `cannot read ${path}: ${errno(err) || String(err)}`, {
    cause: err,
    details: { path, reason: 'procfs' },
  });
}

const SOCKET_PREFIX = 'socket:[';

/**
 * Scan every /proc/<pid>/fd once and map socket inodes to the pids holding them. When `wanted` is given,
 * only those inodes are recorded. Vanished processes and closed descriptors are skipped; denied ones set `denied`.
 * @example scanSocketHolders('/proc', new Set(['46784'])).holders.get('46784') // [14222]
 */
export function scanSocketHolders(
  procRoot: string,
  wanted: ReadonlySet<string> | null,
  fs: ProcFs = nodeProcFs,
): HolderScan {
  const holders = new Map<string, number[]>();
  let denied = false;
  let entries: string[];
  try {
    entries = fs.readdir(procRoot);
  } catch (err) {
    throw unexpected(err, procRoot);
  }
  for (const entry of entries) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue; // not a pid directory ('self', 'net', 'sys', …)
    const pid = Number(entry);
    const fdDir = `${procRoot}/${entry}/fd`;
    let fds: string[];
    try {
      fds = fs.readdir(fdDir);
    } catch (err) {
      const code = errno(err);
      if (DENIED.has(code)) denied = true;
      else if (!GONE.has(code)) throw unexpected(err, fdDir);
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlink(`${fdDir}/${fd}`);
      } catch (err) {
        const code = errno(err);
        if (DENIED.has(code)) denied = true;
        else if (!GONE.has(code)) throw unexpected(err, `${fdDir}/${fd}`);
        continue;
      }
      if (!target.startsWith(SOCKET_PREFIX)) continue;
      const inode = target.slice(SOCKET_PREFIX.length, -1);
      if (wanted !== null && !wanted.has(inode)) continue;
      const pids = holders.get(inode);
      if (pids === undefined) holders.set(inode, [pid]);
      else if (pids[pids.length - 1] !== pid) pids.push(pid); // one process, several fds of one socket
    }
  }
  for (const pids of holders.values()) pids.sort((a, b) => a - b);
  return { holders, denied };
}

/**
 * The command line from the text of /proc/<pid>/cmdline: NUL-separated arguments joined by spaces;
 * null when empty (kernel threads, zombies). Trailing NULs are dropped: a process that rewrites its title
 * ('nginx: worker process') leaves the rest of its old argument area as NUL padding.
 * @example parseCmdline('python3\0-m\0http.server\0') // 'python3 -m http.server'
 */
export function parseCmdline(text: string): string | null {
  const joined = text.replace(/\0+$/, '').split('\0').join(' ');
  return joined.trim() === '' ? null : joined;
}

/**
 * The effective uid from the text of /proc/<pid>/status ('Uid:\treal\teffective\tsaved\tfs'); null when absent.
 * @example parseStatusUid('Name:\tsshd\nUid:\t0\t0\t0\t0\n') // 0
 */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+(\d+)\s+(\d+)/m.exec(text);
  return m === null ? null : Number(m[2]);
}

function readOptional(fs: ProcFs, path: string): string | null {
  try {
    return fs.readFile(path);
  } catch (err) {
    const code = errno(err);
    if (GONE.has(code) || DENIED.has(code)) return null;
    throw unexpected(err, path);
  }
}

/**
 * Name, command line and effective uid of one process; null when it has exited.
 * @example readProcess('/proc', process.pid)?.name // 'node'
 */
export function readProcess(procRoot: string, pid: number, fs: ProcFs = nodeProcFs): ProcRecord | null {
  const base = `${procRoot}/${pid}`;
  const comm = readOptional(fs, `${base}/comm`);
  if (comm === null) return null;
  const cmdline = readOptional(fs, `${base}/cmdline`);
  const status = readOptional(fs, `${base}/status`);
  return {
    name: comm.endsWith('\n') ? comm.slice(0, -1) : comm,
    command: cmdline === null ? null : parseCmdline(cmdline),
    uid: status === null ? null : parseStatusUid(status),
  };
}
