/**
 * Reading a policy file (portwarden.yml): YAML, then the JSON schema (schema/policy.v1.schema.json), then what a
 * schema cannot say (addresses, port specs, dates, group names). Every problem is one sentence naming the file,
 * the line and the path (`hosts[2].allow[0].port`), and exits with code 2. A policy is the user's input, so it
 * is validated at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { usageError } from '../core/errors.js';
import type { Severity } from '../core/finding.js';
import type { MessageKey } from '../core/i18n.js';
import { packageRoot } from '../core/package-root.js';
import {
  DEFAULT_POLICY_FAIL_ON,
  type AllowRule,
  type HostRule,
  type IgnoreRule,
  type Policy,
  type SeverityOverride,
} from './policy.js';
import { parseHostWord, parsePortList, type HostMatcher, type HostSelector, type PortRange } from './policy-match.js';

type Segment = string | number;

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(join(packageRoot, 'schema', 'policy.v1.schema.json'), 'utf8')) as object;
    validator = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true,
    }).compile(schema);
  }
  return validator;
}

/** `hosts[2].allow[0].port` from path segments. */
export function pathText(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** Positions of nodes in the file, for messages. */
class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** The line of the node at `path`, or of its nearest ancestor that exists. */
  line(path: readonly Segment[]): number {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      const start = n === 0 ? (this.doc.contents?.range?.[0] ?? 0) : node?.range?.[0];
      if (start !== undefined) return this.lineOf(start);
    }
    return 1;
  }

  /** The line of the key `key` in the mapping at `path`. */
  keyLine(path: readonly Segment[], key: string): number {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        const k = pair.key as Node | null;
        if (k !== null && 'value' in k && String(k.value) === key && k.range != null) {
          return this.lineOf(k.range[0]);
        }
      }
    }
    return this.line(path);
  }
}

interface Where {
  readonly file: string;
  readonly at: Locator;
}

function fail(
  w: Where,
  key: MessageKey,
  path: readonly Segment[],
  line: number,
  params: Record<string, string> = {},
): Error {
  return usageError('USAGE', key, { file: w.file, line, path: pathText(path), ...params });
}

/** The sentence for a value of the wrong type, by the types the schema allows there. */
const TYPE_KEYS: Readonly<Record<string, MessageKey>> = {
  string: 'policy.error.type.string',
  integer: 'policy.error.type.integer',
  array: 'policy.error.type.array',
  object: 'policy.error.type.object',
  'string,array': 'policy.error.type.stringOrArray',
  'string,integer': 'policy.error.type.portSpec',
};

/** Deeper paths first (the most precise message), then the keywords whose sentence says most. */
const KEYWORD_ORDER = ['additionalProperties', 'anyOf', 'required', 'type', 'enum', 'const', 'propertyNames'];

function pointerSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaError(w: Where, errors: readonly ErrorObject[]): Error {
  const rank = (e: ErrorObject): number => {
    const k = KEYWORD_ORDER.indexOf(e.keyword);
    return k < 0 ? KEYWORD_ORDER.length : k;
  };
  const sorted = [...errors].sort(
    (a, b) => pointerSegments(b.instancePath).length - pointerSegments(a.instancePath).length || rank(a) - rank(b),
  );
  const e = sorted[0] as ErrorObject;
  const path = pointerSegments(e.instancePath);
  const line = w.at.line(path);
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as { properties?: Record<string, unknown>; anyOf?: { required?: string[] }[] };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const known = Object.keys(parent.properties ?? {}).join(', ');
      return fail(w, 'policy.error.unknownKey', [...path, key], w.at.keyLine(path, key), { keys: known });
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      return fail(w, 'policy.error.groupName', path, w.at.keyLine(path, name), { value: name });
    }
    case 'required':
      return fail(w, 'policy.error.missingKey', [...path, String(params['missingProperty'])], line);
    case 'anyOf': {
      const keys = (parent.anyOf ?? []).flatMap((b) => b.required ?? []);
      return fail(w, 'policy.error.needsOneOf', path, line, { keys: keys.join(', ') });
    }
    case 'type': {
      if (path.length === 0) return usageError('USAGE', 'policy.error.notMapping', { file: w.file, line });
      const types = Array.isArray(params['type']) ? params['type'].join(',') : String(params['type']);
      return fail(w, TYPE_KEYS[types] ?? 'policy.error.type.string', path, line);
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']];
      return fail(w, 'policy.error.enum', path, line, {
        values: allowed.map((v) => String(v)).join(', '),
        value: JSON.stringify(e.data),
      });
    }
    case 'minItems':
    case 'minLength':
      return fail(w, 'policy.error.empty', path, line);
    default:
      return fail(w, 'policy.error.invalid', path, line, { detail: e.message ?? e.keyword });
  }
}

/** The date `text` names, if it is a real YYYY-MM-DD date. */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** A `host:` or `group:` value (the schema made it a string or a list of strings) as a list. */
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

/**
 * Parse and check the text of a policy file. `file` names it in messages.
 * @example parsePolicy('version: 1\nhosts:\n  - host: "*"\n    allow: [{port: 22/tcp, owner: ops, reason: ssh}]\n', 'p.yml')
 */
export function parsePolicy(text: string, file: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const pos = lines.linePos(syntax.pos[0]);
    const detail = syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? syntax.code;
    throw usageError('USAGE', 'policy.error.syntax', { file, line: pos.line, column: pos.col, detail });
  }
  const w: Where = { file, at: new Locator(doc, lines) };
  if (doc.contents === null) throw usageError('USAGE', 'policy.error.emptyFile', { file });
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const validate = schemaValidator();
  if (!validate(data)) throw schemaError(w, validate.errors ?? []);
  const raw = data as Record<string, unknown>;

  const value = (path: Segment[], v: string, problem: MessageKey): Error =>
    fail(w, problem, path, w.at.line(path), { value: v });

  const groups = new Map<string, HostMatcher[]>();
  for (const [name, words] of Object.entries((raw['groups'] ?? {}) as Record<string, string[]>)) {
    groups.set(
      name,
      words.map((word, i) => {
        const m = parseHostWord(word);
        if (!m.ok) throw value(['groups', name, i], word, m.problem);
        return m.value;
      }),
    );
  }

  const selector = (entry: Record<string, unknown>, path: Segment[]): HostSelector | null => {
    const words = list(entry['host']);
    const names = list(entry['group']);
    if (words.length === 0 && names.length === 0) return null;
    const at = (key: string, i: number): Segment[] => (Array.isArray(entry[key]) ? [...path, key, i] : [...path, key]);
    const matchers = words.map((word, i) => {
      const m = parseHostWord(word);
      if (!m.ok) throw value(at('host', i), word, m.problem);
      return m.value;
    });
    names.forEach((name, i) => {
      const members = groups.get(name);
      if (members === undefined) throw value(at('group', i), name, 'policy.error.group');
      matchers.push(...members);
    });
    return { label: [...words, ...names].join(', '), matchers };
  };

  const ports = (entry: Record<string, unknown>, path: Segment[]): PortRange[] | null => {
    const spec = entry['port'];
    if (spec === undefined) return null;
    const text = typeof spec === 'number' ? String(spec) : (spec as string);
    const parsed = parsePortList(text);
    if (!parsed.ok) throw value([...path, 'port'], text, parsed.problem);
    return parsed.value;
  };

  const hosts: HostRule[] = ((raw['hosts'] ?? []) as Record<string, unknown>[]).map((entry, i) => {
    const path = ['hosts', i];
    const allow: AllowRule[] = (entry['allow'] as Record<string, unknown>[]).map((a, k) => {
      const at = [...path, 'allow', k];
      return {
        path: pathText(at),
        line: w.at.line(at),
        spec: String(a['port']),
        ports: ports(a, at) ?? [],
        owner: String(a['owner']),
        reason: String(a['reason']),
      };
    });
    return { path: pathText(path), line: w.at.line(path), selector: selector(entry, path) as HostSelector, allow };
  });

  const overrides: SeverityOverride[] = ((raw['overrides'] ?? []) as Record<string, unknown>[]).map((entry, i) => {
    const path = ['overrides', i];
    return {
      path: pathText(path),
      line: w.at.line(path),
      rule: (entry['rule'] as string | undefined) ?? null,
      ports: ports(entry, path),
      selector: selector(entry, path),
      severity: entry['severity'] as Severity,
      reason: (entry['reason'] as string | undefined) ?? null,
    };
  });

  const ignores: IgnoreRule[] = ((raw['ignore'] ?? []) as Record<string, unknown>[]).map((entry, i) => {
    const path = ['ignore', i];
    const until = String(entry['until']);
    if (!isDate(until)) throw value([...path, 'until'], until, 'policy.error.date');
    return {
      path: pathText(path),
      line: w.at.line(path),
      id: (entry['id'] as string | undefined) ?? null,
      rule: (entry['rule'] as string | undefined) ?? null,
      ports: ports(entry, path),
      selector: selector(entry, path),
      until,
      reason: String(entry['reason']),
    };
  });

  const failOn = raw['fail-on'] as Severity | 'none' | undefined;
  return {
    file,
    failOn: failOn === 'none' ? null : (failOn ?? DEFAULT_POLICY_FAIL_ON),
    hosts,
    overrides,
    ignores,
  };
}

/**
 * Read and parse a policy file; a missing or unreadable file is a usage error, like every other problem with it.
 * @example loadPolicy('portwarden.yml').hosts.length
 */
export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw usageError('USAGE', code === 'ENOENT' ? 'targets.fileNotFound' : 'targets.fileUnreadable', { path: file });
  }
  return parsePolicy(text, file);
}
