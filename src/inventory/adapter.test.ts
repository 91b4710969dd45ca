import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../core/errors.js';
import { chooseAdapter } from './adapter.js';

describe('chooseAdapter', () => {
  it('picks the adapter of each platform', () => {
    expect(chooseAdapter('linux').source).toBe('linux-procfs');
    expect(chooseAdapter('darwin').source).toBe('macos-lsof');
    expect(chooseAdapter('win32').source).toBe('windows-netstat');
    expect(chooseAdapter().source).toBe(
      { linux: 'linux-procfs', darwin: 'macos-lsof', win32: 'windows-netstat' }[process.platform as string] ?? '',
    );
  });
  it('refuses other platforms with a clear message', () => {
    expect(() => chooseAdapter('freebsd')).toThrow(PortwardenError);
    expect(() => chooseAdapter('aix')).toThrow(
      'Listing local sockets is not supported on aix yet (supported: Linux, macOS, Windows).',
    );
  });
});
