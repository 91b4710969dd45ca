/** The firewall as the assessment sees it: the rulesets read once, then a verdict per socket. */
import type { FirewallView } from '../assess/firewall-view.js';
import type { FirewallStatus } from '../assess/report.js';
import { firewallVerdict, readFirewall, summarizeReads } from '../inventory/firewall/index.js';

/**
 * Read nftables and iptables (best effort; a missing tool or missing root is reported, not thrown) and
 * return a view that answers per socket. When no ruleset could be read the view answers null.
 * @example const { view, status } = await readFirewallView(signal); view(socket)?.state
 */
export async function readFirewallView(signal?: AbortSignal): Promise<{ view: FirewallView; status: FirewallStatus }> {
  const rules = await readFirewall(signal === undefined ? {} : { signal });
  const status = summarizeReads(rules);
  if (status.read.length === 0) return { view: () => null, status };
  return {
    view: (socket) => {
      const a = firewallVerdict(rules, socket);
      return { state: a.verdict, rule: a.by, source: a.source ?? 'none', conditions: a.conditional };
    },
    status,
  };
}
