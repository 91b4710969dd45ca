/** Aborting an inventory: every adapter rejects with the same AbortError-named error. */

/**
 * An error named 'AbortError' for an aborted signal. A reason that already is an AbortError or TimeoutError
 * (`AbortSignal.timeout`) is kept; any other reason becomes the `cause`.
 * @example abortError(AbortSignal.abort()).name // 'AbortError'
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError')) return reason;
  const err = new Error('The inventory was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/**
 * Throw `abortError(signal)` when the signal is aborted; do nothing otherwise.
 * @example throwIfAborted(controller.signal)
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortError(signal);
}

/**
 * True for the errors `abortError` and Node's own APIs (execFile with a signal) raise on abort.
 * @example isAbortError(abortError(AbortSignal.abort())) // true
 */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/**
 * Stream one snapshot: check the signal, take the snapshot, then yield its items, checking the signal before
 * each step, the last included.
 * @example for await (const s of streamSnapshot(() => readLinuxInventory().sockets, signal)) use(s)
 */
export async function* streamSnapshot<T>(
  take: (signal?: AbortSignal) => readonly T[] | Promise<readonly T[]>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  throwIfAborted(signal);
  const items = await take(signal);
  for (const item of items) {
    throwIfAborted(signal);
    yield item;
  }
  throwIfAborted(signal); // a step asked for after the abort rejects, even the one that would say 'done'
}
