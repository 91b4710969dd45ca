// Runs the installed command as a user would: a child process on the built package, a clean environment.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of the `portwarden` bin. */
export const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Run `portwarden args…` with only PATH and LANG=C.UTF-8 set, plus `env`. */
export function cli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
