/**
 * The fix plan as a report: CSV (one row per step, for a change ticket or a spreadsheet), Markdown (commands in
 * fenced code blocks), HTML (one self-contained page, a copy button per command) and JSON Lines (the plan's head,
 * then one line per port). Commands are shown exactly as `portwarden fix` prints them (displayCommand), so what is
 * copied runs the argument vector the plan built. Names from the run (process names, hosts) are escaped for each
 * format.
 */
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import { displayCommand } from '../../remediate/quote.js';
import type { Command, FixPlan, PortPlan, Step } from '../../remediate/types.js';
import { csvCell } from './csv.js';
import { escapeText } from './escape.js';
import { badge, both, copyCommand, htmlPage, msg } from './html-parts.js';
import { mdText } from './md.js';

// ---- shared with the run's HTML report ------------------------------------------------------------------------

/** Commands, each with a copy button. */
export function commandsHtml(commands: readonly Command[]): string {
  return commands.map((c) => copyCommand(displayCommand(c))).join('');
}

function stepHtml(step: Step): string {
  const out = [both(step.text, 'p')];
  if (step.refused !== undefined)
    out.push(`<p class="warn"><b>${msg('fix.text.refused')}</b> ${both(step.refused)}</p>`);
  if (step.file !== undefined) {
    out.push(
      `<p class="note">${msg('fix.text.inFile', { path: step.file.path })}</p>`,
      copyCommand(step.file.lines.join('\n')),
    );
    if (step.commands.length > 0) out.push(`<p class="note">${msg('fix.text.then')}</p>`);
  }
  out.push(commandsHtml(step.commands));
  return `<li class="step step-${step.kind}">${out.join('')}</li>`;
}

/** A port's steps as a numbered list: what to do in words, configuration lines and commands with copy buttons. */
export function stepsHtml(steps: readonly Step[]): string {
  return steps.length === 0 ? '' : `<ol class="steps">${steps.map(stepHtml).join('')}</ol>`;
}

// ---- CSV ------------------------------------------------------------------------------------------------------

const COLUMNS = [
  'report.col.host',
  'report.col.port',
  'report.col.protocol',
  'report.col.service',
  'report.col.severity',
  'fix.col.decision',
  'fix.col.platform',
  'fix.col.kind',
  'fix.col.step',
  'fix.col.file',
  'fix.col.command',
  'fix.col.refused',
] as const;

/**
 * The plan as CSV in `lang`: one row per step of every port to act on, between the rows of the commands that
 * create portwarden's table first and the ones that finish (firewalld's reload). A step's commands share its
 * cell, one per line, in the order they run. Cells a spreadsheet would run as a formula are neutralised.
 * @example renderFixCsv(plan, 'en').split('\r\n')[0] // 'Host,Port,Protocol,Service,Risk,Decision,…'
 */
export function renderFixCsv(plan: FixPlan, lang: Lang): string {
  const rows: (string | number)[][] = [COLUMNS.map((c) => t(lang, c))];
  const kind = (k: Step['kind']): string => t(lang, `fix.kind.${k}`);
  const commands = (list: readonly Command[]): string => list.map(displayCommand).join('\n');
  if (plan.setup.length > 0) {
    rows.push([
      '',
      '',
      '',
      '',
      '',
      '',
      plan.platform,
      kind('firewall'),
      t(lang, 'fix.text.setup'),
      '',
      commands(plan.setup),
      '',
    ]);
  }
  for (const p of plan.actions) {
    for (const s of p.steps) {
      rows.push([
        p.host,
        p.port,
        p.transport,
        p.service ?? '',
        t(lang, `severity.${p.severity}`),
        t(lang, `action.${p.decision}`),
        plan.platform,
        kind(s.kind),
        s.text[lang],
        s.file === undefined ? '' : [s.file.path, ...s.file.lines].join('\n'),
        commands(s.commands),
        s.refused?.[lang] ?? '',
      ]);
    }
  }
  if (plan.finish.length > 0) {
    rows.push([
      '',
      '',
      '',
      '',
      '',
      '',
      plan.platform,
      kind('firewall'),
      t(lang, 'fix.text.finish'),
      '',
      commands(plan.finish),
      '',
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// ---- Markdown -------------------------------------------------------------------------------------------------

const FENCE_LANG: Readonly<Record<Command['dialect'], string>> = { posix: 'sh', powershell: 'powershell', cmd: 'bat' };

/**
 * A fenced code block around `text`: the fence is longer than any run of backticks inside (CommonMark), so no
 * command or configuration line can close it early.
 * @example fenced('echo ```', 'sh') // '````sh\necho ```\n````'
 */
export function fenced(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Commands in fenced blocks, one block per run of commands for the same shell. */
function mdCommands(commands: readonly Command[]): string[] {
  const blocks: string[] = [];
  let run: Command[] = [];
  const flush = (): void => {
    if (run.length > 0)
      blocks.push(fenced(run.map(displayCommand).join('\n'), FENCE_LANG[run[0]?.dialect ?? 'posix']), '');
    run = [];
  };
  for (const c of commands) {
    if (run.length > 0 && run[0]?.dialect !== c.dialect) flush();
    run.push(c);
  }
  flush();
  return blocks;
}

function mdStep(step: Step, n: number, lang: Lang): string[] {
  const out = [`${n}. ${mdText(step.text[lang])}`, ''];
  const indent = (lines: string[]): string[] => lines.map((l) => (l === '' ? '' : l.replace(/^/gm, '   ')));
  if (step.refused !== undefined)
    out.push(`   **${mdText(t(lang, 'fix.text.refused'))}** ${mdText(step.refused[lang])}`, '');
  if (step.file !== undefined) {
    out.push(`   ${mdText(t(lang, 'fix.text.inFile', { path: step.file.path }))}`, '');
    out.push(...indent([fenced(step.file.lines.join('\n')), '']));
    if (step.commands.length > 0) out.push(`   ${mdText(t(lang, 'fix.text.then'))}`, '');
  }
  out.push(...indent(mdCommands(step.commands)));
  return out;
}

function mdPort(p: PortPlan, lang: Lang): string[] {
  const service = p.service === null ? '' : ` ${p.service}`;
  const out = [
    `## ${mdText(`[${t(lang, `severity.${p.severity}`)}] ${p.port}/${p.transport}${service} @ ${p.host} — ${t(lang, `action.${p.decision}`)}`)}`,
    '',
    `**${mdText(t(lang, 'fix.text.why'))}**`,
    '',
    ...p.reasons.map((r) => `- ${mdText(r[lang])}`),
    '',
  ];
  if (p.evidence.length > 0)
    out.push(`**${mdText(t(lang, 'fix.text.evidence'))}** ${mdText(p.evidence.join(', '))}`, '');
  p.steps.forEach((s, i) => out.push(...mdStep(s, i + 1, lang)));
  return out;
}

function titleParams(plan: FixPlan, lang: Lang): Record<string, string> {
  return {
    run: plan.runId,
    kind: plan.runKind,
    platform: plan.platform,
    threshold: t(lang, `severity.${plan.threshold}`),
  };
}

/**
 * The plan as Markdown in `lang`: each port's reasons and steps, every command in a fenced code block.
 * @example renderFixMarkdown(plan, 'zh').startsWith('# ')
 */
export function renderFixMarkdown(plan: FixPlan, lang: Lang): string {
  const out = [
    `# ${mdText(t(lang, 'fix.report.title'))}`,
    '',
    mdText(t(lang, 'fix.text.title', titleParams(plan, lang))),
    '',
  ];
  if (plan.allowFrom.length > 0)
    out.push(mdText(t(lang, 'fix.report.allowFrom', { sources: plan.allowFrom.join(', ') })), '');
  if (plan.actions.length === 0) out.push(mdText(t(lang, 'fix.text.nothing')), '');
  if (plan.setup.length > 0) out.push(`**${mdText(t(lang, 'fix.text.setup'))}**`, '', ...mdCommands(plan.setup));
  for (const p of plan.actions) out.push(...mdPort(p, lang));
  if (plan.finish.length > 0) out.push(`**${mdText(t(lang, 'fix.text.finish'))}**`, '', ...mdCommands(plan.finish));
  if (plan.keep.length > 0) {
    out.push(`## ${mdText(t(lang, 'fix.text.keep', { count: plan.keep.length }))}`, '');
    for (const p of plan.keep) {
      out.push(
        `- ${mdText(`${p.port}/${p.transport} ${p.service ?? '?'} @ ${p.host}: ${p.reasons[0]?.[lang] ?? ''}`)}`,
      );
    }
    out.push('');
  }
  if (plan.rollback.length > 0 && plan.actions.some((p) => p.rule !== null)) {
    out.push(`## ${mdText(t(lang, 'fix.text.undo'))}`, '', ...mdCommands(plan.rollback));
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

// ---- HTML -----------------------------------------------------------------------------------------------------

function htmlPort(p: PortPlan): string {
  const service = p.service === null ? '' : ` ${p.service}`;
  const evidence =
    p.evidence.length === 0
      ? ''
      : `<p class="note">${msg('fix.text.evidence')} ${escapeText(p.evidence.join(', '))}</p>`;
  return [
    `<article class="sev-${p.severity}" id="${escapeText(`fix-${p.host}-${p.port}-${p.transport}`.replace(/[^A-Za-z0-9_.-]/g, '_'))}">`,
    `<h3>${badge(p.severity)} ${escapeText(`${p.port}/${p.transport}${service} @ ${p.host}`)} — ${msg(`action.${p.decision}`)}</h3>`,
    `<h4>${msg('fix.text.why')}</h4><ul>${p.reasons.map((r) => both(r, 'li')).join('')}</ul>`,
    evidence,
    stepsHtml(p.steps),
    '</article>',
  ].join('');
}

/**
 * The plan as one self-contained HTML page opening in `lang` (both languages inside, with a switch), every command
 * with a copy button.
 * @example writeFileSync('plan.html', renderFixHtml(plan, 'en'))
 */
export function renderFixHtml(plan: FixPlan, lang: Lang): string {
  const heading = (l: Lang): string => `${t(l, 'fix.report.title')} · ${plan.platform}`;
  const params = { en: titleParams(plan, 'en'), zh: titleParams(plan, 'zh') };
  const body = [
    `<section id="plan"><h2>${both({ en: t('en', 'fix.text.title', params.en), zh: t('zh', 'fix.text.title', params.zh) })}</h2>`,
    plan.allowFrom.length > 0 ? `<p>${msg('fix.report.allowFrom', { sources: plan.allowFrom.join(', ') })}</p>` : '',
    plan.actions.length === 0 ? `<p>${msg('fix.text.nothing')}</p>` : '',
    plan.setup.length > 0 ? `<h4>${msg('fix.text.setup')}</h4>${commandsHtml(plan.setup)}` : '',
    '</section>',
  ];
  if (plan.actions.length > 0) {
    body.push(`<section id="actions"><h2>${msg('report.fix.title')}</h2>${plan.actions.map(htmlPort).join('')}`);
    if (plan.finish.length > 0) body.push(`<h4>${msg('fix.text.finish')}</h4>${commandsHtml(plan.finish)}`);
    body.push('</section>');
  }
  if (plan.keep.length > 0) {
    const rows = plan.keep.map(
      (p) =>
        `<tr><td class="num">${p.port}/${escapeText(p.transport)}</td><td>${escapeText(p.service ?? '?')}</td><td>${escapeText(p.host)}</td><td>${p.reasons[0] === undefined ? '' : both(p.reasons[0])}</td></tr>`,
    );
    body.push(
      `<section id="keep"><h2>${msg('fix.text.keep', { count: plan.keep.length })}</h2><table><thead><tr>` +
        `<th>${msg('report.col.port')}</th><th>${msg('report.col.service')}</th><th>${msg('report.col.host')}</th>` +
        `<th>${msg('fix.col.reason')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
    );
  }
  if (plan.rollback.length > 0 && plan.actions.some((p) => p.rule !== null)) {
    body.push(`<section id="rollback"><h2>${msg('fix.text.undo')}</h2>${commandsHtml(plan.rollback)}</section>`);
  }
  if (plan.platform === 'nftables' || plan.platform === 'iptables')
    body.push(`<p class="note">${msg('fix.text.applyHint')}</p>`);
  return htmlPage({
    lang,
    title: { en: heading('en'), zh: heading('zh') },
    heading: msg('fix.report.title'),
    subtitle: escapeText(`${plan.runKind} ${plan.runId} · ${plan.platform}`),
    body,
  });
}

// ---- JSON Lines -----------------------------------------------------------------------------------------------

/**
 * The plan as JSON Lines: first the plan without its ports (`type: "plan"`, with `lang`), then one line per port to
 * act on (`type: "action"`) and per port kept (`type: "keep"`), in the plan's order. Each port line is a `port` of
 * schema/fix-output.v1.schema.json.
 */
export function renderFixJsonl(plan: FixPlan, lang: Lang): string {
  const { actions, keep, ...head } = plan;
  const lines = [
    { type: 'plan', ...head, lang },
    ...actions.map((p) => ({ type: 'action', ...p })),
    ...keep.map((p) => ({ type: 'keep', ...p })),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
