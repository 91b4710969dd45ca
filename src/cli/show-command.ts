/** `portwarden show <run>`: one saved run again, as text in the user's language or as its JSON record. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { RunRecord } from '../core/run.js';
import { openStore, storeLocation } from '../store/open.js';
import { runIdPrefix, type RunStore } from '../store/store.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { writeJson } from './json.js';
import { asUsageError, storeMessage, storeOptions, type StoreFlags } from './store-options.js';

interface ShowFlags extends StoreFlags {
  json?: boolean;
}

/** `last` (or `latest`) is the newest run; anything else is an id or a prefix of one. */
async function find(store: RunStore, which: string): Promise<RunRecord | null> {
  const w = which.trim().toLowerCase();
  if (w === 'last' || w === 'latest') {
    const [newest] = await store.list({ limit: 1 });
    return newest === undefined ? null : store.get(newest.id);
  }
  return store.get(which);
}

export function registerShow(program: Command, ctx: CliContext, done: (code: number) => void): void {
  const cmd = program
    .command('show')
    .description(t(ctx.lang, 'cli.show.description'))
    .argument('<run>', t(ctx.lang, 'cli.show.run'))
    .option('--json', t(ctx.lang, 'cli.opt.json'));
  storeOptions(cmd, ctx, false).action(async (which: string, flags: ShowFlags) => {
    const location = storeLocation(flags.db, ctx.io.env);
    const w = which.trim().toLowerCase();
    if (w !== 'last' && w !== 'latest') {
      try {
        runIdPrefix(which);
      } catch (err) {
        throw asUsageError(err);
      }
    }
    if (location.backend === 'sqlite' && !existsSync(location.path)) {
      throw usageError('USAGE', 'error.store.noRun', { value: which, location: location.path });
    }
    let store: RunStore;
    try {
      store = await openStore(location);
    } catch (err) {
      ctx.io.stderr.write(`${t(ctx.lang, 'error.prefix')}${storeMessage(err, ctx.lang)}\n`);
      done(EXIT.internal);
      return;
    }
    let run: RunRecord | null;
    try {
      run = await find(store, which);
    } catch (err) {
      const usage = asUsageError(err);
      if (usage !== err) throw usage;
      ctx.io.stderr.write(`${t(ctx.lang, 'error.prefix')}${storeMessage(err, ctx.lang)}\n`);
      done(EXIT.internal);
      return;
    } finally {
      await store.close();
    }
    if (run === null) throw usageError('USAGE', 'error.store.noRun', { value: which, location: store.location });
    if (flags.json === true) {
      writeJson(ctx, run);
    } else {
      const [{ KnowledgeIndex }, { renderRunText }] = await Promise.all([
        import('../knowledge/load.js'),
        import('../report/run-text.js'),
      ]);
      ctx.io.stdout.write(renderRunText(run, new KnowledgeIndex(), ctx));
    }
    done(EXIT.ok);
  });
}
