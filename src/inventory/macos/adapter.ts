/** The macOS inventory: one lsof run, parsed from its field output. */
import { PortwardenError } from '../../core/errors.js';
import type { InventoryMeta, ListeningSocket } from '../../core/socket.js';
import { streamSnapshot } from '../abort.js';
import type { InventoryAdapter } from '../adapter.js';
import { createRunner, type CommandRunner } from '../exec.js';
import { mergeRows } from '../merge.js';
import { LSOF_ARGS, parseLsof } from './lsof.js';

/** What to run; the defaults are the real system. */
export interface MacosAdapterOptions {
  /** Runs lsof (default: execFile with a 30 s timeout and a 64 MiB output cap). */
  readonly run?: CommandRunner;
  /** lsof program (default 'lsof', found on PATH). */
  readonly lsofPath?: string;
  /** Effective uid (default `process.geteuid()`); not root means other users' sockets are missing. */
  readonly euid?: number;
}

/**
 * Run lsof and return the sockets, one per socket with all its holders. lsof exits 1 when nothing matched:
 * that is an empty machine, not an error; any other failure raises a `PortwardenError` with lsof's stderr.
 * @example await readMacosInventory({ run: fakeRunner })
 */
export async function readMacosInventory(
  options: MacosAdapterOptions = {},
  signal?: AbortSignal,
): Promise<ListeningSocket[]> {
  const run = options.run ?? createRunner();
  const file = options.lsofPath ?? 'lsof';
  const { stdout, stderr, exitCode } = await run(file, LSOF_ARGS, signal);
  const realErrors = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/WARNING/i.test(l))
    .join('\n');
  if (exitCode !== 0 && !(exitCode === 1 && (stdout.trim() !== '' || realErrors === ''))) {
    throw new PortwardenError('COMMAND_FAILED', `lsof failed (exit code ${exitCode}): ${realErrors || 'no message'}`, {
      details: { tool: file, exitCode, stderr: realErrors, reason: 'failed' },
    });
  }
  return mergeRows(parseLsof(stdout));
}

/**
 * The macOS adapter ('macos-lsof'). Without root, lsof sees only the caller's own processes, so other users'
 * sockets are absent (not merely without a process) and `meta().partial` is true.
 * @example for await (const s of macosAdapter().list()) console.log(s.port, s.processes[0]?.name)
 */
export function macosAdapter(options: MacosAdapterOptions = {}): InventoryAdapter {
  const source = 'macos-lsof';
  const euid = options.euid ?? process.geteuid?.() ?? -1;
  return {
    source,
    list(signal?: AbortSignal): AsyncGenerator<ListeningSocket> {
      return streamSnapshot((s) => readMacosInventory(options, s), signal);
    },
    meta(): InventoryMeta {
      return { source, partial: euid !== 0 };
    },
  };
}
