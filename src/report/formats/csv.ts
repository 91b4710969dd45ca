/**
 * CSV (RFC 4180): one row per port that is not closed, with what answers there and the most urgent finding, for a
 * spreadsheet. Cells that a spreadsheet would run as a formula (=, +, -, @ first) are quoted with a leading
 * apostrophe: a banner is the remote side's text, not ours.
 */
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import type { RunRecord } from '../../core/run.js';
import { portsWithFindings, serviceLabel, worstSeverity } from './common.js';

const COLUMNS = [
  'host',
  'port',
  'protocol',
  'state',
  'reason',
  'address',
  'service',
  'product',
  'version',
  'process',
  'severity',
  'action',
  'findings',
] as const;

/** One cell, quoted when it holds a comma, a quote or a line break; formula starts neutralised. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The run as CSV in `lang` (headers and words from the catalogue; names, products and versions as found).
 * @example renderCsv(run, 'en').split('\r\n')[0] // 'Host,Port,Protocol,…'
 */
export function renderCsv(run: RunRecord, lang: Lang): string {
  const rows: (string | number)[][] = [COLUMNS.map((c) => t(lang, `report.col.${c}`))];
  for (const { host, port, findings } of portsWithFindings(run)) {
    const worst = worstSeverity(findings);
    const top = findings[0];
    rows.push([
      host.host,
      port.port,
      port.transport,
      t(lang, `scan.state.${port.state}`),
      port.reason,
      port.address ?? '',
      serviceLabel(port.service),
      port.service?.product ?? '',
      port.service?.version ?? '',
      port.processes.map((p) => `${p.name}[${p.pid}]`).join(' '),
      worst === null ? '' : t(lang, `severity.${worst}`),
      top === undefined ? '' : t(lang, `action.${top.action}`),
      findings.map((f) => f.title[lang]).join('; '),
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
