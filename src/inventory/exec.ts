/** Running an inventory tool (lsof, netstat, tasklist): bounded in time and output, with a clear error when it is missing. */
import { execFile, type ExecFileException } from 'node:child_process';
import { PortwardenError } from '../core/errors.js';
import { abortError, isAbortError } from './abort.js';

/** What a tool printed and how it exited. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs a program (no shell) and resolves with its output whatever its exit code; injectable for tests. */
export type CommandRunner = (file: string, args: readonly string[], signal?: AbortSignal) => Promise<CommandResult>;

/** Limits of the default runner. */
export interface RunLimits {
  /** Milliseconds before the tool is killed (default 30 s). */
  readonly timeoutMs?: number;
  /** Bytes of stdout or stderr before the tool is killed (default 64 MiB: 5,000 sockets of lsof -F are ~1 MiB). */
  readonly maxBuffer?: number;
}

const HINTS: Readonly<Record<string, string>> = {
  lsof: 'lsof ships with macOS as /usr/sbin/lsof; make sure /usr/sbin is on PATH',
  netstat: 'netstat ships with Windows in %SystemRoot%\\System32; make sure it is on PATH',
  tasklist: 'tasklist ships with Windows in %SystemRoot%\\System32; make sure it is on PATH',
};

/**
 * A `CommandRunner` over `child_process.execFile`: no shell, UTF-8 output, killed after `timeoutMs` or
 * `maxBuffer` bytes, killed on abort. A missing program becomes a `PortwardenError` naming the tool and how to get it.
 * @example const { stdout } = await createRunner()('lsof', ['-v'])
 */
export function createRunner(limits: RunLimits = {}): CommandRunner {
  const timeout = limits.timeoutMs ?? 30_000;
  const maxBuffer = limits.maxBuffer ?? 64 * 1024 * 1024;
  return (file, args, signal) =>
    new Promise<CommandResult>((resolve, reject) => {
      const options = { encoding: 'utf8' as const, timeout, maxBuffer, windowsHide: true, ...(signal && { signal }) };
      execFile(file, args, options, (error: ExecFileException | null, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr, exitCode: 0 });
          return;
        }
        if (signal?.aborted === true || isAbortError(error)) {
          reject(signal === undefined ? error : abortError(signal));
          return;
        }
        const details = { tool: file, args: [...args] };
        if (error.code === 'ENOENT') {
          const hint = HINTS[file] ?? 'install it or add it to PATH';
          reject(
            new PortwardenError('TOOL_MISSING', `${file} was not found, so local sockets cannot be listed: ${hint}.`, {
              cause: error,
              details: { ...details, reason: 'tool-missing' },
            }),
          );
          return;
        }
        if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(
            new PortwardenError('COMMAND_FAILED', `${file} printed more than ${maxBuffer} bytes; output refused.`, {
              cause: error,
              details: { ...details, reason: 'too-much-output' },
            }),
          );
          return;
        }
        if (typeof error.code === 'number') {
          resolve({ stdout, stderr, exitCode: error.code });
          return;
        }
        if (error.killed === true) {
          reject(
            new PortwardenError('COMMAND_FAILED', `${file} did not finish within ${timeout} ms and was stopped.`, {
              cause: error,
              details: { ...details, reason: 'timeout' },
            }),
          );
          return;
        }
        reject(
          new PortwardenError('COMMAND_FAILED', `${file} could not be run: ${error.message}`, {
            cause: error,
            details: { ...details, reason: 'failed' },
          }),
        );
      });
    });
}
