// Run records for the remediation tests, built the way the CLI builds them: sockets judged by the audit, then
// turned into a run record by runFromAudit.
import { assessSocket, type AuditContext } from '../../src/assess/audit.js';
import { AUDIT_SCHEMA, type AuditReport } from '../../src/assess/report.js';
import { summarize } from '../../src/assess/summary.js';
import type { RunRecord } from '../../src/core/run.js';
import type { ListeningSocket } from '../../src/core/socket.js';
import { KnowledgeIndex } from '../../src/knowledge/load.js';
import { runFromAudit } from '../../src/report/run-record.js';

export const index = new KnowledgeIndex();

export interface Holder {
  readonly pid: number;
  readonly name: string;
  readonly command?: string | null;
}

export function socket(
  port: number,
  address: string,
  holder: Holder | null,
  transport: 'tcp' | 'udp' = 'tcp',
): ListeningSocket {
  return {
    transport,
    family: address.includes(':') ? 6 : 4,
    address,
    scope: null,
    port,
    uid: 0,
    user: 'root',
    processes:
      holder === null
        ? []
        : [{ pid: holder.pid, name: holder.name, command: holder.command ?? holder.name, user: 'root' }],
    id: `inode-${transport}-${address}-${port}`,
  };
}

/** An audit of a machine with a public address and no firewall, as a run record. */
export function auditRun(sockets: readonly ListeningSocket[], hostName = 'test-host'): RunRecord {
  const ctx: AuditContext = {
    index,
    host: [
      { interface: 'lo', address: '127.0.0.1', family: 4 },
      { interface: 'eth0', address: '198.51.100.5', family: 4 },
    ],
    bindV6Only: false,
    firewall: () => null,
    hostName,
  };
  const items = sockets.map((s) => assessSocket(ctx, s));
  const report: AuditReport = {
    schema: AUDIT_SCHEMA,
    host: { name: hostName, platform: 'linux', privileged: true, addresses: ctx.host },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    inventory: { source: 'linux-procfs', partial: false },
    firewall: { read: [], notRead: [] },
    items,
    summary: summarize(items),
  };
  return runFromAudit(report);
}
