/**
 * The Windows inventory: `netstat -ano` for endpoints and PIDs, `tasklist` for image names and users.
 *
 * Known limit: into a pipe, netstat and tasklist write in the console's OEM code page (850 in Western Europe,
 * 936 in China), while the default runner decodes UTF-8. Addresses, ports and PIDs are ASCII and unaffected;
 * non-ASCII image and user names arrive garbled until the runner decodes with the code page `chcp` reports.
 */
import { PortwardenError } from '../../core/errors.js';
import type { InventoryMeta, ListeningSocket } from '../../core/socket.js';
import { isAbortError, streamSnapshot } from '../abort.js';
import type { InventoryAdapter } from '../adapter.js';
import { createRunner, type CommandResult, type CommandRunner } from '../exec.js';
import { mergeRows, type SocketRow } from '../merge.js';
import { parseNetstat } from './netstat.js';
import { parseTasklist, type TaskRow } from './tasklist.js';

/** What to run; the defaults are the real system. */
export interface WindowsAdapterOptions {
  /** Runs netstat and tasklist (default: execFile with a 30 s timeout and a 64 MiB output cap). */
  readonly run?: CommandRunner;
}

/** One snapshot: the sockets, and whether some holder's name or user could not be read. */
export interface WindowsSnapshot {
  readonly sockets: ListeningSocket[];
  readonly incomplete: boolean;
}

/** netstat: all endpoints (-a), numeric (-n), with the owning PID (-o). */
export const NETSTAT_ARGS: readonly string[] = ['-ano'];
/** tasklist with the user column; slower (it asks every window for its title), so plain CSV is the fallback. */
export const TASKLIST_VERBOSE_ARGS: readonly string[] = ['/v', '/fo', 'csv', '/nh'];
/** tasklist as CSV without a header: image name and PID, no user. */
export const TASKLIST_ARGS: readonly string[] = ['/fo', 'csv', '/nh'];

function failed(tool: string, r: CommandResult): PortwardenError {
  const msg = (r.stderr.trim() || r.stdout.trim()).slice(0, 500);
  return new PortwardenError('COMMAND_FAILED', `${tool} failed (exit code ${r.exitCode}): ${msg || 'no message'}`, {
    details: { tool, exitCode: r.exitCode, reason: 'failed' },
  });
}

async function tasks(run: CommandRunner, signal?: AbortSignal): Promise<Map<number, TaskRow>> {
  try {
    const verbose = await run('tasklist', TASKLIST_VERBOSE_ARGS, signal);
    if (verbose.exitCode === 0) return parseTasklist(verbose.stdout);
  } catch (err) {
    if (isAbortError(err)) throw err;
  }
  const plain = await run('tasklist', TASKLIST_ARGS, signal);
  if (plain.exitCode !== 0) throw failed('tasklist', plain);
  return parseTasklist(plain.stdout);
}

/**
 * Run netstat and tasklist side by side and join them on PID. PID 0 and PIDs that exited before tasklist
 * ran give a socket with no process. Windows has no uid: `uid` is null, `user` is the holder's user.
 * @example await readWindowsInventory({ run: fakeRunner })
 */
export async function readWindowsInventory(
  options: WindowsAdapterOptions = {},
  signal?: AbortSignal,
): Promise<WindowsSnapshot> {
  const run = options.run ?? createRunner();
  const [netstat, taskMap] = await Promise.all([run('netstat', NETSTAT_ARGS, signal), tasks(run, signal)]);
  if (netstat.exitCode !== 0) throw failed('netstat', netstat);
  let incomplete = false;
  const rows: SocketRow[] = parseNetstat(netstat.stdout).map((r) => {
    const task = r.pid > 0 ? taskMap.get(r.pid) : undefined;
    if (r.pid > 0 && task?.user == null) incomplete = true;
    return {
      transport: r.transport,
      family: r.family,
      address: r.address,
      scope: r.scope,
      port: r.port,
      uid: null,
      user: task?.user ?? null,
      id: null,
      process: task === undefined ? null : { pid: task.pid, name: task.name, command: null, user: task.user },
    };
  });
  return { sockets: mergeRows(rows), incomplete };
}

/**
 * The Windows adapter ('windows-netstat'). netstat names the PID of every socket even without elevation, but
 * tasklist withholds other users' names; `meta().partial` is true until a `list` has named every holder's user.
 * @example for await (const s of windowsAdapter().list()) console.log(s.port, s.processes[0]?.name)
 */
export function windowsAdapter(options: WindowsAdapterOptions = {}): InventoryAdapter {
  const source = 'windows-netstat';
  let partial = true;
  return {
    source,
    list(signal?: AbortSignal): AsyncGenerator<ListeningSocket> {
      return streamSnapshot(async (s) => {
        const snapshot = await readWindowsInventory(options, s);
        partial = snapshot.incomplete;
        return snapshot.sockets;
      }, signal);
    },
    meta(): InventoryMeta {
      return { source, partial };
    },
  };
}
