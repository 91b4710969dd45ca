/** The audit job: inventory of this machine → assessment of every socket → one report. */
import { platform } from 'node:os';
import { assessSocket, type AuditContext } from '../assess/audit.js';
import type { HostAddress } from '../assess/exposure.js';
import type { FirewallView } from '../assess/firewall-view.js';
import { AUDIT_SCHEMA, type AuditReport, type FirewallStatus } from '../assess/report.js';
import { compareItems, summarize } from '../assess/summary.js';
import { chooseAdapter, collectInventory, type InventoryAdapter } from '../inventory/adapter.js';
import { KnowledgeIndex } from '../knowledge/load.js';
import { bindV6OnlyDefault, hostAddresses, hostName, isPrivileged } from './host.js';
import { readFirewallView } from './firewall.js';

export interface AuditOptions {
  readonly signal?: AbortSignal;
  /** Default: the adapter for this platform. */
  readonly adapter?: InventoryAdapter;
  /** Read the firewall rulesets (default true); tests and --no-firewall turn it off. */
  readonly firewall?: boolean;
  readonly index?: KnowledgeIndex;
  readonly host?: {
    readonly name: string;
    readonly addresses: readonly HostAddress[];
    readonly bindV6Only: boolean;
    readonly privileged: boolean;
  };
  readonly now?: () => Date;
}

const NO_FIREWALL: { view: FirewallView; status: FirewallStatus } = {
  view: () => null,
  status: { read: [], notRead: [] },
};

/**
 * Audit this machine's listening sockets.
 * @example const report = await audit({ signal: AbortSignal.timeout(10_000) }); report.summary.bySeverity
 */
export async function audit(options: AuditOptions = {}): Promise<AuditReport> {
  const now = options.now ?? ((): Date => new Date());
  const started = now();
  const t0 = performance.now();
  const adapter = options.adapter ?? chooseAdapter();
  const index = options.index ?? new KnowledgeIndex();
  const host = options.host ?? {
    name: hostName(),
    addresses: hostAddresses(),
    bindV6Only: bindV6OnlyDefault(),
    privileged: isPrivileged(),
  };
  const [inventory, fw] = await Promise.all([
    collectInventory(adapter, options.signal),
    options.firewall === false ? Promise.resolve(NO_FIREWALL) : readFirewallView(options.signal),
  ]);
  const ctx: AuditContext = {
    index,
    host: host.addresses,
    bindV6Only: host.bindV6Only,
    firewall: fw.view,
    hostName: host.name,
  };
  const items = inventory.sockets.map((s) => assessSocket(ctx, s)).sort(compareItems);
  return {
    schema: AUDIT_SCHEMA,
    host: { name: host.name, platform: platform(), privileged: host.privileged, addresses: host.addresses },
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    inventory: inventory.meta,
    firewall: fw.status,
    items,
    summary: summarize(items),
  };
}
