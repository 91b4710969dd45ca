/** Renders an explain result as text for a person, in one language. */
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { ExplainDetail, ExplainResult, ExplainSummary } from '../knowledge/explain.js';
import type { PortEntry, Severity } from '../knowledge/types.js';
import { padEnd, wrap, displayWidth, type Colors } from './terminal.js';

export interface TextOptions {
  readonly lang: Lang;
  readonly colors: Colors;
  /** Columns to wrap at; Infinity for no wrapping. */
  readonly width: number;
}

function severityColor(c: Colors, s: Severity): (text: string) => string {
  switch (s) {
    case 'critical':
      return (x) => c.bold(c.red(x));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    case 'info':
      return c.dim;
  }
}

function colon(lang: Lang): string {
  return lang === 'zh' ? '：' : ': ';
}

function renderEntry(e: PortEntry, d: ExplainDetail, o: TextOptions): string[] {
  const { lang, colors: c, width } = o;
  const L = (text: string, indent = '  '): string => (width === Infinity ? indent + text : wrap(text, width, indent));
  // A bulleted paragraph: wrapped with a hanging indent, the bullet in the first line's margin.
  const B = (text: string): string => '  • ' + L(text, '    ').slice(4);
  const heading = (key: Parameters<typeof t>[1]): string => c.bold(t(lang, key));
  const transports = d.transport === null ? e.transports.join('/') : d.transport;
  const out: string[] = [];
  out.push(
    c.bold(`${e.port}/${transports}  ${e.title[lang]}`) +
      c.dim(
        lang === 'zh'
          ? `  （${t(lang, `explain.origin.${e.origin}`)}）`
          : `  (${t(lang, `explain.origin.${e.origin}`)})`,
      ),
  );
  out.push(`  ${t(lang, 'explain.names')}${colon(lang)}${e.names.join(', ')}`);
  out.push('', heading('explain.purpose'), L(e.purpose[lang]));
  out.push('', heading('explain.howItWorks'), L(e.howItWorks[lang]));

  out.push('', heading('explain.risk'));
  const exposures = (['internet', 'lan', 'loopback'] as const).map(
    (x) => `${t(lang, `exposure.${x}`)}${colon(lang)}${severityColor(c, e.risk[x])(t(lang, `severity.${e.risk[x]}`))}`,
  );
  out.push('  ' + exposures.join('   '), L(e.risk.reason[lang]));

  out.push('', heading('explain.weaknesses'));
  for (const w of e.weaknesses) {
    const ids = w.ids.length > 0 ? c.dim(`  [${w.ids.join(', ')}]`) : '';
    out.push(`  • ${c.bold(w.title[lang])}${ids}`, L(w.detail[lang], '    '));
  }

  if (e.malware.length > 0) {
    out.push('', heading('explain.malware'));
    for (const m of e.malware) {
      const tags = [t(lang, `malware.${m.kind}`), ...(m.year === undefined ? [] : [String(m.year)])];
      if (m.fromReference) tags.push(t(lang, 'explain.malware.fromReference'));
      const paren = lang === 'zh' ? `（${tags.join('，')}）` : ` (${tags.join(', ')})`;
      out.push(`  • ${c.bold(m.name)}${c.dim(paren)}`, L(m.note[lang], '    '));
    }
  }

  const action = e.advice.action;
  const actionColor = action === 'close' ? c.red : action === 'restrict' ? c.yellow : c.green;
  out.push('', `${heading('explain.advice')}${colon(lang)}${c.bold(actionColor(t(lang, `action.${action}`)))}`);
  out.push(L(e.advice.reason[lang]));
  e.advice.steps.forEach((s, i) => out.push(L(`${i + 1}. ${s[lang]}`, '  ')));

  out.push('', heading('explain.checks'));
  for (const ch of e.checks)
    out.push(`  • ${ch.id} ${c.dim(`[${ch.categories.join(', ')}]`)}`, L(ch.what[lang], '    '));

  if (e.related.length > 0) {
    out.push('', heading('explain.related'));
    for (const r of e.related) out.push(B(`${r.port}/${r.transport} — ${r.why[lang]}`));
  }

  if (e.corrections.length > 0) {
    out.push('', heading('explain.corrections'));
    for (const k of e.corrections) {
      out.push(B(`${t(lang, 'explain.correction.claim')}${colon(lang)}${k.claim[lang]}`));
      const source = lang === 'zh' ? `（${k.source}）` : ` (${k.source})`;
      out.push(L(`${t(lang, 'explain.correction.fact')}${colon(lang)}${k.fact[lang]}${source}`, '    '));
    }
  }

  out.push('', heading('explain.references'));
  for (const r of e.references) out.push(`  • ${r.id} — ${r.title}`, c.dim(`    ${r.url}`));
  return out;
}

function renderRegistryOnly(d: ExplainDetail, o: TextOptions): string[] {
  const { lang, colors: c } = o;
  if (d.iana.length === 0)
    return [t(lang, 'explain.unassigned', { port: d.transport === null ? d.port : `${d.port}/${d.transport}` })];
  const out: string[] = [];
  const first = d.iana[0];
  // The heading names the first registration and the transports it is registered on.
  const name = first?.name ?? '';
  const transports = d.iana.filter((s) => s.name === name).map((s) => s.transport);
  out.push(c.bold(`${d.port}/${transports.join('/')}  ${name === '' ? (first?.description ?? '') : name}`));
  if (d.coveredTransports !== null) {
    out.push(
      `  ${t(lang, 'explain.transportNotCovered', { port: d.port, covered: d.coveredTransports.join('/'), asked: d.transport ?? '' })}`,
    );
  }
  out.push(`  ${c.dim(t(lang, 'explain.registryOnly'))}`, '', c.bold(t(lang, 'explain.iana')));
  for (const s of d.iana) out.push(`  ${s.port}/${s.transport}  ${s.name === '' ? '-' : s.name}  ${s.description}`);
  return out;
}

function renderSummary(s: ExplainSummary, o: TextOptions): string[] {
  const { lang, colors: c } = o;
  const header = [
    t(lang, 'explain.summary.port'),
    t(lang, 'explain.summary.service'),
    t(lang, 'explain.summary.risk'),
    t(lang, 'explain.summary.advice'),
    t(lang, 'explain.summary.description'),
  ];
  const rows = s.rows.map((r) => [
    `${r.port}/${r.transports.join('/')}`,
    r.service,
    r.risk === null ? '-' : t(lang, `severity.${r.risk}`),
    r.action === null ? '-' : t(lang, `action.${r.action}`),
    r.title?.[lang] ?? r.description ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [c.bold(line(header))];
  s.rows.forEach((r, i) => {
    const text = line(rows[i] ?? []);
    out.push(r.curated ? text : c.dim(text));
  });
  const range = s.transport === null ? `${s.from}-${s.to}` : `${s.from}-${s.to}/${s.transport}`;
  out.push('', t(lang, 'explain.summary.count', { shown: s.rows.length, total: s.total, range, curated: s.curated }));
  out.push(c.dim(t(lang, 'explain.summary.hint')));
  return out;
}

/** The whole result as text; items separated by a blank line and a rule. */
export function renderExplainText(result: ExplainResult, o: TextOptions): string {
  const blocks = result.items.map((item) => {
    if (item.kind === 'summary') return renderSummary(item, o);
    return item.entry === null ? renderRegistryOnly(item, o) : renderEntry(item.entry, item, o);
  });
  const rule = o.colors.dim('─'.repeat(Math.min(60, o.width === Infinity ? 60 : o.width)));
  return blocks.map((b) => b.join('\n')).join(`\n\n${rule}\n\n`) + '\n';
}
