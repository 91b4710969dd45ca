import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../../core/errors.js';
import { fixture } from '../../../test/fixtures/inventory/support.js';
import { nodeProcFs, parseCmdline, parseStatusUid, readProcess, scanSocketHolders, type ProcFs } from './procfd.js';

const root = fixture('linux', 'proc');

/** The fixture tree, except that the listed paths fail with the given errno. */
function failing(errors: Record<string, string>): ProcFs {
  const check = (path: string): void => {
    const rel = path.slice(root.length);
    const code = errors[rel];
    if (code !== undefined) throw Object.assign(new Error(`${code}: ${path}`), { code });
  };
  return {
    readdir: (p) => (check(p), nodeProcFs.readdir(p)),
    readlink: (p) => (check(p), nodeProcFs.readlink(p)),
    readFile: (p) => (check(p), nodeProcFs.readFile(p)),
  };
}

describe('parseCmdline / parseStatusUid', () => {
  it('joins arguments and drops NUL padding', () => {
    expect(parseCmdline('python3\0-m\0http.server\0')).toBe('python3 -m http.server');
    expect(parseCmdline('nginx: worker process\0\0\0\0')).toBe('nginx: worker process');
    expect(parseCmdline('/opt/my app/bin/server\0--port\x003000\0')).toBe('/opt/my app/bin/server --port 3000');
    expect(parseCmdline('')).toBeNull();
    expect(parseCmdline('\0')).toBeNull();
  });
  it('takes the effective uid', () => {
    expect(parseStatusUid('Name:\tsu\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n')).toBe(0);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
  });
});

describe('scanSocketHolders', () => {
  it('maps inodes to every holding pid, once per process', () => {
    const { holders, denied } = scanSocketHolders(root, null);
    expect(denied).toBe(false);
    expect(holders.get('20010')).toEqual([202, 203]); // nginx master and worker share one socket
    expect(holders.get('20060')).toEqual([707]); // two fds, one pid
    expect(holders.get('21008')).toEqual([1111]);
    expect(holders.has('30001')).toBe(false); // pipe:[30001] is not a socket
  });
  it('records only wanted inodes', () => {
    expect([...scanSocketHolders(root, new Set(['20001'])).holders.keys()]).toEqual(['20001']);
  });
  it('skips processes that vanish and descriptors that close mid-scan', () => {
    const fs = failing({ '/101/fd': 'ENOENT', '/202/fd/6': 'ENOENT', '/303/fd': 'ESRCH' });
    const { holders, denied } = scanSocketHolders(root, null, fs);
    expect(denied).toBe(false);
    expect(holders.has('20001')).toBe(false);
    expect(holders.get('20010')).toEqual([203]);
    expect(holders.has('20020')).toBe(false);
  });
  it('reports processes it may not read', () => {
    const fs = failing({ '/909/fd': 'EACCES', '/707/fd/7': 'EPERM' });
    const { holders, denied } = scanSocketHolders(root, null, fs);
    expect(denied).toBe(true);
    expect(holders.has('21003')).toBe(false);
    expect(holders.get('20060')).toEqual([707]); // fd 8 still names it
  });
  it('fails clearly when the proc root itself cannot be read', () => {
    expect(() => scanSocketHolders(fixture('no-such-proc'), null)).toThrow(PortwardenError);
    const fs = failing({ '/101/fd': 'EIO' });
    expect(() => scanSocketHolders(root, null, fs)).toThrow(/EIO/);
  });
});

describe('readProcess', () => {
  it('reads name, command and effective uid', () => {
    expect(readProcess(root, 707)).toEqual({
      name: 'my server ✓',
      command: '/opt/my app/bin/server --port 3000',
      uid: 1000,
    });
    expect(readProcess(root, 1212)).toEqual({ name: 'dhclient', command: null, uid: null });
  });
  it('returns null for a process that is gone', () => {
    expect(readProcess(root, 1111)).toBeNull();
    expect(readProcess(root, 4242)).toBeNull();
  });
  it('keeps the name when cmdline and status are denied', () => {
    const fs = failing({ '/101/cmdline': 'EACCES', '/101/status': 'EACCES' });
    expect(readProcess(root, 101, fs)).toEqual({ name: 'sshd', command: null, uid: null });
  });
});
