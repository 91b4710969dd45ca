/** Reading `iptables-save` / `ip6tables-save` text (legacy and nf_tables backends print the same format). */
import type { Action, Cond, FactKey, InputChain, PortRange, Rule, Table } from './model.js';
import { l4Name } from './packet.js';

/** One save output, parsed. */
export interface IptablesSave {
  readonly tables: Table[];
  /** 'nf_tables' when iptables-nft printed it: its tables then also appear in `nft list ruleset`. */
  readonly backend: 'nf_tables' | 'legacy';
  /** Tables iptables-nft refused to print ("# Table `filter' is incompatible, use 'nft' tool."). */
  readonly incompatible: readonly string[];
}

// Tables with an INPUT chain that can drop, and where they sit on the input hook.
const INPUT_PRIORITY: Readonly<Record<string, number>> = { mangle: -150, filter: 0, security: 50 };

// Targets that do something to the packet and let it continue down the chain.
const NEUTRAL_TARGETS = new Set([
  ...['LOG', 'NFLOG', 'ULOG', 'AUDIT', 'TRACE', 'LED', 'IDLETIMER', 'RATEEST', 'TEE', 'SET'],
  ...['MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TCPMSS', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'CHECKSUM'],
  ...['SECMARK', 'CONNSECMARK'],
]);

// Modules whose options we can evaluate; any other module's tests are undecidable (limit, recent, set, owner, …).
const DECIDABLE_MODULES = new Set([
  'tcp',
  'udp',
  'sctp',
  'dccp',
  'udplite',
  'multiport',
  'conntrack',
  'state',
  'addrtype',
  'pkttype',
  'comment',
]);

/**
 * Split a saved rule into words, honouring the double quotes iptables-save puts around comments and prefixes.
 * @example tokenize('-m comment --comment "ssh in" -j ACCEPT') // ['-m', 'comment', '--comment', 'ssh in', '-j', 'ACCEPT']
 */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    words.push(m[1] === undefined ? (m[2] ?? '') : m[1].replace(/\\(.)/g, '$1'));
  }
  return words;
}

function portRange(text: string): PortRange | null {
  const [a, b] = text.includes(':') ? text.split(':') : [text, text];
  const from = a === '' || a === undefined ? 0 : Number(a);
  const to = b === '' || b === undefined ? 65535 : Number(b);
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;
  return ok(from) && ok(to) ? [from, to] : null;
}

function dport(text: string, negate: boolean): Cond {
  const ranges = text.split(',').map(portRange);
  return ranges.every((r) => r !== null)
    ? { kind: 'dport', ranges, negate }
    : { kind: 'opaque', what: `--dport ${text}` };
}

function value(key: FactKey, text: string, negate: boolean, map: (v: string) => string = (v) => v): Cond {
  return { kind: 'value', key, values: text.split(',').map((v) => map(v.toLowerCase())), negate };
}

/** `--tcp-flags MASK COMP` against the first packet of a connection, which carries SYN alone. */
function tcpFlags(mask: string, comp: string, negate: boolean): Cond {
  const set = (s: string): string[] =>
    s === 'ALL' ? ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] : s === 'NONE' ? [] : s.split(',');
  const expected = set(mask).includes('SYN') ? ['SYN'] : [];
  const given = set(comp).filter((f) => set(mask).includes(f));
  const holds = given.length === expected.length && given.every((f) => expected.includes(f));
  return { kind: 'const', value: holds !== negate };
}

/** A module option: its test (null when neutral) and how many values it takes. */
function moduleOption(module: string, option: string, args: readonly string[], negate: boolean): [Cond | null, number] {
  const v = args[0] ?? '';
  switch (option) {
    case '--dport':
    case '--destination-port':
    case '--dports':
    case '--destination-ports':
      return [dport(v, negate), 1];
    case '--syn':
      return [{ kind: 'const', value: !negate }, 0];
    case '--tcp-flags':
      return [tcpFlags(v, args[1] ?? '', negate), 2];
    case '--ctstate':
    case '--state':
      return [value('ctstate', v, negate), 1];
    case '--ctstatus':
      return [value('ctstatus', v, negate, (s) => s.replace('_', '-')), 1];
    case '--dst-type':
      return [value('dsttype', v, negate), 1];
    case '--pkt-type':
      return [value('pkttype', v, negate, (s) => (s === 'unicast' ? 'host' : s)), 1];
    case '--comment':
      return [null, 1];
    default: {
      // Anything else (source ports, rates, owners, ipsets…) is undecidable; take its values, which never start with '-'.
      let n = 0;
      while (n < args.length && !(args[n] ?? '').startsWith('-') && args[n] !== '!') n++;
      return [{ kind: 'opaque', what: `-m ${module} ${option}` }, n];
    }
  }
}

function targetAction(target: string, userChains: ReadonlySet<string>): Action {
  if (target === 'ACCEPT') return { kind: 'accept' };
  if (target === 'DROP') return { kind: 'drop' };
  if (target === 'REJECT') return { kind: 'reject' };
  if (target === 'RETURN') return { kind: 'return' };
  if (userChains.has(target)) return { kind: 'jump', target };
  if (NEUTRAL_TARGETS.has(target)) return { kind: 'none' };
  if (target === 'QUEUE' || target === 'NFQUEUE') return { kind: 'unknown', what: 'queue to a user-space program' };
  return { kind: 'unknown', what: `target ${target}` };
}

/** The tests and action of one rule's words (after `-A CHAIN`). */
function parseRule(words: readonly string[], userChains: ReadonlySet<string>): { conds: Cond[]; action: Action } {
  const conds: Cond[] = [];
  let action: Action = { kind: 'none' };
  let negate = false;
  let module = '';
  for (let i = 0; i < words.length;) {
    const w = words[i++] ?? '';
    const next = (): string => words[i++] ?? '';
    if (w === '!') {
      negate = true;
      continue;
    }
    if (w === '-p' || w === '--protocol') {
      const p = next();
      if (p !== 'all' && p !== '0') conds.push(value('l4proto', p, negate, l4Name));
    } else if (w === '-d' || w === '--destination') conds.push({ kind: 'daddr', blocks: next().split(','), negate });
    else if (w === '-i' || w === '--in-interface') {
      conds.push({ kind: 'value', key: 'iifname', values: [next().replace(/\+$/, '*')], negate });
    } else if (w === '-s' || w === '--source' || w === '-o' || w === '--out-interface') {
      conds.push({ kind: 'opaque', what: `${w} ${next()}` });
    } else if (w === '-f' || w === '--fragment') conds.push({ kind: 'opaque', what: w });
    else if (w === '-m' || w === '--match') {
      module = next();
      if (!DECIDABLE_MODULES.has(module)) conds.push({ kind: 'opaque', what: `-m ${module}` });
    } else if (w === '-j' || w === '--jump') {
      action = targetAction(next(), userChains);
      break; // the target's own options follow
    } else if (w === '-g' || w === '--goto') {
      action = { kind: 'goto', target: next() };
      break;
    } else if (w === '-c') i += 2;
    else if (w.startsWith('--') && DECIDABLE_MODULES.has(module)) {
      const [cond, n] = moduleOption(module, w, words.slice(i), negate);
      if (cond !== null) conds.push(cond);
      i += n;
    } else if (w.startsWith('--')) {
      // An option of an undecidable module (already marked opaque): skip its values.
      while (i < words.length && !(words[i] ?? '').startsWith('-') && words[i] !== '!') i++;
    } else conds.push({ kind: 'opaque', what: w });
    negate = false;
  }
  return { conds, action };
}

interface TableDraft {
  readonly name: string;
  readonly chains: Map<string, Rule[]>;
  readonly policies: Map<string, string>;
  readonly lines: { chain: string; rest: string }[];
}

/**
 * Parse iptables-save (family 4) or ip6tables-save (family 6) output. `command` names the tool in rule texts
 * ('iptables', 'ip6tables', 'iptables-legacy'). Throws on a line that is not part of the save format.
 * @example parseIptablesSave(stdout, 4).tables[0]?.inputs // [{ chain: 'INPUT', priority: 0, policy: 'drop' }]
 */
export function parseIptablesSave(
  text: string,
  family: 4 | 6,
  command = family === 4 ? 'iptables' : 'ip6tables',
): IptablesSave {
  const drafts: TableDraft[] = [];
  const incompatible: string[] = [];
  let backend: IptablesSave['backend'] = 'legacy';
  let current: TableDraft | null = null;
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      if (/^# Generated by .*\(nf_tables\)/.test(line)) backend = 'nf_tables';
      const bad = /^# Table `([^']+)' is incompatible/.exec(line);
      if (bad !== null) incompatible.push(bad[1] as string);
      return;
    }
    if (line.startsWith('*')) {
      current = { name: line.slice(1), chains: new Map(), policies: new Map(), lines: [] };
      drafts.push(current);
      return;
    }
    const decl = /^:(\S+)\s+(\S+)/.exec(line);
    const rule = /^(?:\[\d+:\d+\]\s+)?-A\s+(\S+)\s*(.*)$/.exec(line);
    if (current !== null && decl !== null) {
      current.chains.set(decl[1] as string, []);
      current.policies.set(decl[1] as string, decl[2] as string);
    } else if (current !== null && rule !== null)
      current.lines.push({ chain: rule[1] as string, rest: rule[2] as string });
    else if (line === 'COMMIT' && current !== null) current = null;
    else throw new Error(`${command}-save line ${n + 1} not understood: ${line.slice(0, 80)}`);
  });
  const tables = drafts.map((d): Table => {
    const userChains = new Set([...d.policies].filter(([, p]) => p === '-').map(([c]) => c));
    for (const { chain, rest } of d.lines) {
      const rules = d.chains.get(chain) ?? [];
      d.chains.set(chain, [...rules, { text: rest, ...parseRule(tokenize(rest), userChains) }]);
    }
    const priority = INPUT_PRIORITY[d.name];
    const policy = d.policies.get('INPUT');
    const inputs: InputChain[] =
      priority === undefined || policy === undefined
        ? []
        : [{ chain: 'INPUT', priority, policy: policy === 'DROP' ? 'drop' : 'accept' }];
    return {
      source: 'iptables',
      family: family === 4 ? 'ip' : 'ip6',
      name: d.name,
      label: `${command} ${d.name}`,
      families: [family],
      chains: d.chains,
      inputs,
    };
  });
  return { tables, backend, incompatible };
}
