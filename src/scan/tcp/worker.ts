/**
 * Entry of a worker thread of the sharded scan (workers.ts): runs the same engine over the probes the main
 * thread posts, and posts the events back in large packed batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanSourceBatches } from './engine.js';
import type { TcpProbe, TcpScanOptions } from './options.js';
import type { ProbeSource } from './state.js';
import { EventPacker, type EventBatch, type ProbeBatch } from './wire.js';

/** Messages of the main thread to a worker. */
export type ToWorker =
  { readonly t: 'probes'; readonly batch: ProbeBatch } | { readonly t: 'end' } | { readonly t: 'stop' };

/** Messages of a worker to the main thread. `consumed`: probes taken from its queue since the last message. */
export type FromWorker =
  | { readonly t: 'events'; readonly batch: EventBatch; readonly consumed: number }
  | { readonly t: 'credit'; readonly consumed: number }
  | { readonly t: 'done'; readonly consumed: number }
  | { readonly t: 'error'; readonly message: string };

/** What the main thread hands a worker at start. */
export interface WorkerInit {
  readonly options: TcpScanOptions;
  readonly budget: number;
}

/** Probes taken from the queue before the worker returns credit on its own (besides with events). */
const CREDIT_CHUNK = 1024;
/** Events sent in one message at most, and the longest an event waits to be sent. */
const FLUSH_EVENTS = 4096;
const FLUSH_MS = 10;

async function main(port: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
  // This thread only scans: the stack traces of the thousands of ECONNREFUSED errors Node creates are never
  // read, and capturing them is a large share of the per-socket cost.
  Error.stackTraceLimit = 0;
  const batches: ProbeBatch[] = [];
  let at = 0;
  let ended = false;
  let consumed = 0;
  let refill: (() => void) | null = null;
  const controller = new AbortController();
  const source: ProbeSource = {
    next(): TcpProbe | null | undefined {
      const batch = batches[0];
      if (batch === undefined) {
        if (consumed > 0) {
          port.postMessage({ t: 'credit', consumed } satisfies FromWorker);
          consumed = 0;
        }
        return ended ? undefined : null;
      }
      const probe = {
        host: batch.hosts[batch.hostIndex[at] as number] as string,
        port: batch.ports[at] as number,
        index: 0,
      };
      if (++at === batch.ports.length) {
        batches.shift();
        at = 0;
      }
      if (++consumed >= CREDIT_CHUNK) {
        port.postMessage({ t: 'credit', consumed } satisfies FromWorker);
        consumed = 0;
      }
      return probe;
    },
  };
  port.on('message', (m: ToWorker) => {
    if (m.t === 'probes') batches.push(m.batch);
    else if (m.t === 'end') ended = true;
    else controller.abort();
    refill?.();
  });
  // Events go out in large batches: one postMessage per few events would cost more than the sockets.
  const outbox = new EventPacker();
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (outbox.length === 0) return;
    const { batch, transfer } = outbox.take();
    port.postMessage({ t: 'events', batch, consumed } satisfies FromWorker, transfer);
    consumed = 0;
  };
  try {
    for await (const events of scanSourceBatches(source, init.options, controller.signal, init.budget, (r) => {
      refill = r;
    })) {
      for (const e of events) outbox.push(e);
      if (outbox.length >= FLUSH_EVENTS) flush();
      else flushTimer ??= setTimeout(flush, FLUSH_MS);
    }
    flush();
    port.postMessage({ t: 'done', consumed } satisfies FromWorker);
  } catch (err) {
    flush();
    port.postMessage({ t: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
  }
  port.close();
}

if (parentPort !== null) await main(parentPort, workerData as WorkerInit);
