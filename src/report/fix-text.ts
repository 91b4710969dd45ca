/** The fix plan, and what applying or rolling it back did, for a person at a terminal. */
import type { Severity } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { ApplyResult } from '../remediate/apply.js';
import { displayCommand } from '../remediate/quote.js';
import type { Command, FixPlan, PortPlan, Step } from '../remediate/types.js';
import type { Verification } from '../remediate/verify.js';
import { displayWidth, type Colors } from './terminal.js';

export interface FixTextContext {
  readonly lang: Lang;
  readonly colors: Colors;
}

const PROMPT: Readonly<Record<Command['dialect'], string>> = { posix: '$', cmd: '>', powershell: 'PS>' };

function severityColor(c: Colors, s: Severity): (text: string) => string {
  if (s === 'critical' || s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  return c.dim;
}

/** A label and the text after it: no space after a full-width colon. */
const labelled = (label: string, text: string): string => `${label}${label.endsWith('：') ? '' : ' '}${text}`;

function commandLines(commands: readonly Command[], indent: string, c: Colors): string[] {
  return commands.map(
    (cmd) => `${indent}${c.dim(PROMPT[cmd.dialect])} ${displayCommand(cmd).replace(/\n/g, `\n${indent}  `)}`,
  );
}

function stepLines(step: Step, n: number, ctx: FixTextContext): string[] {
  const { lang, colors: c } = ctx;
  const out = [`    ${n}. ${step.text[lang]}`];
  if (step.file !== undefined) {
    out.push(`       ${t(lang, 'fix.text.inFile', { path: step.file.path })}`);
    for (const l of step.file.lines) out.push(`         ${c.cyan(l)}`);
    if (step.commands.length > 0) out.push(`       ${t(lang, 'fix.text.then')}`);
  }
  out.push(...commandLines(step.commands, '         ', c));
  if (step.refused !== undefined)
    out.push(`       ${c.red(c.bold(t(lang, 'fix.text.refused')))} ${step.refused[lang]}`);
  return out;
}

function portHeader(p: PortPlan, ctx: FixTextContext): string {
  const { lang, colors: c } = ctx;
  const sev = severityColor(c, p.severity)(t(lang, `severity.${p.severity}`).toUpperCase());
  const service = p.service === null ? '' : ` ${p.service}`;
  return `${sev}  ${c.bold(`${p.port}/${p.transport}`)}${service} @ ${p.host} — ${c.bold(t(lang, `action.${p.decision}`))}`;
}

/**
 * The whole plan as text.
 * @example renderFixText(plan, { lang: 'en', colors })
 */
export function renderFixText(plan: FixPlan, ctx: FixTextContext): string {
  const { lang, colors: c } = ctx;
  const out: string[] = [];
  out.push(
    c.bold(
      t(lang, 'fix.text.title', {
        run: plan.runId,
        kind: plan.runKind,
        platform: plan.platform,
        threshold: t(lang, `severity.${plan.threshold}`),
      }),
    ),
    '',
  );
  if (plan.actions.length === 0) out.push(t(lang, 'fix.text.nothing'), '');
  if (plan.setup.length > 0) {
    out.push(t(lang, 'fix.text.setup'), ...commandLines(plan.setup, '    ', c), '');
  }
  for (const p of plan.actions) {
    out.push(portHeader(p, ctx));
    const why = t(lang, 'fix.text.why');
    const pad = ' '.repeat(displayWidth(why) + (why.endsWith('：') ? 0 : 1));
    p.reasons.forEach((r, i) => out.push(`  ${i === 0 ? labelled(why, r[lang]) : pad + r[lang]}`));
    if (p.evidence.length > 0) out.push(`  ${labelled(t(lang, 'fix.text.evidence'), p.evidence.join(', '))}`);
    p.steps.forEach((s, i) => out.push(...stepLines(s, i + 1, ctx)));
    out.push('');
  }
  if (plan.finish.length > 0) out.push(t(lang, 'fix.text.finish'), ...commandLines(plan.finish, '    ', c), '');
  if (plan.keep.length > 0) {
    out.push(c.bold(t(lang, 'fix.text.keep', { count: plan.keep.length })));
    for (const p of plan.keep) {
      out.push(
        `  ${`${p.port}/${p.transport}`.padEnd(10)} ${(p.service ?? '?').padEnd(12)} ${p.reasons[0]?.[lang] ?? ''}`,
      );
    }
    out.push('');
  }
  if (plan.rollback.length > 0 && plan.setup.length + plan.actions.filter((p) => p.rule !== null).length > 0) {
    out.push(t(lang, 'fix.text.undo'), ...commandLines(plan.rollback, '    ', c));
  }
  if (plan.platform === 'nftables' || plan.platform === 'iptables') out.push(c.dim(t(lang, 'fix.text.applyHint')));
  return out.join('\n') + '\n';
}

/** What --apply or --rollback ran, and the verification read back from the firewall. */
export function renderApplyText(
  result: ApplyResult,
  verification: readonly Verification[],
  ctx: FixTextContext,
  historyFile: string | null,
): string {
  const { lang, colors: c } = ctx;
  const out: string[] = [];
  for (const cmd of result.commands) {
    const mark = { applied: c.green('✓'), skipped: c.dim('='), failed: c.red('✗'), undone: c.yellow('↶') }[cmd.status];
    out.push(
      `  ${mark} ${displayCommand({ dialect: 'posix', argv: cmd.argv })}${cmd.message === undefined ? '' : c.red(`  (${cmd.message})`)}`,
    );
  }
  if (result.failure !== null) {
    out.push(c.red(t(lang, 'fix.apply.failed', { message: result.failure.message })));
    for (const u of result.undoFailures) {
      out.push(
        c.red(
          t(lang, 'fix.apply.undoFailed', {
            command: displayCommand({ dialect: 'posix', argv: u.argv }),
            message: u.message,
          }),
        ),
      );
    }
  }
  for (const v of verification) {
    const label = `${v.rule.port}/${v.rule.transport}`;
    const by = v.families.map((f) => `IPv${f.family}: ${f.verdict} (${f.by})`).join('; ');
    if (v.status === 'closed') out.push(c.green(t(lang, 'fix.verify.closed', { port: label })) + c.dim(`  ${by}`));
    else if (v.status === 'restricted')
      out.push(c.green(t(lang, 'fix.verify.restricted', { port: label })) + c.dim(`  ${by}`));
    else out.push(c.red(t(lang, 'fix.verify.open', { port: label, by })));
  }
  if (historyFile !== null) out.push(c.dim(t(lang, 'fix.text.history', { path: historyFile })));
  return out.join('\n') + '\n';
}
