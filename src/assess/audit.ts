/** The audit's judgement of one listening socket: service, exposure, firewall, holder, severity, advice. */
import { maxSeverity, severityRank, type AdviceAction, type Finding, type Severity } from '../core/finding.js';
import { texts } from '../core/i18n.js';
import type { Text } from '../core/lang.js';
import type { ListeningSocket } from '../core/socket.js';
import { holderVerdict } from '../knowledge/holders.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { ianaName } from '../knowledge/iana.js';
import type { PortEntry } from '../knowledge/types.js';
import { exposureOf, type Exposure, type HostAddress, type Reach } from './exposure.js';
import type { FirewallAnswer, FirewallView } from './firewall-view.js';

/** The rules the local audit raises findings under (the knowledge base may name them as checks). */
export const AUDIT_RULES = ['exposure', 'suspicious-holder', 'unexpected-holder'] as const;

export type HolderVerdict = 'expected' | 'any' | 'unexpected' | 'unknown' | 'invisible';

/** What is (probably) behind the port. */
export interface ServiceGuess {
  /** Service name: the curated entry's, else IANA's, else null. */
  readonly name: string | null;
  /** The curated entry's title, or null. */
  readonly title: Text | null;
  readonly curated: boolean;
  /** Whether the holding program is one that normally serves this port. */
  readonly holder: HolderVerdict;
}

export interface AuditItem {
  readonly socket: ListeningSocket;
  readonly exposure: Exposure;
  readonly firewall: FirewallAnswer | null;
  /** Reach once the firewall is taken into account. */
  readonly effectiveReach: Reach | 'blocked';
  readonly service: ServiceGuess;
  readonly severity: Severity;
  readonly action: AdviceAction;
  readonly findings: readonly Finding[];
}

export interface AuditContext {
  readonly index: KnowledgeIndex;
  readonly host: readonly HostAddress[];
  readonly bindV6Only: boolean;
  readonly firewall: FirewallView;
  /** The name findings carry as their host. */
  readonly hostName: string;
}

const GENERIC_DETAIL: Text = texts('audit.exposure.generic');
const UNKNOWN_SERVICE: Text = texts('audit.unknownService');

/** Severity of an uncurated port by reach: worth a look when reachable, not more. */
const GENERIC_RISK: Readonly<Record<Reach, Severity>> = { internet: 'medium', lan: 'low', loopback: 'info' };

function lowerOf(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

function effectiveReach(reach: Reach, fw: FirewallAnswer | null): Reach | 'blocked' {
  // Loopback traffic never crosses the input filter from outside; a firewall cannot widen reach.
  if (reach === 'loopback' || fw === null) return reach;
  if (fw.state === 'blocked') return 'blocked';
  if (fw.state === 'restricted' && reach === 'internet') return 'lan';
  return reach;
}

function baseSeverity(entry: PortEntry | undefined, reach: Reach | 'blocked'): Severity {
  if (reach === 'blocked') return entry === undefined ? 'info' : lowerOf(entry.risk.loopback, 'low');
  return entry === undefined ? GENERIC_RISK[reach] : entry.risk[reach];
}

function actionFor(entry: PortEntry | undefined, reach: Reach | 'blocked'): AdviceAction {
  if (reach === 'loopback') return 'keep';
  // Nobody outside can reach it; a service the knowledge base says to close is still better stopped.
  if (reach === 'blocked') return entry?.advice.action === 'close' ? 'close' : 'keep';
  return entry?.advice.action ?? 'restrict';
}

function hasTrojanHistory(entry: PortEntry | undefined): boolean {
  return (entry?.malware ?? []).some((m) => m.kind === 'trojan' || m.kind === 'backdoor');
}

function programOf(socket: ListeningSocket): string | null {
  return socket.processes[0]?.name ?? null;
}

function holderOf(ctx: AuditContext, socket: ListeningSocket, entry: PortEntry | undefined): HolderVerdict {
  if (socket.processes.length === 0) return 'invisible';
  if (entry === undefined) return 'unknown';
  // Any holder that is normal makes the socket normal (a master and its workers share one socket).
  const verdicts = socket.processes.map((p) => holderVerdict(ctx.index.holders, socket.port, p.name));
  if (verdicts.includes('expected')) return 'expected';
  if (verdicts.includes('any')) return 'any';
  return verdicts.includes('unexpected') ? 'unexpected' : 'unknown';
}

/**
 * Judge one socket.
 * @example assessSocket(ctx, socket).severity // 'high'
 */
export function assessSocket(ctx: AuditContext, socket: ListeningSocket): AuditItem {
  const entry = ctx.index.byPort(socket.port);
  const entryCovers = entry !== undefined && entry.transports.includes(socket.transport);
  const curated = entryCovers ? entry : undefined;
  const exposure = exposureOf(socket, ctx.host, ctx.bindV6Only);
  const firewall = exposure.reach === 'loopback' ? null : ctx.firewall(socket);
  const reach = effectiveReach(exposure.reach, firewall);
  const holder = holderOf(ctx, socket, curated);
  const iana = curated === undefined ? ianaName(socket.port, socket.transport) : null;
  const service: ServiceGuess = {
    name: curated?.names[0] ?? iana,
    title: curated?.title ?? null,
    curated: curated !== undefined,
    holder,
  };

  const label = `${socket.port}/${socket.transport}`;
  const program = programOf(socket);
  const target = { host: ctx.hostName, transport: socket.transport, port: socket.port, address: socket.address };
  const idBase = `${ctx.hostName}:${socket.transport}:${socket.address}:${socket.port}`;
  // Facts behind the findings, beyond the target; absent facts are left out rather than null.
  const evidence: Record<string, string | number> = { reach: exposure.reach, effectiveReach: reach };
  if (firewall !== null) evidence['firewall'] = firewall.state;
  if (firewall?.rule != null) evidence['firewallRule'] = firewall.rule;
  const holderProcess = socket.processes[0];
  if (holderProcess !== undefined) {
    evidence['program'] = holderProcess.name;
    evidence['pid'] = holderProcess.pid;
  }
  const user = socket.user ?? holderProcess?.user ?? null;
  if (user !== null) evidence['user'] = user;
  const findings: Finding[] = [];
  const action = actionFor(curated, reach);
  const severity = baseSeverity(curated, reach);
  const serviceName: Text = service.name === null ? UNKNOWN_SERVICE : { en: service.name, zh: service.name };
  findings.push({
    id: `${idBase}:exposure`,
    rule: 'exposure',
    severity,
    target,
    title: texts(`audit.exposure.${reach}`, { port: label, service: serviceName }),
    detail: curated?.risk.reason ?? GENERIC_DETAIL,
    action,
    evidence,
  });

  if (program !== null && holder === 'unexpected' && reach !== 'loopback' && hasTrojanHistory(curated)) {
    findings.push({
      id: `${idBase}:suspicious-holder`,
      rule: 'suspicious-holder',
      severity: reach === 'internet' ? 'critical' : 'high',
      target,
      title: texts('audit.suspicious.title', { port: label, program }),
      detail: texts('audit.suspicious.detail', {
        port: label,
        malware: (curated?.malware ?? []).map((m) => m.name).join(', '),
      }),
      action: 'close',
      evidence,
    });
  } else if (program !== null && holder === 'unexpected') {
    findings.push({
      id: `${idBase}:unexpected-holder`,
      rule: 'unexpected-holder',
      severity: 'low',
      target,
      title: texts('audit.unexpected.title', { port: label, program, service: serviceName }),
      detail: texts('audit.unexpected.detail', { port: label, service: serviceName }),
      action,
      evidence,
    });
  }

  const itemSeverity = findings.reduce<Severity>((s, f) => maxSeverity(s, f.severity), 'info');
  const itemAction = findings.find((f) => f.severity === itemSeverity)?.action ?? action;
  return {
    socket,
    exposure,
    firewall,
    effectiveReach: reach,
    service,
    severity: itemSeverity,
    action: itemAction,
    findings,
  };
}
