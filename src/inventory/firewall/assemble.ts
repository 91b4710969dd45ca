/** Putting the tools' outputs together into one view of the firewall, each table counted once. */
import { parseIptablesSave, type IptablesSave } from './iptables.js';
import type { FirewallRules, FirewallSource, FirewallTool, Table, ToolRead } from './model.js';
import { parseNftRuleset } from './nft.js';

/** What one tool printed on success. */
export interface ToolOutput {
  readonly tool: FirewallTool;
  readonly stdout: string;
}

interface ToolInfo {
  readonly source: FirewallSource;
  readonly families: readonly (4 | 6)[];
}

/** Which firewall and which IP families each tool reports. */
export const TOOL_INFO: Readonly<Record<FirewallTool, ToolInfo>> = {
  nft: { source: 'nftables', families: [4, 6] },
  'iptables-save': { source: 'iptables', families: [4] },
  'ip6tables-save': { source: 'iptables', families: [6] },
  'iptables-legacy-save': { source: 'iptables', families: [4] },
  'ip6tables-legacy-save': { source: 'iptables', families: [6] },
};

const COMMAND: Readonly<Record<Exclude<FirewallTool, 'nft'>, string>> = {
  'iptables-save': 'iptables',
  'ip6tables-save': 'ip6tables',
  'iptables-legacy-save': 'iptables-legacy',
  'ip6tables-legacy-save': 'ip6tables-legacy',
};

/**
 * A read of `tool` with a status and an optional message.
 * @example toolRead('nft', 'permission', 'Operation not permitted')
 */
export function toolRead(tool: FirewallTool, status: ToolRead['status'], message: string | null = null): ToolRead {
  return { tool, ...TOOL_INFO[tool], status, message };
}

/**
 * Parse every output and add the reads that failed. iptables-nft keeps its tables inside nftables, so when
 * iptables-save says it runs on nf_tables, its tables are taken from its own text (exact, where nft's JSON shows
 * opaque `xt` expressions) and dropped from nft's. An output that cannot be parsed becomes an 'unparsable' read.
 * @example assembleRules([{ tool: 'nft', stdout: json }], [toolRead('iptables-save', 'not-installed')])
 */
export function assembleRules(outputs: readonly ToolOutput[], failed: readonly ToolRead[] = []): FirewallRules {
  const reads: ToolRead[] = [];
  const nftTables: Table[] = [];
  const xtTables: Table[] = [];
  const ownedByIptablesNft = new Set<string>();
  for (const { tool, stdout } of outputs) {
    try {
      if (tool === 'nft') nftTables.push(...parseNftRuleset(stdout));
      else {
        const family = TOOL_INFO[tool].families[0] ?? 4;
        const save: IptablesSave = parseIptablesSave(stdout, family, COMMAND[tool]);
        xtTables.push(...save.tables);
        if (save.backend === 'nf_tables' && !tool.includes('legacy')) {
          for (const t of save.tables) ownedByIptablesNft.add(`${t.family} ${t.name}`);
        }
      }
      reads.push(toolRead(tool, 'ok'));
    } catch (err) {
      reads.push(toolRead(tool, 'unparsable', err instanceof Error ? err.message : String(err)));
    }
  }
  const tables = [...nftTables.filter((t) => !ownedByIptablesNft.has(`${t.family} ${t.name}`)), ...xtTables];
  return { tables, reads: [...reads, ...failed] };
}
