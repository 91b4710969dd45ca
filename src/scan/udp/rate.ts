/** A pacing rate limiter: datagrams leave at most `perSecond` a second, evenly spaced, over the whole scan. */

/**
 * Hands out send slots 1/perSecond apart. Unlimited (every wait resolves at once) when `perSecond` is undefined.
 * @example const limiter = new RateLimiter(100); if (await limiter.wait(signal)) socket.send(payload)
 */
export class RateLimiter {
  private next = 0;

  constructor(private readonly perSecond?: number) {}

  /** Wait for the next slot: true when it came, false when `signal` aborted first (the slot is then lost). */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.perSecond === undefined) return Promise.resolve(true);
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at - now < 1) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, at - now);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
