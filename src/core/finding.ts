/** Findings: what portwarden concludes about a port, the same model for the local audit and the network scan. */
import type { Text } from './lang.js';
import type { Transport } from './socket.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities from most to least urgent. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Larger is more urgent: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

/** The more urgent of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Parse a severity name (case-insensitive); undefined when it is none. */
export function parseSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

export type AdviceAction = 'close' | 'restrict' | 'harden' | 'keep';

/** Where a finding is: a host and a port on it. `address` is the bind address for local sockets. */
export interface FindingTarget {
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  readonly address: string | null;
}

/** One conclusion, with the evidence behind it and what to do. */
export interface Finding {
  /** Stable across runs for the same target and rule, so runs can be compared. */
  readonly id: string;
  /** The rule or check that raised it, e.g. 'exposure', 'suspicious-holder'. */
  readonly rule: string;
  readonly severity: Severity;
  readonly target: FindingTarget;
  readonly title: Text;
  readonly detail: Text;
  readonly action: AdviceAction;
  /** Facts observed, as flat values for tables and diffs. */
  readonly evidence: Readonly<Record<string, string | number | boolean | null>>;
}
