/** `portwarden history`: the saved runs, newest first, with what each found; `--prune <age>` deletes old ones. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { SEVERITIES } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { RunKind } from '../core/run.js';
import { parseAge, sinceInstant } from '../store/age.js';
import { openStore, storeLocation } from '../store/open.js';
import type { RunStore, RunSummary } from '../store/store.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { writeJson } from './json.js';
import { storeMessage, storeOptions, type StoreFlags } from './store-options.js';
import { displayWidth, padEnd } from '../report/terminal.js';

export const HISTORY_SCHEMA = 'portwarden.history/1';

interface HistoryFlags extends StoreFlags {
  json?: boolean;
  limit?: string;
  kind?: string;
  since?: string;
  prune?: string;
}

const KINDS: readonly RunKind[] = ['audit', 'scan', 'import'];

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return 20;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > 1_000_000) {
    throw usageError('USAGE', 'error.badNumber', { option: '--limit', value, min: 0, max: 1_000_000 });
  }
  // 0: every run.
  return n === 0 ? undefined : n;
}

function targetsText(r: RunSummary, width: number): string {
  const all = r.targets.join(' ');
  return displayWidth(all) <= width ? all : all.slice(0, width - 1) + '…';
}

/** The history table: one line per run. */
export function renderHistory(runs: readonly RunSummary[], ctx: Pick<CliContext, 'lang' | 'colors'>): string {
  const { lang, colors: c } = ctx;
  const header = [
    t(lang, 'history.col.id'),
    t(lang, 'history.col.when'),
    t(lang, 'history.col.kind'),
    t(lang, 'history.col.targets'),
    t(lang, 'history.col.up'),
    t(lang, 'history.col.open'),
    ...SEVERITIES.map((s) => t(lang, `severity.${s}`).toUpperCase()),
  ];
  const rows = runs.map((r) => [
    r.id.slice(0, 8),
    r.startedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z'),
    t(lang, `run.kind.${r.kind}`) + (r.interrupted ? ` ${t(lang, 'history.interrupted')}` : ''),
    targetsText(r, 40),
    `${r.hostsUp}/${r.hosts}`,
    String(r.openPorts),
    ...SEVERITIES.map((s) => String(r.findings[s])),
  ]);
  const widths = header.map((h, k) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[k] ?? ''))));
  const line = (r: readonly string[]): string =>
    r.map((cell, k) => (k === r.length - 1 ? cell : padEnd(cell, widths[k] ?? 0))).join('  ');
  const out = [c.dim(line(header))];
  runs.forEach((r, n) => {
    const text = line(rows[n] ?? []);
    out.push(r.findings.critical + r.findings.high > 0 ? c.red(text) : text);
  });
  return out.join('\n') + '\n';
}

export function registerHistory(program: Command, ctx: CliContext, done: (code: number) => void): void {
  const cmd = program
    .command('history')
    .description(t(ctx.lang, 'cli.history.description'))
    .option('--json', t(ctx.lang, 'cli.opt.json'))
    .option('--limit <n>', t(ctx.lang, 'cli.history.limit'))
    .option('--kind <kind>', t(ctx.lang, 'cli.history.kind'))
    .option('--since <age|date>', t(ctx.lang, 'cli.history.since'))
    .option('--prune <age>', t(ctx.lang, 'cli.history.prune'));
  storeOptions(cmd, ctx, false).action(async (flags: HistoryFlags) => {
    const location = storeLocation(flags.db, ctx.io.env);
    const now = new Date();
    const limit = parseLimit(flags.limit);
    let kind: RunKind | undefined;
    if (flags.kind !== undefined) {
      kind = KINDS.find((k) => k === flags.kind?.trim().toLowerCase());
      if (kind === undefined) throw usageError('USAGE', 'error.store.badKind', { value: flags.kind });
    }
    let since: Date | undefined;
    if (flags.since !== undefined) {
      since = sinceInstant(flags.since, now);
      if (since === undefined) throw usageError('USAGE', 'error.store.badSince', { value: flags.since });
    }
    let pruneAge: number | undefined;
    if (flags.prune !== undefined) {
      pruneAge = parseAge(flags.prune);
      if (pruneAge === undefined) throw usageError('USAGE', 'error.store.badAge', { value: flags.prune });
    }

    // Listing or pruning a history that was never written is not a reason to create one.
    if (location.backend === 'sqlite' && !existsSync(location.path)) {
      if (flags.json === true) {
        writeJson(
          ctx,
          pruneAge === undefined
            ? { schema: HISTORY_SCHEMA, location: location.path, runs: [] }
            : { schema: HISTORY_SCHEMA, pruned: 0, before: new Date(now.getTime() - pruneAge).toISOString() },
        );
      } else if (pruneAge === undefined) {
        ctx.io.stdout.write(t(ctx.lang, 'history.empty', { location: location.path }) + '\n');
      } else {
        const before = new Date(now.getTime() - pruneAge).toISOString();
        ctx.io.stdout.write(t(ctx.lang, 'history.pruned', { count: 0, before }) + '\n');
      }
      done(EXIT.ok);
      return;
    }
    let store: RunStore;
    try {
      store = await openStore(location);
    } catch (err) {
      ctx.io.stderr.write(`${t(ctx.lang, 'error.prefix')}${storeMessage(err, ctx.lang)}\n`);
      done(EXIT.internal);
      return;
    }
    try {
      if (pruneAge !== undefined) {
        const before = new Date(now.getTime() - pruneAge);
        const count = await store.prune(before);
        if (flags.json === true)
          writeJson(ctx, { schema: HISTORY_SCHEMA, pruned: count, before: before.toISOString() });
        else ctx.io.stdout.write(t(ctx.lang, 'history.pruned', { count, before: before.toISOString() }) + '\n');
        done(EXIT.ok);
        return;
      }
      const runs = await store.list({
        ...(limit === undefined ? {} : { limit }),
        ...(kind === undefined ? {} : { kind }),
        ...(since === undefined ? {} : { since }),
      });
      if (flags.json === true) {
        writeJson(ctx, { schema: HISTORY_SCHEMA, location: store.location, runs });
      } else if (runs.length === 0) {
        ctx.io.stdout.write(t(ctx.lang, 'history.empty', { location: store.location }) + '\n');
      } else {
        ctx.io.stdout.write(renderHistory(runs, ctx));
        const more = limit !== undefined && runs.length === limit;
        ctx.io.stdout.write(
          '\n' + ctx.colors.dim(t(ctx.lang, more ? 'history.more' : 'history.hint', { count: runs.length })) + '\n',
        );
      }
      done(EXIT.ok);
    } catch (err) {
      ctx.io.stderr.write(`${t(ctx.lang, 'error.prefix')}${storeMessage(err, ctx.lang)}\n`);
      done(EXIT.internal);
    } finally {
      await store.close();
    }
  });
}
