/**
 * A diff between two runs as a report: every change as one row (CSV, Markdown, HTML tables) or one JSON line, host
 * by host in address order, in the order the terminal shows them: hosts, ports opened, closed and changed,
 * services and holders, then findings new, resolved, of another severity and not rechecked. Pure: the diff in, text
 * out; everything from the network is escaped for each format.
 */
import type { Finding, Severity } from '../../core/finding.js';
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import type { PortState } from '../../core/scan.js';
import type { Transport } from '../../core/socket.js';
import type { RunDiff, RunRef, ServiceSummary } from '../../assess/diff.js';
import { compareAddresses } from '../scan-collect.js';
import { csvCell } from './csv.js';
import { escapeText } from './escape.js';
import { badge, both, htmlPage, msg } from './html-parts.js';
import { mdText } from './md.js';

export const CHANGE_KINDS = [
  'host-appeared',
  'host-disappeared',
  'host-state',
  'port-opened',
  'port-closed',
  'port-state',
  'service-changed',
  'process-changed',
  'finding-new',
  'finding-resolved',
  'finding-severity',
  'finding-unverified',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One change. `before` and `after` are values, not words: a port or host state, a severity, a service as
 * "name product version", or process names joined by commas; null where the run had nothing.
 */
export interface DiffChange {
  readonly kind: ChangeKind;
  readonly host: string;
  readonly transport: Transport | null;
  readonly port: number | null;
  /** Bind address (audits). */
  readonly address: string | null;
  /** What answers on the port, when the change is about the port. */
  readonly service: string | null;
  readonly before: string | null;
  readonly after: string | null;
  /** The finding, for finding changes. */
  readonly finding?: Finding;
}

function serviceText(s: ServiceSummary | null): string | null {
  if (s === null) return null;
  return [s.service, s.product, s.version].filter((x) => x !== null).join(' ');
}

const noPort = { transport: null, port: null, address: null, service: null } as const;

/**
 * Every change of a diff, one per row, sorted by host (addresses in numeric order) and kept in kind order within.
 * @example diffChanges(diffRuns(a, b)).filter((c) => c.kind === 'port-opened')
 */
export function diffChanges(d: RunDiff): DiffChange[] {
  const out: DiffChange[] = [];
  for (const host of d.hosts.appeared) out.push({ kind: 'host-appeared', host, ...noPort, before: null, after: null });
  for (const host of d.hosts.disappeared)
    out.push({ kind: 'host-disappeared', host, ...noPort, before: null, after: null });
  for (const h of d.hosts.changed)
    out.push({ kind: 'host-state', host: h.host, ...noPort, before: h.from, after: h.to });
  const at = (p: { host: string; transport: Transport; port: number; address: string | null }) => ({
    host: p.host,
    transport: p.transport,
    port: p.port,
    address: p.address,
  });
  for (const p of d.ports.opened)
    out.push({ kind: 'port-opened', ...at(p), service: serviceText(p.service), before: null, after: p.state });
  for (const p of d.ports.closed)
    out.push({ kind: 'port-closed', ...at(p), service: serviceText(p.service), before: p.state, after: null });
  for (const p of d.ports.changed)
    out.push({ kind: 'port-state', ...at(p), service: null, before: p.from, after: p.to });
  for (const s of d.services.changed) {
    const [from, to] = [serviceText(s.from), serviceText(s.to)];
    if (from !== to) out.push({ kind: 'service-changed', ...at(s), service: to, before: from, after: to });
    const [pa, pb] = [s.processes.from.join(','), s.processes.to.join(',')];
    if (pa !== pb) out.push({ kind: 'process-changed', ...at(s), service: to, before: pa, after: pb });
  }
  const ofFinding = (kind: ChangeKind, f: Finding, before: Severity | null, after: Severity | null): DiffChange => ({
    kind,
    host: f.target.host,
    transport: f.target.transport,
    port: f.target.port === 0 ? null : f.target.port,
    address: f.target.address,
    service: null,
    before,
    after,
    finding: f,
  });
  for (const f of d.findings.new) out.push(ofFinding('finding-new', f, null, f.severity));
  for (const f of d.findings.resolved) out.push(ofFinding('finding-resolved', f, f.severity, null));
  for (const x of d.findings.changed) out.push(ofFinding('finding-severity', x.finding, x.from, x.to));
  for (const f of d.findings.unverified) out.push(ofFinding('finding-unverified', f, f.severity, null));
  // Array.prototype.sort is stable: kind order stays within a host.
  return out.sort((a, b) => compareAddresses(a.host, b.host));
}

// ---- words ----------------------------------------------------------------------------------------------------

const portText = (c: DiffChange): string => (c.port === null || c.transport === null ? '' : `${c.port}/${c.transport}`);

/** What changed, in words: the finding's title, the service on the port, or which property. */
function whatText(c: DiffChange, lang: Lang): string {
  if (c.finding !== undefined) return c.finding.title[lang];
  switch (c.kind) {
    case 'port-opened':
    case 'port-closed':
      return c.service ?? '?';
    case 'port-state':
    case 'host-state':
      return t(lang, 'diff.what.state');
    case 'service-changed':
      return t(lang, 'diff.what.service');
    case 'process-changed':
      return t(lang, 'diff.what.process');
    default:
      return '';
  }
}

/** A before/after value in words: states and severities from the catalogue, services and names as they are. */
function valueText(c: DiffChange, value: string | null, lang: Lang): string {
  if (value === null) return '';
  if (c.finding !== undefined) return t(lang, `severity.${value as Severity}`);
  if (c.kind === 'host-state') return t(lang, `report.hostState.${value as 'up' | 'down' | 'unknown'}`);
  if (c.kind.startsWith('port-')) return t(lang, `scan.state.${value as PortState}`);
  return value;
}

function runText(r: RunRef, lang: Lang): string {
  return t(lang, 'diff.text.run', {
    kind: t(lang, `diff.kind.${r.kind}`),
    when: r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    id: r.id.slice(0, 8),
  });
}

const COLUMNS = [
  'diff.col.change',
  'report.col.host',
  'report.col.port',
  'report.col.address',
  'diff.col.what',
  'diff.col.before',
  'diff.col.after',
] as const;

function cells(c: DiffChange, lang: Lang): string[] {
  return [
    t(lang, `diff.change.${c.kind}`),
    c.host,
    portText(c),
    c.address ?? '',
    whatText(c, lang),
    valueText(c, c.before, lang),
    valueText(c, c.after, lang),
  ];
}

// ---- CSV ------------------------------------------------------------------------------------------------------

/**
 * The diff as CSV in `lang`: a header, then one row per change (change, host, port/protocol, bind address, what,
 * before, after). Cells a spreadsheet would run as a formula are neutralised. No change: the header alone.
 * @example renderDiffCsv(diff, 'en').split('\r\n')[0] // 'Change,Host,Port,Bind address,What,Before,After'
 */
export function renderDiffCsv(d: RunDiff, lang: Lang): string {
  const rows = [COLUMNS.map((k) => t(lang, k)), ...diffChanges(d).map((c) => cells(c, lang))];
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// ---- JSON Lines -----------------------------------------------------------------------------------------------

/**
 * The diff as JSON Lines: first `{"type":"diff", schema, a, b, warnings, same}`, then one `{"type":"change"}` line
 * per change with its kind, host, transport, port, address, service, before and after as values (states,
 * severities, service texts) and, for findings, the finding.
 */
export function renderDiffJsonl(d: RunDiff): string {
  const head = { type: 'diff', schema: d.schema, a: d.a, b: d.b, warnings: d.warnings, same: d.same };
  const lines = [head, ...diffChanges(d).map(({ kind, ...rest }) => ({ type: 'change', change: kind, ...rest }))];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

// ---- Markdown -------------------------------------------------------------------------------------------------

function summaryParams(d: RunDiff): Record<string, number> {
  return {
    opened: d.ports.opened.length,
    closed: d.ports.closed.length,
    changed: d.ports.changed.length,
    services: d.services.changed.length,
    new: d.findings.new.length,
    resolved: d.findings.resolved.length,
    severity: d.findings.changed.length,
  };
}

/** Changes grouped by host, hosts in address order. */
function byHost(d: RunDiff): Map<string, DiffChange[]> {
  const groups = new Map<string, DiffChange[]>();
  for (const c of diffChanges(d)) groups.set(c.host, [...(groups.get(c.host) ?? []), c]);
  return groups;
}

/**
 * The diff as Markdown in `lang`: the two runs, warnings, a summary, then one table of changes per host.
 * @example renderDiffMarkdown(diff, 'zh')
 */
export function renderDiffMarkdown(d: RunDiff, lang: Lang): string {
  const out = [
    `# ${mdText(t(lang, 'diff.report.title'))}`,
    '',
    mdText(t(lang, 'diff.text.title', { a: runText(d.a, lang), b: runText(d.b, lang) })),
    '',
  ];
  for (const w of d.warnings) out.push(`> ${mdText(t(lang, `diff.warn.${w}`))}`, '');
  if (d.same) return [...out, mdText(t(lang, 'diff.text.same')), ''].join('\n');
  out.push(mdText(t(lang, 'diff.text.summary', summaryParams(d))), '');
  const header = COLUMNS.filter((k) => k !== 'report.col.host').map((k) => t(lang, k));
  for (const [host, changes] of byHost(d)) {
    out.push(`## ${mdText(t(lang, 'diff.text.host', { host }))}`, '');
    out.push(`| ${header.map(mdText).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    for (const c of changes) {
      const row = cells(c, lang).filter((_, i) => i !== 1);
      out.push(`| ${row.map((x) => (x === '' ? ' ' : mdText(x))).join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

// ---- HTML -----------------------------------------------------------------------------------------------------

const MARK: Readonly<Record<ChangeKind, string>> = {
  'host-appeared': '+',
  'host-disappeared': '−',
  'host-state': '~',
  'port-opened': '+',
  'port-closed': '−',
  'port-state': '~',
  'service-changed': '~',
  'process-changed': '~',
  'finding-new': '▲',
  'finding-resolved': '✓',
  'finding-severity': '↕',
  'finding-unverified': '?',
};

/** A cell in both languages. */
function bi(f: (lang: Lang) => string): string {
  return both({ en: f('en'), zh: f('zh') });
}

function changeRow(c: DiffChange): string {
  const sev = c.finding === undefined ? '' : `${badge(c.after === null ? c.finding.severity : (c.after as Severity))} `;
  const value = (v: string | null): string =>
    v === null ? '' : c.finding !== undefined ? badge(v as Severity) : bi((l) => valueText(c, v, l));
  return (
    `<tr class="change ${c.kind}"><td><span class="mark">${MARK[c.kind]}</span> ${msg(`diff.change.${c.kind}`)}</td>` +
    `<td class="num">${escapeText(portText(c))}</td><td><code>${escapeText(c.address ?? '')}</code></td>` +
    `<td>${c.finding === undefined ? bi((l) => whatText(c, l)) : `${sev}${both(c.finding.title)}`}</td>` +
    `<td>${value(c.before)}</td><td>${value(c.after)}</td></tr>`
  );
}

/**
 * The diff as one self-contained HTML page opening in `lang` (both languages inside, with a switch): the runs,
 * warnings, a summary, and per host a table of changes.
 * @example writeFileSync('diff.html', renderDiffHtml(diff, 'zh'))
 */
export function renderDiffHtml(d: RunDiff, lang: Lang): string {
  const title = (l: Lang): string => `${t(l, 'diff.report.title')} · ${d.a.id.slice(0, 8)} → ${d.b.id.slice(0, 8)}`;
  const body = [
    ...d.warnings.map((w) => `<p class="warn">${msg(`diff.warn.${w}`)}</p>`),
    `<section id="summary"><h2>${msg('report.summary')}</h2><p>${
      d.same ? msg('diff.text.same') : msg('diff.text.summary', summaryParams(d))
    }</p></section>`,
  ];
  const header = COLUMNS.filter((k) => k !== 'report.col.host')
    .map((k) => `<th>${msg(k)}</th>`)
    .join('');
  for (const [host, changes] of byHost(d)) {
    body.push(
      `<section class="host"><h2>${msg('diff.text.host', { host })}</h2><table><thead><tr>${header}</tr></thead>` +
        `<tbody>${changes.map(changeRow).join('')}</tbody></table></section>`,
    );
  }
  return htmlPage({
    lang,
    title: { en: title('en'), zh: title('zh') },
    heading: msg('diff.report.title'),
    subtitle: bi((l) => t(l, 'diff.text.title', { a: runText(d.a, l), b: runText(d.b, l) })),
    body,
  });
}
