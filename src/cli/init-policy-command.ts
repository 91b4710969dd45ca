/**
 * `portwarden init-policy`: a baseline policy from this machine's audit (or a run given with --from), for the user
 * to edit. It never overwrites a file without --force, and never leaves half a file behind.
 */
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { RunRecord } from '../core/run.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { resolveRun } from './run-source.js';

interface InitFlags {
  output: string;
  force?: boolean;
  from?: string;
  firewall?: boolean;
}

/**
 * Write `text` to `path` through a temporary file in the same folder: readers see the old file or the whole new
 * one. Without `force`, an existing file is refused atomically (a hard link fails when the name is taken).
 */
export function writeFileAtomic(path: string, text: string, force: boolean): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (force) renameSync(tmp, path);
    else linkSync(tmp, path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usageError('USAGE', 'init.error.exists', { path });
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
      throw usageError('USAGE', 'init.error.write', { path });
    }
    throw cause;
  } finally {
    rmSync(tmp, { force: true });
  }
}

async function auditRun(ctx: CliContext, firewall: boolean): Promise<RunRecord> {
  const [{ KnowledgeIndex }, { audit }, { runFromAudit }] = await Promise.all([
    import('../knowledge/load.js'),
    import('../pipeline/audit.js'),
    import('../report/run-record.js'),
  ]);
  const report = await audit({
    index: new KnowledgeIndex(),
    firewall,
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  return runFromAudit(report);
}

export function registerInitPolicy(program: Command, ctx: CliContext, done: (code: number) => void): void {
  const L = (key: Parameters<typeof t>[1]): string => t(ctx.lang, key);
  program
    .command('init-policy')
    .description(L('cli.init.description'))
    .option('-o, --output <file>', L('cli.init.output'), 'portwarden.yml')
    .option('--force', L('cli.init.force'))
    .option('--from <run>', L('cli.init.from'))
    .option('--no-firewall', L('cli.audit.noFirewall'))
    .action(async (flags: InitFlags) => {
      const toStdout = flags.output === '-';
      // Refuse before the audit runs; the write below refuses again if the name is taken meanwhile.
      if (!toStdout && flags.force !== true && existsSync(flags.output)) {
        throw usageError('USAGE', 'init.error.exists', { path: flags.output });
      }
      const run =
        flags.from === undefined ? await auditRun(ctx, flags.firewall !== false) : await resolveRun(flags.from);
      const { renderBaseline } = await import('../report/policy-yaml.js');
      const file = toStdout ? 'portwarden.yml' : flags.output;
      const text = renderBaseline(run, { lang: ctx.lang, file });
      if (toStdout) ctx.io.stdout.write(text);
      else {
        writeFileAtomic(flags.output, text, flags.force === true);
        const ports = run.hosts.reduce((n, h) => n + h.ports.filter((p) => p.state === 'open').length, 0);
        ctx.io.stdout.write(t(ctx.lang, 'init.written', { file: flags.output, ports, hosts: run.hosts.length }) + '\n');
      }
      done(EXIT.ok);
    });
}
