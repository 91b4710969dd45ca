/**
 * One timer wheel for all probe deadlines: a ring of buckets `tickMs` wide driven by a single timer, instead
 * of one Node timer per socket. Cancelling is lazy: the owner checks on expiry whether the entry still counts.
 */

/** Deadlines in milliseconds on the `now()` clock (performance.now by default). */
export class TimerWheel<T> {
  private readonly buckets: T[][];
  private readonly deadlines: number[][];
  private readonly size: number;
  private readonly tickMs: number;
  private readonly now: () => number;
  private readonly autoTick: boolean;
  private cursor: number;
  private count = 0;
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param onExpire called once per entry whose deadline has passed (up to one tick late)
   * @param options `autoTick: false` leaves calling `advance` to the caller (tests with a fake clock)
   * @example const w = new TimerWheel<Probe>((p) => expire(p)); w.add(performance.now() + 500, probe);
   */
  constructor(
    private readonly onExpire: (item: T) => void,
    options: {
      readonly tickMs?: number;
      readonly slots?: number;
      readonly now?: () => number;
      readonly autoTick?: boolean;
    } = {},
  ) {
    this.tickMs = options.tickMs ?? 10;
    this.size = options.slots ?? 512;
    this.now = options.now ?? (() => performance.now());
    this.autoTick = options.autoTick ?? true;
    this.buckets = Array.from({ length: this.size }, () => []);
    this.deadlines = Array.from({ length: this.size }, () => []);
    this.cursor = Math.floor(this.now() / this.tickMs);
  }

  /** Entries waiting. */
  get pending(): number {
    return this.count;
  }

  /** Schedule `item` to expire at `deadline`. Deadlines beyond the ring wait in their slot for later laps. */
  add(deadline: number, item: T): void {
    const tick = Math.max(this.cursor, Math.ceil(deadline / this.tickMs));
    const slot = tick % this.size;
    (this.buckets[slot] as T[]).push(item);
    (this.deadlines[slot] as number[]).push(deadline);
    this.count++;
    if (this.timer === null && this.autoTick) {
      this.timer = setInterval(() => {
        this.advance();
      }, this.tickMs);
    }
  }

  /** Expire everything due by now; called by the timer (or by tests with a fake clock). */
  advance(): void {
    const now = this.now();
    const target = Math.floor(now / this.tickMs);
    if (target < this.cursor) return;
    // After a stall longer than the ring, one lap visits every slot once.
    const steps = Math.min(target - this.cursor + 1, this.size);
    for (let k = 0; k < steps; k++) {
      const slot = (this.cursor + k) % this.size;
      const items = this.buckets[slot] as T[];
      if (items.length === 0) continue;
      const deadlines = this.deadlines[slot] as number[];
      const keepItems: T[] = [];
      const keepDeadlines: number[] = [];
      this.buckets[slot] = keepItems;
      this.deadlines[slot] = keepDeadlines;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as T;
        const deadline = deadlines[i] as number;
        if (deadline > now) {
          // Due on a later lap: it stays in its slot.
          keepItems.push(item);
          keepDeadlines.push(deadline);
          continue;
        }
        this.count--;
        this.onExpire(item);
      }
    }
    this.cursor = target + 1;
    if (this.count === 0) this.stop();
  }

  /** Stop the timer; entries stay (a later `add` or `advance` continues). */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Forget every entry and stop. */
  clear(): void {
    for (let i = 0; i < this.size; i++) {
      this.buckets[i] = [];
      this.deadlines[i] = [];
    }
    this.count = 0;
    this.stop();
  }
}
