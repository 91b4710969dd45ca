/** What `portwarden explain` answers, as data: full entries for ports and names, a summary for ranges. */
import { usageError } from '../core/errors.js';
import type { Text } from '../core/lang.js';
import type { AdviceAction, PortEntry, Severity, Transport } from './types.js';
import { ianaByName, ianaNames, ianaServices, type IanaService } from './iana.js';
import { KnowledgeIndex } from './load.js';
import { parseQuery, type QueryItem } from './query.js';
import { suggestNames } from './suggest.js';

/** The `schema` tag of explain's JSON output; bumped on any incompatible change. */
export const EXPLAIN_SCHEMA = 'portwarden.explain/1';

/** One port in full. `entry` is null when the knowledge base has nothing for this port (and transport). */
export interface ExplainDetail {
  readonly kind: 'detail';
  readonly port: number;
  /** The transport asked for, or null for all. */
  readonly transport: Transport | null;
  readonly entry: PortEntry | null;
  /** Set when the port has an entry, but not for the transport asked for. */
  readonly coveredTransports: readonly Transport[] | null;
  readonly iana: readonly IanaService[];
}

/** One row of a range summary. */
export interface ExplainSummaryRow {
  readonly port: number;
  readonly transports: readonly Transport[];
  readonly service: string;
  readonly curated: boolean;
  /** The curated title, or null for registry-only ports. */
  readonly title: Text | null;
  /** IANA's English description, or null when IANA has none. */
  readonly description: string | null;
  readonly risk: Severity | null;
  readonly action: AdviceAction | null;
}

/** A range, one row per port that has an entry or a registration. */
export interface ExplainSummary {
  readonly kind: 'summary';
  readonly from: number;
  readonly to: number;
  readonly transport: Transport | null;
  readonly total: number;
  readonly curated: number;
  readonly rows: readonly ExplainSummaryRow[];
}

export interface ExplainResult {
  readonly schema: typeof EXPLAIN_SCHEMA;
  readonly items: readonly (ExplainDetail | ExplainSummary)[];
}

function detail(index: KnowledgeIndex, port: number, transport: Transport | null): ExplainDetail {
  const entry = index.byPort(port) ?? null;
  const iana = ianaServices(port, transport ?? undefined);
  if (entry !== null && transport !== null && !entry.transports.includes(transport)) {
    return { kind: 'detail', port, transport, entry: null, coveredTransports: entry.transports, iana };
  }
  return { kind: 'detail', port, transport, entry, coveredTransports: null, iana };
}

function summaryRow(index: KnowledgeIndex, port: number, transport: Transport | null): ExplainSummaryRow | null {
  const entry = index.byPort(port);
  const iana = ianaServices(port, transport ?? undefined).filter((s) => s.name !== '');
  if (entry !== undefined && (transport === null || entry.transports.includes(transport))) {
    return {
      port,
      transports: transport === null ? entry.transports : [transport],
      service: entry.names[0] as string,
      curated: true,
      title: entry.title,
      description: iana[0]?.description ?? null,
      risk: entry.risk.internet,
      action: entry.advice.action,
    };
  }
  const first = iana[0];
  if (first === undefined) return null;
  return {
    port,
    transports: [...new Set(iana.filter((s) => s.name === first.name).map((s) => s.transport))],
    service: first.name,
    curated: false,
    title: null,
    description: first.description,
    risk: null,
    action: null,
  };
}

function resolve(index: KnowledgeIndex, item: QueryItem): (ExplainDetail | ExplainSummary)[] {
  const transport = item.transport ?? null;
  switch (item.kind) {
    case 'port':
      return [detail(index, item.port, transport)];
    case 'range': {
      const rows: ExplainSummaryRow[] = [];
      for (let p = item.from; p <= item.to; p++) {
        const row = summaryRow(index, p, transport);
        if (row !== null) rows.push(row);
      }
      const total = item.to - item.from + 1;
      const curated = rows.filter((r) => r.curated).length;
      return [{ kind: 'summary', from: item.from, to: item.to, transport, total, curated, rows }];
    }
    case 'name': {
      const entry = index.byName(item.name);
      if (entry !== undefined) return [detail(index, entry.port, transport)];
      const ports = [
        ...new Set(
          ianaByName(item.name)
            .filter((s) => transport === null || s.transport === transport)
            .map((s) => s.port),
        ),
      ];
      if (ports.length > 0) return ports.map((p) => detail(index, p, transport));
      const suggestions = suggestNames(item.name, [index.allNames(), ianaNames()]);
      if (suggestions.length === 0) throw usageError('UNKNOWN_SERVICE', 'error.unknownServiceNoMatch', { name: item.name });
      throw usageError('UNKNOWN_SERVICE', 'error.unknownService', { name: item.name, suggestions: suggestions.join(', ') });
    }
  }
}

/**
 * Answer an explain query.
 * @example explain(['21', 'ssh', '1-30']).items.length // 3
 */
export function explain(args: readonly string[], index: KnowledgeIndex = new KnowledgeIndex()): ExplainResult {
  const items = parseQuery(args).flatMap((q) => resolve(index, q));
  const seen = new Set<string>();
  const unique = items.filter((i) => {
    const key = i.kind === 'detail' ? `d${i.port}/${i.transport}` : `s${i.from}-${i.to}/${i.transport}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { schema: EXPLAIN_SCHEMA, items: unique };
}
