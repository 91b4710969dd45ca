/**
 * Renders a saved run as text, for `portwarden show`: a scan (or an import) exactly as the scan printed it, an
 * audit as a table of its sockets with their severity and advice, then the findings and a summary.
 */
import { maxSeverity, SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { RunHost, RunPort, RunRecord } from '../core/run.js';
import type { PortObserved, PortState, StateReason } from '../core/scan.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { InspectCollector } from './inspect-collect.js';
import type { HostResult } from './scan-collect.js';
import { renderFindings, renderHost, type ScanTextOptions } from './scan-text.js';
import { displayWidth, padEnd } from './terminal.js';

/** '2026-11-29 21:30:05Z': the run's instant, in UTC, to the second. */
export function whenText(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, 'Z');
}

/** The short form of a run id that `history` shows and `show` accepts. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

const param = (run: RunRecord, key: string): unknown => run.parameters[key];
const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;

/** A saved host as the scan collector had it, so the scan's own renderer draws it again. */
function hostResult(h: RunHost): HostResult {
  const counts: Record<PortState, number> = { open: 0, closed: h.closed, filtered: 0, 'open|filtered': 0 };
  const ports = h.ports.map((p): PortObserved => {
    counts[p.state] += 1;
    return {
      type: 'port',
      host: h.host,
      transport: p.transport,
      port: p.port,
      state: p.state,
      reason: p.reason as StateReason,
      rttMs: p.rttMs ?? null,
    };
  });
  return { host: h.host, state: h.state, reason: h.reason as HostResult['reason'], ports, counts };
}

/** What identification and the checks found, replayed into a collector. */
function inspection(run: RunRecord): InspectCollector {
  const collector = new InspectCollector();
  for (const h of run.hosts) {
    for (const p of h.ports) {
      const where = { host: h.host, transport: p.transport, port: p.port };
      if (p.service !== null) collector.add({ type: 'service', ...where, service: p.service });
      for (const c of p.checks) {
        collector.add({
          type: 'check',
          ...where,
          check: c.check,
          status: c.status,
          ...(c.message === undefined ? {} : { message: c.message }),
          evidence: c.evidence,
          findings: [],
          durationMs: 0,
        });
      }
    }
  }
  return collector;
}

function renderScan(run: RunRecord, index: KnowledgeIndex, o: ScanTextOptions): string {
  const { lang, colors: c } = o;
  const out: string[] = [];
  const header = {
    hosts: text(param(run, 'hosts'), String(run.hosts.length)),
    tcp: text(param(run, 'tcp'), '?'),
    udp: text(param(run, 'udp'), '?'),
    seed: text(param(run, 'seed'), '-'),
  };
  const title =
    run.kind === 'import'
      ? t(lang, 'run.imported', {
          file: text(param(run, 'file'), '?'),
          command: text(param(run, 'command'), `${run.tool.name} ${run.tool.version}`),
        })
      : t(lang, 'scan.title', header);
  out.push(c.dim(title) + '\n\n');
  const inspected = param(run, 'inspect') === true ? inspection(run) : undefined;
  for (const h of run.hosts) {
    const findings = run.findings.filter((f) => f.target.host === h.host);
    out.push(renderHost(hostResult(h), index, o, inspected, findings).join('\n') + '\n\n');
  }
  const up = run.hosts.filter((h) => h.state === 'up').length;
  const probes = run.hosts.reduce((n, h) => n + h.ports.length + h.closed, 0);
  const asked = param(run, 'seconds');
  const elapsed = typeof asked === 'number' ? asked : (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  const seconds = elapsed.toFixed(1);
  out.push(t(lang, 'scan.done', { hosts: run.hosts.length, up, probes, seconds }) + '\n');
  if (run.interrupted) out.push(c.yellow(t(lang, 'scan.interrupted')) + '\n');
  return out.join('');
}

function endpoint(p: RunPort): string {
  const address = p.address ?? '*';
  return address.includes(':') ? `[${address}]:${p.port}` : `${address}:${p.port}`;
}

function processText(p: RunPort): string {
  if (p.processes.length === 0) return '?';
  const names = [...new Set(p.processes.map((x) => x.name))];
  const more = p.processes.length > 1 ? ` +${p.processes.length - 1}` : '';
  return `${names.join(',')} (${p.processes[0]?.pid ?? '?'}${more})`;
}

function renderAudit(run: RunRecord, o: ScanTextOptions): string {
  const { lang, colors: c } = o;
  const host = run.hosts[0];
  const ports = host?.ports ?? [];
  const out: string[] = [c.bold(t(lang, 'audit.title', { host: host?.host ?? '?' }))];
  out.push(
    c.dim(
      t(lang, 'audit.meta', {
        when: whenText(run.startedAt),
        platform: text(param(run, 'platform'), '?'),
        source: text(param(run, 'inventory'), '?'),
        count: ports.length,
      }),
    ),
  );
  out.push('');
  if (ports.length === 0) return [...out, t(lang, 'audit.none')].join('\n') + '\n';
  const on = (p: RunPort): Finding[] =>
    run.findings.filter(
      (f) => f.target.port === p.port && f.target.transport === p.transport && (f.target.address ?? null) === p.address,
    );
  const rows = ports.map((p) => {
    const found = on(p);
    const severity = found.reduce<Severity>((s, f) => maxSeverity(s, f.severity), 'info');
    const worst = found.find((f) => f.severity === severity) ?? found.find((f) => f.rule === 'exposure');
    const cells = [
      p.transport,
      endpoint(p),
      p.service?.service ?? '-',
      processText(p),
      p.processes[0]?.user ?? '?',
      t(lang, `severity.${severity}`),
      worst === undefined ? '-' : t(lang, `action.${worst.action}`),
    ];
    return { severity, cells };
  });
  rows.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const header = [
    t(lang, 'audit.col.proto'),
    t(lang, 'audit.col.address'),
    t(lang, 'audit.col.service'),
    t(lang, 'audit.col.process'),
    t(lang, 'audit.col.user'),
    t(lang, 'run.col.severity'),
    t(lang, 'audit.col.advice'),
  ];
  const widths = header.map((x, k) => Math.max(displayWidth(x), ...rows.map((r) => displayWidth(r.cells[k] ?? ''))));
  const line = (r: readonly string[]): string =>
    r.map((cell, k) => (k === r.length - 1 ? cell : padEnd(cell, widths[k] ?? 0))).join('  ');
  out.push(c.dim('  ' + line(header)));
  for (const r of rows) out.push('  ' + line(r.cells));
  const urgent = run.findings.filter((f) => f.severity !== 'info');
  if (urgent.length > 0) out.push('', ...renderFindings(urgent, o));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of run.findings) counts[f.severity] += 1;
  out.push('', c.bold(t(lang, 'audit.summary', counts)));
  return out.join('\n') + '\n';
}

/**
 * The run as text in `o.lang`: a header naming the run, then its report.
 * @example renderRunText(await store.get('3f2a'), new KnowledgeIndex(), ctx)
 */
export function renderRunText(run: RunRecord, index: KnowledgeIndex, o: ScanTextOptions): string {
  const head = t(o.lang, 'run.header', {
    id: run.id,
    kind: t(o.lang, `run.kind.${run.kind}`),
    when: whenText(run.startedAt),
    tool: `${run.tool.name} ${run.tool.version}`,
  });
  const body = run.kind === 'audit' ? renderAudit(run, o) : renderScan(run, index, o);
  return o.colors.dim(head) + '\n\n' + body;
}
