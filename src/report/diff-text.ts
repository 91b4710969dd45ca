/** Renders a diff between two runs for the terminal: per host, ports and services first, then findings. */
import { t } from '../core/i18n.js';
import type { Finding, Severity } from '../core/finding.js';
import type { RunDiff, RunRef, ServiceSummary } from '../assess/diff.js';
import type { TextOptions } from './explain-text.js';
import { compareAddresses } from './scan-collect.js';
import type { Colors } from './terminal.js';

function sevColor(c: Colors, s: Severity): (x: string) => string {
  if (s === 'critical') return (x) => c.bold(c.red(x));
  if (s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  if (s === 'low') return c.cyan;
  return c.dim;
}

function runText(r: RunRef, o: TextOptions): string {
  return t(o.lang, 'diff.text.run', {
    kind: t(o.lang, `diff.kind.${r.kind}`),
    when: r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    id: r.id.slice(0, 8),
  });
}

/** "ssh OpenSSH 9.6p1", or "?" when nothing was identified. */
function serviceText(s: ServiceSummary | null): string {
  if (s === null) return '?';
  return [s.service, s.product, s.version].filter((x) => x !== null).join(' ');
}

/** '22/tcp', or '22/tcp (0.0.0.0)' for an audit's socket. */
function portText(p: { port: number; transport: string; address: string | null }): string {
  return `${p.port}/${p.transport}${p.address === null ? '' : ` (${p.address})`}`;
}

/**
 * The diff as text, ending with a newline.
 * @example process.stdout.write(renderDiffText(diffRuns(a, b), ctx))
 */
export function renderDiffText(d: RunDiff, o: TextOptions): string {
  const { lang, colors: c } = o;
  const out: string[] = [c.bold(t(lang, 'diff.text.title', { a: runText(d.a, o), b: runText(d.b, o) }))];
  for (const w of d.warnings) out.push(c.yellow(`! ${t(lang, `diff.warn.${w}`)}`));
  if (d.same) {
    out.push('', c.green(t(lang, 'diff.text.same')));
    return out.join('\n') + '\n';
  }
  const byHost = new Map<string, string[]>();
  const add = (host: string, line: string): void => {
    const lines = byHost.get(host) ?? [];
    lines.push(line);
    byHost.set(host, lines);
  };
  const finding = (mark: string, f: Finding, label: string, sev: string = t(lang, `severity.${f.severity}`)): void => {
    const s = sevColor(c, f.severity)(`[${sev}]`);
    add(f.target.host, `  ${mark} ${label} ${portText(f.target)} ${s} ${f.title[lang]} ${c.dim(`(${f.id})`)}`);
  };

  for (const h of d.hosts.appeared) add(h, `  ${c.green('+')} ${t(lang, 'diff.text.hostNew')}`);
  for (const h of d.hosts.disappeared) add(h, `  ${c.red('-')} ${t(lang, 'diff.text.hostGone')}`);
  for (const h of d.hosts.changed)
    add(h.host, `  ${c.yellow('~')} ${t(lang, 'diff.text.hostState', { from: h.from, to: h.to })}`);
  for (const p of d.ports.opened) {
    add(p.host, `  ${c.green('+')} ${portText(p)} ${t(lang, 'diff.text.opened')}  ${c.dim(serviceText(p.service))}`);
  }
  for (const p of d.ports.closed) {
    add(p.host, `  ${c.red('-')} ${portText(p)} ${t(lang, 'diff.text.closed')}  ${c.dim(serviceText(p.service))}`);
  }
  for (const p of d.ports.changed) add(p.host, `  ${c.yellow('~')} ${portText(p)} ${p.from} → ${p.to}`);
  for (const s of d.services.changed) {
    const parts: string[] = [];
    if (serviceText(s.from) !== serviceText(s.to)) parts.push(`${serviceText(s.from)} → ${serviceText(s.to)}`);
    if (s.processes.from.join(',') !== s.processes.to.join(',')) {
      parts.push(t(lang, 'diff.text.holder', { from: s.processes.from.join(','), to: s.processes.to.join(',') }));
    }
    add(s.host, `  ${c.yellow('~')} ${portText(s)} ${parts.join('; ')}`);
  }
  for (const f of d.findings.new) finding(c.red('▲'), f, t(lang, 'diff.text.newFinding'));
  for (const f of d.findings.resolved) finding(c.green('✓'), f, t(lang, 'diff.text.resolved'));
  for (const x of d.findings.changed) {
    const sev = `${t(lang, `severity.${x.from}`)} → ${t(lang, `severity.${x.to}`)}`;
    finding(c.yellow('↕'), x.finding, t(lang, 'diff.text.severityChanged'), sev);
  }
  for (const f of d.findings.unverified) finding(c.dim('?'), f, t(lang, 'diff.text.unverified'));

  for (const host of [...byHost.keys()].sort(compareAddresses)) {
    out.push('', c.bold(t(lang, 'diff.text.host', { host })), ...(byHost.get(host) ?? []));
  }
  out.push(
    '',
    t(lang, 'diff.text.summary', {
      opened: d.ports.opened.length,
      closed: d.ports.closed.length,
      changed: d.ports.changed.length,
      services: d.services.changed.length,
      new: d.findings.new.length,
      resolved: d.findings.resolved.length,
      severity: d.findings.changed.length,
    }),
  );
  return out.join('\n') + '\n';
}
