/**
 * The TCP connect scan: `scanTcp` streams events for an iterable of probes. See scheduler.ts for how probes
 * are paced, timed out, retried and how silent hosts are recognised; workers.ts for sharding over threads.
 */
import type { ScanEvent } from '../../core/scan.js';
import { availableParallelism } from 'node:os';
import { socketBudget } from './limits.js';
import { openNativeConnector, type NativeConnector } from './native.js';
import type { TcpProbe, TcpScanOptions } from './options.js';
import { TcpScheduler } from './scheduler.js';
import { iterableSource, type ProbeSource } from './state.js';

/**
 * The engine over a `ProbeSource`, yielding events in batches. `feed` receives a function to call when a
 * starved source has probes again (the worker shards, whose probes arrive by message).
 */
export async function* scanSourceBatches(
  source: ProbeSource,
  options: TcpScanOptions,
  signal: AbortSignal | undefined,
  budget: number,
  feed?: (refilled: () => void) => void,
): AsyncGenerator<ScanEvent[], void, undefined> {
  if (signal?.aborted === true) return;
  let native: NativeConnector | null = null;
  if (options.native === true && options.connector === undefined) {
    native = openNativeConnector(options.nativeThreads ?? Math.min(4, availableParallelism()));
  }
  const scheduler = new TcpScheduler(
    source,
    native === null ? options : { ...options, connector: native.connector },
    budget,
  );
  feed?.(() => {
    scheduler.pump();
  });
  const onAbort = (): void => {
    scheduler.stop();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    scheduler.pump();
    for (;;) {
      const batch = scheduler.take();
      if (batch.length > 0) {
        yield batch;
        // The consumer caught up: room for more probes if the event queue had stopped them.
        scheduler.pump();
        continue;
      }
      if (scheduler.finished) break;
      await scheduler.waitForEvents();
    }
    if (scheduler.error !== null) throw scheduler.error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    scheduler.stop();
    native?.close();
  }
}

/**
 * Like `scanTcp`, yielding events in batches: cheaper for a consumer that handles many at once.
 * `budget`: sockets this engine may hold (default: from RLIMIT_NOFILE).
 */
export function scanTcpBatches(
  probes: Iterable<TcpProbe>,
  options: TcpScanOptions = {},
  signal?: AbortSignal,
  budget: number = socketBudget(),
): AsyncGenerator<ScanEvent[], void, undefined> {
  return scanSourceBatches(iterableSource(probes), options, signal, budget);
}

/**
 * TCP connect scan of `probes`, pulled lazily in the caller's order (memory stays bounded whatever their
 * number). Emits a PortObserved for every probe of a live host (open, closed or filtered, with the reason and
 * the round-trip time), HostObserved when a host is known up or decided down (a down host's ports are not
 * reported; `skipHostDiscovery` scans every port anyway), and ScanProgress periodically. Aborting `signal`
 * ends the stream cleanly after the results decided so far.
 * @example
 * for await (const e of scanTcp([{ host: '127.0.0.1', port: 22, index: 0 }], { timing: 4 })) console.log(e);
 */
export async function* scanTcp(
  probes: Iterable<TcpProbe>,
  options: TcpScanOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<ScanEvent, void, undefined> {
  for await (const batch of scanTcpBatches(probes, options, signal)) yield* batch;
}
