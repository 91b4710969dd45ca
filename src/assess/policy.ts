/**
 * Policy baselines: which ports may be open where (with an owner and a reason), severity overrides, and findings
 * accepted until a date. `evaluatePolicy` holds a run record against a policy and lists the violations: every open
 * port no entry allows, and every finding at or above `fail-on` that no unexpired entry ignores.
 */
import { severityRank, type Finding, type Severity } from '../core/finding.js';
import type { RunHost, RunRecord } from '../core/run.js';
import type { Transport } from '../core/socket.js';
import { portIn, selects, type HostIdentity, type HostSelector, type PortRange } from './policy-match.js';

/** Where an entry is in the file, for reports: `ignore[2]`, line 31. */
export interface Located {
  readonly path: string;
  readonly line: number;
}

export interface AllowRule extends Located {
  /** The port spec as written. */
  readonly spec: string;
  readonly ports: readonly PortRange[];
  readonly owner: string;
  readonly reason: string;
}

export interface HostRule extends Located {
  readonly selector: HostSelector;
  readonly allow: readonly AllowRule[];
}

export interface SeverityOverride extends Located {
  readonly rule: string | null;
  readonly ports: readonly PortRange[] | null;
  readonly selector: HostSelector | null;
  readonly severity: Severity;
  readonly reason: string | null;
}

export interface IgnoreRule extends Located {
  /** One finding's exact id, or null. */
  readonly id: string | null;
  readonly rule: string | null;
  readonly ports: readonly PortRange[] | null;
  readonly selector: HostSelector | null;
  /** Last day it applies (inclusive, UTC), YYYY-MM-DD. */
  readonly until: string;
  readonly reason: string;
}

export interface Policy {
  /** The file it was read from, as the user named it. */
  readonly file: string;
  /** Findings at or above it are violations; null: findings never are. */
  readonly failOn: Severity | null;
  readonly hosts: readonly HostRule[];
  readonly overrides: readonly SeverityOverride[];
  readonly ignores: readonly IgnoreRule[];
}

/** The severity a policy uses when the file does not say. */
export const DEFAULT_POLICY_FAIL_ON: Severity = 'high';

export interface PortViolation {
  readonly kind: 'port-not-allowed';
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  /** The bind address, for audits. */
  readonly address: string | null;
  readonly service: string | null;
  readonly processes: readonly { readonly pid: number; readonly name: string; readonly user: string | null }[];
  /** False when no entry of the policy names this host at all. */
  readonly hostListed: boolean;
}

export interface FindingViolation {
  readonly kind: 'finding';
  /** The severity after overrides, which is what was held against `fail-on`. */
  readonly severity: Severity;
  readonly finding: Finding;
}

export type PolicyViolation = PortViolation | FindingViolation;

/** An ignore entry and what it covered (or would have, when expired). */
export interface IgnoreNote extends Located {
  readonly id: string | null;
  readonly rule: string | null;
  readonly until: string;
  readonly reason: string;
  readonly findings: readonly string[];
}

export interface OverrideNote extends Located {
  readonly finding: string;
  readonly from: Severity;
  readonly to: Severity;
}

/** The verdict of a policy on one run (the `policy` member of `audit --json`). */
export interface PolicyEvaluation {
  readonly file: string;
  readonly failOn: Severity | 'none';
  /** The day expiry dates were compared with (UTC). */
  readonly today: string;
  readonly violations: readonly PolicyViolation[];
  /** Open ports the policy allows. */
  readonly allowedPorts: number;
  /** Unexpired ignore entries that covered findings. */
  readonly ignored: readonly IgnoreNote[];
  /** Ignore entries past their date: they no longer apply. */
  readonly expired: readonly IgnoreNote[];
  /** Unexpired ignore entries that covered nothing in this run. */
  readonly unused: readonly IgnoreNote[];
  readonly overridden: readonly OverrideNote[];
}

export interface EvaluateOptions {
  /** The clock expiry dates are held against (tests inject one). */
  readonly now?: Date;
}

function identityOf(hosts: ReadonlyMap<string, RunHost>, name: string): HostIdentity {
  return hosts.get(name) ?? { host: name };
}

function findingTarget(
  rule: { ports: readonly PortRange[] | null; selector: HostSelector | null },
  f: Finding,
  who: HostIdentity,
): boolean {
  return portIn(rule.ports, f.target.transport, f.target.port) && selects(rule.selector, who);
}

function note(rule: IgnoreRule, findings: readonly string[]): IgnoreNote {
  return {
    path: rule.path,
    line: rule.line,
    id: rule.id,
    rule: rule.rule,
    until: rule.until,
    reason: rule.reason,
    findings,
  };
}

/**
 * Hold a run against a policy.
 * @example evaluatePolicy(policy, runFromAudit(report)).violations.length // 0 when everything open is allowed
 */
export function evaluatePolicy(policy: Policy, run: RunRecord, options: EvaluateOptions = {}): PolicyEvaluation {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const hosts = new Map(run.hosts.map((h) => [h.host, h]));
  const violations: PolicyViolation[] = [];
  let allowedPorts = 0;

  for (const host of run.hosts) {
    const rules = policy.hosts.filter((r) => selects(r.selector, host));
    for (const p of host.ports) {
      if (p.state !== 'open') continue; // open|filtered proves nothing; filtered is not open.
      if (rules.some((r) => r.allow.some((a) => portIn(a.ports, p.transport, p.port)))) {
        allowedPorts++;
        continue;
      }
      violations.push({
        kind: 'port-not-allowed',
        host: host.host,
        transport: p.transport,
        port: p.port,
        address: p.address,
        service: p.service?.service ?? null,
        processes: p.processes.map((x) => ({ pid: x.pid, name: x.name, user: x.user })),
        hostListed: rules.length > 0,
      });
    }
  }

  const active = policy.ignores.filter((i) => i.until >= today);
  const covered = new Map<IgnoreRule, string[]>(policy.ignores.map((i) => [i, []]));
  const overridden: OverrideNote[] = [];
  for (const f of run.findings) {
    const who = identityOf(hosts, f.target.host);
    const override = policy.overrides.find((o) => (o.rule === null || o.rule === f.rule) && findingTarget(o, f, who));
    const severity = override?.severity ?? f.severity;
    if (override !== undefined && override.severity !== f.severity) {
      overridden.push({ path: override.path, line: override.line, finding: f.id, from: f.severity, to: severity });
    }
    const ignores = policy.ignores.filter(
      (i) => (i.id === null || i.id === f.id) && (i.rule === null || i.rule === f.rule) && findingTarget(i, f, who),
    );
    for (const i of ignores) covered.get(i)?.push(f.id);
    const ignored = ignores.some((i) => active.includes(i));
    if (!ignored && policy.failOn !== null && severityRank(severity) >= severityRank(policy.failOn)) {
      violations.push({ kind: 'finding', severity, finding: f });
    }
  }

  const notes = policy.ignores.map((i) => note(i, covered.get(i) ?? []));
  return {
    file: policy.file,
    failOn: policy.failOn ?? 'none',
    today,
    violations,
    allowedPorts,
    ignored: notes.filter((n, k) => active.includes(policy.ignores[k] as IgnoreRule) && n.findings.length > 0),
    expired: notes.filter((_, k) => !active.includes(policy.ignores[k] as IgnoreRule)),
    unused: notes.filter((n, k) => active.includes(policy.ignores[k] as IgnoreRule) && n.findings.length === 0),
    overridden,
  };
}
