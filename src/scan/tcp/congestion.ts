/**
 * Congestion control of probes in flight, as nmap does it: a window that starts small (10), grows by one per
 * answer in slow start and by 1/window in congestion avoidance above ssthresh, is capped (300 by default), and
 * is cut when probes are lost (a re-sent probe is answered: its first try was lost on the way; a probe that
 * never gets an answer is a filtered port, not a loss). One window for the whole scan and one per host.
 */

/** A congestion window. Fractional: congestion avoidance adds 1/cwnd per answer. */
export interface Window {
  readonly cwnd: number;
  readonly ssthresh: number;
}

export interface CongestionParams {
  /** Window at the start (nmap: 10). */
  readonly initialCwnd: number;
  /** Slow-start threshold at the start (nmap: 75). */
  readonly initialSsthresh: number;
  /** Ceiling of the window (nmap: 300; also bounded by file descriptors). */
  readonly maxCwnd: number;
  /** Floor of the window after losses. */
  readonly minCwnd: number;
}

/** nmap's defaults. */
export const DEFAULT_CONGESTION: CongestionParams = { initialCwnd: 10, initialSsthresh: 75, maxCwnd: 300, minCwnd: 1 };

/** The window of a new scan or host. */
export function initialWindow(p: CongestionParams): Window {
  const cwnd = Math.min(p.initialCwnd, p.maxCwnd);
  return { cwnd, ssthresh: Math.max(p.initialSsthresh, cwnd) };
}

/**
 * An answer arrived (open, closed or unreachable): grow.
 * @example onAnswer({ cwnd: 10, ssthresh: 75 }, DEFAULT_CONGESTION) // { cwnd: 11, ssthresh: 75 }
 */
export function onAnswer(w: Window, p: CongestionParams): Window {
  const inc = w.cwnd < w.ssthresh ? 1 : 1 / w.cwnd;
  return { cwnd: Math.min(p.maxCwnd, w.cwnd + inc), ssthresh: w.ssthresh };
}

/**
 * A probe was lost: halve the window and set ssthresh to half of what was in flight.
 * The caller counts at most one loss per round trip (losses of probes sent before the last cut are ignored),
 * as TCP does, so a burst of timeouts does not collapse the window to its floor.
 * @example onLoss({ cwnd: 40, ssthresh: 75 }, 40, DEFAULT_CONGESTION) // { cwnd: 20, ssthresh: 20 }
 */
export function onLoss(w: Window, inFlight: number, p: CongestionParams): Window {
  const cwnd = Math.max(p.minCwnd, w.cwnd / 2);
  return { cwnd, ssthresh: Math.max(2, Math.max(inFlight, w.cwnd) / 2) };
}

/**
 * The local machine ran out of a resource (descriptors, buffers, ephemeral ports): cut the window to what was
 * in flight minus a margin, and stop growing fast, so the engine settles just under the limit.
 * @example onResourcePressure({ cwnd: 300, ssthresh: 75 }, 100, DEFAULT_CONGESTION) // { cwnd: 75, ssthresh: 75 }
 */
export function onResourcePressure(w: Window, inFlight: number, p: CongestionParams): Window {
  const cwnd = Math.max(p.minCwnd, Math.min(w.cwnd, inFlight) * 0.75);
  return { cwnd, ssthresh: cwnd };
}
