/** A run record as the rows of the store's tables: the same rows for SQLite and PostgreSQL. */
import type { RunRecord } from '../core/run.js';
import { summarizeRun, type RunSummary } from './store.js';

export interface HostRow {
  readonly seq: number;
  readonly host: string;
  readonly state: string;
  readonly reason: string | null;
  readonly closed: number;
}

export interface PortRow {
  readonly seq: number;
  readonly host: string;
  readonly transport: string;
  readonly port: number;
  readonly state: string;
  readonly reason: string;
  readonly address: string | null;
  readonly service: string | null;
  readonly product: string | null;
  readonly version: string | null;
}

export interface FindingRow {
  readonly seq: number;
  readonly findingId: string;
  readonly rule: string;
  readonly severity: string;
  readonly host: string;
  readonly transport: string;
  readonly port: number;
  readonly address: string | null;
  readonly action: string;
}

export interface RunRows {
  readonly summary: RunSummary;
  readonly tool: RunRecord['tool'];
  /** The record as JSON, exactly the text `show --json` gives back. */
  readonly json: string;
  readonly hosts: readonly HostRow[];
  readonly ports: readonly PortRow[];
  readonly findings: readonly FindingRow[];
}

/**
 * Split a run into rows.
 * @example runRows(run).ports.length
 */
export function runRows(run: RunRecord): RunRows {
  const hosts: HostRow[] = [];
  const ports: PortRow[] = [];
  for (const h of run.hosts) {
    hosts.push({ seq: hosts.length, host: h.host, state: h.state, reason: h.reason, closed: h.closed });
    for (const p of h.ports) {
      ports.push({
        seq: ports.length,
        host: h.host,
        transport: p.transport,
        port: p.port,
        state: p.state,
        reason: p.reason,
        address: p.address,
        service: p.service?.service ?? null,
        product: p.service?.product ?? null,
        version: p.service?.version ?? null,
      });
    }
  }
  const findings = run.findings.map((f, seq): FindingRow => ({
    seq,
    findingId: f.id,
    rule: f.rule,
    severity: f.severity,
    host: f.target.host,
    transport: f.target.transport,
    port: f.target.port,
    address: f.target.address,
    action: f.action,
  }));
  return { summary: summarizeRun(run), tool: run.tool, json: JSON.stringify(run), hosts, ports, findings };
}
