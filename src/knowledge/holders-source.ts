/** Reading knowledge/holders.yaml at build time, validated. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { KnowledgeError } from '../core/errors.js';
import type { Holders } from './types.js';

/** Problems with the parsed holders file, as sentences; `ports` must be curated ports. */
export function holdersProblems(data: unknown, curatedPorts: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  const isNameList = (v: unknown): v is string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '');
  if (data === null || typeof data !== 'object') return ['holders.yaml: expected a mapping'];
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'anyPort' && key !== 'ports') problems.push(`holders.yaml: unknown key "${key}"`);
  }
  if (!isNameList(obj['anyPort'])) problems.push('holders.yaml: anyPort must be a list of program names');
  const ports = obj['ports'];
  if (ports === null || typeof ports !== 'object') return [...problems, 'holders.yaml: ports must be a mapping'];
  for (const [port, names] of Object.entries(ports as Record<string, unknown>)) {
    if (!curatedPorts.has(Number(port))) problems.push(`holders.yaml: port ${port} has no knowledge entry`);
    if (!Array.isArray(names) || !(names.length === 0 || isNameList(names))) {
      problems.push(`holders.yaml: port ${port} must list program names`);
    }
  }
  return problems;
}

/** Read and validate holders.yaml; names are lower-cased. */
export function loadHolders(path: string, curatedPorts: ReadonlySet<number>): Holders {
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    throw new KnowledgeError('KB_INVALID', `holders.yaml: ${(cause as Error).message}`, { cause });
  }
  const problems = holdersProblems(data, curatedPorts);
  if (problems.length > 0) throw new KnowledgeError('KB_INVALID', problems.join('\n'), { details: { problems } });
  const raw = data as { anyPort: string[]; ports: Record<string, string[]> };
  const lower = (xs: readonly string[]): string[] => xs.map((x) => x.toLowerCase());
  return {
    anyPort: lower(raw.anyPort),
    ports: Object.fromEntries(Object.entries(raw.ports).map(([p, xs]) => [p, lower(xs)])),
  };
}

