/**
 * The HTML report: one self-contained file (inline style, script and SVG; a Content-Security-Policy that forbids
 * every request), in both languages with a switch, opening in the user's. It shows a chart of findings by
 * severity, the run's parameters, a port table per host, every finding with its evidence and the knowledge base's
 * advice, the remediation commands of each finding's port for one firewall (from the fix plan), and the commands
 * to learn more and to verify a fix, all with copy buttons. Everything from the network is escaped.
 */
import { isIP } from 'node:net';
import { SEVERITIES, type Finding } from '../../core/finding.js';
import { t, type MessageKey } from '../../core/i18n.js';
import { LANGS, type Lang } from '../../core/lang.js';
import type { RunCheck, RunHost, RunRecord } from '../../core/run.js';
import type { KnowledgeIndex } from '../../knowledge/load.js';
import type { FixPlan, Step } from '../../remediate/types.js';
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
import { SEVERITY_COLORS } from './html-assets.js';
import { commandsHtml, stepsHtml } from './fix-formats.js';
import { badge, both, copyCommand, HTML_CSP, htmlPage, msg } from './html-parts.js';

export { HTML_CSP };

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

/** A command with a copy button under a line saying what it is for. */
function command(text: string, label: MessageKey): string {
  return `<div class="note">${msg(label)}</div>${copyCommand(text)}`;
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

const portKey = (host: string, transport: string, port: number): string => `${host}\u0000${transport}\u0000${port}`;

/**
 * The remediation of a finding's port from the plan: its steps and commands in the article of the port's first
 * finding, a link to that article in the others. Empty when the plan keeps the port.
 */
function remediation(f: Finding, id: string, fixes: Fixes | null): string {
  if (fixes === null) return '';
  const key = portKey(f.target.host, f.target.transport, f.target.port);
  const steps = fixes.ports.get(key);
  if (steps === undefined) return '';
  const first = fixes.first.get(key);
  const head = `<h4>${msg('report.fix.commands', { platform: fixes.plan.platform })}</h4>`;
  if (first !== undefined && first !== id)
    return `${head}<p class="note"><a href="#${first}">${msg('report.fix.seeFirst', { port: `${f.target.port}/${f.target.transport}` })}</a></p>`;
  return `<div class="fix">${head}${stepsHtml(steps)}</div>`;
}

function findingArticle(run: RunRecord, f: Finding, id: string, index: KnowledgeIndex, fixes: Fixes | null): string {
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
    remediation(f, id, fixes),
    commands(run, f),
    '</div></article>',
  ].join('');
}

/** The plan's steps for each port that needs action, and the article of each port's first (most urgent) finding. */
interface Fixes {
  readonly plan: FixPlan;
  readonly ports: ReadonlyMap<string, readonly Step[]>;
  readonly first: ReadonlyMap<string, string>;
}

/**
 * The steps the report adds to a port: the plan's, without the knowledge base's advice steps it repeats (the
 * article shows those already); none when nothing is left.
 */
function fixesOf(run: RunRecord, plan: FixPlan, anchors: ReadonlyMap<Finding, string>, index: KnowledgeIndex): Fixes {
  const ports = new Map<string, readonly Step[]>();
  for (const p of plan.actions) {
    const seen = run.hosts
      .find((h) => h.host === p.host)
      ?.ports.find((x) => x.port === p.port && x.transport === p.transport);
    const advice = adviceFor(index, seen ?? { port: p.port, transport: p.transport, service: null });
    const steps = p.steps.filter((s) => s.kind !== 'note' || !(advice?.steps.some((a) => a.en === s.text.en) ?? false));
    if (steps.length > 0) ports.set(portKey(p.host, p.transport, p.port), steps);
  }
  const first = new Map<string, string>();
  // The exposure finding's article carries the knowledge base's steps: the commands go next to them.
  const exposureFirst = [...run.findings].sort((a, b) => Number(b.rule === 'exposure') - Number(a.rule === 'exposure'));
  for (const f of exposureFirst) {
    const key = portKey(f.target.host, f.target.transport, f.target.port);
    const id = anchors.get(f);
    if (ports.has(key) && !first.has(key) && id !== undefined) first.set(key, id);
  }
  return { plan, ports, first };
}

/**
 * What the commands under each finding need around them: for which firewall and host they are, the commands that
 * create portwarden's table first, the ones to run after every rule, and how to undo it all.
 */
function remediationSection(run: RunRecord, plan: FixPlan): string {
  const which =
    run.kind === 'audit'
      ? msg('report.fix.thisMachine', { platform: plan.platform })
      : msg('report.fix.scannedHost', { platform: plan.platform });
  const out = [`<section id="remediation"><h2>${msg('report.fix.title')}</h2><p>${which}</p>`];
  if (plan.actions.length === 0) out.push(`<p>${msg('fix.text.nothing')}</p>`);
  if (plan.setup.length > 0) out.push(`<h4>${msg('fix.text.setup')}</h4>${commandsHtml(plan.setup)}`);
  if (plan.actions.length > 0) out.push(`<p>${msg('report.fix.perFinding')}</p>`);
  if (plan.finish.length > 0) out.push(`<h4>${msg('fix.text.finish')}</h4>${commandsHtml(plan.finish)}`);
  if (plan.rollback.length > 0 && plan.actions.some((p) => p.rule !== null))
    out.push(`<h4>${msg('fix.text.undo')}</h4>${commandsHtml(plan.rollback)}`);
  out.push(`<p class="note">${msg('report.fix.otherPlatform')}</p></section>`);
  return out.join('');
}

/**
 * The run as one self-contained HTML document, opening in `lang`. With `plan` (buildPlan of this run), each
 * finding shows the commands that fix its port on the plan's platform.
 * @example writeFileSync('report.html', renderHtml(run, 'zh', index, plan))
 */
export function renderHtml(run: RunRecord, lang: Lang, index: KnowledgeIndex, plan?: FixPlan): string {
  const anchors = new Map(run.findings.map((f, n) => [f, `finding-${n + 1}`]));
  const fixes = plan === undefined ? null : fixesOf(run, plan, anchors, index);
  const title = (l: Lang): string =>
    `${t(l, `report.title.${run.kind}`)} · ${run.startedAt.slice(0, 16).replace('T', ' ')}`;
  const findings =
    run.findings.length === 0
      ? `<p>${msg('report.noFindings')}</p>`
      : run.findings.map((f) => findingArticle(run, f, anchors.get(f) ?? '', index, fixes)).join('');
  return htmlPage({
    lang,
    title: { en: title('en'), zh: title('zh') },
    heading: msg(`report.title.${run.kind}`),
    subtitle: msg('report.subtitle', {
      started: run.startedAt,
      finished: run.finishedAt,
      tool: `${run.tool.name} ${run.tool.version}`,
    }),
    body: [
      run.interrupted ? `<p class="warn">${msg('report.interrupted')}</p>` : '',
      `<section id="summary"><h2>${msg('report.summary')}</h2><div class="summary">${chart(run)}${totals(run)}</div></section>`,
      `<section id="parameters"><h2>${msg('report.parameters')}</h2>${parametersTable(run)}</section>`,
      ...run.hosts.map((h) => hostSection(run, h, anchors)),
      plan === undefined ? '' : remediationSection(run, plan),
      `<section id="findings"><h2>${msg('report.findings')}</h2>${findings}<p class="note">${msg(
        plan === undefined ? 'report.fix.none' : 'report.fix.stepsSource',
      )}</p></section>`,
    ],
  });
}
