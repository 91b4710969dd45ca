/** The audit's summary: counts by severity and the most urgent actions. */
import { SEVERITIES, severityRank, type Severity } from '../core/finding.js';
import type { AuditItem } from './audit.js';

export interface AuditSummary {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Indexes into the items (sorted by compareItems) of at most three whose advice is to act, most urgent first. */
  readonly urgent: readonly number[];
}

/** Plain code-unit order: stable across locales, and much cheaper than localeCompare. */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const REACH_ORDER = { internet: 3, lan: 2, blocked: 1, loopback: 0 } as const;

/** Most urgent first: severity, how far the port reaches, how many findings (a suspicious holder adds one), port. */
export function compareItems(a: AuditItem, b: AuditItem): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    REACH_ORDER[b.effectiveReach] - REACH_ORDER[a.effectiveReach] ||
    b.findings.length - a.findings.length ||
    a.socket.port - b.socket.port ||
    order(a.socket.transport, b.socket.transport) ||
    order(a.socket.address, b.socket.address)
  );
}

/**
 * Count audit items and pick the most urgent; `items` must already be sorted by compareItems.
 * @example summarize(items).bySeverity.high // 2
 */
export function summarize(items: readonly AuditItem[]): AuditSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const item of items) bySeverity[item.severity] += 1;
  const seen = new Set<string>();
  const urgent: number[] = [];
  items.forEach((i, n) => {
    if (urgent.length >= 3 || i.action === 'keep' || i.severity === 'info') return;
    // One action per port and transport: a v4 and a v6 socket of one server are one thing to fix.
    const key = `${i.socket.port}/${i.socket.transport}`;
    if (seen.has(key)) return;
    seen.add(key);
    urgent.push(n);
  });
  return { total: items.length, bySeverity, urgent };
}
