/**
 * What `fix --apply` and `fix --rollback` did, one JSON object per line in
 * $XDG_STATE_HOME/portwarden/fix-history.jsonl (~/.local/state/… by default), until the run history store takes it
 * over. Every write replaces the file atomically (temp file + rename), so a crash never leaves half a line.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_SCHEMA = 'portwarden.fix-history/1';

/** The history file for an environment. */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string {
  const state =
    env['XDG_STATE_HOME'] !== undefined && env['XDG_STATE_HOME'] !== ''
      ? env['XDG_STATE_HOME']
      : join(env['HOME'] ?? homedir(), '.local', 'state');
  return join(state, 'portwarden', 'fix-history.jsonl');
}

/** Append one entry (a JSON object) to the history; returns the file's path. */
export async function appendHistory(
  entry: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const path = historyPath(env);
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  let before = '';
  try {
    before = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (before !== '' && !before.endsWith('\n')) before += '\n';
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${before}${JSON.stringify({ schema: HISTORY_SCHEMA, ...entry })}\n`, { mode: 0o600 });
  await rename(tmp, path);
  return path;
}
