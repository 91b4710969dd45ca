/**
 * Which probes of a scan are finished, as one number: every probe index below the watermark is done.
 * The TCP engine answers probes out of order and drops the probes of hosts it decided down, so the
 * tracker follows the probes handed to it and the events that come back.
 */
import type { ScanEvent } from '../core/scan.js';

export interface IndexedProbe {
  readonly host: string;
  readonly port: number;
  readonly index: number;
}

const key = (host: string, port: number): string => `${host}\u0000${port}`;

export class ResumeTracker {
  /** Probes handed out and not answered, by index, in the order handed out (= index order). */
  private readonly pending = new Map<number, string>();
  private readonly byKey = new Map<string, number>();
  private readonly byHost = new Map<string, Set<number>>();
  private readonly down: Set<string>;
  private readonly skip: ReadonlySet<number>;
  private readonly start: number;
  private next: number;

  /**
   * @param start first index not known finished (a saved watermark)
   * @param skip indexes above `start` already finished before an interruption
   * @param down hosts already decided down
   */
  constructor(start: number, skip: Iterable<number> = [], down: Iterable<string> = []) {
    this.start = start;
    this.next = start;
    this.skip = new Set(skip);
    this.down = new Set(down);
  }

  /** Hand out `probes` (in index order), skipping finished ones and those of hosts known down. */
  *track(probes: Iterable<IndexedProbe>): Generator<IndexedProbe> {
    for (const p of probes) {
      this.next = p.index + 1;
      if (this.skip.has(p.index) || this.down.has(p.host)) continue;
      this.pending.set(p.index, key(p.host, p.port));
      this.byKey.set(key(p.host, p.port), p.index);
      let set = this.byHost.get(p.host);
      if (set === undefined) {
        set = new Set();
        this.byHost.set(p.host, set);
      }
      set.add(p.index);
      yield p;
    }
  }

  /** Account for an event of the scan. */
  observe(event: ScanEvent): void {
    if (event.type === 'port') {
      const k = key(event.host, event.port);
      const index = this.byKey.get(k);
      if (index === undefined) return;
      this.byKey.delete(k);
      this.pending.delete(index);
      this.byHost.get(event.host)?.delete(index);
    } else if (event.type === 'host' && event.state === 'down') {
      // The engine decided the host down: its probes, waiting or still to come, are finished.
      this.down.add(event.host);
      for (const index of this.byHost.get(event.host) ?? []) {
        const k = this.pending.get(index);
        this.pending.delete(index);
        if (k !== undefined) this.byKey.delete(k);
      }
      this.byHost.delete(event.host);
    }
  }

  /** Every probe index below this is finished. */
  watermark(): number {
    for (const index of this.pending.keys()) return index;
    return this.next;
  }

  /** Finished indexes above the watermark (at most the engine's window), to skip on a resume. */
  doneAbove(): number[] {
    const w = this.watermark();
    const out: number[] = [];
    for (let i = Math.max(w, this.start); i < this.next; i++) if (!this.pending.has(i)) out.push(i);
    for (const i of this.skip) if (i >= this.next) out.push(i);
    return out.filter((i) => i > w);
  }
}
