/** Reading `nft -j list ruleset` (the libnftables JSON schema) into tables of rules the verdict walk understands. */
import type { Action, Cond, FactKey, InputChain, PortRange, Rule, Table } from './model.js';
import { isObject, renderLeft, renderRule, single, type JsonObject } from './nft-text.js';
import { l4Name } from './packet.js';

/** A named set or map: its elements, unless they change at run time. */
interface NamedSet {
  /** Elements (a map's are [key, value] pairs); null for a dynamic set whose content a snapshot cannot pin down. */
  readonly elem: readonly unknown[] | null;
}

interface TableDraft {
  readonly family: string;
  readonly name: string;
  readonly chains: Map<string, Rule[]>;
  readonly inputs: InputChain[];
  readonly sets: Map<string, NamedSet>;
}

const FAMILIES: Readonly<Record<string, readonly (4 | 6)[]>> = { ip: [4], ip6: [6], inet: [4, 6] };

// Named priorities (nft prints numbers in JSON, but accept the names too).
const PRIORITIES: Readonly<Record<string, number>> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};

const L4_PAYLOADS = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite', 'icmp', 'icmpv6', 'ah', 'esp', 'comp']);

/** What a match's left side tests: the implied protocol tests, and the fact it compares (null: undecidable). */
interface Subject {
  readonly deps: readonly Cond[];
  readonly field: 'dport' | 'daddr' | FactKey | 'iiftype' | 'ethertype' | null;
}

function value(key: FactKey, values: readonly string[], negate = false): Cond {
  return { kind: 'value', key, values, negate };
}

function payloadSubject(protocol: string, field: string): Subject {
  let deps: Cond[];
  if (protocol === 'ip') deps = [value('nfproto', ['ipv4'])];
  else if (protocol === 'ip6') deps = [value('nfproto', ['ipv6'])];
  else if (L4_PAYLOADS.has(protocol)) deps = [value('l4proto', [l4Name(protocol)])];
  else if (protocol === 'th') deps = [];
  else return { deps: [], field: null };
  const isL4 = protocol === 'th' || L4_PAYLOADS.has(protocol);
  if (isL4 && field === 'dport') return { deps, field: 'dport' };
  if ((protocol === 'ip' || protocol === 'ip6') && field === 'daddr') return { deps, field: 'daddr' };
  if ((protocol === 'ip' && field === 'protocol') || (protocol === 'ip6' && field === 'nexthdr')) {
    return { deps, field: 'l4proto' };
  }
  return { deps, field: null };
}

const META_FIELDS: Readonly<Record<string, Subject['field']>> = {
  l4proto: 'l4proto',
  nfproto: 'nfproto',
  protocol: 'ethertype',
  iifname: 'iifname',
  iif: 'iifname',
  iiftype: 'iiftype',
  pkttype: 'pkttype',
};

function subjectOf(left: unknown): Subject {
  const kv = single(left);
  const o: JsonObject = kv !== null && isObject(kv[1]) ? kv[1] : {};
  switch (kv?.[0]) {
    case 'payload':
      return typeof o['protocol'] === 'string' && typeof o['field'] === 'string'
        ? payloadSubject(o['protocol'], o['field'])
        : { deps: [], field: null };
    case 'meta':
      return { deps: [], field: META_FIELDS[String(o['key'])] ?? null };
    case 'ct':
      if (o['dir'] !== undefined) return { deps: [], field: null };
      return { deps: [], field: o['key'] === 'state' ? 'ctstate' : o['key'] === 'status' ? 'ctstatus' : null };
    case 'fib': {
      const flags = Array.isArray(o['flags']) ? o['flags'] : [o['flags']];
      const daddrOnly = flags.length === 1 && flags[0] === 'daddr';
      return { deps: [], field: o['result'] === 'type' && daddrOnly ? 'dsttype' : null };
    }
    default:
      return { deps: [], field: null };
  }
}

/** Flatten a right-hand side into atoms; null when it cannot be pinned down (dynamic set, concatenation, …). */
function atomsOf(right: unknown, sets: ReadonlyMap<string, NamedSet>): unknown[] | null {
  if (typeof right === 'string' && right.startsWith('@')) {
    const elem = sets.get(right.slice(1))?.elem;
    return elem === undefined || elem === null ? null : atomsOf([...elem], sets);
  }
  if (typeof right === 'number' || typeof right === 'string') return [right];
  if (Array.isArray(right)) {
    const out: unknown[] = [];
    for (const item of right) {
      const atoms = atomsOf(item, sets);
      if (atoms === null) return null;
      out.push(...atoms);
    }
    return out;
  }
  const kv = single(right);
  if (kv === null) return null;
  const [key, v] = kv;
  if (key === 'set') return atomsOf(Array.isArray(v) ? v : [v], sets);
  if (key === 'elem') return isObject(v) ? atomsOf(v['val'], sets) : null;
  if (key === 'range' || key === 'prefix') return [right];
  return null;
}

function portOf(atom: unknown): number | null {
  const n = typeof atom === 'number' ? atom : typeof atom === 'string' && /^\d+$/.test(atom) ? Number(atom) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

function rangeOf(atom: unknown): PortRange | null {
  const range = single(atom);
  if (range?.[0] === 'range' && Array.isArray(range[1])) {
    const from = portOf(range[1][0]);
    const to = portOf(range[1][1]);
    return from === null || to === null ? null : [from, to];
  }
  const port = portOf(atom);
  return port === null ? null : [port, port];
}

function blockOf(atom: unknown): string | null {
  if (typeof atom === 'string') return atom;
  const kv = single(atom);
  if (kv?.[0] === 'prefix' && isObject(kv[1])) return `${String(kv[1]['addr'])}/${String(kv[1]['len'])}`;
  if (kv?.[0] === 'range' && Array.isArray(kv[1])) return `${String(kv[1][0])}-${String(kv[1][1])}`;
  return null;
}

const COMPARISONS: Readonly<Record<string, (n: number) => PortRange>> = {
  '<': (n) => [0, n - 1],
  '<=': (n) => [0, n],
  '>': (n) => [n + 1, 65535],
  '>=': (n) => [n, 65535],
};

function all<T>(items: readonly unknown[], convert: (item: unknown) => T | null): T[] | null {
  const out: T[] = [];
  for (const item of items) {
    const converted = convert(item);
    if (converted === null) return null;
    out.push(converted);
  }
  return out;
}

/** The tests one match expression adds to a rule. */
function matchConds(op: string, left: unknown, right: unknown, sets: ReadonlyMap<string, NamedSet>): Cond[] {
  const { deps, field } = subjectOf(left);
  const opaque: Cond[] = [...deps, { kind: 'opaque', what: renderLeft(left) }];
  const compare = COMPARISONS[op];
  if (compare !== undefined) {
    const n = portOf(right);
    return field === 'dport' && n !== null ? [...deps, { kind: 'dport', ranges: [compare(n)], negate: false }] : opaque;
  }
  if (field === null || (op !== '==' && op !== 'in' && op !== '!=')) return opaque;
  const negate = op === '!=';
  const atoms = atomsOf(right, sets);
  if (atoms === null) return opaque;
  if (field === 'dport') {
    const ranges = all(atoms, rangeOf);
    return ranges === null ? opaque : [...deps, { kind: 'dport', ranges, negate }];
  }
  if (field === 'daddr') {
    const blocks = all(atoms, blockOf);
    return blocks === null ? opaque : [...deps, { kind: 'daddr', blocks, negate }];
  }
  const texts = all(atoms, (a) => (typeof a === 'string' || typeof a === 'number' ? String(a) : null));
  if (texts === null) return opaque;
  switch (field) {
    case 'iiftype':
      // Only the loopback type is decidable: it is the lo interface.
      return texts.length === 1 && texts[0] === 'loopback' ? [value('iifname', ['lo'], negate)] : opaque;
    case 'ethertype':
      return [
        value(
          'nfproto',
          texts.map((t) => (t === 'ip' ? 'ipv4' : t === 'ip6' ? 'ipv6' : t)),
          negate,
        ),
      ];
    case 'l4proto':
      return [...deps, value('l4proto', texts.map(l4Name), negate)];
    case 'iifname':
      return [value('iifname', texts, negate)];
    default:
      return [
        ...deps,
        value(
          field,
          texts.map((t) => t.toLowerCase()),
          negate,
        ),
      ];
  }
}

/** A verdict statement as an action; null when the statement is not a verdict. */
function verdictOf(stmt: unknown): Action | null {
  const kv = single(stmt);
  if (kv === null) return null;
  const [key, v] = kv;
  switch (key) {
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
      return { kind: key };
    case 'continue':
      return { kind: 'none' };
    case 'jump':
    case 'goto':
      return isObject(v) && typeof v['target'] === 'string' ? { kind: key, target: v['target'] } : null;
    case 'queue':
      return { kind: 'unknown', what: 'queue to a user-space program' };
    default:
      return null;
  }
}

// Statements that neither test nor decide: they count, log, mark or track.
const NEUTRAL = new Set(['counter', 'log', 'mangle', 'notrack', 'dup', 'secmark', 'flow', 'last', 'ct helper']);
// Statements that end the packet's walk in ways we cannot judge.
const FOREIGN_VERDICTS = new Set(['synproxy', 'fwd', 'tproxy', 'snat', 'dnat', 'masquerade', 'redirect']);

/** One nft rule as one or more rules (a verdict map becomes one rule per element). */
function convertRule(exprs: readonly unknown[], text: string, sets: ReadonlyMap<string, NamedSet>): Rule[] {
  const conds: Cond[] = [];
  let action: Action = { kind: 'none' };
  let vmap: JsonObject | null = null;
  for (const stmt of exprs) {
    const kv = single(stmt);
    const key = kv?.[0] ?? '?';
    const o: JsonObject = kv !== null && isObject(kv[1]) ? kv[1] : {};
    const verdict = verdictOf(stmt);
    if (verdict !== null) action = verdict;
    else if (key === 'match') conds.push(...matchConds(String(o['op']), o['left'], o['right'], sets));
    else if (key === 'vmap') vmap = o;
    else if (key === 'xt' && o['type'] === 'target')
      action = { kind: 'unknown', what: `iptables target ${String(o['name'])}` };
    else if (FOREIGN_VERDICTS.has(key)) action = { kind: 'unknown', what: key };
    else if ((key === 'set' || key === 'map') && !Array.isArray(o['stmt'])) continue;
    else if (!NEUTRAL.has(key))
      conds.push({ kind: 'opaque', what: key === 'xt' ? `xt match ${String(o['name'])}` : key });
  }
  if (vmap === null) return [{ text, conds, action }];
  const data = vmap['data'];
  const entries = typeof data === 'string' && data.startsWith('@') ? sets.get(data.slice(1))?.elem : single(data)?.[1];
  if (!Array.isArray(entries)) {
    return [
      { text, conds: [...conds, { kind: 'opaque', what: 'verdict map' }], action: { kind: 'unknown', what: 'vmap' } },
    ];
  }
  return entries.map((entry): Rule => {
    const [keyValue, verdict] = Array.isArray(entry) ? (entry as unknown[]) : [undefined, undefined];
    const entryAction = verdictOf(verdict) ?? { kind: 'unknown', what: 'vmap element' };
    return { text, conds: [...conds, ...matchConds('==', vmap['key'], keyValue, sets)], action: entryAction };
  });
}

function priorityOf(prio: unknown): number {
  if (typeof prio === 'number') return prio;
  return typeof prio === 'string' ? (PRIORITIES[prio] ?? 0) : 0;
}

/**
 * Parse the JSON `nft -j list ruleset` prints: tables of families ip, ip6 and inet, every chain with its rules, and
 * which chains are filter chains on the input hook. Not read: netdev ingress and prerouting chains (which can drop
 * earlier), bridge and arp tables. Throws on text that is not that JSON.
 * @example parseNftRuleset(stdout).flatMap((t) => t.inputs.map((i) => `${t.label} ${i.chain}`)) // ['nft inet filter input']
 */
export function parseNftRuleset(text: string): Table[] {
  const doc: unknown = JSON.parse(text);
  const items = isObject(doc) ? doc['nftables'] : undefined;
  if (!Array.isArray(items)) throw new Error('not the output of nft -j: no "nftables" array');
  const drafts = new Map<string, TableDraft>();
  const draft = (o: JsonObject): TableDraft | undefined => drafts.get(`${String(o['family'])} ${String(o['table'])}`);
  const rules: JsonObject[] = [];
  for (const item of items) {
    const kv = single(item);
    if (kv === null || !isObject(kv[1])) continue;
    const [kind, o] = kv;
    if (kind === 'table' && typeof o['family'] === 'string' && FAMILIES[o['family']] !== undefined) {
      const t = { family: o['family'], name: String(o['name']), chains: new Map(), inputs: [], sets: new Map() };
      drafts.set(`${t.family} ${t.name}`, t);
    } else if (kind === 'chain') {
      const t = draft(o);
      if (t === undefined) continue;
      t.chains.set(String(o['name']), []);
      if (o['type'] === 'filter' && o['hook'] === 'input') {
        const policy = o['policy'] === 'drop' ? 'drop' : 'accept';
        t.inputs.push({ chain: String(o['name']), priority: priorityOf(o['prio']), policy });
      }
    } else if (kind === 'set' || kind === 'map') {
      const flags = Array.isArray(o['flags']) ? o['flags'] : [];
      // Dynamic sets fill at run time (meters, fail2ban-style bans): their snapshot says nothing about the next packet.
      const dynamic = flags.includes('dynamic') || flags.includes('timeout');
      const elem = dynamic ? null : Array.isArray(o['elem']) ? o['elem'] : [];
      draft(o)?.sets.set(String(o['name']), { elem });
    } else if (kind === 'rule') rules.push(o);
  }
  for (const o of rules) {
    const t = draft(o);
    const exprs = Array.isArray(o['expr']) ? o['expr'] : [];
    t?.chains.get(String(o['chain']))?.push(...convertRule(exprs, renderRule(exprs, o['comment']), t.sets));
  }
  return [...drafts.values()].map((t) => ({
    source: 'nftables',
    family: t.family,
    name: t.name,
    label: `nft ${t.family} ${t.name}`,
    families: FAMILIES[t.family] ?? [],
    chains: t.chains,
    inputs: t.inputs,
  }));
}
