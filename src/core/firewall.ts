/** Firewall vocabulary shared by the ruleset reader (inventory) and the assessment. */

/**
 * What a firewall does to new connections to a socket:
 * - 'blocked': every new connection is dropped or rejected;
 * - 'allowed': accepted (some traffic may still be dropped by conditional rules);
 * - 'restricted': accepted only from some sources, on some interfaces or at some rates;
 * - 'unknown': the firewall could not be read, or its path could not be followed statically.
 */
export type FirewallState = 'allowed' | 'blocked' | 'restricted' | 'unknown';

/** Which rulesets were read, and why the others were not (English; `reason` is what a front end localises). */
export interface FirewallStatus {
  /** Rulesets read at least in part, e.g. ['nftables', 'iptables']; empty when none could be read. */
  readonly read: readonly string[];
  readonly notRead: readonly {
    /** The tool: 'nft', 'iptables-save', 'ip6tables-save', …. */
    readonly source: string;
    readonly reason: 'not-installed' | 'permission' | 'failed';
    readonly message: string;
  }[];
}
