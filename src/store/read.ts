/** Turning stored rows back into run records and history lines, the same way for both backends. */
import { RUN_SCHEMA, type RunKind, type RunRecord } from '../core/run.js';
import { StoreError, type RunSummary } from './store.js';

/** The columns of the `runs` table that make a history line, already converted to JavaScript values. */
export interface SummaryRow {
  readonly id: string;
  readonly kind: RunKind;
  readonly started_at: string;
  readonly finished_at: string;
  readonly targets: readonly string[];
  readonly hosts: number;
  readonly hosts_up: number;
  readonly open_ports: number;
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly info: number;
  readonly interrupted: boolean;
}

export function summaryFromRow(r: SummaryRow): RunSummary {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    targets: r.targets,
    hosts: r.hosts,
    hostsUp: r.hosts_up,
    openPorts: r.open_ports,
    findings: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
    interrupted: r.interrupted,
  };
}

/** A stored record's JSON back as a run record; a record of another schema is refused, not guessed at. */
export function parseRecord(json: string, location: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new StoreError('read', `a run in ${location} is not valid JSON`, { cause: err, details: { location } });
  }
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (schema !== RUN_SCHEMA) {
    throw new StoreError('read', `a run in ${location} has schema ${String(schema)}, not ${RUN_SCHEMA}`, {
      details: { location },
    });
  }
  return value as RunRecord;
}
