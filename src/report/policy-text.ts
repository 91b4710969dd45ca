/** Renders a policy verdict for the terminal, after the audit or scan report: violations, then what expired. */
import { t } from '../core/i18n.js';
import type { Severity } from '../core/finding.js';
import type { PolicyEvaluation, PolicyViolation } from '../assess/policy.js';
import type { TextOptions } from './explain-text.js';
import type { Colors } from './terminal.js';

function sevColor(c: Colors, s: Severity): (x: string) => string {
  if (s === 'critical') return (x) => c.bold(c.red(x));
  if (s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  if (s === 'low') return c.cyan;
  return c.dim;
}

function violationLine(v: PolicyViolation, o: TextOptions): string {
  const { lang, colors: c } = o;
  if (v.kind === 'port-not-allowed') {
    const where = `${v.host} ${v.port}/${v.transport}`;
    const facts: string[] = [];
    if (v.service !== null) facts.push(v.service);
    if (v.address !== null) facts.push(t(lang, 'policy.text.on', { address: v.address }));
    const holder = v.processes[0];
    if (holder !== undefined) {
      facts.push(t(lang, 'policy.text.held', { program: holder.name, pid: holder.pid, user: holder.user ?? '?' }));
    }
    const what = t(lang, v.hostListed ? 'policy.text.port' : 'policy.text.portUnlisted');
    return `  ${c.red('✗')} ${c.bold(where)}  ${what}${facts.length === 0 ? '' : c.dim(` — ${facts.join(', ')}`)}`;
  }
  const f = v.finding;
  const sev = sevColor(c, v.severity)(`[${t(lang, `severity.${v.severity}`)}]`);
  return `  ${c.red('✗')} ${c.bold(`${f.target.host} ${f.target.port}/${f.target.transport}`)}  ${sev} ${f.title[lang]} ${c.dim(`(${f.id})`)}`;
}

/**
 * The policy part of a report, ending with a newline.
 * @example process.stdout.write(renderPolicyText(evaluatePolicy(policy, run), ctx))
 */
export function renderPolicyText(e: PolicyEvaluation, o: TextOptions): string {
  const { lang, colors: c } = o;
  const out: string[] = [];
  out.push(
    e.violations.length === 0
      ? c.green(c.bold(t(lang, 'policy.text.pass', { file: e.file })))
      : c.red(c.bold(t(lang, 'policy.text.fail', { file: e.file, count: e.violations.length }))),
  );
  const stats =
    e.failOn === 'none'
      ? t(lang, 'policy.text.statsNoFail', { allowed: e.allowedPorts })
      : t(lang, 'policy.text.stats', { allowed: e.allowedPorts, failOn: t(lang, `severity.${e.failOn}`) });
  out.push(c.dim(stats));
  for (const v of e.violations) out.push(violationLine(v, o));
  for (const x of e.expired) {
    const text = t(lang, 'policy.text.expired', {
      path: x.path,
      line: x.line,
      until: x.until,
      count: x.findings.length,
    });
    out.push(`  ${c.yellow('!')} ${c.yellow(text)}`);
  }
  for (const x of e.ignored) {
    const text = t(lang, 'policy.text.ignored', {
      path: x.path,
      count: x.findings.length,
      until: x.until,
      reason: x.reason,
    });
    out.push(c.dim(`  · ${text}`));
  }
  for (const x of e.unused) out.push(c.dim(`  · ${t(lang, 'policy.text.unused', { path: x.path, line: x.line })}`));
  if (e.overridden.length > 0) {
    out.push(c.dim(`  · ${t(lang, 'policy.text.overridden', { count: e.overridden.length })}`));
  }
  return out.join('\n') + '\n';
}
