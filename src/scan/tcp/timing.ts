/** Per-host round-trip estimates and probe timeouts (RFC 6298), and nmap-style timing presets T0–T5. */

/** How patient and how parallel a scan is; the presets mirror nmap's -T0 … -T5. */
export interface TimingPreset {
  /** nmap's name for the template. */
  readonly name: 'paranoid' | 'sneaky' | 'polite' | 'normal' | 'aggressive' | 'insane';
  /** Timeout of a probe to a host that has not answered yet. */
  readonly initialTimeoutMs: number;
  /** Clamps of the RTT-derived timeout. */
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
  /** Re-sends of a probe that timed out before it is reported filtered. */
  readonly maxRetries: number;
  /** Minimum gap between two probe starts (0: none); turns into a rate ceiling. */
  readonly scanDelayMs: number;
  /** Ceiling of the congestion window (probes in flight). */
  readonly maxParallelism: number;
  /**
   * The least time a probe to a host not yet heard from is given: long enough for the kernel to give up on ARP /
   * neighbour discovery (Linux: 3 solicitations 1 s apart) and say EHOSTUNREACH, which proves nobody is there.
   */
  readonly firstContactMs: number;
}

/** The six presets, indexed by their -T level. Values follow nmap's timing templates. */
export const TIMING_PRESETS: readonly [
  TimingPreset,
  TimingPreset,
  TimingPreset,
  TimingPreset,
  TimingPreset,
  TimingPreset,
] = [
  {
    name: 'paranoid',
    initialTimeoutMs: 300_000,
    minTimeoutMs: 100,
    maxTimeoutMs: 300_000,
    maxRetries: 10,
    scanDelayMs: 300_000,
    maxParallelism: 1,
    firstContactMs: 300_000,
  },
  {
    name: 'sneaky',
    initialTimeoutMs: 15_000,
    minTimeoutMs: 100,
    maxTimeoutMs: 15_000,
    maxRetries: 10,
    scanDelayMs: 15_000,
    maxParallelism: 1,
    firstContactMs: 15_000,
  },
  {
    name: 'polite',
    initialTimeoutMs: 1_000,
    minTimeoutMs: 100,
    maxTimeoutMs: 10_000,
    maxRetries: 10,
    scanDelayMs: 400,
    maxParallelism: 1,
    firstContactMs: 4_000,
  },
  {
    name: 'normal',
    initialTimeoutMs: 1_000,
    minTimeoutMs: 100,
    maxTimeoutMs: 10_000,
    maxRetries: 10,
    scanDelayMs: 0,
    maxParallelism: 300,
    firstContactMs: 4_000,
  },
  {
    name: 'aggressive',
    initialTimeoutMs: 500,
    minTimeoutMs: 100,
    maxTimeoutMs: 1_250,
    maxRetries: 6,
    scanDelayMs: 0,
    maxParallelism: 300,
    firstContactMs: 4_000,
  },
  {
    name: 'insane',
    initialTimeoutMs: 250,
    minTimeoutMs: 50,
    maxTimeoutMs: 300,
    maxRetries: 2,
    scanDelayMs: 0,
    maxParallelism: 300,
    firstContactMs: 1_000,
  },
];

/** A smoothed round-trip time and its variation (RFC 6298 §2), in milliseconds. */
export interface RttEstimate {
  readonly srttMs: number;
  readonly rttvarMs: number;
  readonly samples: number;
}

/** The estimate before any answer. */
export const NO_RTT: RttEstimate = { srttMs: 0, rttvarMs: 0, samples: 0 };

/**
 * Fold one measured round trip into an estimate (RFC 6298: alpha 1/8, beta 1/4). Only first-try probes
 * may be measured (Karn's rule): the answer to a re-sent probe cannot be matched to one send time.
 * @example addRttSample(NO_RTT, 20) // { srttMs: 20, rttvarMs: 10, samples: 1 }
 */
export function addRttSample(e: RttEstimate, sampleMs: number): RttEstimate {
  const r = Math.max(0, sampleMs);
  if (e.samples === 0) return { srttMs: r, rttvarMs: r / 2, samples: 1 };
  const rttvarMs = 0.75 * e.rttvarMs + 0.25 * Math.abs(e.srttMs - r);
  const srttMs = 0.875 * e.srttMs + 0.125 * r;
  return { srttMs, rttvarMs, samples: e.samples + 1 };
}

/**
 * The timeout of the next probe: SRTT + 4·RTTVAR clamped to the preset, or the preset's initial timeout
 * before any sample. `fallback` (the scan-wide estimate) stands in for a host that has not answered yet.
 * @example probeTimeoutMs(addRttSample(NO_RTT, 2), TIMING_PRESETS[4]) // 100 (the minimum)
 */
export function probeTimeoutMs(e: RttEstimate, preset: TimingPreset, fallback: RttEstimate = NO_RTT): number {
  const src = e.samples > 0 ? e : fallback;
  if (src.samples === 0) return preset.initialTimeoutMs;
  const raw = src.srttMs + 4 * src.rttvarMs;
  return Math.min(preset.maxTimeoutMs, Math.max(preset.minTimeoutMs, Math.ceil(raw)));
}

/**
 * Back-off of a re-sent probe: each retry doubles the timeout (RFC 6298 §5.5), within the preset's maximum.
 * @example retryTimeoutMs(100, 2, TIMING_PRESETS[4]) // 400
 */
export function retryTimeoutMs(baseMs: number, tries: number, preset: TimingPreset): number {
  return Math.min(preset.maxTimeoutMs, baseMs * 2 ** Math.min(tries, 16));
}
