/** Options of the TCP connect engine, their defaults in one place, and their validation. */
import { UsageError } from '../../core/errors.js';
import type { Connector } from './connect.js';
import { DEFAULT_CONGESTION, type CongestionParams } from './congestion.js';
import { TIMING_PRESETS, type TimingPreset } from './timing.js';

/** One probe: connect to `host` (an IP literal) on `port`. `index` is its position in the caller's order. */
export interface TcpProbe {
  readonly host: string;
  readonly port: number;
  readonly index: number;
}

export interface TcpScanOptions {
  /** nmap-style timing template -T0 … -T5 (default 3, like nmap). */
  readonly timing?: 0 | 1 | 2 | 3 | 4 | 5;
  /** Re-sends of a timed-out probe (default: the template's); nmap's --max-retries. */
  readonly maxRetries?: number;
  /** Ceiling on probes started per second (default: none, or the template's scan delay); nmap's --max-rate. */
  readonly maxRate?: number;
  /** Ceiling on probes in flight; it is also bounded by the descriptor limit (RLIMIT_NOFILE). */
  readonly maxInFlight?: number;
  /** -Pn: scan every port of every host, never declare a host down. */
  readonly skipHostDiscovery?: boolean;
  /** A host with no SYN-ACK and no RST after this many ports is down (default 10). */
  readonly hostDownAfter?: number;
  /** The number of probes, when the caller knows it, for ScanProgress.total. */
  readonly totalProbes?: number;
  /** Probes in flight to hosts not yet heard from, at most (default 64; split between worker threads). */
  readonly maxDiscoveryInFlight?: number;
  /** How many distinct hosts the probes cover, when known: spreads the discovery budget over all of them. */
  readonly expectedHosts?: number;
  /** Interval of ScanProgress events in milliseconds (default 1000). */
  readonly progressIntervalMs?: number;
  /** Replaces the socket layer (tests). Not available with worker threads. */
  readonly connector?: Connector;
  /**
   * Make the connects in the optional native addon (native.ts), compiled with the machine's `cc` on first
   * use and cached; falls back to the TypeScript connector when it cannot be built. Default false.
   */
  readonly native?: boolean;
  /** Native threads of the addon (default: the cores, 1–4). */
  readonly nativeThreads?: number;
  /** Overrides of the congestion window parameters. */
  readonly congestion?: Partial<CongestionParams>;
}

/** Options with every default applied. */
export interface ResolvedTcpOptions {
  readonly preset: TimingPreset;
  readonly maxRetries: number;
  /** Probes per second, or Infinity. */
  readonly maxRate: number;
  readonly maxInFlight: number;
  readonly skipHostDiscovery: boolean;
  readonly hostDownAfter: number;
  readonly totalProbes: number | null;
  readonly expectedHosts: number | null;
  readonly maxDiscoveryInFlight: number;
  readonly progressIntervalMs: number;
  readonly congestion: CongestionParams;
}

function check(ok: boolean, name: string, value: unknown): void {
  if (!ok) {
    throw new UsageError('USAGE', `Invalid TCP scan option ${name}: ${String(value)}.`, {
      details: { option: name, value },
    });
  }
}

/**
 * Linux resolves only some 80 unknown neighbours at once; beyond that, first SYNs to silent LAN addresses are
 * dropped and wait for TCP's retransmission (measured: 100 connects at once → 78 EHOSTUNREACH at 3 s, the rest at
 * 7 s). So first contacts are kept under that.
 */
export const DEFAULT_DISCOVERY_IN_FLIGHT = 64;

/**
 * Apply defaults and validate. `socketBudget` is the descriptor budget of this engine.
 * @example resolveTcpOptions({ timing: 4 }, 896).preset.maxTimeoutMs // 1250
 */
export function resolveTcpOptions(o: TcpScanOptions, socketBudget: number): ResolvedTcpOptions {
  const preset = TIMING_PRESETS[o.timing ?? 3] as TimingPreset | undefined;
  check(preset !== undefined, 'timing', o.timing);
  const p = preset as TimingPreset;
  const maxRetries = o.maxRetries ?? p.maxRetries;
  check(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 50, 'maxRetries', maxRetries);
  const presetRate = p.scanDelayMs > 0 ? 1000 / p.scanDelayMs : Infinity;
  check(o.maxRate === undefined || (Number.isFinite(o.maxRate) && o.maxRate > 0), 'maxRate', o.maxRate);
  const maxRate = Math.min(o.maxRate ?? Infinity, presetRate);
  check(
    o.maxInFlight === undefined || (Number.isInteger(o.maxInFlight) && o.maxInFlight > 0),
    'maxInFlight',
    o.maxInFlight,
  );
  const maxInFlight = Math.max(1, Math.min(o.maxInFlight ?? Infinity, socketBudget));
  check(
    o.nativeThreads === undefined ||
      (Number.isInteger(o.nativeThreads) && o.nativeThreads >= 1 && o.nativeThreads <= 16),
    'nativeThreads',
    o.nativeThreads,
  );
  const hostDownAfter = o.hostDownAfter ?? 10;
  check(Number.isInteger(hostDownAfter) && hostDownAfter > 0, 'hostDownAfter', hostDownAfter);
  const c = { ...DEFAULT_CONGESTION, maxCwnd: p.maxParallelism, ...o.congestion };
  check(c.minCwnd >= 1 && c.initialCwnd >= 1 && c.maxCwnd >= c.minCwnd, 'congestion', JSON.stringify(c));
  const congestion: CongestionParams = {
    ...c,
    maxCwnd: Math.min(c.maxCwnd, maxInFlight),
    initialCwnd: Math.min(c.initialCwnd, maxInFlight),
  };
  return {
    preset: p,
    maxRetries,
    maxRate,
    maxInFlight,
    skipHostDiscovery: o.skipHostDiscovery ?? false,
    hostDownAfter,
    totalProbes: o.totalProbes ?? null,
    expectedHosts: o.expectedHosts ?? null,
    maxDiscoveryInFlight: o.maxDiscoveryInFlight ?? DEFAULT_DISCOVERY_IN_FLIGHT,
    progressIntervalMs: o.progressIntervalMs ?? 1000,
    congestion,
  };
}

/**
 * Throws a usage error for a probe the engine cannot send (the port must be 1–65535; the host an IP literal is
 * the caller's business, a name would be looked up by the socket layer).
 */
export function checkProbe(probe: TcpProbe): void {
  const { port } = probe;
  check(Number.isInteger(port) && port >= 1 && port <= 65535, 'port', port);
  check(typeof probe.host === 'string' && probe.host !== '', 'host', probe.host);
}
