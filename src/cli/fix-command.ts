/**
 * `portwarden fix`: the remediation plan of a run (this machine's audit by default, or a saved run with --from), in
 * the commands of one firewall; `--apply` adds the rules on this machine (Linux, root, nftables or iptables) and
 * verifies them, `--rollback` removes everything portwarden added.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { PortwardenError, usageError } from '../core/errors.js';
import { parseSeverity, type Severity } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { RunRecord } from '../core/run.js';
import type { Platform } from '../remediate/types.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { writeJson } from './json.js';
import { resolveRun } from './run-source.js';
import { chosenFormat, openReport } from './report-output.js';

interface FixFlags {
  from?: string;
  platform?: string;
  allowFrom?: string[];
  severity?: string;
  json?: boolean;
  format?: string;
  output?: string;
  apply?: boolean;
  rollback?: boolean;
  yes?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Ask yes/no on the terminal; anything but y/yes (either language) is no. */
async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} `);
    return /^\s*(y|yes|是|好)\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

function requireApplyHost(platform: Platform): void {
  if (process.platform !== 'linux')
    throw usageError('UNSUPPORTED_PLATFORM', 'error.fix.applyLinux', { platform: process.platform });
  if (process.geteuid?.() !== 0) throw usageError('USAGE', 'error.fix.applyRoot');
  if (platform !== 'nftables' && platform !== 'iptables')
    throw usageError('USAGE', 'error.fix.applyPlatform', { platform });
}

async function loadRun(ctx: CliContext, from: string | undefined): Promise<RunRecord> {
  // Not a file, and not written like one: a saved run's id (or unique prefix, or "last") from the history store.
  if (from !== undefined && !existsSync(from) && !/[/\\]|\.json$/i.test(from)) return resolveRun(from);
  if (from !== undefined) {
    const { parseRunRecord } = await import('../remediate/run-input.js');
    let text: string;
    try {
      text = await readFile(from, 'utf8');
    } catch (err) {
      throw usageError('USAGE', 'error.fix.noFile', {
        file: from,
        message: (err as NodeJS.ErrnoException).code ?? String(err),
      });
    }
    return parseRunRecord(text, from);
  }
  const [{ KnowledgeIndex }, { audit }, { runFromAudit }] = await Promise.all([
    import('../knowledge/load.js'),
    import('../pipeline/audit.js'),
    import('../report/run-record.js'),
  ]);
  const report = await audit({
    index: new KnowledgeIndex(),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  return runFromAudit(report, { command: 'fix' });
}

export function registerFix(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('fix')
    .description(t(ctx.lang, 'cli.fix.description'))
    .option('--from <file>', t(ctx.lang, 'cli.fix.from'))
    .option('--platform <platform>', t(ctx.lang, 'cli.fix.platform'))
    .option('--allow-from <cidr>', t(ctx.lang, 'cli.fix.allowFrom'), collect)
    .option('--severity <severity>', t(ctx.lang, 'cli.fix.severity'))
    .option('--json', t(ctx.lang, 'cli.opt.json'))
    .option('--format <format>', t(ctx.lang, 'cli.fix.format'))
    .option('-o, --output <file>', t(ctx.lang, 'cli.opt.output'))
    .option('--apply', t(ctx.lang, 'cli.fix.apply'))
    .option('--rollback', t(ctx.lang, 'cli.fix.rollback'))
    .option('-y, --yes', t(ctx.lang, 'cli.fix.yes'))
    .action(async (flags: FixFlags) => {
      // The format is settled first, before any work: a plan has no nmap XML, and --apply reports on the terminal.
      const format = chosenFormat(flags, 'json');
      if (format === 'xml') throw usageError('USAGE', 'error.fix.xml');
      const acting = flags.apply === true || flags.rollback === true;
      if (acting && ((format !== 'text' && format !== 'json') || (flags.output !== undefined && flags.output !== '-')))
        throw usageError('USAGE', 'error.fix.applyFormat');
      const out = openReport(ctx, flags, 'json');
      const [{ PLATFORMS }, { parseCidr }, { detectPlatform }] = await Promise.all([
        import('../remediate/types.js'),
        import('../remediate/cidr.js'),
        import('../remediate/detect.js'),
      ]);
      // Every flag is checked before anything runs: a typo never half-applies a plan.
      let platform: Platform;
      if (flags.platform === undefined) platform = detectPlatform();
      else {
        const p = PLATFORMS.find((x) => x === flags.platform?.toLowerCase());
        if (p === undefined)
          throw usageError('USAGE', 'error.fix.badPlatform', { value: flags.platform, known: PLATFORMS.join(', ') });
        platform = p;
      }
      const allowFrom = (flags.allowFrom ?? []).map((v) => {
        const c = parseCidr(v);
        if (c === null) throw usageError('USAGE', 'error.fix.badCidr', { value: v });
        return c.text;
      });
      let threshold: Severity = 'medium';
      if (flags.severity !== undefined) {
        const s = parseSeverity(flags.severity);
        if (s === undefined) throw usageError('USAGE', 'error.badSeverity', { value: flags.severity });
        threshold = s;
      }
      if (flags.apply === true && flags.rollback === true) throw usageError('USAGE', 'error.fix.applyAndRollback');
      if (flags.rollback === true && (flags.from !== undefined || flags.allowFrom !== undefined))
        throw usageError('USAGE', 'error.fix.rollbackAlone');
      const interactive = process.stdin.isTTY;
      if ((flags.apply === true || flags.rollback === true) && flags.yes !== true && !interactive) {
        throw usageError('USAGE', 'error.fix.confirm');
      }
      if (flags.apply === true || flags.rollback === true) requireApplyHost(platform);

      const textCtx = { lang: ctx.lang, colors: ctx.colors };
      const [{ renderFixText, renderApplyText }, { applyCommands, runTool }, { appendHistory }, { createRunner }] =
        await Promise.all([
          import('../report/fix-text.js'),
          import('../remediate/apply.js'),
          import('../remediate/history.js'),
          import('../inventory/exec.js'),
        ]);
      const runner = createRunner({ timeoutMs: 20_000 });

      if (flags.rollback === true) {
        const { rollbackCommands, setupCommands } = await import('../remediate/firewall.js');
        if (flags.yes !== true && !(await confirm(ctx, t(ctx.lang, 'fix.confirm.rollback', { platform })))) {
          ctx.io.stderr.write(`${t(ctx.lang, 'fix.apply.cancelled')}\n`);
          done(EXIT.ok);
          return;
        }
        const result = await applyCommands(rollbackCommands(platform), {
          run: runner,
          ...(ctx.signal && { signal: ctx.signal }),
        });
        // Proof: the table (or chains) portwarden creates no longer exist.
        const left: string[] = [];
        for (const cmd of setupCommands(platform)) {
          if (cmd.skipIf !== undefined && (await runTool(runner, cmd.skipIf)).exitCode === 0)
            left.push(cmd.skipIf.join(' '));
        }
        const history = await appendHistory(
          {
            at: new Date().toISOString(),
            action: 'rollback',
            platform,
            ok: result.ok && left.length === 0,
            commands: result.commands,
            failure: result.failure,
          },
          ctx.io.env,
        );
        if (format === 'json')
          writeJson(ctx, {
            schema: 'portwarden.fix-result/1',
            action: 'rollback',
            platform,
            ...result,
            remaining: left,
            history,
          });
        else {
          ctx.io.stdout.write(renderApplyText(result, [], textCtx, history));
          ctx.io.stdout.write(
            `${t(ctx.lang, left.length === 0 ? 'fix.rollback.verified' : 'fix.rollback.remaining', { what: left.join('; ') })}\n`,
          );
        }
        done(result.ok && left.length === 0 ? EXIT.ok : EXIT.internal);
        return;
      }

      const run = await loadRun(ctx, flags.from);
      const [{ KnowledgeIndex }, { planOfRun }] = await Promise.all([
        import('../knowledge/load.js'),
        import('./run-plan.js'),
      ]);
      const { plan, thisMachine } = await planOfRun(run, {
        platform,
        allowFrom,
        threshold,
        env: ctx.io.env,
        index: new KnowledgeIndex(),
        sshGuard: true,
      });

      if (flags.apply !== true) {
        if (format === 'json') writeJson(out, { ...plan, lang: ctx.lang });
        else if (format === 'text') out.io.stdout.write(renderFixText(plan, { lang: ctx.lang, colors: out.colors }));
        else {
          const r = await import('../report/formats/fix-formats.js');
          const render = {
            jsonl: r.renderFixJsonl,
            csv: r.renderFixCsv,
            md: r.renderFixMarkdown,
            html: r.renderFixHtml,
          };
          out.io.stdout.write(render[format](plan, ctx.lang));
        }
        done(EXIT.ok);
        return;
      }

      if (!thisMachine) throw usageError('USAGE', 'error.fix.applyOtherHost', { host: run.hosts[0]?.host ?? '?' });
      const rules = plan.actions.flatMap((p) => (p.rule === null ? [] : [p.rule]));
      const commands = [
        ...plan.setup,
        ...plan.actions.flatMap((p) =>
          p.steps.filter((s) => s.kind === 'firewall' && s.refused === undefined).flatMap((s) => s.commands),
        ),
        ...plan.finish,
      ];
      if (format !== 'json') ctx.io.stdout.write(renderFixText(plan, textCtx));
      // A port the SSH guard kept open is still open: the exit code says so (1), like findings left.
      const refused = plan.actions.some((p) => p.steps.some((st) => st.refused !== undefined));
      if (rules.length === 0) {
        if (format === 'json')
          writeJson(ctx, {
            schema: 'portwarden.fix-result/1',
            action: 'apply',
            plan,
            ok: true,
            commands: [],
            verification: [],
          });
        else ctx.io.stdout.write(`${t(ctx.lang, 'fix.apply.nothing')}\n`);
        done(refused ? EXIT.findings : EXIT.ok);
        return;
      }
      if (
        flags.yes !== true &&
        !(await confirm(ctx, t(ctx.lang, 'fix.confirm.apply', { count: rules.length, platform })))
      ) {
        ctx.io.stderr.write(`${t(ctx.lang, 'fix.apply.cancelled')}\n`);
        done(EXIT.ok);
        return;
      }
      const result = await applyCommands(commands, { run: runner, ...(ctx.signal && { signal: ctx.signal }) });
      const [{ readFirewall }, { verifyRules, readOwnRules }] = await Promise.all([
        import('../inventory/firewall/read.js'),
        import('../remediate/verify.js'),
      ]);
      const verification = result.ok
        ? verifyRules(platform, rules, await readFirewall({ run: runner }), await readOwnRules(platform, runner))
        : [];
      const verified = result.ok && verification.every((v) => v.status !== 'open');
      const history = await appendHistory(
        {
          at: new Date().toISOString(),
          action: 'apply',
          runId: run.id,
          platform,
          allowFrom,
          ok: verified,
          rules,
          commands: result.commands,
          failure: result.failure,
          verification,
        },
        ctx.io.env,
      );
      if (format === 'json') {
        writeJson(ctx, { schema: 'portwarden.fix-result/1', action: 'apply', plan, ...result, verification, history });
      } else ctx.io.stdout.write(renderApplyText(result, verification, textCtx, history));
      if (!result.ok)
        throw new PortwardenError('COMMAND_FAILED', result.failure?.message ?? 'apply failed', {
          details: { tool: result.failure?.argv[0] ?? '?' },
        });
      done(verified && !refused ? EXIT.ok : EXIT.findings);
    });
}
