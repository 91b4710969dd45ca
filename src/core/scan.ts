/** Events of a network scan: every stage consumes and produces an AsyncIterable of these. */
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

export type ScanEvent = PortObserved | HostObserved | ScanProgress;
