/**
 * Report formats: the name a user gives with --format, and the renderer of a run record for each. Text and JSON
 * of audits and scans stay with their commands (their live output); everything else renders the run record.
 */
import type { Lang } from '../core/lang.js';
import type { RunRecord } from '../core/run.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import type { FixPlan } from '../remediate/types.js';
import { ianaName } from '../knowledge/iana.js';
import { renderCsv } from './formats/csv.js';
import { renderHtml } from './formats/html.js';
import { renderMarkdown } from './formats/md.js';
import { renderNmapXml } from './formats/nmap-xml.js';
import type { RunFormat } from './format-name.js';

export { FORMATS, parseFormat, type ReportFormat, type RunFormat } from './format-name.js';

/** The run as JSON Lines: the run without hosts and findings, then one line per host, then one per finding. */
export function renderRunJsonl(run: RunRecord): string {
  const { hosts, findings, ...head } = run;
  const lines = [
    { type: 'run', ...head },
    ...hosts.map((h) => ({ type: 'host', ...h })),
    ...findings.map((f) => ({ type: 'finding', ...f })),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export interface RenderOptions {
  readonly lang: Lang;
  readonly index: KnowledgeIndex;
  /** The run's fix plan: the HTML report shows each finding's commands from it. */
  readonly plan?: FixPlan;
}

/**
 * Render a run record in one of the run formats.
 * @example renderRun(run, 'html', { lang: 'zh', index })
 */
export function renderRun(run: RunRecord, format: RunFormat, o: RenderOptions): string {
  switch (format) {
    case 'json':
      return JSON.stringify(run, null, 2) + '\n';
    case 'jsonl':
      return renderRunJsonl(run);
    case 'csv':
      return renderCsv(run, o.lang);
    case 'md':
      return renderMarkdown(run, o.lang, o.index);
    case 'html':
      return renderHtml(run, o.lang, o.index, o.plan);
    case 'xml':
      return renderNmapXml(run, {
        lang: o.lang,
        portName: (port, transport) => {
          const entry = o.index.byPort(port);
          if (entry?.transports.includes(transport) === true) return entry.names[0] ?? null;
          return ianaName(port, transport);
        },
      });
  }
}
