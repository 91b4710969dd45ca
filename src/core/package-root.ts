/** The package root, found the same way whether running from src/ (tests) or dist/src/ (installed). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('portwarden: cannot find the package root from ' + fileURLToPath(import.meta.url));
}

/** The folder holding package.json, schema/, knowledge/ and dist/. */
export const packageRoot: string = findRoot();
