import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../core/errors.js';
import { createRunner } from './exec.js';

const node = process.execPath;

describe('createRunner (real child processes)', () => {
  it('returns output and exit code, also when non-zero', async () => {
    const run = createRunner();
    expect(await run(node, ['-e', 'process.stdout.write("hi ✓")'])).toEqual({
      stdout: 'hi ✓',
      stderr: '',
      exitCode: 0,
    });
    expect(await run(node, ['-e', 'console.error("no"); process.exit(3)'])).toEqual({
      stdout: '',
      stderr: 'no\n',
      exitCode: 3,
    });
  });

  it('names a missing program in one sentence', async () => {
    const err: unknown = await createRunner()('netstat-not-installed-here', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortwardenError);
    expect((err as PortwardenError).message).toBe(
      'netstat-not-installed-here was not found, so local sockets cannot be listed: install it or add it to PATH.',
    );
  });

  it('stops a tool that runs too long or prints too much', async () => {
    await expect(createRunner({ timeoutMs: 200 })(node, ['-e', 'setTimeout(() => {}, 10000)'])).rejects.toThrow(
      /did not finish within 200 ms/,
    );
    await expect(
      createRunner({ maxBuffer: 1000 })(node, ['-e', 'process.stdout.write("x".repeat(5000))']),
    ).rejects.toThrow(/more than 1000 bytes/);
  });

  it('kills the tool and rejects with an AbortError on abort', async () => {
    const controller = new AbortController();
    const pending = createRunner()(node, ['-e', 'setTimeout(() => {}, 10000)'], controller.signal);
    setTimeout(() => {
      controller.abort();
    }, 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
