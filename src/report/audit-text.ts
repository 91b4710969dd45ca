/** Renders an audit report as a terminal table grouped by severity, in one language. */
import { SEVERITIES } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { ListeningSocket } from '../core/socket.js';
import type { AuditItem } from '../assess/audit.js';
import type { AuditReport } from '../assess/report.js';
import { displayWidth, padEnd, type Colors } from './terminal.js';
import type { TextOptions } from './explain-text.js';
import type { Severity } from '../core/finding.js';
import type { KnowledgeIndex } from '../knowledge/load.js';

/** '0.0.0.0:22', '[::]:22', '[fe80::1%eth0]:123'. */
export function endpointText(s: Pick<ListeningSocket, 'address' | 'family' | 'scope' | 'port'>): string {
  const host =
    s.family === 6
      ? `[${s.address}${s.scope !== null && s.address.startsWith('fe80') ? `%${s.scope}` : ''}]`
      : s.address;
  return `${host}:${s.port}`;
}

function sevColor(c: Colors, s: Severity): (x: string) => string {
  if (s === 'critical') return (x) => c.bold(c.red(x));
  if (s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  if (s === 'low') return c.cyan;
  return c.dim;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function processText(item: AuditItem): string {
  const p = item.socket.processes;
  if (p.length === 0) return '?';
  const names = [...new Set(p.map((x) => x.name))];
  const first = p[0];
  return `${names.join(',')} (${first?.pid ?? '?'}${p.length > 1 ? ` +${p.length - 1}` : ''})`;
}

function userText(item: AuditItem): string {
  return (
    item.socket.user ?? item.socket.processes[0]?.user ?? (item.socket.uid === null ? '?' : String(item.socket.uid))
  );
}

/** The audit report as text. `index` supplies the first advice step for the urgent list. */
export function renderAuditText(report: AuditReport, index: KnowledgeIndex, o: TextOptions): string {
  const { lang, colors: c } = o;
  const out: string[] = [];
  out.push(c.bold(t(lang, 'audit.title', { host: report.host.name })));
  out.push(
    c.dim(
      t(lang, 'audit.meta', {
        when: report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        platform: report.host.platform,
        source: report.inventory.source,
        count: report.items.length,
      }),
    ),
  );
  const fw = report.firewall;
  if (fw.read.length > 0) out.push(c.dim(t(lang, 'audit.firewall.read', { sources: fw.read.join(', ') })));
  else out.push(c.dim(t(lang, 'audit.firewall.none')));
  for (const n of fw.notRead) {
    out.push(
      c.dim(
        `  ${t(lang, 'audit.firewall.notRead', { source: n.source, message: t(lang, `audit.firewall.reason.${n.reason}`) })}`,
      ),
    );
  }
  if (report.inventory.partial) out.push(c.yellow(t(lang, report.host.privileged ? 'audit.hidden' : 'audit.partial')));
  out.push('');

  if (report.items.length === 0) {
    out.push(t(lang, 'audit.none'));
    return out.join('\n') + '\n';
  }

  const header = (['proto', 'address', 'service', 'process', 'user', 'reach', 'advice'] as const).map((k) =>
    t(lang, `audit.col.${k}`),
  );
  const cells = (i: AuditItem): string[] => [
    i.socket.transport,
    endpointText(i.socket),
    i.service.title === null ? (i.service.name ?? '-') : `${i.service.name ?? ''} · ${i.service.title[lang]}`,
    processText(i),
    userText(i),
    t(lang, `exposure.${i.effectiveReach}`),
    t(lang, `action.${i.action}`),
  ];
  const rows = report.items.map(cells);
  const widths = header.map((h, k) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[k] ?? ''))));
  const line = (r: readonly string[]): string =>
    r.map((cell, k) => (k === r.length - 1 ? cell : padEnd(cell, widths[k] ?? 0))).join('  ');

  for (const sev of SEVERITIES) {
    const group = report.items.map((item, n) => ({ item, n })).filter((x) => x.item.severity === sev);
    if (group.length === 0) continue;
    const title = t(lang, 'audit.group', { severity: t(lang, `severity.${sev}`).toUpperCase(), count: group.length });
    out.push(sevColor(c, sev)(c.bold(title)));
    out.push(c.dim('  ' + line(header)));
    for (const { item, n } of group) {
      out.push('  ' + line(rows[n] ?? []));
      for (const f of item.findings)
        if (f.rule !== 'exposure') out.push(sevColor(c, f.severity)(`      ! ${f.title[lang]}`));
      const fw = item.firewall;
      if (fw !== null && fw.state !== 'allowed' && fw.rule !== null) out.push(c.dim(`      ${fw.rule}`));
      if (fw !== null) for (const cond of fw.conditions) out.push(c.dim(`      ${cond}`));
    }
    out.push('');
  }

  const b = report.summary.bySeverity;
  out.push(c.bold(t(lang, 'audit.summary', { ...b })));
  if (report.summary.urgent.length === 0) out.push(t(lang, 'audit.urgent.nothing'));
  else {
    out.push(c.bold(t(lang, 'audit.urgent')));
    report.summary.urgent.forEach((n, k) => {
      const item = report.items[n];
      if (item === undefined) return;
      const entry = item.service.curated ? index.byPort(item.socket.port) : undefined;
      const step = entry?.advice.steps[0]?.[lang] ?? t(lang, 'audit.urgent.genericStep');
      const proc = item.socket.processes[0];
      const process = proc === undefined ? '' : `, ${proc.name} pid ${proc.pid}`;
      out.push(
        '  ' +
          t(lang, 'audit.urgent.item', {
            n: k + 1,
            // The action opens the sentence: capitalised in English (Chinese has no case).
            action: capitalise(t(lang, `action.${item.action}`)),
            port: `${item.socket.port}/${item.socket.transport}`,
            service: item.service.name ?? t(lang, 'audit.unknownService'),
            process,
            step,
          }),
      );
    });
  }
  out.push('', c.dim(t(lang, 'audit.hint')));
  return out.join('\n') + '\n';
}
