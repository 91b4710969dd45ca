/** Turning an audit report or a finished scan into the one run record the store, diffs, reports and fix share. */
import { randomUUID } from 'node:crypto';
import { severityRank, type Finding } from '../core/finding.js';
import { RUN_SCHEMA, type RunCheck, type RunHost, type RunPort, type RunRecord } from '../core/run.js';
import type { ServiceInfo } from '../core/service.js';
import { portwardenVersion } from '../core/version.js';
import type { AuditReport } from '../assess/report.js';
import type { InspectCollector } from './inspect-collect.js';
import type { HostResult } from './scan-collect.js';

/** Findings most urgent first, then by host, port and rule: a stable order for reports and diffs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.target.host.localeCompare(b.target.host) ||
      a.target.port - b.target.port ||
      a.target.transport.localeCompare(b.target.transport) ||
      a.rule.localeCompare(b.rule) ||
      a.id.localeCompare(b.id),
  );
}

const byPort = (a: RunPort, b: RunPort): number => a.port - b.port || a.transport.localeCompare(b.transport);

/**
 * The run record of an audit: one host (this machine), one port per listening socket.
 * @example runFromAudit(await audit()).findings.length
 */
export function runFromAudit(report: AuditReport, parameters: Record<string, unknown> = {}): RunRecord {
  const ports: RunPort[] = report.items.map((item) => {
    const s = item.socket;
    const service: ServiceInfo | null =
      item.service.name === null ? null : { service: item.service.name, tls: false, method: 'port', confidence: 3 };
    return {
      transport: s.transport,
      port: s.port,
      state: 'open',
      reason: 'listening',
      address: s.address,
      service,
      processes: s.processes.map((p) => ({ pid: p.pid, name: p.name, user: p.user, command: p.command })),
      checks: [],
    };
  });
  const finished = new Date(Date.parse(report.startedAt) + report.durationMs).toISOString();
  return {
    schema: RUN_SCHEMA,
    id: randomUUID(),
    kind: 'audit',
    startedAt: report.startedAt,
    finishedAt: finished,
    tool: { name: 'portwarden', version: portwardenVersion() },
    parameters: {
      platform: report.host.platform,
      privileged: report.host.privileged,
      inventory: report.inventory.source,
      firewallRead: report.firewall.read,
      ...parameters,
    },
    hosts: [
      {
        host: report.host.name,
        addresses: report.host.addresses.map((a) => a.address),
        state: 'up',
        reason: null,
        ports: ports.sort(byPort),
        closed: 0,
      },
    ],
    findings: sortFindings(report.items.flatMap((i) => i.findings)),
    interrupted: false,
  };
}

export interface ScanRunInput {
  readonly id?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly hosts: readonly HostResult[];
  readonly inspected: InspectCollector | null;
  /** Exposure findings and check findings together. */
  readonly findings: readonly Finding[];
  readonly interrupted: boolean;
}

/** The run record of a scan: every host with its ports not closed, what answers there, and the checks' results. */
export function runFromScan(input: ScanRunInput): RunRecord {
  const hosts: RunHost[] = input.hosts.map((h) => {
    const checks = input.inspected?.checksOf(h.host) ?? [];
    const ports: RunPort[] = h.ports.map((p) => ({
      transport: p.transport,
      port: p.port,
      state: p.state,
      reason: p.reason,
      rttMs: p.rttMs,
      address: null,
      service: input.inspected?.service(p) ?? null,
      processes: [],
      checks: checks
        .filter((c) => c.port === p.port && c.transport === p.transport)
        .map((c): RunCheck => ({
          check: c.check,
          status: c.status,
          evidence: c.evidence,
          ...(c.message !== undefined && { message: c.message }),
        })),
    }));
    return { host: h.host, state: h.state, reason: h.reason, ports: ports.sort(byPort), closed: h.counts.closed };
  });
  return {
    schema: RUN_SCHEMA,
    id: input.id ?? randomUUID(),
    kind: 'scan',
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    tool: { name: 'portwarden', version: portwardenVersion() },
    parameters: input.parameters,
    hosts,
    findings: sortFindings(input.findings),
    interrupted: input.interrupted,
  };
}
