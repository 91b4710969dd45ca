/**
 * Saved runs as arguments of other commands: `portwarden diff 3f2a1b2c last` and `init-policy --from 3f2a1b2c`
 * find runs in the history store (PORTWARDEN_DB, else the default file) before trying the argument as a file.
 */
import { existsSync } from 'node:fs';
import type { RunRecord } from '../core/run.js';
import { openStore, storeLocation } from '../store/open.js';
import { MIN_PREFIX } from '../store/store.js';
import type { CliContext } from './context.js';
import { registerRunResolver } from './run-source.js';
import { asUsageError } from './store-options.js';

/** `last`/`latest`, or something shaped like a run id or its prefix (hex digits and dashes). */
export function looksLikeRunRef(ref: string): boolean {
  const r = ref.trim().toLowerCase();
  return r === 'last' || r === 'latest' || (r.length >= MIN_PREFIX && r.length <= 36 && /^[0-9a-f-]+$/.test(r));
}

let current: CliContext | undefined;

/** Let `diff` and `init-policy --from` name saved runs (registered once; each CLI run brings its environment). */
export function registerStoreRuns(ctx: CliContext): void {
  const first = current === undefined;
  current = ctx;
  if (!first) return;
  registerRunResolver(async (ref): Promise<RunRecord | null> => {
    if (!looksLikeRunRef(ref) || current === undefined) return null;
    const location = storeLocation(undefined, current.io.env);
    // Looking a run up never creates a history that did not exist.
    if (location.backend === 'sqlite' && !existsSync(location.path)) return null;
    const store = await openStore(location);
    try {
      const r = ref.trim().toLowerCase();
      if (r === 'last' || r === 'latest') {
        const [newest] = await store.list({ limit: 1 });
        return newest === undefined ? null : await store.get(newest.id);
      }
      return await store.get(r);
    } catch (err) {
      throw asUsageError(err);
    } finally {
      await store.close();
    }
  });
}
