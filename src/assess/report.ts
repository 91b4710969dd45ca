/** The audit report: what the audit command prints and serialises (schema portwarden.audit/1). */
import { severityRank, type Severity } from '../core/finding.js';
import type { FirewallStatus } from '../core/firewall.js';
import type { InventoryMeta } from '../core/socket.js';
import type { AuditItem } from './audit.js';
import type { HostAddress } from './exposure.js';
import type { AuditSummary } from './summary.js';

export const AUDIT_SCHEMA = 'portwarden.audit/1';

export type { FirewallStatus };

export interface AuditReport {
  readonly schema: typeof AUDIT_SCHEMA;
  readonly host: {
    readonly name: string;
    readonly platform: string;
    /** Whether the audit ran as root (Administrator on Windows): without it, other users' processes are hidden. */
    readonly privileged: boolean;
    readonly addresses: readonly HostAddress[];
  };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly inventory: InventoryMeta;
  readonly firewall: FirewallStatus;
  /** Most urgent first. */
  readonly items: readonly AuditItem[];
  readonly summary: AuditSummary;
}

/** True when any item is at or above `threshold` (for --fail-on). */
export function failsAt(report: AuditReport, threshold: Severity): boolean {
  return report.items.some((i) => severityRank(i.severity) >= severityRank(threshold));
}
