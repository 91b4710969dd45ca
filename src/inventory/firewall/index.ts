/** Linux firewall awareness, best effort: which listening sockets an input rule blocks (nftables, iptables). */
export type * from './model.js';
export { readFirewall, type FirewallReadOptions } from './read.js';
export { firewallVerdict } from './verdict.js';
export { assembleRules, toolRead, type ToolOutput } from './assemble.js';
export { parseNftRuleset } from './nft.js';
export { parseIptablesSave, type IptablesSave } from './iptables.js';
export { packetPlan, type PacketFacts, type PacketPlan, type SocketView } from './packet.js';
export { summarizeReads, type FirewallReadSummary } from './status.js';
