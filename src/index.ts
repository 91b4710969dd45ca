/** portwarden's library API: the CLI is a thin client of what is exported here. */
export { PortwardenError, UsageError, KnowledgeError, isUsageError, type ErrorCode } from './core/errors.js';
export { LANGS, langFromEnv, parseLang, type Lang, type Text } from './core/lang.js';
export { t, type MessageKey } from './core/i18n.js';
export type * from './knowledge/types.js';
export { SEVERITIES } from './core/finding.js';
export { loadKnowledge, KnowledgeIndex } from './knowledge/load.js';
export { ianaServices, ianaByName, type IanaService } from './knowledge/iana.js';
export { parseQuery, type QueryItem } from './knowledge/query.js';
export {
  explain,
  EXPLAIN_SCHEMA,
  type ExplainResult,
  type ExplainDetail,
  type ExplainSummary,
  type ExplainSummaryRow,
} from './knowledge/explain.js';
export { renderExplainText, type TextOptions } from './report/explain-text.js';
export { run as runCli, EXIT } from './cli/main.js';
export { audit, type AuditOptions } from './pipeline/audit.js';
export { AUDIT_SCHEMA, failsAt, type AuditReport } from './assess/report.js';
export {
  assessSocket,
  type AuditItem,
  type AuditContext,
  type ServiceGuess,
  type HolderVerdict,
} from './assess/audit.js';
export { exposureOf, type Exposure, type HostAddress, type Reach, type BindScope } from './assess/exposure.js';
export { summarize, compareItems, type AuditSummary } from './assess/summary.js';
export type { FirewallAnswer, FirewallView } from './assess/firewall-view.js';
export type { FirewallState, FirewallStatus } from './core/firewall.js';
export { chooseAdapter, collectInventory, type InventoryAdapter } from './inventory/adapter.js';
export { readFirewall, firewallVerdict } from './inventory/firewall/index.js';
export type { ListeningSocket, ProcessInfo, InventoryMeta, Transport } from './core/socket.js';
export {
  maxSeverity,
  parseSeverity,
  severityRank,
  type Finding,
  type FindingTarget,
  type Severity,
  type AdviceAction,
} from './core/finding.js';
export { renderAuditText } from './report/audit-text.js';
export type { ScanEvent, PortObserved, HostObserved, ScanProgress, PortState, StateReason } from './core/scan.js';
export { scanJob, probeCount, type ScanJob } from './pipeline/scan.js';
export { scanTcp, scanTcpSharded, type TcpProbe, type TcpScanOptions } from './scan/tcp/index.js';
export { scanUdp, type UdpScanOptions } from './scan/udp/engine.js';
export {
  parsePortSpec,
  parseTargets,
  resolveTargets,
  scanOrder,
  topPortList,
  Permutation,
  type PortList,
  type TargetSet,
  type ScanOrder,
  type ScanPair,
} from './targets/index.js';
export {
  evaluatePolicy,
  DEFAULT_POLICY_FAIL_ON,
  type Policy,
  type PolicyEvaluation,
  type PolicyViolation,
} from './assess/policy.js';
export { parsePolicy, loadPolicy } from './assess/policy-source.js';
export { diffRuns, DIFF_SCHEMA, type RunDiff } from './assess/diff.js';
