/** What was read of the firewall and what was not, as a report states it. */
import type { FirewallStatus } from '../../core/firewall.js';
import type { FirewallRules, ToolRead } from './model.js';

/** The summary of reads: the shared FirewallStatus. */
export type FirewallReadSummary = FirewallStatus;

function sentence(r: ToolRead): string {
  switch (r.status) {
    case 'not-installed':
      return `${r.tool} is not installed`;
    case 'permission':
      return `${r.tool} needs root to read the firewall`;
    case 'timeout':
      return `${r.tool} did not answer in time`;
    default:
      return r.message ?? `${r.tool} failed`;
  }
}

/**
 * Summarise the reads: the rulesets read, and one line per tool that was not (a timeout or unreadable output counts
 * as 'failed'). A tool that is not installed is listed too; a front end may leave it out when another tool was read.
 * @example summarizeReads(await readFirewall()).notRead // [{ source: 'nft', reason: 'permission', message: '…' }]
 */
export function summarizeReads(rules: FirewallRules): FirewallReadSummary {
  const read = [...new Set(rules.reads.filter((r) => r.status === 'ok').map((r) => r.source))];
  const notRead = rules.reads
    .filter((r) => r.status !== 'ok')
    .map((r) => ({
      source: r.tool,
      reason: r.status === 'not-installed' || r.status === 'permission' ? r.status : ('failed' as const),
      message: sentence(r),
    }));
  return { read, notRead };
}
