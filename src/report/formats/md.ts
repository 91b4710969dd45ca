/**
 * Markdown: the run's parameters, a summary by severity, one port table per host, then every finding with its
 * evidence and the knowledge base's advice. Everything found on the network is escaped: it is text, not markup.
 */
import { SEVERITIES, type Finding } from '../../core/finding.js';
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import type { RunRecord } from '../../core/run.js';
import type { KnowledgeIndex } from '../../knowledge/load.js';
import {
  adviceFor,
  countBySeverity,
  findingsOf,
  parameterText,
  serviceLabel,
  versionLine,
  worstSeverity,
} from './common.js';

/** Text inside Markdown: markup characters backslash-escaped, HTML's too, line breaks as spaces. */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>()#+\-.!|~&]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : `\\${c}`))
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(mdText).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => (c === '' ? ' ' : mdText(c))).join(' | ')} |`),
  ];
}

function findingBlock(f: Finding, lang: Lang, index: KnowledgeIndex, run: RunRecord): string[] {
  const where = `${f.target.host} ${f.target.port}/${f.target.transport}`;
  const out = [
    `### ${mdText(`[${t(lang, `severity.${f.severity}`)}] ${f.title[lang]}`)}`,
    '',
    `${mdText(where)} · \`${f.rule.replace(/`/g, "'")}\``,
    '',
    mdText(f.detail[lang]),
    '',
  ];
  const evidence = Object.entries(f.evidence);
  if (evidence.length > 0) {
    out.push(`**${mdText(t(lang, 'report.evidence'))}**`, '');
    for (const [k, v] of evidence) out.push(`- ${mdText(k)}: ${mdText(v === null ? '-' : String(v))}`);
    out.push('');
  }
  out.push(`**${mdText(t(lang, 'report.advice'))}**: ${mdText(t(lang, `action.${f.action}`))}`, '');
  const port = run.hosts
    .find((h) => h.host === f.target.host)
    ?.ports.find((p) => p.port === f.target.port && p.transport === f.target.transport);
  const advice = adviceFor(index, port ?? { port: f.target.port, transport: f.target.transport, service: null });
  if (advice !== null && f.rule === 'exposure') {
    out.push(mdText(advice.reason[lang]), '');
    advice.steps.forEach((s, n) => out.push(`${n + 1}. ${mdText(s[lang])}`));
    out.push('');
  }
  return out;
}

/**
 * The run as a Markdown document in `lang`.
 * @example renderMarkdown(run, 'zh', index).startsWith('# portwarden')
 */
export function renderMarkdown(run: RunRecord, lang: Lang, index: KnowledgeIndex): string {
  const out: string[] = [
    `# ${mdText(t(lang, `report.title.${run.kind}`))}`,
    '',
    mdText(
      t(lang, 'report.subtitle', {
        started: run.startedAt,
        finished: run.finishedAt,
        tool: `${run.tool.name} ${run.tool.version}`,
      }),
    ),
    '',
  ];
  if (run.interrupted) out.push(`> ${mdText(t(lang, 'report.interrupted'))}`, '');
  out.push(`## ${mdText(t(lang, 'report.parameters'))}`, '');
  out.push(
    ...table(
      [t(lang, 'report.parameter'), t(lang, 'report.value')],
      Object.entries(run.parameters).map(([k, v]) => [k, parameterText(v)]),
    ),
    '',
  );
  const counts = countBySeverity(run.findings);
  out.push(`## ${mdText(t(lang, 'report.summary'))}`, '');
  out.push(
    ...table(
      SEVERITIES.map((s) => t(lang, `severity.${s}`)),
      [SEVERITIES.map((s) => String(counts[s]))],
    ),
    '',
  );
  for (const host of run.hosts) {
    out.push(
      `## ${mdText(t(lang, 'report.host', { host: host.host, state: t(lang, `report.hostState.${host.state}`) }))}`,
      '',
    );
    if (host.ports.length === 0) out.push(mdText(t(lang, 'report.noPorts')), '');
    else {
      const rows = host.ports.map((p) => {
        const worst = worstSeverity(findingsOf(run, host, p));
        return [
          `${p.port}/${p.transport}`,
          t(lang, `scan.state.${p.state}`),
          serviceLabel(p.service),
          versionLine(p.service),
          p.processes.map((x) => `${x.name}[${x.pid}]`).join(' '),
          worst === null ? '' : t(lang, `severity.${worst}`),
        ];
      });
      out.push(
        ...table(
          (['port', 'state', 'service', 'version', 'process', 'severity'] as const).map((c) =>
            t(lang, `report.col.${c}`),
          ),
          rows,
        ),
        '',
      );
    }
    if (host.closed > 0) out.push(mdText(t(lang, 'scan.notShown', { closed: host.closed })), '');
  }
  out.push(`## ${mdText(t(lang, 'report.findings'))}`, '');
  if (run.findings.length === 0) out.push(mdText(t(lang, 'report.noFindings')), '');
  for (const f of run.findings) out.push(...findingBlock(f, lang, index, run));
  return out.join('\n').replace(/\n+$/, '\n');
}
