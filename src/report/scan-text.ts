/** Renders a finished (or interrupted) scan as text: per host, the ports that are not closed. */
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { PortObserved } from '../core/scan.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { ianaName } from '../knowledge/iana.js';
import type { HostResult } from './scan-collect.js';
import { displayWidth, padEnd, type Colors } from './terminal.js';

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

/** One host's block. */
export function renderHost(h: HostResult, index: KnowledgeIndex, o: ScanTextOptions): string[] {
  const { lang, colors: c } = o;
  if (h.state === 'down') return [c.dim(t(lang, 'scan.host.down', { host: h.host, reason: h.reason ?? '-' }))];
  const total = h.counts.open + h.counts.closed + h.counts.filtered + h.counts['open|filtered'];
  if (h.state === 'unknown' && h.counts.open === 0) return [c.dim(t(lang, 'scan.host.unknown', { host: h.host }))];
  const out = [c.bold(t(lang, 'scan.host.up', { host: h.host }))];
  if (h.ports.length > 0) {
    const header = (['port', 'state', 'service', 'reason', 'rtt'] as const).map((k) => t(lang, `scan.col.${k}`));
    const rows = h.ports.map((p) => [
      `${p.port}/${p.transport}`,
      t(lang, `scan.state.${p.state}`),
      serviceName(index, p.port, p.transport),
      p.reason,
      rttText(p.rttMs),
    ]);
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
  return out;
}
