/** How many sockets this process may have open: the effective RLIMIT_NOFILE, read from /proc/self/limits. */
import { readFileSync } from 'node:fs';

/**
 * Parse the soft "Max open files" limit from the text of /proc/self/limits; null when absent or unlimited.
 * @example parseNofileLimit('Max open files            1024                 4096                 files') // 1024
 */
export function parseNofileLimit(text: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || !/^\d+$/.test(soft)) return null;
  return Number(soft);
}

/**
 * The soft descriptor limit of this process. Node raises the soft limit to the hard limit at start-up on
 * Linux, so this is already as high as the process may go. Elsewhere (or unreadable): 1024.
 */
export function openFileLimit(): number {
  try {
    return parseNofileLimit(readFileSync('/proc/self/limits', 'utf8')) ?? 1024;
  } catch {
    return 1024;
  }
}

/**
 * Sockets the scanner may hold at once: the limit minus a reserve for the rest of the process (files, pipes,
 * the event loop, other stages of the pipeline), never below 1. Descriptors the process already holds are
 * not counted here; the engine backs off on EMFILE if they leave less room than this.
 * @example socketBudget(1024) // 896
 */
export function socketBudget(limit: number = openFileLimit()): number {
  const reserve = Math.min(128, Math.max(16, Math.floor(limit / 4)));
  return Math.max(1, limit - reserve);
}
