/** Renders a finished (or interrupted) scan as text: per host, the ports that are not closed. */
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { PortObserved } from '../core/scan.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { ianaName } from '../knowledge/iana.js';
import { severityRank, type Finding } from '../core/finding.js';
import { versionText, type InspectCollector } from './inspect-collect.js';
import type { HostResult } from './scan-collect.js';
import { displayWidth, padEnd, wrap, type Colors } from './terminal.js';

export interface ScanTextOptions {
  readonly lang: Lang;
  readonly colors: Colors;
}

/** The service expected on a port: the curated entry's name, else IANA's, else '-'. */
export function serviceName(index: KnowledgeIndex, port: number, transport: PortObserved['transport']): string {
  const entry = index.byPort(port);
  if (entry !== undefined && entry.transports.includes(transport)) return entry.names[0] ?? '-';
  return ianaName(port, transport) ?? '-';
}

function rttText(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}

const SEVERITY_COLOR = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
} as const;

/** A host's findings, most urgent first: title, what was seen, and what to do. */
export function renderFindings(findings: readonly Finding[], o: ScanTextOptions): string[] {
  const { lang, colors: c } = o;
  if (findings.length === 0) return [];
  const sorted = [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.target.port - b.target.port,
  );
  const out = ['  ' + c.bold(t(lang, 'scan.findings'))];
  for (const f of sorted) {
    const sev = c[SEVERITY_COLOR[f.severity]](`[${t(lang, `severity.${f.severity}`)}]`);
    out.push(`  ${sev} ${f.target.port}/${f.target.transport} ${c.dim(f.rule)}  ${f.title[lang]}`);
    out.push(c.dim(wrap(f.detail[lang], 100, '      ')));
    out.push(c.dim(`      → ${t(lang, `action.${f.action}`)}`));
  }
  return out;
}

/** One host's block; with `inspection`, identified services and versions replace the port-number guesses. */
export function renderHost(
  h: HostResult,
  index: KnowledgeIndex,
  o: ScanTextOptions,
  inspection?: InspectCollector,
  findings: readonly Finding[] = [],
): string[] {
  const { lang, colors: c } = o;
  if (h.state === 'down') return [c.dim(t(lang, 'scan.host.down', { host: h.host, reason: h.reason ?? '-' }))];
  const total = h.counts.open + h.counts.closed + h.counts.filtered + h.counts['open|filtered'];
  if (h.state === 'unknown' && h.counts.open === 0) return [c.dim(t(lang, 'scan.host.unknown', { host: h.host }))];
  const out = [c.bold(t(lang, 'scan.host.up', { host: h.host }))];
  if (h.ports.length > 0) {
    const withVersion = inspection !== undefined;
    const columns = withVersion
      ? (['port', 'state', 'service', 'reason', 'rtt', 'version'] as const)
      : (['port', 'state', 'service', 'reason', 'rtt'] as const);
    const header = columns.map((k) => t(lang, `scan.col.${k}`));
    const rows = h.ports.map((p) => {
      const found = inspection?.service(p) ?? null;
      const name =
        found === null ? serviceName(index, p.port, p.transport) : `${found.tls ? 'ssl/' : ''}${found.service}`;
      const row = [`${p.port}/${p.transport}`, t(lang, `scan.state.${p.state}`), name, p.reason, rttText(p.rttMs)];
      return withVersion ? [...row, versionText(found)] : row;
    });
    const widths = header.map((x, k) => Math.max(displayWidth(x), ...rows.map((r) => displayWidth(r[k] ?? ''))));
    const line = (r: readonly string[]): string =>
      r.map((cell, k) => (k === r.length - 1 ? cell : padEnd(cell, widths[k] ?? 0))).join('  ');
    out.push(c.dim('  ' + line(header)));
    h.ports.forEach((p, n) => {
      const text = '  ' + line(rows[n] ?? []);
      out.push(p.state === 'open' ? c.green(text) : text);
    });
  }
  if (h.counts.open === 0) out.push('  ' + t(lang, 'scan.noOpen', { count: total }));
  if (h.counts.closed > 0) out.push(c.dim('  ' + t(lang, 'scan.notShown', { closed: h.counts.closed })));
  out.push(...renderFindings(findings, o));
  // In port order, then by check: the same list live and when a saved run is shown again.
  const errors = (inspection?.checksOf(h.host).filter((r) => r.status === 'error') ?? []).sort(
    (a, b) => a.port - b.port || a.transport.localeCompare(b.transport) || a.check.localeCompare(b.check),
  );
  if (errors.length > 0) {
    const list = errors.map((r) => `${r.check} ${r.port}/${r.transport} (${r.message ?? '?'})`).join('; ');
    out.push(c.yellow('  ' + t(lang, 'scan.checkErrors', { count: errors.length, list })));
  }
  return out;
}
