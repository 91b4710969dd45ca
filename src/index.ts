/** portwarden's library API: the CLI is a thin client of what is exported here. */
export { PortwardenError, UsageError, KnowledgeError, isUsageError, type ErrorCode } from './core/errors.js';
export { LANGS, langFromEnv, parseLang, type Lang, type Text } from './core/lang.js';
export { t, type MessageKey } from './core/i18n.js';
export type * from './knowledge/types.js';
export { SEVERITIES } from './knowledge/types.js';
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
