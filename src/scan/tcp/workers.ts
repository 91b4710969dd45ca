/** From this many target hosts on, probes are sharded by host rather than by index. */
const HOST_SHARDING_FROM = 16;

/** The worker that owns a host: FNV-1a of its address text. */
export function hostShard(host: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/**
 * The TCP connect scan sharded over worker threads: probe i goes to worker (i mod N), each worker runs the
 * same engine with 1/N of the descriptor budget and of the rate ceiling, and the events are merged here.
 * Host liveness is merged too: up as soon as one shard saw an answer, down once every shard decided so.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScanEvent } from '../../core/scan.js';
import { scanTcp } from './engine.js';
import { socketBudget } from './limits.js';
import { checkProbe, DEFAULT_DISCOVERY_IN_FLIGHT, type TcpProbe, type TcpScanOptions } from './options.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';
import { ProbePacker, unpackEvents } from './wire.js';

/** Probes posted to a worker in one message. */
const BATCH = 512;
/** Probes a worker may have been sent and not yet taken: bounds memory whatever the target count. */
const MAX_OUTSTANDING = 8192;

export interface ShardOptions {
  /** Worker threads (default: `defaultThreads()`); 1 or fewer runs the single-thread engine here. */
  readonly threads?: number;
}

/** The default number of worker threads: the cores, between 2 and 4. */
export function defaultThreads(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Whether the compiled worker entry exists (it does not when this module runs from TypeScript sources). */
export function shardingAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

interface Shard {
  readonly worker: Worker;
  readonly packer: ProbePacker;
  outstanding: number;
  done: number;
  finished: boolean;
}

/**
 * `scanTcp` over worker threads; the same events. Runs the single-thread engine instead when `threads` ≤ 1,
 * when a custom connector is given (it cannot cross threads), with the native connector (it has threads of
 * its own), or when the worker entry is not compiled.
 * @example for await (const e of scanTcpSharded(probes, { timing: 4 }, signal, { threads: 2 })) show(e);
 */
export function scanTcpSharded(
  probes: Iterable<TcpProbe>,
  options: TcpScanOptions = {},
  signal?: AbortSignal,
  shardOptions: ShardOptions = {},
): AsyncGenerator<ScanEvent, void, undefined> {
  // More threads than a few per core only add contention (and each costs a V8 isolate).
  const n = Math.min(Math.floor(shardOptions.threads ?? defaultThreads()), 4 * availableParallelism());
  // The native connector has its own threads: one JavaScript thread is enough to drive it.
  if (n <= 1 || options.connector !== undefined || options.native === true || !shardingAvailable()) {
    return scanTcp(probes, options, signal);
  }
  return sharded(probes, options, signal, n);
}

async function* sharded(
  probes: Iterable<TcpProbe>,
  options: TcpScanOptions,
  signal: AbortSignal | undefined,
  n: number,
): AsyncGenerator<ScanEvent, void, undefined> {
  if (signal?.aborted === true) return;
  const totalProbes = options.totalProbes;
  // Many hosts: each worker owns some of them, so a silent address is waited out once, not once per worker.
  // Few hosts (a full scan of one machine): the probes of each host are spread over every worker.
  const byHost = (options.expectedHosts ?? 0) >= HOST_SHARDING_FROM;
  const init: WorkerInit = {
    // No connector here (it fell back above), so the options can be cloned to the workers.
    options: {
      ...options,
      progressIntervalMs: Math.min(250, options.progressIntervalMs ?? 1000),
      ...(options.maxRate !== undefined && { maxRate: options.maxRate / n }),
      ...(options.maxInFlight !== undefined && { maxInFlight: Math.max(1, Math.floor(options.maxInFlight / n)) }),
      maxDiscoveryInFlight: Math.max(1, Math.floor((options.maxDiscoveryInFlight ?? DEFAULT_DISCOVERY_IN_FLIGHT) / n)),
    },
    budget: Math.max(1, Math.floor(socketBudget() / n)),
  };
  const progressEvery = options.progressIntervalMs ?? 1000;
  const iterator = probes[Symbol.iterator]();
  let held: TcpProbe | null = null;
  let exhausted = false;
  let pulled = 0;
  // In an object: the callbacks below set it, which TypeScript's narrowing of a local would not see.
  const shared: { failure: Error | null } = { failure: null };
  let queue: ScanEvent[] = [];
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const hosts = new Map<string, { up: boolean; downs: number; downEmitted: boolean; reason: ScanEvent }>();
  let lastProgressAt = performance.now();
  let lastProgressDone = 0;

  const shards: Shard[] = [];
  const post = (s: Shard, m: ToWorker): void => {
    s.worker.postMessage(m);
  };
  const flush = (s: Shard): void => {
    if (s.packer.length === 0) return;
    const { batch, transfer } = s.packer.take();
    s.worker.postMessage({ t: 'probes', batch } satisfies ToWorker, transfer);
  };
  /** Pull probes and hand them out while the shard each one belongs to has room. */
  const feed = (): void => {
    try {
      while (!exhausted) {
        if (held === null) {
          const r = iterator.next();
          if (r.done === true) {
            exhausted = true;
            break;
          }
          checkProbe(r.value);
          held = r.value;
          pulled++;
        }
        const s = shards[byHost ? hostShard(held.host, n) : Math.abs(Math.trunc(held.index)) % n] as Shard;
        if (s.outstanding >= MAX_OUTSTANDING) break;
        s.packer.push(held.host, held.port);
        s.outstanding++;
        held = null;
        if (s.packer.full) flush(s);
      }
    } catch (err) {
      shared.failure = err instanceof Error ? err : new Error(String(err));
      exhausted = true;
    }
    for (const s of shards) {
      flush(s);
      if (exhausted) post(s, { t: 'end' });
    }
  };

  const onHost = (e: Extract<ScanEvent, { type: 'host' }>): void => {
    let h = hosts.get(e.host);
    if (h === undefined) {
      h = { up: false, downs: 0, downEmitted: false, reason: e };
      hosts.set(e.host, h);
    }
    if (e.state === 'up') {
      if (!h.up) {
        h.up = true;
        queue.push(e);
      }
      return;
    }
    h.downs++;
    h.reason = e;
    // Sharded by host, one worker knows each host; sharded by probe, every worker must have found it silent.
    if (!h.up && (byHost || h.downs === n)) {
      h.downEmitted = true;
      queue.push(e);
    }
  };

  const onPort = (e: ScanEvent): void => {
    queue.push(e);
  };
  const onMessage = (s: Shard, m: FromWorker): void => {
    if (m.t === 'error') {
      shared.failure ??= new Error(m.message);
      s.finished = true;
      notify();
      return;
    }
    s.outstanding -= m.consumed;
    if (m.t === 'events') {
      unpackEvents(m.batch, onPort, (e) => {
        if (e.type === 'host') onHost(e);
        else if (e.type === 'progress') s.done = e.done;
        else queue.push(e);
      });
      const now = performance.now();
      if (now - lastProgressAt >= progressEvery) {
        const done = shards.reduce((a, x) => a + x.done, 0);
        const rate = Math.round(((done - lastProgressDone) * 1000) / (now - lastProgressAt));
        queue.push({ type: 'progress', done, total: Math.max(totalProbes ?? pulled, done), rate });
        lastProgressAt = now;
        lastProgressDone = done;
      }
    } else if (m.t === 'done') s.finished = true;
    if (!exhausted) feed();
    notify();
  };

  for (let i = 0; i < n; i++) {
    const worker = new Worker(WORKER_URL, { workerData: init });
    const s: Shard = { worker, packer: new ProbePacker(BATCH), outstanding: 0, done: 0, finished: false };
    shards.push(s);
    worker.on('message', (m: FromWorker) => {
      onMessage(s, m);
    });
    worker.on('error', (err) => {
      shared.failure ??= err;
      s.finished = true;
      notify();
    });
    worker.on('exit', (code) => {
      if (!s.finished && code !== 0) shared.failure ??= new Error(`a TCP scan worker exited with code ${code}`);
      s.finished = true;
      notify();
    });
  }
  const onAbort = (): void => {
    for (const s of shards) post(s, { t: 'stop' });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    feed();
    for (;;) {
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        yield* batch;
        continue;
      }
      if (shared.failure !== null || shards.every((s) => s.finished)) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (shared.failure !== null) throw shared.failure;
    for (const [, h] of hosts) if (!h.up && !h.downEmitted) yield h.reason;
    const done = shards.reduce((a, x) => a + x.done, 0);
    yield { type: 'progress', done, total: Math.max(totalProbes ?? pulled, done), rate: 0 };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(shards.map((s) => s.worker.terminate()));
  }
}
