/** The firewall as portwarden reads it: input chains of rules, each test reduced to what a static reading can decide. */
import type { FirewallState } from '../../core/firewall.js';

/** Which tool's rules a table or an answer comes from (ip6tables and iptables-legacy count as 'iptables'). */
export type FirewallSource = 'nftables' | 'iptables';

/** The tools the reader runs. */
export type FirewallTool =
  'nft' | 'iptables-save' | 'ip6tables-save' | 'iptables-legacy-save' | 'ip6tables-legacy-save';

/** An inclusive range of ports. */
export type PortRange = readonly [from: number, to: number];

/**
 * Facts of a packet that a rule can test by value. Values are lower case:
 * nfproto 'ipv4'|'ipv6'; l4proto 'tcp', 'udp', 'icmp', 'ipv6-icmp', …; iifname an interface name or a pattern
 * ending in '*'; ctstate 'new', 'established', …; ctstatus 'dnat', …; dsttype 'local', 'broadcast', …;
 * pkttype 'host', ….
 */
export type FactKey = 'nfproto' | 'l4proto' | 'iifname' | 'ctstate' | 'ctstatus' | 'dsttype' | 'pkttype';

/** One test of a rule. Every rule matches only when all its tests hold. `negate` inverts a test. */
export type Cond =
  | { readonly kind: 'value'; readonly key: FactKey; readonly values: readonly string[]; readonly negate: boolean }
  | { readonly kind: 'dport'; readonly ranges: readonly PortRange[]; readonly negate: boolean }
  /** Destination address in one of the blocks: 'a.b.c.d', 'a.b.c.d/len', 'a.b.c.d-e.f.g.h' (or IPv6). */
  | { readonly kind: 'daddr'; readonly blocks: readonly string[]; readonly negate: boolean }
  /** A test known to hold or to fail for every new connection (`--syn`, `tcp flags syn`). */
  | { readonly kind: 'const'; readonly value: boolean }
  /** A test a static reading cannot decide (source address, rate limit, mark, …): it may or may not match. */
  | { readonly kind: 'opaque'; readonly what: string };

/** What a rule does when it matches. 'none' means it only counts or logs; 'unknown' is a verdict we cannot follow. */
export type Action =
  | { readonly kind: 'accept' | 'drop' | 'reject' | 'return' | 'none' }
  | { readonly kind: 'jump' | 'goto'; readonly target: string }
  | { readonly kind: 'unknown'; readonly what: string };

/** One rule: its text as the tool prints it (without the chain name), its tests and its action. */
export interface Rule {
  readonly text: string;
  readonly conds: readonly Cond[];
  readonly action: Action;
}

/** A chain attached to the input hook: where the kernel starts walking. */
export interface InputChain {
  readonly chain: string;
  /** Lower runs first (nftables priority; iptables mangle −150, filter 0, security 50). */
  readonly priority: number;
  /** What happens to a packet that reaches the end of the chain. */
  readonly policy: 'accept' | 'drop';
}

/** One table: its chains and which of them hook input. */
export interface Table {
  readonly source: FirewallSource;
  /** nftables family ('ip', 'ip6', 'inet'); 'ip' or 'ip6' for iptables and ip6tables. */
  readonly family: string;
  readonly name: string;
  /** How a rule's text is prefixed for a person: 'nft inet filter', 'iptables filter', 'ip6tables mangle'. */
  readonly label: string;
  /** IP families whose packets pass through the table. */
  readonly families: readonly (4 | 6)[];
  readonly chains: ReadonlyMap<string, readonly Rule[]>;
  readonly inputs: readonly InputChain[];
}

/**
 * How reading one tool went. 'not-installed' is not a failure: without the tool there are (almost surely) no such rules.
 * 'permission' means the tool needs root (or CAP_NET_ADMIN); 'unparsable' means it printed something we could not read.
 */
export type ReadStatus = 'ok' | 'not-installed' | 'permission' | 'timeout' | 'failed' | 'unparsable';

/** One tool the reader tried. */
export interface ToolRead {
  readonly tool: FirewallTool;
  readonly source: FirewallSource;
  /** IP families the tool's rules cover. */
  readonly families: readonly (4 | 6)[];
  readonly status: ReadStatus;
  /** A short English reason for logs (the tool's first error line), or null when the status says it all. */
  readonly message: string | null;
}

/** Everything read from the firewall: the tables, and what each tool said. */
export interface FirewallRules {
  readonly tables: readonly Table[];
  readonly reads: readonly ToolRead[];
}

/**
 * The answer for one port, best effort:
 * - 'blocked': every new connection from the network is dropped or rejected, and nothing we could not evaluate
 *   could accept it first.
 * - 'allowed': connections that no source-, interface- or rate-dependent rule catches are accepted. When
 *   `conditional` is not empty, some traffic (from some sources, over a rate, …) may be dropped first.
 * - 'restricted': connections are dropped unless they match a rule we cannot evaluate statically: reachable only
 *   from some sources, on some interfaces or at some rates. `conditional` lists those rules.
 * - 'unknown': the firewall could not be read, or the path runs into something we cannot follow (a queue to a
 *   user-space program, a target we do not know, a missing chain).
 */
export type { FirewallState };

/** What the firewall does to new connections to one listening socket. */
export interface FirewallAnswer {
  readonly verdict: FirewallState;
  /**
   * The rule, policy or reason that decides for traffic no conditional rule catches, as a person reads it:
   * 'nft inet filter input: tcp dport 23 drop', 'iptables filter INPUT: policy DROP',
   * 'nft: permission denied (run as root to read the firewall)'. A report localises the unread case from `reads`.
   */
  readonly by: string;
  /** Where `by` comes from; null when no rule decided (nothing read, no input chain). */
  readonly source: FirewallSource | null;
  /**
   * Rules that may decide otherwise for some traffic, each as 'rule' or 'rule that led there → deciding rule'.
   * Empty for a clean 'allowed' or 'blocked'.
   */
  readonly conditional: readonly string[];
}
