// Runs the installed command as a user would: a child process on the built package, a clean environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { fileURLToPath } from 'node:url';

/** Path of the `portwarden` bin. */
export const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Where runs of these tests are saved (audit and scan save by default): never the user's own history. */
export const dataHome = mkdtempSync(join(tmpdir(), 'pw-data-'));
// Registered on the test file that imports this module (vitest evaluates it once per file).
afterAll(() => {
  rmSync(dataHome, { recursive: true, force: true });
});

/** Run `portwarden args…` with only PATH, LANG=C.UTF-8 and a private XDG_DATA_HOME set, plus `env`. */
export function cli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8', XDG_DATA_HOME: dataHome, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
