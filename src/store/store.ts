/**
 * The history store: every audit and scan kept as a run record, listed with its counts, fetched by id or prefix,
 * pruned by age. One interface, two backends (SQLite by default, PostgreSQL on request), one shared contract test.
 */
import { PortwardenError } from '../core/errors.js';
import { SEVERITIES, type Severity } from '../core/finding.js';
import type { RunKind, RunRecord } from '../core/run.js';

/** One line of `portwarden history`: what a run looked at and what it found, without the whole record. */
export interface RunSummary {
  readonly id: string;
  readonly kind: RunKind;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** What was asked for: the scan's target specs, or the audited machine's name. */
  readonly targets: readonly string[];
  readonly hosts: number;
  readonly hostsUp: number;
  /** Ports in state open, over all hosts. */
  readonly openPorts: number;
  readonly findings: Readonly<Record<Severity, number>>;
  readonly interrupted: boolean;
}

export interface ListOptions {
  /** At most this many runs, newest first. */
  readonly limit?: number;
  readonly kind?: RunKind;
  /** Only runs started at or after this instant. */
  readonly since?: Date;
}

export interface RunStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the runs are kept, safe to print: a file path, or a URL without its password. */
  readonly location: string;
  /** Keep a run; saving the same id twice is an error. */
  save(run: RunRecord): Promise<void>;
  /** The run with this id, or the only one whose id starts with this prefix; null when none does. */
  get(idOrPrefix: string): Promise<RunRecord | null>;
  /** Runs newest first. */
  list(options?: ListOptions): Promise<RunSummary[]>;
  /** Delete runs started before `olderThan`; returns how many. */
  prune(olderThan: Date): Promise<number>;
  close(): Promise<void>;
}

/** Why the store failed: cannot open, schema too new, a prefix that matches several runs, a write that failed. */
export type StoreFailure = 'open' | 'newer-schema' | 'ambiguous' | 'bad-id' | 'write' | 'read';

export class StoreError extends PortwardenError {
  readonly failure: StoreFailure;
  constructor(
    failure: StoreFailure,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super('STORE', message, options);
    this.failure = failure;
  }
}

/** Shortest prefix `show` accepts, so a typo does not pick a run at random. */
export const MIN_PREFIX = 4;

/**
 * Check a run id or prefix: hexadecimal digits and dashes, at least 4 characters. Returns it in lower case.
 * @example runIdPrefix('3F2A') // '3f2a'
 */
export function runIdPrefix(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.length < MIN_PREFIX || !/^[0-9a-f-]+$/.test(v)) {
    throw new StoreError('bad-id', `"${value}" is not a run id or a prefix of one`, { details: { value } });
  }
  return v;
}

/**
 * The history line of a run, computed once when it is saved.
 * @example summarizeRun(run).findings.high
 */
export function summarizeRun(run: RunRecord): RunSummary {
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of run.findings) findings[f.severity] += 1;
  const asked = run.parameters['targets'];
  const targets =
    Array.isArray(asked) && asked.every((x) => typeof x === 'string') ? asked : run.hosts.map((h) => h.host);
  return {
    id: run.id,
    kind: run.kind,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    targets,
    hosts: run.hosts.length,
    hostsUp: run.hosts.filter((h) => h.state === 'up').length,
    openPorts: run.hosts.reduce((n, h) => n + h.ports.filter((p) => p.state === 'open').length, 0),
    findings,
    interrupted: run.interrupted,
  };
}
