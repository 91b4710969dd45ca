/** The state the scheduler keeps per host and per probe in flight, and the source it pulls probes from. */
import type { PortObserved, StateReason } from '../../core/scan.js';
import type { ConnectHandle } from './connect.js';
import type { Window } from './congestion.js';
import type { TcpProbe } from './options.js';
import { NO_RTT, type RttEstimate } from './timing.js';

/**
 * Where the scheduler pulls probes from: the next probe, null when none is available yet (a feed refilled
 * asynchronously: call `pump` when it is), undefined at the end.
 */
export interface ProbeSource {
  next(): TcpProbe | null | undefined;
}

/** A source over an ordinary iterable. */
export function iterableSource(probes: Iterable<TcpProbe>): ProbeSource {
  const it = probes[Symbol.iterator]();
  return {
    next() {
      const r = it.next();
      return r.done === true ? undefined : r.value;
    },
  };
}

export interface HostState {
  readonly name: string;
  rtt: RttEstimate;
  window: Window;
  inFlight: number;
  /** Probes of this host waiting for its window; re-sends go first. */
  readonly queue: Pending[];
  inReady: boolean;
  /** Waiting in the scheduler's list of hosts held back by a scan-wide budget rather than their own window. */
  inStarved: boolean;
  /** Highest try number that got an answer: nmap's rule allows one retry more than that. */
  maxAnsweredTry: number;
  lastCutSeq: number;
  /** 'up' once a SYN-ACK or RST came; 'down' once decided silent. */
  state: 'unknown' | 'up' | 'down';
  /** Filtered results of a host not yet known to be up, held back until it is decided. */
  held: PortObserved[];
  lastNegative: StateReason;
}

export interface Pending {
  readonly host: HostState;
  readonly port: number;
  /** Sent while its host was undecided: counted against the discovery budget, not the congestion window. */
  discovery: boolean;
  tries: number;
  selfConnects: number;
  active: boolean;
  handle: ConnectHandle | null;
  sentAt: number;
  deadline: number;
  seq: number;
}

/** A host seen for the first time. */
export function newHostState(name: string, window: Window): HostState {
  return {
    name,
    rtt: NO_RTT,
    window,
    inFlight: 0,
    queue: [],
    inReady: false,
    inStarved: false,
    maxAnsweredTry: 0,
    lastCutSeq: 0,
    state: 'unknown',
    held: [],
    lastNegative: 'timeout',
  };
}
