import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../../core/errors.js';
import type { ListeningSocket } from '../../core/socket.js';
import { collectInventory } from '../adapter.js';
import { fakeRunner, fixtureText } from '../../../test/fixtures/inventory/support.js';
import { NETSTAT_ARGS, TASKLIST_ARGS, TASKLIST_VERBOSE_ARGS, readWindowsInventory, windowsAdapter } from './adapter.js';

const NETSTAT = ['netstat', ...NETSTAT_ARGS].join(' ');
const TASKLIST_V = ['tasklist', ...TASKLIST_VERBOSE_ARGS].join(' ');
const TASKLIST = ['tasklist', ...TASKLIST_ARGS].join(' ');

function summary(s: ListeningSocket): string {
  const addr = s.family === 6 ? `[${s.address}${s.scope === null ? '' : `%${s.scope}`}]` : s.address;
  return `${s.transport} ${addr}:${s.port} user=${s.user ?? '?'} [${s.processes.map((p) => `${p.pid}:${p.name}`).join(',')}]`;
}

describe('windowsAdapter', () => {
  it('joins netstat and tasklist /v on PID', async () => {
    const run = fakeRunner({
      [NETSTAT]: fixtureText('windows', 'netstat-ano-en.txt'),
      [TASKLIST_V]: fixtureText('windows', 'tasklist-v-en.csv'),
    });
    const inv = windowsAdapter({ run });
    expect(inv.meta()).toEqual({ source: 'windows-netstat', partial: true });
    const { sockets, meta } = await collectInventory(inv);
    expect(sockets.map(summary)).toEqual([
      'tcp 0.0.0.0:135 user=? [1032:svchost.exe]',
      'tcp [::]:135 user=? [1032:svchost.exe]',
      'tcp 10.0.0.23:139 user=? [4:System]',
      'tcp 0.0.0.0:445 user=? [4:System]',
      'tcp [::]:445 user=? [4:System]',
      'tcp [fe80::8d4c:2b1a:73e5:9f10%12]:2869 user=? [4:System]',
      'tcp 0.0.0.0:5040 user=? [6412:svchost.exe]',
      'tcp 127.0.0.1:5939 user=? [3876:TeamViewer_Service.exe]',
      'tcp 127.0.0.1:14013 user=DESKTOP-7Q2K9LM\\alice [7788:微信.exe]',
      'tcp 0.0.0.0:49664 user=? [812:lsass.exe]',
      'tcp [::]:49664 user=? [812:lsass.exe]',
      'tcp [::1]:49670 user=DESKTOP-7Q2K9LM\\alice [5544:Dev Server, Inc. Helper.exe]',
      'udp 0.0.0.0:123 user=? [1560:svchost.exe]',
      'udp [::]:123 user=? [1560:svchost.exe]',
      'udp 10.0.0.23:137 user=? [4:System]',
      'udp [fe80::8d4c:2b1a:73e5:9f10%12]:546 user=? [1288:svchost.exe]',
      'udp 127.0.0.1:1900 user=? [4740:svchost.exe]',
      'udp [::1]:1900 user=? [4740:svchost.exe]',
      'udp [fe80::8d4c:2b1a:73e5:9f10%12]:1900 user=? [4740:svchost.exe]',
      'udp 0.0.0.0:5353 user=DESKTOP-7Q2K9LM\\alice [2288:mDNSResponder.exe,9120:chrome.exe]',
      'udp [::]:5353 user=? [2288:mDNSResponder.exe]',
      'udp 127.0.0.1:55012 user=? []', // PID 31337 exited before tasklist ran
    ]);
    expect(sockets.every((s) => s.uid === null && s.id === null)).toBe(true);
    expect(meta.partial).toBe(true);
  });

  it('is complete when every holder’s user is known (elevated, German)', async () => {
    const run = fakeRunner({
      [NETSTAT]: fixtureText('windows', 'netstat-ano-de.txt'),
      [TASKLIST_V]: fixtureText('windows', 'tasklist-v-de.csv'),
    });
    const { sockets, meta } = await collectInventory(windowsAdapter({ run }));
    expect(meta.partial).toBe(false);
    expect(sockets.find((s) => s.port === 3389 && s.transport === 'udp')?.user).toBe('NT-AUTORITÄT\\NETZWERKDIENST');
  });

  it('falls back to tasklist without /v when /v fails', async () => {
    const run = fakeRunner({
      [NETSTAT]: fixtureText('windows', 'netstat-ano-en.txt'),
      [TASKLIST_V]: { stdout: '', stderr: 'ERROR: Access denied', exitCode: 1 },
      [TASKLIST]: fixtureText('windows', 'tasklist-en.csv'),
    });
    const { sockets } = await readWindowsInventory({ run });
    expect(run.calls).toContain(TASKLIST);
    expect(sockets.find((s) => s.port === 49670)?.processes).toEqual([
      { pid: 5544, name: 'Dev Server, Inc. Helper.exe', command: null, user: null },
    ]);
  });

  it('says clearly when a tool is missing or fails', async () => {
    const noNetstat = fakeRunner({ [TASKLIST_V]: fixtureText('windows', 'tasklist-v-en.csv') });
    await expect(readWindowsInventory({ run: noNetstat })).rejects.toMatchObject({ code: 'ENOENT' });
    const failing = fakeRunner({ [NETSTAT]: { stdout: '', stderr: 'boom', exitCode: 2 }, [TASKLIST_V]: '' });
    const err: unknown = await readWindowsInventory({ run: failing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortwardenError);
    expect((err as Error).message).toBe('netstat failed (exit code 2): boom');
  });
});
