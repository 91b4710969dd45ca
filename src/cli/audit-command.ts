/** `portwarden audit`: every listening port of this machine, who holds it, who can reach it, and what to do. */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { parseSeverity, type Severity } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { writeJson } from './json.js';
import { EXIT } from './exit.js';
import { emitRun, openReport } from './report-output.js';
import { judge, policyOption, printVerdict } from './policy-option.js';
import { saveLocation, saveRun, type StoreFlags } from './store-options.js';

interface AuditFlags extends StoreFlags {
  json?: boolean;
  format?: string;
  output?: string;
  failOn?: string;
  firewall?: boolean;
  policy?: string;
}

export function registerAudit(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('audit')
    .description(t(ctx.lang, 'cli.audit.description'))
    .option('--json', t(ctx.lang, 'cli.opt.json'))
    .option('--format <format>', t(ctx.lang, 'cli.opt.format'))
    .option('-o, --output <file>', t(ctx.lang, 'cli.opt.output'))
    .option('--fail-on <severity>', t(ctx.lang, 'cli.audit.failOn'))
    .option('--no-firewall', t(ctx.lang, 'cli.audit.noFirewall'))
    .option('--db <path|url>', t(ctx.lang, 'cli.opt.db'))
    .option('--no-save', t(ctx.lang, 'cli.opt.noSave'))
    .option('--policy <file>', t(ctx.lang, 'cli.opt.policy'))
    .action(async (flags: AuditFlags) => {
      const out = openReport(ctx, flags, 'json');
      let failOn: Severity | undefined;
      if (flags.failOn !== undefined) {
        failOn = parseSeverity(flags.failOn);
        if (failOn === undefined) throw usageError('USAGE', 'error.badSeverity', { value: flags.failOn });
      }
      const policy = await policyOption(flags.policy);
      const saveTo = saveLocation(flags, ctx);
      // Loaded only when the command runs: start-up time matters for a command run from cron and scripts.
      const [{ failsAt }, { KnowledgeIndex }, { audit }, { renderAuditText }] = await Promise.all([
        import('../assess/report.js'),
        import('../knowledge/load.js'),
        import('../pipeline/audit.js'),
        import('../report/audit-text.js'),
      ]);
      const index = new KnowledgeIndex();
      const report = await audit({
        index,
        firewall: flags.firewall !== false,
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      });
      const { runFromAudit } = await import('../report/run-record.js');
      const record = runFromAudit(report, { firewall: flags.firewall !== false });
      const verdict = await judge(policy, () => record);
      if (out.format === 'json')
        writeJson(out, { ...report, lang: ctx.lang, ...(verdict === null ? {} : { policy: verdict }) });
      else if (out.format === 'text') {
        out.io.stdout.write(renderAuditText(report, index, out));
        await printVerdict(out, verdict);
      } else await emitRun(out, record, index);
      await saveRun(ctx, saveTo, record, flags.json === true);
      const violated = verdict !== null && verdict.violations.length > 0;
      done((failOn !== undefined && failsAt(report, failOn)) || violated ? EXIT.findings : EXIT.ok);
    });
}
