/**
 * The contract of a check: one file per check in src/checks/, self-describing like an nmap NSE script.
 * A check gets one open port (with what identification found on it) and returns evidence and findings;
 * it never throws for network trouble — the runner turns a thrown error into an `error` result on the port.
 */
import type { AdviceAction, Severity } from '../core/finding.js';
import type { Text } from '../core/lang.js';
import type { ServiceInfo } from '../core/service.js';
import type { Transport } from '../core/socket.js';

export type { ServiceInfo } from '../core/service.js';

/** What decides whether a check runs: only `safe` and `discovery` unless the user asks. */
export type CheckCategory = 'safe' | 'discovery' | 'intrusive' | 'auth' | 'vuln';

import type { Evidence } from '../core/scan.js';

export type { Evidence } from '../core/scan.js';

/** The port a check runs against. */
export interface CheckTarget {
  readonly host: string;
  readonly port: number;
  readonly transport: Transport;
  /** What identification found, or null when identification did not run or found nothing. */
  readonly service: ServiceInfo | null;
}

/** Everything a check may use. */
export interface CheckContext {
  readonly target: CheckTarget;
  readonly signal: AbortSignal;
  /** Time allowed for one network operation (connect, one reply). */
  readonly timeoutMs: number;
  /** The user allowed intrusive actions (`--intrusive`). */
  readonly intrusive: boolean;
  /** Check arguments given by the user, like nmap's --script-args: e.g. `dns.zone=example.test`. */
  readonly args: Readonly<Record<string, string>>;
}

/** One conclusion of a check. Titles and details are in every language we ship. */
export interface CheckFinding {
  /** Distinguishes several findings of one check on one port (e.g. one per weak cipher family); '' when one. */
  readonly key: string;
  readonly severity: Severity;
  readonly title: Text;
  readonly detail: Text;
  readonly action: AdviceAction;
  readonly evidence: Evidence;
}

/** What a check concluded. */
export type CheckOutcome =
  | {
      readonly status: 'ok';
      /** What was seen, whether or not it is a weakness. */
      readonly evidence: Evidence;
      /** Weaknesses (empty when the port is fine for this check). */
      readonly findings: readonly CheckFinding[];
      /** What the check learned about the service, merged into identification (e.g. product from a banner). */
      readonly service?: Partial<ServiceInfo>;
    }
  /** The port does not speak what the check expects, or the check had nothing to do. */
  | { readonly status: 'not-applicable'; readonly reason: string }
  /** The check could not finish: timeout, malformed reply, connection reset. */
  | { readonly status: 'error'; readonly error: string };

/** Which ports a check runs on: a port number it is known for, or an identified service name. */
export interface PortRule {
  readonly transport: Transport;
  /** Ports where the check runs even if identification found nothing. */
  readonly ports?: readonly number[];
  /** Identified service names where the check runs on any port. */
  readonly services?: readonly string[];
  /** Run on every port where identification found TLS (for TLS checks). */
  readonly tls?: boolean;
}

/** A check, like an NSE script: id equals the file name. */
export interface Check {
  readonly id: string;
  readonly title: Text;
  readonly categories: readonly CheckCategory[];
  /** RFCs, CVEs and advisories behind the check: 'RFC 959', 'CVE-2011-2523', or URLs. */
  readonly references: readonly string[];
  readonly applies: PortRule;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}
