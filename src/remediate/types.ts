/** Remediation plans: what `portwarden fix` decides for each port, and the commands that carry the decision out. */
import type { AdviceAction, Severity } from '../core/finding.js';
import type { Text } from '../core/lang.js';
import type { Transport } from '../core/socket.js';

export const FIX_SCHEMA = 'portwarden.fix/1';

/** Firewalls (and operating systems) portwarden writes commands for. */
export type Platform = 'nftables' | 'iptables' | 'ufw' | 'firewalld' | 'windows' | 'pf';

export const PLATFORMS: readonly Platform[] = ['nftables', 'iptables', 'ufw', 'firewalld', 'windows', 'pf'];

/** The shell a command is shown for: POSIX sh, Windows cmd.exe, or PowerShell. */
export type Dialect = 'posix' | 'cmd' | 'powershell';

/**
 * One command as an argument vector: run with execFile (never a shell); shown quoted for `dialect`.
 * `script` is set instead of argv only for fixed PowerShell pipelines with no value from a run in them.
 */
export interface Command {
  readonly dialect: Dialect;
  readonly argv: readonly string[];
  readonly script?: string;
}

/** A firewall command the applier can run and undo. */
export interface FirewallCommand extends Command {
  /** Runs instead of nothing: when this succeeds (exit 0) the command is already in effect and is skipped. */
  readonly skipIf?: readonly string[];
  /** Runs first: the command runs only when this succeeds (rollback: only remove what exists). */
  readonly onlyIf?: readonly string[];
  /** The command that undoes this one, when it is known in advance (iptables); nft rules are undone by handle. */
  readonly undo?: readonly string[];
}

/** What a firewall rule does for one port: drop everything from the network, or everything but some sources. */
export interface FirewallRule {
  readonly transport: 'tcp' | 'udp';
  readonly port: number;
  /** Sources still allowed (canonical CIDRs); empty: block every source. Loopback traffic is never blocked. */
  readonly allowFrom: readonly string[];
}

export type StepKind = 'firewall' | 'service' | 'config' | 'note';

/** One thing to do, in words and (where there is one) commands. */
export interface Step {
  readonly kind: StepKind;
  readonly text: Text;
  readonly commands: readonly Command[];
  /** Configuration lines to have in a file (config steps). */
  readonly file?: { readonly path: string; readonly lines: readonly string[] };
  /** Set when a safety rule refused this step (the SSH guard): why; the commands are not run by --apply. */
  readonly refused?: Text;
}

/** The decision for one port. */
export interface PortPlan {
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  readonly service: string | null;
  readonly severity: Severity;
  /** close, restrict, harden (keep, configured safely) or keep. */
  readonly decision: AdviceAction;
  /** Why: the knowledge base's advice and the findings' titles, in both languages. */
  readonly reasons: readonly Text[];
  /** Facts observed, as `key=value` strings. */
  readonly evidence: readonly string[];
  readonly findings: readonly string[];
  /** The firewall rule --apply adds (null when the decision needs none or the SSH guard refused it). */
  readonly rule: FirewallRule | null;
  readonly steps: readonly Step[];
}

/** The whole plan of one run. */
export interface FixPlan {
  readonly schema: typeof FIX_SCHEMA;
  readonly runId: string;
  readonly runKind: string;
  readonly platform: Platform;
  readonly allowFrom: readonly string[];
  readonly threshold: Severity;
  /** Commands that create portwarden's own table or chain, before any rule. */
  readonly setup: readonly FirewallCommand[];
  /** Ports that need action (at or above the threshold, decision other than keep), most urgent first. */
  readonly actions: readonly PortPlan[];
  /** Commands to run once after every rule (firewalld: reload). */
  readonly finish: readonly Command[];
  /** Ports that can stay as they are. */
  readonly keep: readonly PortPlan[];
  /** Commands that remove everything portwarden added to the firewall. */
  readonly rollback: readonly FirewallCommand[];
}
