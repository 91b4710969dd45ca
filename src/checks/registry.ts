/**
 * Every check portwarden has: each file of this folder that exports `check` (one check per file, its id equal to
 * the file name). Found by listing the folder, so adding a check is adding a file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PortwardenError } from '../core/errors.js';
import type { Check } from './types.js';

/** Files of this folder that hold the machinery rather than a check. */
const NOT_CHECKS = new Set(['types', 'runner', 'registry']);

let loaded: Promise<Check[]> | undefined;

/** The file names (without extension) of every check in this folder, sorted. */
export function checkFiles(): string[] {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -ext.length))
    .filter((name) => !NOT_CHECKS.has(name))
    .sort();
}

/**
 * All checks, loaded once, sorted by id.
 * @example (await allChecks()).filter((c) => c.categories.includes('safe'))
 */
export function allChecks(): Promise<Check[]> {
  loaded ??= (async () => {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const checks: Check[] = [];
    for (const name of checkFiles()) {
      const mod = (await import(new URL(`./${name}${ext}`, import.meta.url).href)) as { check?: Check };
      const check = mod.check;
      if (check?.id !== name) {
        throw new PortwardenError('INTERNAL', `src/checks/${name}${ext} must export \`check\` with id "${name}"`);
      }
      checks.push(check);
    }
    return checks;
  })();
  return loaded;
}
