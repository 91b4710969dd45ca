import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../../core/errors.js';
import { collectInventory } from '../adapter.js';
import { fakeRunner, fixtureText } from '../../../test/fixtures/inventory/support.js';
import { macosAdapter, readMacosInventory } from './adapter.js';
import { LSOF_ARGS } from './lsof.js';

const key = ['lsof', ...LSOF_ARGS].join(' ');

describe('macosAdapter', () => {
  it('runs lsof once with field output and merges holders', async () => {
    const run = fakeRunner({ [key]: fixtureText('macos', 'lsof-fields.txt') });
    const { sockets, meta } = await collectInventory(macosAdapter({ run, euid: 0 }));
    expect(run.calls).toEqual([key]);
    expect(sockets).toHaveLength(17);
    expect(meta).toEqual({ source: 'macos-lsof', partial: false });
    expect(sockets.find((s) => s.port === 3000)?.processes.map((p) => p.pid)).toEqual([1001, 1002]);
  });

  it('is partial without root: lsof then sees only the caller’s processes', () => {
    expect(macosAdapter({ run: fakeRunner({}), euid: 501 }).meta()).toEqual({ source: 'macos-lsof', partial: true });
  });

  it('treats exit code 1 with no output as an empty machine', async () => {
    const run = fakeRunner({ [key]: { stdout: '', stderr: '', exitCode: 1 } });
    expect(await readMacosInventory({ run })).toEqual([]);
    const warned = fakeRunner({
      [key]: { stdout: '', stderr: "lsof: WARNING: can't stat() nfs file system /Volumes/x\n", exitCode: 1 },
    });
    expect(await readMacosInventory({ run: warned })).toEqual([]);
  });

  it('reports a real lsof failure with its message', async () => {
    const run = fakeRunner({ [key]: { stdout: '', stderr: 'lsof: unsupported option: -F\n', exitCode: 1 } });
    await expect(readMacosInventory({ run })).rejects.toThrow(/lsof failed \(exit code 1\): lsof: unsupported option/);
  });

  it('says clearly when lsof is missing (default runner, real execFile)', async () => {
    const err: unknown = await readMacosInventory({ lsofPath: 'portwarden-no-such-lsof' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortwardenError);
    expect((err as PortwardenError).message).toMatch(
      /^portwarden-no-such-lsof was not found, so local sockets cannot be listed/,
    );
    expect((err as PortwardenError).details).toMatchObject({ reason: 'tool-missing', tool: 'portwarden-no-such-lsof' });
  });
});
