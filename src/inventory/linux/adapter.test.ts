import { describe, expect, it } from 'vitest';
import type { ListeningSocket } from '../../core/socket.js';
import { PortwardenError } from '../../core/errors.js';
import { collectInventory } from '../adapter.js';
import { fixture } from '../../../test/fixtures/inventory/support.js';
import { nodeProcFs } from './procfd.js';
import { linuxAdapter, readLinuxInventory } from './adapter.js';

const fake = { procRoot: fixture('linux', 'proc'), passwdPath: fixture('linux', 'passwd'), byteOrder: 'LE' as const };

/** One line per socket: what a reviewer checks by eye. */
function summary(s: ListeningSocket): string {
  const procs = s.processes.map((p) => `${p.pid}:${p.name}:${p.user ?? '?'}`).join(',');
  return `${s.transport} ${s.family === 6 ? `[${s.address}]` : s.address}:${s.port} uid=${s.uid ?? '?'} user=${s.user ?? '?'} [${procs}] #${s.id ?? ''}`;
}

describe('readLinuxInventory on the fixture tree', () => {
  it('lists every listener with its holders, owner and identity, and nothing else', () => {
    const { sockets, denied } = readLinuxInventory(fake);
    expect(denied).toBe(false);
    expect(sockets.map(summary)).toEqual([
      'tcp 0.0.0.0:22 uid=0 user=root [101:sshd:root] #20001',
      'tcp [::]:22 uid=0 user=root [101:sshd:root] #20002',
      'tcp 127.0.0.53:53 uid=101 user=systemd-resolve [303:systemd-resolve:systemd-resolve] #20020',
      'tcp 0.0.0.0:80 uid=0 user=root [202:nginx:root,203:nginx:www-data] #20010',
      'tcp [::1]:631 uid=0 user=root [505:cupsd:root] #20040',
      'tcp 0.0.0.0:3000 uid=1000 user=alice [707:my server ✓:alice] #20060',
      'tcp 127.0.0.1:5432 uid=999 user=? [] #20030',
      'tcp [::ffff:127.0.0.1]:8080 uid=1000 user=alice [606:python3:alice] #20050',
      'udp 127.0.0.53:53 uid=101 user=systemd-resolve [303:systemd-resolve:systemd-resolve] #21002',
      'udp 0.0.0.0:68 uid=0 user=root [1212:dhclient:?] #21001',
      'udp [::1]:323 uid=0 user=root [] #21008',
      'udp [fe80::1c2b:3dff:fe4e:5f60]:546 uid=0 user=root [] #21007',
      'udp 0.0.0.0:5353 uid=108 user=avahi [909:avahi-daemon:avahi] #21003',
      'udp [::]:5353 uid=108 user=avahi [909:avahi-daemon:avahi] #21006',
    ]);
  });

  it('fills command lines and leaves scope null (procfs does not show it)', () => {
    const { sockets } = readLinuxInventory(fake);
    const http = sockets.find((s) => s.port === 8080);
    expect(http).toEqual({
      transport: 'tcp',
      family: 6,
      address: '::ffff:127.0.0.1',
      scope: null,
      port: 8080,
      uid: 1000,
      user: 'alice',
      processes: [
        { pid: 606, name: 'python3', command: 'python3 -m http.server --bind ::ffff:127.0.0.1 8080', user: 'alice' },
      ],
      id: '20050',
    });
    expect(sockets.find((s) => s.port === 80)?.processes[1]?.command).toBe('nginx: worker process');
    expect(sockets.every((s) => s.scope === null)).toBe(true);
  });

  it('treats a missing tcp6/udp6 as a kernel without IPv6, and a missing tcp as an error', () => {
    const noV6 = {
      ...nodeProcFs,
      readFile: (p: string) => {
        if (p.endsWith('6')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return nodeProcFs.readFile(p);
      },
    };
    expect(readLinuxInventory({ ...fake, fs: noV6 }).sockets.every((s) => s.family === 4)).toBe(true);
    expect(() => readLinuxInventory({ ...fake, procRoot: fixture('no-such-proc') })).toThrow(PortwardenError);
    expect(() => readLinuxInventory({ ...fake, procRoot: fixture('no-such-proc') })).toThrow(/is \/proc mounted/);
  });
});

describe('linuxAdapter', () => {
  it('streams the snapshot and names its source', async () => {
    const inv = linuxAdapter({ ...fake, euid: 0 });
    const { sockets, meta } = await collectInventory(inv);
    expect(sockets).toHaveLength(14);
    expect(meta).toEqual({ source: 'linux-procfs', partial: false });
    expect(inv.source).toBe('linux-procfs');
  });

  it('is partial when not root, or when some process refused its descriptors', async () => {
    expect(linuxAdapter({ ...fake, euid: 1000 }).meta().partial).toBe(true);
    const denying = {
      ...nodeProcFs,
      readdir: (p: string) => {
        if (p.endsWith('/909/fd')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return nodeProcFs.readdir(p);
      },
    };
    const inv = linuxAdapter({ ...fake, euid: 0, fs: denying });
    expect(inv.meta().partial).toBe(false);
    const { sockets, meta } = await collectInventory(inv);
    expect(meta.partial).toBe(true);
    // The socket stays, with its owner from /proc/net, honestly without a process.
    const mdns = sockets.find((s) => s.port === 5353 && s.family === 4);
    expect(mdns).toMatchObject({ uid: 108, user: 'avahi', processes: [] });
  });
});
