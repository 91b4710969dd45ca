/**
 * What `diff A B` and `init-policy --from` accept as a run: today a file path (a run record, `audit --json`
 * output or `scan --json` output). The history store adds run ids by registering a resolver in front of the file
 * resolver: `registerRunResolver(async (ref) => store.isRunId(ref) ? store.get(ref) : null)`.
 */
import { readFile, stat } from 'node:fs/promises';
import { usageError } from '../core/errors.js';
import type { RunRecord } from '../core/run.js';

/** Turns a reference the user typed into a run, or null when the reference is not its kind (the next one tries). */
export type RunResolver = (ref: string) => Promise<RunRecord | null>;

/** Reads `ref` as a file path; a missing file is null so that a later resolver (or the error) can speak. */
export const fileRunResolver: RunResolver = async (ref) => {
  let text: string;
  let when: Date;
  try {
    [text, when] = await Promise.all([readFile(ref, 'utf8'), stat(ref).then((s) => s.mtime)]);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw usageError('USAGE', 'targets.fileUnreadable', { path: ref });
  }
  const { parseRunText } = await import('../report/run-file.js');
  return parseRunText(text, ref, when);
};

const resolvers: RunResolver[] = [fileRunResolver];

/** Put a resolver before the others (the store's run ids go first: a run id is never a file the user meant). */
export function registerRunResolver(resolver: RunResolver): void {
  resolvers.unshift(resolver);
}

/**
 * The run `ref` names; a usage error when no resolver knows it.
 * @example await resolveRun('monday.json')
 */
export async function resolveRun(ref: string): Promise<RunRecord> {
  for (const resolve of resolvers) {
    const run = await resolve(ref);
    if (run !== null) return run;
  }
  throw usageError('USAGE', 'run.error.notFound', { ref });
}
