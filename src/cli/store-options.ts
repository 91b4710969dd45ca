/** `--db` and `--no-save`, shared by the commands that save or read runs, and the store's errors in words. */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { RunRecord } from '../core/run.js';
import { storeLocation, type StoreLocation } from '../store/open.js';
import type { StoreError } from '../store/store.js';
import type { CliContext } from './context.js';

export interface StoreFlags {
  db?: string;
  /** false with --no-save. */
  save?: boolean;
}

/** Add `--db` (and, for commands that save, `--no-save`). */
export function storeOptions(cmd: Command, ctx: CliContext, saves: boolean): Command {
  cmd.option('--db <path|url>', t(ctx.lang, 'cli.opt.db'));
  if (saves) cmd.option('--no-save', t(ctx.lang, 'cli.opt.noSave'));
  return cmd;
}

/** Where to save, or null with --no-save; a bad --db is a usage error before any work starts. */
export function saveLocation(flags: StoreFlags, ctx: CliContext): StoreLocation | null {
  return flags.save === false ? null : storeLocation(flags.db, ctx.io.env);
}

function isStoreError(err: unknown): err is StoreError {
  return err instanceof Error && 'failure' in err && (err as { code?: unknown }).code === 'STORE';
}

/** The store's failure in the user's language. */
export function storeMessage(err: unknown, lang: Lang): string {
  if (!isStoreError(err)) return t(lang, 'store.failed', { message: err instanceof Error ? err.message : String(err) });
  const d = err.details;
  const s = (key: string): string => (typeof d[key] === 'string' || typeof d[key] === 'number' ? String(d[key]) : '');
  switch (err.failure) {
    case 'open':
      return t(lang, 'store.cannotOpen', { location: s('location'), message: s('message') });
    case 'newer-schema':
      return t(lang, 'store.newerSchema', {
        location: s('location'),
        version: s('version'),
        supported: s('supported'),
      });
    default:
      return t(lang, 'store.failed', { message: err.message });
  }
}

/** Store errors that are the user's input (a bad id, an ambiguous prefix) become usage errors; others pass. */
export function asUsageError(err: unknown): unknown {
  if (!isStoreError(err)) return err;
  const d = err.details;
  if (err.failure === 'bad-id') return usageError('USAGE', 'error.store.badRun', { value: String(d['value']) });
  if (err.failure === 'ambiguous') return usageError('USAGE', 'error.store.ambiguous', { prefix: String(d['prefix']) });
  return err;
}

/**
 * Save a finished run, after its report is out: a failure is one warning on stderr, never a lost report.
 * Says `saved as run 3f2a1b2c` on stderr unless `quiet` (JSON output).
 */
export async function saveRun(
  ctx: CliContext,
  location: StoreLocation | null,
  run: RunRecord,
  quiet: boolean,
): Promise<void> {
  if (location === null) return;
  try {
    const { openStore } = await import('../store/open.js');
    const store = await openStore(location);
    try {
      await store.save(run);
    } finally {
      await store.close();
    }
    if (!quiet) ctx.io.stderr.write(ctx.colors.dim(t(ctx.lang, 'store.saved', { id: run.id.slice(0, 8) })) + '\n');
  } catch (err) {
    ctx.io.stderr.write(
      ctx.colors.yellow(t(ctx.lang, 'store.notSaved', { message: storeMessage(err, ctx.lang) })) + '\n',
    );
  }
}
