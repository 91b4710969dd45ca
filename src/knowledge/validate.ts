/** Validation of knowledge entries: the JSON schema, then the rules a schema cannot express. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { PortEntry } from './types.js';
import { schemaPath } from './paths.js';

const CJK = /[\u3400-\u9fff]/u;

let compiled: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null | undefined } | undefined;

function validator(): typeof compiled & object {
  if (compiled === undefined) {
    const schema: unknown = JSON.parse(readFileSync(schemaPath('knowledge-entry.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    compiled = ajv.compile(schema as object);
  }
  return compiled;
}

/** Every {en, zh} text of an entry with a path for messages. */
export function* textsOf(value: unknown, path = ''): Generator<{ path: string; en: string; zh: string }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* textsOf(item, `${path}[${i}]`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 2 && typeof obj['en'] === 'string' && typeof obj['zh'] === 'string') {
    yield { path, en: obj['en'], zh: obj['zh'] };
    return;
  }
  for (const key of keys) yield* textsOf(obj[key], path === '' ? key : `${path}.${key}`);
}

/**
 * Problems with one parsed entry, as readable sentences; empty when it is valid.
 * `fileName` (e.g. "21.yaml") must match the entry's port.
 */
export function entryProblems(data: unknown, fileName: string): string[] {
  const validate = validator();
  if (!validate(data)) {
    return (validate.errors ?? []).map(
      (e) => `${fileName}: ${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`,
    );
  }
  const entry = data as PortEntry;
  const problems: string[] = [];
  const say = (msg: string): void => {
    problems.push(`${fileName}: ${msg}`);
  };

  if (fileName !== `${entry.port}.yaml`) say(`file name should be ${entry.port}.yaml`);

  for (const t of textsOf(entry)) {
    if (t.en.trim() === '' || t.zh.trim() === '') say(`${t.path} has an empty text`);
    if (!CJK.test(t.zh)) say(`${t.path}.zh has no Chinese characters`);
    if (CJK.test(t.en)) say(`${t.path}.en contains Chinese characters`);
  }

  const refIds = new Set<string>();
  for (const r of entry.references) {
    if (refIds.has(r.id)) say(`reference ${r.id} is listed twice`);
    refIds.add(r.id);
  }
  const cited = [
    ...entry.weaknesses.flatMap((w) => w.ids.map((id) => ({ id, where: `weakness ${w.id}` }))),
    ...entry.malware.flatMap((m) => (m.ids ?? []).map((id) => ({ id, where: `malware ${m.name}` }))),
    ...entry.corrections.map((c) => ({ id: c.source, where: `correction ${c.topic}` })),
  ];
  for (const c of cited) if (!refIds.has(c.id)) say(`${c.where} cites ${c.id}, which is not under references`);

  const unique = (label: string, ids: readonly string[]): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) say(`${label} ${id} appears twice`);
      seen.add(id);
    }
  };
  unique('weakness', entry.weaknesses.map((w) => w.id));
  unique('check', entry.checks.map((c) => c.id));
  unique('malware', entry.malware.map((m) => m.name.toLowerCase()));
  unique('correction', entry.corrections.map((c) => c.topic));

  for (const r of entry.related) if (r.port === entry.port) say(`related lists the entry's own port`);
  return problems;
}

/** Problems across entries: duplicate ports and service names claimed by two entries. */
export function crossEntryProblems(entries: readonly PortEntry[]): string[] {
  const problems: string[] = [];
  const byPort = new Map<number, number>();
  for (const e of entries) byPort.set(e.port, (byPort.get(e.port) ?? 0) + 1);
  for (const [port, n] of byPort) if (n > 1) problems.push(`port ${port} has ${n} entries`);
  const byName = new Map<string, number>();
  for (const e of entries) {
    for (const name of e.names) {
      const other = byName.get(name);
      if (other !== undefined) problems.push(`service name "${name}" is claimed by ports ${other} and ${e.port}`);
      else byName.set(name, e.port);
    }
  }
  return problems;
}
