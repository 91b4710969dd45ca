/** What the assessment needs to know from the firewall about one socket. */
import type { FirewallState } from '../core/firewall.js';
import type { ListeningSocket } from '../core/socket.js';

export type { FirewallState };

export interface FirewallAnswer {
  readonly state: FirewallState;
  /** The rule that decided, in the firewall's own words; null when none did (policy) or unknown. */
  readonly rule: string | null;
  /** 'nftables', 'iptables', … */
  readonly source: string;
  /** Rules that apply only to some traffic (some sources, an interface, a rate), in the firewall's words. */
  readonly conditions: readonly string[];
}

/** Answers for sockets; null when no firewall information is available at all. */
export type FirewallView = (socket: ListeningSocket) => FirewallAnswer | null;
