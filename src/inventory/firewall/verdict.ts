/** Walking the input path like the kernel would, as far as a static reading can: the verdict for one listening socket. */
import type { Action, FirewallAnswer, FirewallRules, FirewallSource, InputChain, Table, ToolRead } from './model.js';
import { packetPlan, ruleMatches, type PacketFacts, type SocketView } from './packet.js';

/** A way a packet's walk can end. */
interface Outcome {
  readonly effect: 'accept' | 'drop' | 'unknown';
  readonly text: string;
  readonly source: FirewallSource | null;
  /** A rule rather than a chain policy or a default: preferred when several chains accept. */
  readonly explicit: boolean;
}

/** Where the walk of traffic that no undecidable test catches ends, and where other traffic may end. */
interface PathResult {
  readonly fallback: Outcome;
  readonly conditional: readonly Outcome[];
}

interface Frame {
  readonly chain: string;
  index: number;
}

interface Walk {
  readonly table: Table;
  readonly packet: PacketFacts;
  readonly conditional: Outcome[];
  steps: number;
}

// The kernel refuses jump stacks deeper than 16 (nftables) or 64 (legacy); anything deeper here is a loop we cannot follow.
const MAX_DEPTH = 64;
// Undecidable jumps fork the walk; this bounds the work on pathological rulesets.
const MAX_STEPS = 50_000;

function via(prefix: string | null, text: string): string {
  return prefix === null ? text : `${prefix} → ${text}`;
}

function unknownOutcome(text: string, source: FirewallSource | null): Outcome {
  return { effect: 'unknown', text, source, explicit: true };
}

function terminal(action: Action, text: string, source: FirewallSource): Outcome | null {
  switch (action.kind) {
    case 'accept':
      return { effect: 'accept', text, source, explicit: true };
    case 'drop':
    case 'reject':
      return { effect: 'drop', text, source, explicit: true };
    case 'unknown':
      return unknownOutcome(text, source);
    default:
      return null;
  }
}

/** Apply a jump, goto or return to the stack; false when the stack would grow past MAX_DEPTH. */
function enter(stack: Frame[], action: Action): boolean {
  if (action.kind === 'return') stack.pop();
  else if (action.kind === 'goto') {
    // A goto does not come back: when the target ends, control returns to whoever called the current chain.
    stack.pop();
    stack.push({ chain: action.target, index: 0 });
  } else if (action.kind === 'jump') {
    if (stack.length >= MAX_DEPTH) return false;
    stack.push({ chain: action.target, index: 0 });
  }
  return true;
}

/**
 * Walk from the top of `stack` to a verdict. Rules whose tests are undecidable do not stop the walk: a terminal one is
 * recorded as a conditional outcome; a jump, goto or return forks a walk (recorded likewise) that takes it.
 * A fork for a jump ends, with null, when the jumped-to chain returns (`stack` back to `rejoin` frames): from there on
 * it would walk exactly what the walk that skipped the jump walks.
 */
function walk(w: Walk, stack: Frame[], prefix: string | null, policy: Outcome, rejoin = 0): Outcome | null {
  const { label, source } = w.table;
  for (;;) {
    if (stack.length < rejoin) return null;
    const top = stack.at(-1);
    if (top === undefined) return { ...policy, text: via(prefix, policy.text) };
    const rules = w.table.chains.get(top.chain);
    if (rules === undefined) return unknownOutcome(via(prefix, `${label}: chain ${top.chain} not found`), source);
    const rule = rules[top.index];
    if (rule === undefined) {
      stack.pop();
      continue;
    }
    top.index++;
    if (++w.steps > MAX_STEPS) return unknownOutcome(`${label}: too many branches to follow`, source);
    const match = ruleMatches(rule.conds, w.packet);
    if (match === 'no') continue;
    const text = via(prefix, `${label} ${top.chain}: ${rule.text}`);
    const end = terminal(rule.action, text, source);
    if (match === 'maybe') {
      if (end !== null) w.conditional.push(end);
      else if (rule.action.kind !== 'none') {
        const fork = stack.map((f) => ({ ...f }));
        const forkPrefix = prefix ?? `${label} ${top.chain}: ${rule.text}`;
        const rejoinAt = rule.action.kind === 'jump' ? stack.length + 1 : 0;
        const forked = enter(fork, rule.action)
          ? walk(w, fork, forkPrefix, policy, rejoinAt)
          : unknownOutcome(`${forkPrefix}: jumps nested too deep`, source);
        if (forked !== null) w.conditional.push(forked);
      }
      continue;
    }
    if (end !== null) return end;
    if (!enter(stack, rule.action)) return unknownOutcome(`${text}: jumps nested too deep`, source);
  }
}

function walkInput(table: Table, input: InputChain, packet: PacketFacts): PathResult {
  const word = table.source === 'iptables' ? input.policy.toUpperCase() : input.policy;
  const policy: Outcome = {
    effect: input.policy,
    text: `${table.label} ${input.chain}: policy ${word}`,
    source: table.source,
    explicit: false,
  };
  const w: Walk = { table, packet, conditional: [], steps: 0 };
  // Without a rejoin point the walk always ends in a verdict or the policy.
  const fallback = walk(w, [{ chain: input.chain, index: 0 }], null, policy) ?? policy;
  return { fallback, conditional: w.conditional };
}

const STATUS_TEXT: Readonly<Record<Exclude<ToolRead['status'], 'ok' | 'not-installed'>, string>> = {
  permission: 'permission denied (run as root to read the firewall)',
  timeout: 'did not answer in time',
  failed: 'failed',
  unparsable: 'printed output that could not be read',
};

function unreadOutcome(read: ToolRead): Outcome {
  const status = read.status === 'ok' || read.status === 'not-installed' ? 'failed' : read.status;
  // The tool's own words add nothing to "permission denied" or a timeout; for other failures they are the reason.
  const detail = read.message === null || status === 'permission' || status === 'timeout' ? '' : `: ${read.message}`;
  return unknownOutcome(`${read.tool}: ${STATUS_TEXT[status]}${detail}`, read.source);
}

/**
 * A packet must be accepted by every input chain (a drop anywhere is final), so: the fallback is the first drop, else
 * the first unknown, else an accept; conditional accepts count only when every chain can accept.
 */
function combine(results: readonly PathResult[], none: Outcome): PathResult {
  if (results.length === 0) return { fallback: none, conditional: [] };
  const fallbacks = results.map((r) => r.fallback);
  const fallback =
    fallbacks.find((o) => o.effect === 'drop') ??
    fallbacks.find((o) => o.effect === 'unknown') ??
    fallbacks.find((o) => o.explicit) ??
    fallbacks[0] ??
    none;
  const everyCanAccept = results.every(
    (r) => r.fallback.effect !== 'drop' || r.conditional.some((o) => o.effect !== 'drop'),
  );
  const conditional = results.flatMap((r) => r.conditional.filter((o) => o.effect === 'drop' || everyCanAccept));
  return { fallback, conditional };
}

function familyPath(rules: FirewallRules, packet: PacketFacts): PathResult {
  const chains = rules.tables
    .filter((t) => t.families.includes(packet.family))
    .flatMap((table) => table.inputs.map((input) => ({ table, input })))
    .sort((a, b) => a.input.priority - b.input.priority);
  const covering = rules.reads.filter((r) => r.families.includes(packet.family));
  const unread = covering.filter((r) => r.status !== 'ok' && r.status !== 'not-installed');
  const results = [
    ...chains.map(({ table, input }) => walkInput(table, input, packet)),
    ...unread.map((r) => ({ fallback: unreadOutcome(r), conditional: [] })),
  ];
  const noTool = covering.length > 0 && covering.every((r) => r.status === 'not-installed');
  const ipv = `IPv${packet.family}`;
  const none = noTool
    ? unknownOutcome(`no firewall tool found (${covering.map((r) => r.tool).join(', ')})`, null)
    : { effect: 'accept' as const, text: `no firewall input chain for ${ipv}`, source: null, explicit: false };
  return combine(results, none);
}

function answer(path: PathResult): FirewallAnswer {
  const { fallback } = path;
  const base = { by: fallback.text, source: fallback.source };
  if (fallback.effect === 'unknown') return { verdict: 'unknown', ...base, conditional: [] };
  const other = [...new Set(path.conditional.filter((o) => o.effect !== fallback.effect).map((o) => o.text))];
  if (fallback.effect === 'accept') return { verdict: 'allowed', ...base, conditional: other };
  return { verdict: other.length > 0 ? 'restricted' : 'blocked', ...base, conditional: other };
}

/**
 * What the firewall does to a new connection to `socket`, best effort. A loopback bind is judged for traffic over lo,
 * any other bind for traffic from the network; a wildcard IPv6 socket is also judged for IPv4 (dual-stack unless
 * IPV6_V6ONLY, which the inventory cannot see), and an IPv4 answer that differs is listed as conditional.
 * @example firewallVerdict(rules, { transport: 'tcp', family: 4, address: '0.0.0.0', port: 23 })
 * // { verdict: 'blocked', by: 'nft inet filter input: tcp dport 23 drop', source: 'nftables', conditional: [] }
 */
export function firewallVerdict(rules: FirewallRules, socket: SocketView): FirewallAnswer {
  const plan = packetPlan(socket);
  const main = familyPath(rules, plan.main);
  if (plan.dualStackV4 === null) return answer(main);
  const v4 = familyPath(rules, plan.dualStackV4);
  const tag = (o: Outcome): Outcome => ({ ...o, text: `IPv4 to this dual-stack socket → ${o.text}` });
  return answer({
    fallback: main.fallback,
    conditional: [...main.conditional, tag(v4.fallback), ...v4.conditional.map(tag)],
  });
}
