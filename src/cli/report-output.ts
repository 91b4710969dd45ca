/**
 * `--format` and `-o FILE` for every command that reports: which format was asked for (with `--json` kept as the
 * command's historical JSON), where the report goes, and a context whose standard output is that place. A report
 * written to a file appears complete or not at all (temporary file, renamed when the command succeeds).
 */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { RunRecord } from '../core/run.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import type { FixPlan } from '../remediate/types.js';
import { parseFormat, type ReportFormat } from '../report/format-name.js';
import { fileSink, streamSink, type ReportSink } from '../report/output.js';
import { makeColors } from '../report/terminal.js';
import type { CliContext } from './context.js';

/** The command's context, with the chosen format; its standard output is the report's destination. */
export interface ReportContext extends CliContext {
  readonly format: ReportFormat;
}

interface OutputFlags {
  json?: boolean;
  format?: string;
  output?: string;
}

/** Add `--format` and `-o, --output` to a command. */
export function reportOptions(cmd: Command, ctx: CliContext): Command {
  return cmd
    .option('--format <format>', t(ctx.lang, 'cli.opt.format'))
    .option('-o, --output <file>', t(ctx.lang, 'cli.opt.output'));
}

/** The format the flags ask for; `--json` means `jsonMeans` (the command's JSON of old). */
export function chosenFormat(flags: OutputFlags, jsonMeans: ReportFormat): ReportFormat {
  const asked = flags.format === undefined ? undefined : parseFormat(flags.format);
  if (flags.json === true && asked !== undefined && asked !== jsonMeans) {
    throw usageError('USAGE', 'error.formatConflict', { format: asked });
  }
  return asked ?? (flags.json === true ? jsonMeans : 'text');
}

function openSink(base: CliContext, file: string | undefined): ReportSink {
  if (file === undefined || file === '-') return streamSink(base.io.stdout);
  try {
    return fileSink(file);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw usageError('USAGE', 'error.outputUnwritable', { file, reason });
  }
}

/** Reports opened by the running command, put in place or removed by `settleReports` when it ends. */
const pending = new Set<ReportSink>();

/**
 * The context a reporting command writes through: the format and destination are settled here, at the start of
 * the action (a bad one stops the command before any work); its `io.stdout` is the report. The CLI puts a file in
 * place only when the command ends without an error (an interrupted scan ends normally and keeps what it found).
 * @example const ctx = openReport(base, flags, 'json'); ctx.io.stdout.write('…');
 */
export function openReport(base: CliContext, flags: OutputFlags, jsonMeans: ReportFormat): ReportContext {
  const format = chosenFormat(flags, jsonMeans);
  const sink = openSink(base, flags.output);
  pending.add(sink);
  const toFile = flags.output !== undefined && flags.output !== '-';
  const stdout = {
    write: (text: string) => {
      sink.write(text);
    },
    isTTY: toFile ? false : base.io.stdout.isTTY === true,
    ...(!toFile && base.io.stdout.columns !== undefined && { columns: base.io.stdout.columns }),
  };
  return {
    ...base,
    io: { ...base.io, stdout },
    ...(toFile && { colors: makeColors(false), width: Infinity }),
    format,
  };
}

/** The command ended: put every report it opened in place (`ok`), or remove them (it failed). */
export function settleReports(ok: boolean): void {
  for (const sink of pending) {
    pending.delete(sink);
    if (ok) sink.commit();
    else sink.abort();
  }
}

/**
 * The fix plan the HTML report shows, as `portwarden fix` would make it with its defaults: for an audit, on this
 * machine's firewall; for a scan or an import, nftables (the report says so and how to ask for another firewall).
 */
async function reportPlan(ctx: CliContext, run: RunRecord, index: KnowledgeIndex): Promise<FixPlan> {
  const [{ detectPlatform }, { planOfRun }] = await Promise.all([
    import('../remediate/detect.js'),
    import('./run-plan.js'),
  ]);
  const audit = run.kind === 'audit';
  const { plan } = await planOfRun(run, {
    platform: audit ? detectPlatform() : 'nftables',
    allowFrom: [],
    threshold: 'medium',
    env: ctx.io.env,
    index,
    sshGuard: audit,
  });
  return plan;
}

/**
 * Write a run record in the context's format (any but text).
 * @example emitRun(ctx, runFromAudit(report), index)
 */
export async function emitRun(ctx: ReportContext, run: RunRecord, index: KnowledgeIndex): Promise<void> {
  if (ctx.format === 'text') throw new Error('emitRun: text is rendered by the command');
  // Loaded only when a report is rendered: start-up time matters for every command.
  const { renderRun } = await import('../report/format.js');
  const plan = ctx.format === 'html' ? await reportPlan(ctx, run, index) : undefined;
  ctx.io.stdout.write(renderRun(run, ctx.format, { lang: ctx.lang, index, ...(plan !== undefined && { plan }) }));
}
