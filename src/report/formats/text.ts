/**
 * A run record as terminal text (imports; audits and scans keep their own live renderers): per host, the ports not
 * closed with what answers there, then the findings with the knowledge base's advice steps.
 */
import { severityRank, type Finding } from '../../core/finding.js';
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import type { RunRecord } from '../../core/run.js';
import type { KnowledgeIndex } from '../../knowledge/load.js';
import { displayWidth, padEnd, wrap, type Colors } from '../terminal.js';
import { adviceFor, serviceLabel, versionLine } from './common.js';

export interface RunTextOptions {
  readonly lang: Lang;
  readonly colors: Colors;
  readonly width: number;
}

/** Remote text made harmless on a terminal: control characters (escape sequences) shown as '?'. */
// eslint-disable-next-line no-control-regex
const safe = (text: string): string => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '?');

const SEVERITY_COLOR = { critical: 'red', high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' } as const;

function findingLines(f: Finding, run: RunRecord, index: KnowledgeIndex, o: RunTextOptions): string[] {
  const { lang, colors: c } = o;
  const width = Number.isFinite(o.width) ? o.width : 100;
  const sev = c[SEVERITY_COLOR[f.severity]](`[${t(lang, `severity.${f.severity}`)}]`);
  const out = [`  ${sev} ${f.target.port}/${f.target.transport} ${c.dim(f.rule)}  ${safe(f.title[lang])}`];
  out.push(c.dim(wrap(safe(f.detail[lang]), width, '      ')));
  out.push(`      → ${t(lang, `action.${f.action}`)}`);
  if (f.rule === 'exposure') {
    const port = run.hosts
      .find((h) => h.host === f.target.host)
      ?.ports.find((p) => p.port === f.target.port && p.transport === f.target.transport);
    const advice = port === undefined ? null : adviceFor(index, port);
    for (const step of advice?.steps ?? [])
      out.push(wrap(step[lang], width - 2, '          ').replace(/^ {10}/, '        • '));
  }
  return out;
}

/**
 * The run as text.
 * @example renderRunText(run, index, { lang: 'en', colors, width: 100 })
 */
export function renderRunText(run: RunRecord, index: KnowledgeIndex, o: RunTextOptions): string {
  const { lang, colors: c } = o;
  const out: string[] = [
    c.dim(
      t(lang, 'report.text.header', {
        tool: `${run.tool.name} ${run.tool.version}`,
        started: run.startedAt,
        hosts: run.hosts.length,
      }),
    ),
    '',
  ];
  for (const h of run.hosts) {
    if (h.state === 'down') {
      out.push(c.dim(t(lang, 'scan.host.down', { host: h.host, reason: h.reason ?? '-' })), '');
      continue;
    }
    const names = (h.hostnames ?? []).length > 0 ? ` (${(h.hostnames ?? []).join(', ')})` : '';
    out.push(c.bold(t(lang, 'scan.host.up', { host: h.host + names })));
    const header = (['port', 'state', 'service', 'reason', 'version'] as const).map((k) => t(lang, `scan.col.${k}`));
    const rows = h.ports.map((p) => [
      `${p.port}/${p.transport}`,
      t(lang, `scan.state.${p.state}`),
      safe(serviceLabel(p.service)) || '-',
      safe(p.reason),
      safe(versionLine(p.service)),
    ]);
    const widths = header.map((x, k) => Math.max(displayWidth(x), ...rows.map((r) => displayWidth(r[k] ?? ''))));
    const line = (r: readonly string[]): string =>
      r.map((cell, k) => (k === r.length - 1 ? cell : padEnd(cell, widths[k] ?? 0))).join('  ');
    if (rows.length > 0) out.push(c.dim('  ' + line(header)), ...rows.map((r) => '  ' + line(r)));
    else out.push('  ' + t(lang, 'report.noPorts'));
    if (h.closed > 0) out.push(c.dim('  ' + t(lang, 'scan.notShown', { closed: h.closed })));
    for (const p of h.ports) {
      for (const ch of p.checks) {
        const output = ch.evidence['output'];
        if (typeof output !== 'string') continue;
        out.push(
          c.dim(`  | ${p.port}/${p.transport} ${safe(ch.check)}: ${safe(output.trim()).split('\n').join('\n  |   ')}`),
        );
      }
    }
    const findings = run.findings
      .filter((f) => f.target.host === h.host)
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.target.port - b.target.port);
    if (findings.length > 0) out.push('  ' + c.bold(t(lang, 'scan.findings')));
    for (const f of findings) out.push(...findingLines(f, run, index, o));
    out.push('');
  }
  if (run.interrupted) out.push(c.yellow(t(lang, 'report.interrupted')));
  return out.join('\n') + '\n';
}
