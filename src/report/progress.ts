/** A one-line progress bar with rate and ETA on a terminal's standard error; silent when not a TTY. */
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';

export interface ProgressBar {
  /** Progress reported by an engine (probes done, probes per second). */
  update(done: number, rate: number): void;
  /** One more result arrived (for engines that report no progress of their own). */
  tick(): void;
  /** Erase the bar before the report is printed. */
  clear(): void;
}

const SILENT: ProgressBar = { update: () => undefined, tick: () => undefined, clear: () => undefined };

/** A bar on `stream` when it is a TTY; redrawn at most 5 times a second. */
export function progressBar(
  stream: { write(s: string): unknown; isTTY?: boolean },
  lang: Lang,
  total: bigint,
): ProgressBar {
  if (stream.isTTY !== true || total === 0n) return SILENT;
  const all = Number(total);
  const started = performance.now();
  let done = 0;
  let rate = 0;
  let drawn = 0;
  let shown = false;
  const draw = (): void => {
    const now = performance.now();
    if (now - drawn < 200) return;
    drawn = now;
    const elapsed = (now - started) / 1000;
    const r = rate > 0 ? rate : elapsed > 0 ? done / elapsed : 0;
    const percent = Math.min(100, Math.floor((done / all) * 100));
    const width = 24;
    const filled = Math.round((percent / 100) * width);
    const eta = r > 0 ? Math.max(0, Math.round((all - done) / r)) : '?';
    const text = t(lang, 'scan.progress', { percent, done, total: all, rate: Math.round(r), eta });
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`);
    shown = true;
  };
  return {
    update(d, r) {
      done = Math.max(done, d);
      rate = r;
      draw();
    },
    tick() {
      done += 1;
      draw();
    },
    clear() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
