/**
 * From a run to a remediation plan (pure): for every port, keep or close and why — the knowledge base's advice and
 * the evidence the run saw — then the firewall rule, the service to stop and the configuration to change, as
 * commands for one platform. The SSH guard marks any rule that would cut the current session as refused.
 */
import { severityRank, type AdviceAction, type Finding, type Severity } from '../core/finding.js';
import { texts } from '../core/i18n.js';
import type { Text } from '../core/lang.js';
import type { RunPort, RunRecord } from '../core/run.js';
import type { PortEntry } from '../knowledge/types.js';
import { finishCommands, ruleCommands, rollbackCommands, setupCommands } from './firewall.js';
import { recipeSteps } from './recipes.js';
import type { ServiceOwner } from './service.js';
import { linuxServiceSteps, windowsServiceSteps } from './service-steps.js';
import { ruleCutsSession, type SshSession } from './ssh-guard.js';
import { FIX_SCHEMA, type FirewallRule, type FixPlan, type Platform, type PortPlan, type Step } from './types.js';

export interface PlanOptions {
  readonly platform: Platform;
  /** Canonical CIDRs from --allow-from. */
  readonly allowFrom: readonly string[];
  /** Findings below this only inform; their ports are kept. */
  readonly threshold: Severity;
  /** The SSH session portwarden runs in (SSH_CONNECTION), if any. */
  readonly ssh: SshSession | null;
}

export interface PlanContext {
  readonly index: { byPort(port: number): PortEntry | undefined; byName(name: string): PortEntry | undefined };
  /** Owners of ports on this machine, keyed 'port/pid' (see resolveOwners); empty for other hosts' runs. */
  readonly owners: ReadonlyMap<string, ServiceOwner>;
}

const STRENGTH: Readonly<Record<AdviceAction, number>> = { keep: 0, harden: 1, restrict: 2, close: 3 };

interface Group {
  readonly host: string;
  readonly transport: Finding['target']['transport'];
  readonly port: number;
  readonly findings: Finding[];
  readonly ports: RunPort[];
}

function groups(run: RunRecord): Group[] {
  const map = new Map<string, Group>();
  const get = (host: string, transport: Group['transport'], port: number): Group => {
    const key = `${host}\u0000${transport}\u0000${port}`;
    let g = map.get(key);
    if (g === undefined) {
      g = { host, transport, port, findings: [], ports: [] };
      map.set(key, g);
    }
    return g;
  };
  for (const h of run.hosts)
    for (const p of h.ports) if (p.state !== 'closed') get(h.host, p.transport, p.port).ports.push(p);
  for (const f of run.findings) get(f.target.host, f.target.transport, f.target.port).findings.push(f);
  return [...map.values()];
}

function entryFor(ctx: PlanContext, g: Group): PortEntry | undefined {
  const identified = g.ports.find((p) => p.service !== null && p.service.method !== 'port')?.service ?? undefined;
  const byName = identified === undefined ? undefined : ctx.index.byName(identified.service);
  const entry = byName ?? ctx.index.byPort(g.port);
  return entry?.transports.includes(g.transport) === true ? entry : undefined;
}

function uniqueTexts(list: readonly Text[]): Text[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(t.en) && (seen.add(t.en), true));
}

function evidenceOf(findings: readonly Finding[]): string[] {
  const out = new Set<string>();
  for (const f of findings)
    for (const [k, v] of Object.entries(f.evidence)) if (v !== null && v !== '') out.add(`${k}=${String(v)}`);
  return [...out];
}

function firewallStep(options: PlanOptions, rule: FirewallRule): { step: Step; rule: FirewallRule | null } {
  const rendering = ruleCommands(options.platform, rule);
  const label = `${rule.port}/${rule.transport}`;
  const text =
    rule.allowFrom.length === 0
      ? texts('fix.firewall.block', { port: label })
      : texts('fix.firewall.allowOnly', { port: label, sources: rule.allowFrom.join(', ') });
  const base: Step = {
    kind: 'firewall',
    text: rendering.alternatives === true ? texts('fix.firewall.alternatives', { text }) : text,
    commands: rendering.commands,
    ...(rendering.file !== undefined && { file: rendering.file }),
  };
  if (options.ssh !== null && ruleCutsSession(rule, options.ssh)) {
    const refused = texts('fix.guard.refused', {
      port: label,
      client: options.ssh.clientIp,
      server: `${options.ssh.serverIp}:${options.ssh.serverPort}`,
    });
    return { step: { ...base, refused }, rule: null };
  }
  return { step: base, rule };
}

function serviceSteps(options: PlanOptions, ctx: PlanContext, g: Group, service: string | null): Step[] {
  const sctx = { host: g.host, transport: g.transport, port: g.port, service };
  const processes = g.ports.flatMap((p) => p.processes);
  if (options.platform === 'windows') return windowsServiceSteps(sctx, processes);
  const owners = processes.flatMap((p) => {
    const o = ctx.owners.get(`${g.port}/${p.pid}`);
    return o === undefined ? [] : [o];
  });
  return linuxServiceSteps(owners, sctx);
}

function planPort(options: PlanOptions, ctx: PlanContext, g: Group): PortPlan {
  const relevant = g.findings.filter((f) => severityRank(f.severity) >= severityRank(options.threshold));
  const severity = g.findings.reduce<Severity>(
    (s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s),
    'info',
  );
  const decision = relevant.reduce<AdviceAction>((a, f) => (STRENGTH[f.action] > STRENGTH[a] ? f.action : a), 'keep');
  const entry = entryFor(ctx, g);
  const service = g.ports.find((p) => p.service !== null)?.service?.service ?? entry?.names[0] ?? null;
  const shown = relevant.length > 0 ? relevant : g.findings;
  const reasons = uniqueTexts([
    ...shown.map((f) => f.title),
    ...(decision === 'keep' && relevant.length === 0 && g.findings.length > 0
      ? [texts('fix.reason.belowThreshold', { threshold: texts(`severity.${options.threshold}`) })]
      : []),
    ...(entry === undefined ? [] : [entry.advice.reason]),
  ]);
  const steps: Step[] = [];
  let rule: FirewallRule | null = null;
  if ((decision === 'close' || decision === 'restrict') && g.transport !== 'sctp') {
    const fw = firewallStep(options, { transport: g.transport, port: g.port, allowFrom: options.allowFrom });
    steps.push(fw.step);
    rule = fw.rule;
    if (decision === 'restrict' && options.allowFrom.length === 0) {
      steps.push({
        kind: 'note',
        text: texts('fix.note.allowFrom', { port: `${g.port}/${g.transport}` }),
        commands: [],
      });
    }
  }
  if (decision === 'close') steps.push(...serviceSteps(options, ctx, g, service));
  if (decision !== 'keep') {
    const product = g.ports.find((p) => p.service?.product !== undefined)?.service?.product ?? null;
    const seen = new Set<string>();
    for (const f of relevant) {
      if (seen.has(f.rule)) continue;
      seen.add(f.rule);
      steps.push(...recipeSteps(f, options.platform === 'windows', product));
    }
    if (decision !== 'close' && entry !== undefined) {
      for (const s of entry.advice.steps) steps.push({ kind: 'note', text: s, commands: [] });
    }
  }
  return {
    host: g.host,
    transport: g.transport,
    port: g.port,
    service,
    severity,
    decision,
    reasons,
    evidence: evidenceOf(shown),
    findings: shown.map((f) => f.id),
    rule,
    steps,
  };
}

/**
 * The plan for a run.
 * @example buildPlan(runFromAudit(report), { platform: 'nftables', allowFrom: [], threshold: 'medium', ssh: null }, ctx)
 */
export function buildPlan(run: RunRecord, options: PlanOptions, ctx: PlanContext): FixPlan {
  const all = groups(run).map((g) => planPort(options, ctx, g));
  const bySeverity = (a: PortPlan, b: PortPlan): number =>
    severityRank(b.severity) - severityRank(a.severity) ||
    a.host.localeCompare(b.host) ||
    a.port - b.port ||
    a.transport.localeCompare(b.transport);
  const actions = all.filter((p) => p.decision !== 'keep').sort(bySeverity);
  const rules = actions.flatMap((p) => (p.rule === null ? [] : [p.rule]));
  return {
    schema: FIX_SCHEMA,
    runId: run.id,
    runKind: run.kind,
    platform: options.platform,
    allowFrom: options.allowFrom,
    threshold: options.threshold,
    setup: rules.length > 0 ? setupCommands(options.platform) : [],
    actions,
    finish: rules.length > 0 ? finishCommands(options.platform) : [],
    keep: all.filter((p) => p.decision === 'keep').sort(bySeverity),
    rollback: rollbackCommands(options.platform, rules),
  };
}
