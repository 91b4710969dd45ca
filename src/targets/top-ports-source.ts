/** Reading knowledge/top-ports.yaml at build time, validated: exactly 1,000 TCP and 100 UDP ports. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { KnowledgeError } from '../core/errors.js';
import { topPortsSourcePath } from './paths.js';

export { compiledTopPortsPath } from './paths.js';

/** The ranking as the build writes it to dist/top-ports.json: most likely open first. */
export interface TopPortsData {
  readonly version: 1;
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

/** A port the ranking must contain: every port of the knowledge base, on each of its transports. */
export interface RequiredPort {
  readonly port: number;
  readonly transports: readonly string[];
}

export const TOP_TCP_COUNT = 1000;
export const TOP_UDP_COUNT = 100;
/** Knowledge-base TCP ports must rank within this many (the `-F` list), so a fast scan covers them. */
export const KNOWLEDGE_TCP_RANK = 100;

const LIMITS = { tcp: TOP_TCP_COUNT, udp: TOP_UDP_COUNT } as const;

function flatten(data: unknown, transport: 'tcp' | 'udp', problems: string[]): number[] {
  const file = 'top-ports.yaml';
  if (!Array.isArray(data)) {
    problems.push(`${file}: ${transport} must be a list of groups`);
    return [];
  }
  const out: number[] = [];
  data.forEach((group: unknown, i) => {
    const g = group as Record<string, unknown> | null;
    if (g === null || typeof g !== 'object' || typeof g['group'] !== 'string' || !Array.isArray(g['ports'])) {
      problems.push(`${file}: ${transport} group ${i + 1} needs a "group" title and a "ports" list`);
      return;
    }
    for (const key of Object.keys(g)) {
      if (key !== 'group' && key !== 'ports')
        problems.push(`${file}: ${transport} group ${i + 1}: unknown key "${key}"`);
    }
    for (const p of g['ports'] as unknown[]) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) {
        problems.push(`${file}: ${transport} group "${g['group']}": ${String(p)} is not a port from 1 to 65535`);
      } else out.push(p);
    }
  });
  return out;
}

/** Problems with the parsed ranking, as sentences; empty when it is valid. */
export function topPortsProblems(data: unknown, required: readonly RequiredPort[] = []): string[] {
  if (data === null || typeof data !== 'object') return ['top-ports.yaml: expected a mapping with tcp and udp'];
  const obj = data as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(obj)) {
    if (key !== 'tcp' && key !== 'udp') problems.push(`top-ports.yaml: unknown key "${key}"`);
  }
  const lists = { tcp: flatten(obj['tcp'], 'tcp', problems), udp: flatten(obj['udp'], 'udp', problems) };
  for (const tr of ['tcp', 'udp'] as const) {
    const seen = new Set<number>();
    for (const p of lists[tr]) {
      if (seen.has(p)) problems.push(`top-ports.yaml: ${tr} port ${p} is listed twice`);
      seen.add(p);
    }
    if (lists[tr].length !== LIMITS[tr]) {
      problems.push(`top-ports.yaml: ${tr} must list exactly ${LIMITS[tr]} ports, not ${lists[tr].length}`);
    }
  }
  const topTcp = new Set(lists.tcp.slice(0, KNOWLEDGE_TCP_RANK));
  const udp = new Set(lists.udp);
  for (const r of required) {
    if (r.transports.includes('tcp') && !topTcp.has(r.port)) {
      problems.push(`top-ports.yaml: knowledge-base port ${r.port}/tcp must be among the first ${KNOWLEDGE_TCP_RANK}`);
    }
    if (r.transports.includes('udp') && !udp.has(r.port)) {
      problems.push(`top-ports.yaml: knowledge-base port ${r.port}/udp must be listed`);
    }
  }
  return problems;
}

/**
 * Read and validate the ranking; `required` are the knowledge base's entries (their ports must rank).
 * @example loadTopPortsSource(kb.entries).tcp.slice(0, 3) // [80, 443, 22]
 */
export function loadTopPortsSource(required: readonly RequiredPort[] = [], path = topPortsSourcePath): TopPortsData {
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    throw new KnowledgeError('KB_INVALID', `top-ports.yaml: ${(cause as Error).message}`, { cause });
  }
  const problems = topPortsProblems(data, required);
  if (problems.length > 0) throw new KnowledgeError('KB_INVALID', problems.join('\n'), { details: { problems } });
  const raw = data as Record<'tcp' | 'udp', { ports: number[] }[]>;
  return { version: 1, tcp: raw.tcp.flatMap((g) => g.ports), udp: raw.udp.flatMap((g) => g.ports) };
}
