/** Events of a network scan: every stage consumes and produces an AsyncIterable of these. */
import type { Finding } from './finding.js';
import type { ServiceInfo } from './service.js';
import type { Transport } from './socket.js';

/** nmap's vocabulary: open|filtered is a UDP port that gave no answer and no refusal. */
export type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered';

/**
 * Why a state was concluded:
 * syn-ack (TCP connect succeeded), conn-refused (TCP RST / ICMP port unreachable for UDP),
 * udp-response (a UDP reply arrived), timeout (no answer after retries), host-unreach / net-unreach /
 * admin-prohibited (ICMP errors), no-response (UDP, nothing at all).
 */
export type StateReason =
  | 'syn-ack'
  | 'conn-refused'
  | 'udp-response'
  | 'timeout'
  | 'host-unreach'
  | 'net-unreach'
  | 'admin-prohibited'
  | 'no-response';

/** One port's result. */
export interface PortObserved {
  readonly type: 'port';
  /** The address scanned (canonical text). */
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  readonly state: PortState;
  readonly reason: StateReason;
  /** Round-trip time of the deciding answer in milliseconds; null when nothing answered. */
  readonly rttMs: number | null;
  /** For UDP: the reply's first bytes (hex, capped), when one arrived. */
  readonly replyHex?: string;
}

/** A host's liveness: 'down' when nothing at all answered (no SYN-ACK, no RST, no ICMP). */
export interface HostObserved {
  readonly type: 'host';
  readonly host: string;
  readonly state: 'up' | 'down';
  readonly reason: StateReason | 'skipped-discovery';
}

/** Progress of the scan, for a progress bar and for resuming. */
export interface ScanProgress {
  readonly type: 'progress';
  /** Probes finished and total probes (host × port), in permutation order. */
  readonly done: number;
  readonly total: number;
  /** Probes per second over the last interval. */
  readonly rate: number;
}

/** What identification found on an open port. */
export interface ServiceIdentified {
  readonly type: 'service';
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  readonly service: ServiceInfo;
}

/** Flat facts a check saw, for tables, JSON and diffs. */
export type Evidence = Readonly<Record<string, string | number | boolean | null>>;

/** One check's result on one port: evidence, and findings when it found a weakness. */
export interface CheckCompleted {
  readonly type: 'check';
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  /** The check's id (its file name in src/checks/). */
  readonly check: string;
  readonly status: 'ok' | 'not-applicable' | 'error';
  /** Why it did not apply, or what went wrong; absent when ok. */
  readonly message?: string;
  readonly evidence: Evidence;
  readonly findings: readonly Finding[];
  /** What the check learned about the service (e.g. the version from a protocol exchange). */
  readonly service?: Partial<ServiceInfo>;
  readonly durationMs: number;
}

export type ScanEvent = PortObserved | HostObserved | ScanProgress | ServiceIdentified | CheckCompleted;
