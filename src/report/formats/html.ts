/**
 * The HTML report: one self-contained file (inline style, script and SVG; a Content-Security-Policy that forbids
 * every request), in both languages with a switch, opening in the user's. It shows a chart of findings by
 * severity, the run's parameters, a port table per host, every finding with its evidence and the knowledge base's
 * advice, and the commands to learn more and to verify a fix, with copy buttons. Everything from the network is
 * escaped.
 */
import { isIP } from 'node:net';
import { SEVERITIES, type Finding } from '../../core/finding.js';
import { t, type MessageKey } from '../../core/i18n.js';
import { LANGS, type Lang, type Text } from '../../core/lang.js';
import type { RunCheck, RunHost, RunRecord } from '../../core/run.js';
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
import { escapeAttr, escapeText } from './escape.js';
import { HTML_SCRIPT, HTML_STYLE, SEVERITY_COLORS } from './html-assets.js';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

type Params = Readonly<Record<string, string | number>>;

/** A text in both languages, each in its own element; CSS shows the chosen one. */
function both(text: Text, tag = 'span'): string {
  return LANGS.map(
    (l) => `<${tag} class="${l}" lang="${l === 'zh' ? 'zh-CN' : 'en'}">${escapeText(text[l])}</${tag}>`,
  ).join('');
}

/** A catalogue message in both languages. */
function msg(key: MessageKey, params: Params = {}, tag = 'span'): string {
  return both({ en: t('en', key, params), zh: t('zh', key, params) }, tag);
}

function badge(severity: Finding['severity']): string {
  return `<span class="badge sev-${severity}">${msg(`severity.${severity}`)}</span>`;
}

/** Findings by severity as a horizontal bar chart. */
function chart(run: RunRecord): string {
  const counts = countBySeverity(run.findings);
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s]));
  const rowH = 30;
  const labelW = 110;
  const barW = 360;
  const bars = SEVERITIES.map((s, n) => {
    const y = n * rowH;
    const w = counts[s] === 0 ? 0 : Math.max(3, Math.round((counts[s] / max) * barW));
    const labels = LANGS.map(
      (l) =>
        `<text class="${l}" x="${labelW - 10}" y="${y + 19}" text-anchor="end">${escapeText(t(l, `severity.${s}`))}</text>`,
    ).join('');
    return (
      labels +
      `<rect x="${labelW}" y="${y + 5}" width="${w}" height="${rowH - 10}" rx="3" fill="${SEVERITY_COLORS[s]}"/>` +
      `<text x="${labelW + w + 8}" y="${y + 19}" class="count">${counts[s]}</text>`
    );
  }).join('');
  const height = SEVERITIES.length * rowH;
  const title = `${t('en', 'report.chart.title')} / ${t('zh', 'report.chart.title')}`;
  return (
    `<svg role="img" aria-label="${escapeAttr(title)}" width="${labelW + barW + 50}" height="${height}" ` +
    `viewBox="0 0 ${labelW + barW + 50} ${height}" font-size="13" fill="#1d2330" id="chart">` +
    `<title>${escapeText(title)}</title>${bars}</svg>`
  );
}

function totals(run: RunRecord): string {
  const open = run.hosts.reduce((n, h) => n + h.ports.filter((p) => p.state === 'open').length, 0);
  const up = run.hosts.filter((h) => h.state === 'up').length;
  const cell = (key: MessageKey, value: number): string => `<b>${value}</b><span>${msg(key)}</span>`;
  return `<div class="totals">${cell('report.totals.hosts', run.hosts.length)}${cell('report.totals.up', up)}${cell(
    'report.totals.open',
    open,
  )}${cell('report.totals.findings', run.findings.length)}</div>`;
}

function parametersTable(run: RunRecord): string {
  const rows = Object.entries(run.parameters).map(
    ([k, v]) => `<tr><th scope="row"><code>${escapeText(k)}</code></th><td>${escapeText(parameterText(v))}</td></tr>`,
  );
  rows.unshift(
    `<tr><th scope="row">${msg('report.param.tool')}</th><td>${escapeText(`${run.tool.name} ${run.tool.version}`)}</td></tr>`,
    `<tr><th scope="row">${msg('report.param.started')}</th><td>${escapeText(run.startedAt)}</td></tr>`,
    `<tr><th scope="row">${msg('report.param.finished')}</th><td>${escapeText(run.finishedAt)}</td></tr>`,
    `<tr><th scope="row">${msg('report.param.id')}</th><td><code>${escapeText(run.id)}</code></td></tr>`,
  );
  return `<table class="params"><tbody>${rows.join('')}</tbody></table>`;
}

function checkRows(checks: readonly RunCheck[], where: string): string[] {
  return checks.map((c) => {
    const output = c.evidence['output'];
    const evidence = Object.entries(c.evidence).filter(([k]) => k !== 'output');
    const details =
      (typeof output === 'string' ? `<pre>${escapeText(output.trim())}</pre>` : '') +
      (evidence.length === 0
        ? ''
        : `<dl class="evidence">${evidence
            .map(([k, v]) => `<dt>${escapeText(k)}</dt><dd>${escapeText(v === null ? '-' : String(v))}</dd>`)
            .join('')}</dl>`) +
      (c.message === undefined ? '' : `<p class="note">${escapeText(c.message)}</p>`);
    return `<tr><td class="num">${escapeText(where)}</td><td><code>${escapeText(c.check)}</code></td><td>${msg(
      `report.check.${c.status}`,
    )}</td><td>${details}</td></tr>`;
  });
}

function hostSection(run: RunRecord, host: RunHost, anchors: ReadonlyMap<Finding, string>): string {
  const names = (host.hostnames ?? []).length > 0 ? ` (${(host.hostnames ?? []).join(', ')})` : '';
  const out = [
    `<section class="host"><h2>${escapeText(host.host + names)} · ${msg(`report.hostState.${host.state}`)}</h2>`,
  ];
  if (host.ports.length === 0) out.push(`<p>${msg('report.noPorts')}</p>`);
  else {
    const withProcess = host.ports.some((p) => p.processes.length > 0);
    const cols = [
      'port',
      'state',
      'service',
      'version',
      ...(withProcess ? (['address', 'process'] as const) : []),
      'severity',
    ] as const;
    out.push(`<table><thead><tr>${cols.map((c) => `<th>${msg(`report.col.${c}`)}</th>`).join('')}</tr></thead><tbody>`);
    for (const p of host.ports) {
      const found = findingsOf(run, host, p);
      const worst = worstSeverity(found);
      const links = found.map((f) => `<a href="#${anchors.get(f) ?? ''}">${badge(f.severity)}</a>`).join(' ');
      const cells = [
        `<td class="num">${p.port}/${escapeText(p.transport)}</td>`,
        `<td>${msg(`scan.state.${p.state}`)}<div class="note">${escapeText(p.reason)}</div></td>`,
        `<td>${escapeText(serviceLabel(p.service))}</td>`,
        `<td>${escapeText(versionLine(p.service))}${(p.service?.cpe ?? []).map((c) => `<div class="note"><code>${escapeText(c)}</code></div>`).join('')}</td>`,
        ...(withProcess
          ? [
              `<td><code>${escapeText(p.address ?? '')}</code></td>`,
              `<td>${p.processes.map((x) => `${escapeText(x.name)} [${x.pid}]${x.user === null ? '' : ` · ${escapeText(x.user)}`}`).join('<br/>')}</td>`,
            ]
          : []),
        `<td>${worst === null ? '' : links}</td>`,
      ];
      out.push(`<tr>${cells.join('')}</tr>`);
    }
    out.push('</tbody></table>');
  }
  if (host.closed > 0) out.push(`<p class="note">${msg('scan.notShown', { closed: host.closed })}</p>`);
  const checks = [
    ...checkRows(host.checks ?? [], '-'),
    ...host.ports.flatMap((p) => checkRows(p.checks, `${p.port}/${p.transport}`)),
  ];
  if (checks.length > 0) {
    out.push(
      `<details><summary>${msg('report.checks', { count: checks.length })}</summary><table><thead><tr>` +
        `<th>${msg('report.col.port')}</th><th>${msg('report.col.check')}</th><th>${msg('report.col.status')}</th>` +
        `<th>${msg('report.col.result')}</th></tr></thead><tbody>${checks.join('')}</tbody></table></details>`,
    );
  }
  out.push('</section>');
  return out.join('');
}

/** A command with a copy button. */
function command(text: string, label: MessageKey): string {
  const copy = LANGS.map(
    (l) =>
      `<span class="${l}" data-label="${escapeAttr(t(l, 'report.copy'))}" data-done="${escapeAttr(t(l, 'report.copied'))}">${escapeText(t(l, 'report.copy'))}</span>`,
  ).join('');
  return `<div class="note">${msg(label)}</div><div class="cmd"><code>${escapeText(text)}</code><button type="button" data-copy="">${copy}</button></div>`;
}

/** Commands portwarden can honestly give for a finding: what the port is, and the check that proves a fix. */
function commands(run: RunRecord, f: Finding): string {
  const port = f.target.port;
  if (port === 0) return '';
  const spec = `${f.target.transport === 'udp' ? 'U' : 'T'}:${port}`;
  const verify =
    run.kind === 'audit'
      ? 'portwarden audit'
      : isIP(f.target.host) !== 0
        ? `portwarden scan ${f.target.host} -p ${spec}${f.target.transport === 'udp' ? ' --udp' : ''} -Pn`
        : null;
  return (
    command(`portwarden explain ${port}/${f.target.transport}`, 'report.cmd.explain') +
    (verify === null ? '' : command(verify, 'report.cmd.verify'))
  );
}

function findingArticle(run: RunRecord, f: Finding, id: string, index: KnowledgeIndex): string {
  const evidence = Object.entries(f.evidence);
  const port = run.hosts
    .find((h) => h.host === f.target.host)
    ?.ports.find((p) => p.port === f.target.port && p.transport === f.target.transport);
  const advice = f.rule === 'exposure' && port !== undefined ? adviceFor(index, port) : null;
  const where = `${f.target.host} · ${f.target.port}/${f.target.transport}${f.target.address === null ? '' : ` · ${f.target.address}`}`;
  return [
    `<article class="sev-${f.severity}" id="${id}">`,
    `<h3>${badge(f.severity)} ${both(f.title)}</h3>`,
    `<p class="where">${escapeText(where)} · <code>${escapeText(f.rule)}</code></p>`,
    `<p>${both(f.detail)}</p>`,
    evidence.length === 0
      ? ''
      : `<h4>${msg('report.evidence')}</h4><dl class="evidence">${evidence
          .map(([k, v]) => `<dt>${escapeText(k)}</dt><dd>${escapeText(v === null ? '-' : String(v))}</dd>`)
          .join('')}</dl>`,
    `<div class="advice"><h4>${msg('report.advice')}: ${msg(`action.${f.action}`)}</h4>`,
    advice === null ? '' : `<p>${both(advice.reason)}</p><ol>${advice.steps.map((s) => both(s, 'li')).join('')}</ol>`,
    commands(run, f),
    '</div></article>',
  ].join('');
}

/**
 * The run as one self-contained HTML document, opening in `lang`.
 * @example writeFileSync('report.html', renderHtml(run, 'zh', index))
 */
export function renderHtml(run: RunRecord, lang: Lang, index: KnowledgeIndex): string {
  const anchors = new Map(run.findings.map((f, n) => [f, `finding-${n + 1}`]));
  const title = (l: Lang): string =>
    `${t(l, `report.title.${run.kind}`)} · ${run.startedAt.slice(0, 16).replace('T', ' ')}`;
  const findings =
    run.findings.length === 0
      ? `<p>${msg('report.noFindings')}</p>`
      : run.findings.map((f) => findingArticle(run, f, anchors.get(f) ?? '', index)).join('');
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}" data-lang="${lang}" data-title-en="${escapeAttr(title('en'))}" data-title-zh="${escapeAttr(title('zh'))}">`,
    '<head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeText(title(lang))}</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    `<header><div><h1>${msg(`report.title.${run.kind}`)}</h1><p>${msg('report.subtitle', {
      started: run.startedAt,
      finished: run.finishedAt,
      tool: `${run.tool.name} ${run.tool.version}`,
    })}</p></div>`,
    `<div class="switch" role="group" aria-label="Language / 语言"><button type="button" data-set-lang="zh" aria-pressed="${String(lang === 'zh')}">中文</button><button type="button" data-set-lang="en" aria-pressed="${String(lang === 'en')}">English</button></div></header>`,
    '<main>',
    run.interrupted ? `<p class="warn">${msg('report.interrupted')}</p>` : '',
    `<section id="summary"><h2>${msg('report.summary')}</h2><div class="summary">${chart(run)}${totals(run)}</div></section>`,
    `<section id="parameters"><h2>${msg('report.parameters')}</h2>${parametersTable(run)}</section>`,
    ...run.hosts.map((h) => hostSection(run, h, anchors)),
    `<section id="findings"><h2>${msg('report.findings')}</h2>${findings}<p class="note">${msg('report.stepsNote')}</p></section>`,
    `</main><script>${HTML_SCRIPT}</script></body></html>`,
  ].join('\n');
}
