/** The scan job: targets × ports in keyed order → TCP connect engine, then UDP probes → one event stream. */
import { setMaxListeners } from 'node:events';
import type { ScanEvent } from '../core/scan.js';
import { loadNativeAddon, scanTcp, scanTcpSharded } from '../scan/tcp/index.js';
import type { TcpScanOptions } from '../scan/tcp/options.js';
import { scanUdp, type UdpScanOptions } from '../scan/udp/engine.js';
import type { PortList } from '../targets/ports.js';
import type { Seed } from '../targets/permutation.js';
import { scanOrder } from '../targets/scan-order.js';
import type { TargetSet } from '../targets/targets.js';
import type { ResumeTracker } from './resume-tracker.js';

export interface ScanJob {
  readonly targets: TargetSet;
  readonly ports: PortList;
  /** Key of the probe order; the same seed gives the same order. */
  readonly seed: Seed;
  readonly tcp?: TcpScanOptions;
  readonly udp?: UdpScanOptions;
}

/** Where a resumed scan stands: the tracker knows which TCP probes are finished. */
export interface ScanResume {
  readonly tracker: ResumeTracker;
  readonly tcpFinished: boolean;
  readonly udpFinished: boolean;
}

/** Below this many TCP probes the scan runs on one thread. */
const SHARD_FROM = 4096n;

/** Total probes of a job: hosts × (TCP ports + UDP ports). */
export function probeCount(job: ScanJob): bigint {
  return job.targets.count * BigInt(job.ports.tcp.length + job.ports.udp.length);
}

/**
 * Run a scan job: TCP ports first (in keyed random order over host × port), then UDP ports.
 * Events stream as they are decided; aborting `signal` ends the stream with what was found.
 * @example for await (const e of scanJob(job, signal)) if (e.type === 'port' && e.state === 'open') …
 */
export async function* scanJob(job: ScanJob, signal?: AbortSignal, resume?: ScanResume): AsyncGenerator<ScanEvent> {
  // Every UDP probe (and inspected port) in flight listens for the abort: far more than Node's default of 10.
  if (signal !== undefined) setMaxListeners(0, signal);
  if (job.ports.tcp.length > 0 && resume?.tcpFinished !== true) {
    const order = scanOrder(job.targets, job.ports.tcp, job.seed);
    const start = BigInt(resume?.tracker.watermark() ?? 0);
    const pairs = (function* () {
      for (const pair of order.range(start)) yield { host: pair.host, port: pair.port, index: Number(pair.index) };
    })();
    const probes = resume === undefined ? pairs : resume.tracker.track(pairs);
    const hosts = job.targets.count;
    const options = {
      ...job.tcp,
      totalProbes: Number(order.total),
      expectedHosts: hosts > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(hosts),
    };
    // Large scans: the native connector where it was built (its threads make the connects, no socket objects in
    // JavaScript), else worker threads, which pay for themselves only then (each costs a V8 isolate to start).
    const large = order.total >= SHARD_FROM;
    const native = job.tcp?.native ?? (large && job.tcp?.connector === undefined && loadNativeAddon() !== null);
    if (native) yield* scanTcp(probes, { ...options, native: true }, signal);
    else if (large) yield* scanTcpSharded(probes, options, signal);
    else yield* scanTcp(probes, options, signal);
  }
  if (job.ports.udp.length > 0 && signal?.aborted !== true && resume?.udpFinished !== true) {
    yield* scanUdp(job.targets, job.ports.udp, job.udp ?? {}, signal);
  }
}
