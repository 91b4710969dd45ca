/**
 * Where a report goes: standard output, or a file written atomically (a temporary file next to it, renamed into
 * place when the report is complete), so a failed or stopped command never leaves half a report behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface ReportSink {
  write(text: string): void;
  /** The report is complete: move it into place (a no-op for standard output). */
  commit(): void;
  /** Something failed: remove what was written (a no-op for standard output). */
  abort(): void;
}

/** A sink over any writable stream (standard output). */
export function streamSink(stream: { write(text: string): unknown }): ReportSink {
  return {
    write: (text) => {
      stream.write(text);
    },
    commit: () => undefined,
    abort: () => undefined,
  };
}

/**
 * A sink that writes `path` atomically. Opening fails at once (before any scanning) when the folder does not
 * exist or cannot be written.
 * @example const out = fileSink('report.html'); out.write(html); out.commit();
 */
export function fileSink(path: string): ReportSink {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  // 0o644 like any file a user writes; the report holds nothing the user did not already see.
  let fd: number | null = openSync(temp, 'wx', 0o644);
  const close = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    write(text) {
      if (fd === null) throw new Error(`report ${path} already closed`);
      writeSync(fd, text);
    },
    commit() {
      if (fd === null) return;
      fsyncSync(fd);
      close();
      renameSync(temp, path);
    },
    abort() {
      close();
      rmSync(temp, { force: true });
    },
  };
}
