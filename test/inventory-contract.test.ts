// The one contract every inventory adapter keeps, run against each: Linux on a fake /proc and on the real one,
// macOS and Windows on captured-format fixtures through an injected command runner.
import { describe, expect, it } from 'vitest';
import type { ListeningSocket } from '../src/core/socket.js';
import { canonicalAddress } from '../src/core/ip.js';
import type { InventoryAdapter } from '../src/inventory/adapter.js';
import { linuxAdapter } from '../src/inventory/linux/adapter.js';
import { macosAdapter } from '../src/inventory/macos/adapter.js';
import { LSOF_ARGS } from '../src/inventory/macos/lsof.js';
import { socketKey, sortSockets } from '../src/inventory/merge.js';
import { windowsAdapter } from '../src/inventory/windows/adapter.js';
import { fakeRunner, fixture, fixtureText } from './fixtures/inventory/support.js';

interface Case {
  readonly name: string;
  readonly make: () => InventoryAdapter;
  /** The fixture's socket count; null for the live machine. */
  readonly count: number | null;
}

const lsofKey = ['lsof', ...LSOF_ARGS].join(' ');
const windows =
  (netstat: string, tasklist: string): (() => InventoryAdapter) =>
  () =>
    windowsAdapter({
      run: fakeRunner({
        'netstat -ano': fixtureText('windows', netstat),
        'tasklist /v /fo csv /nh': fixtureText('windows', tasklist),
      }),
    });

const cases: Case[] = [
  {
    name: 'linux-procfs on the fixture tree',
    make: () =>
      linuxAdapter({ procRoot: fixture('linux', 'proc'), passwdPath: fixture('linux', 'passwd'), byteOrder: 'LE' }),
    count: 14,
  },
  {
    name: 'macos-lsof on field output',
    make: () => macosAdapter({ run: fakeRunner({ [lsofKey]: fixtureText('macos', 'lsof-fields.txt') }) }),
    count: 17,
  },
  {
    name: 'macos-lsof on table output',
    make: () => macosAdapter({ run: fakeRunner({ [lsofKey]: fixtureText('macos', 'lsof-table.txt') }) }),
    count: 13,
  },
  {
    name: 'windows-netstat (English, not elevated)',
    make: windows('netstat-ano-en.txt', 'tasklist-v-en.csv'),
    count: 22,
  },
  { name: 'windows-netstat (German, elevated)', make: windows('netstat-ano-de.txt', 'tasklist-v-de.csv'), count: 8 },
];
if (process.platform === 'linux')
  cases.push({ name: 'linux-procfs on this machine', make: () => linuxAdapter(), count: null });
else console.warn(`inventory contract: not Linux (${process.platform}): the live /proc case is SKIPPED`);

async function all(adapter: InventoryAdapter, signal?: AbortSignal): Promise<ListeningSocket[]> {
  const out: ListeningSocket[] = [];
  for await (const s of adapter.list(signal)) out.push(s);
  return out;
}

function checkSocket(s: ListeningSocket): void {
  const where = JSON.stringify(s);
  expect(['tcp', 'udp'], where).toContain(s.transport);
  expect(Number.isInteger(s.port) && s.port >= 0 && s.port <= 65535, where).toBe(true);
  // The address is canonical text of the family it claims.
  expect(canonicalAddress(s.address), where).toEqual({ address: s.address, family: s.family });
  expect(s.scope === null || (typeof s.scope === 'string' && s.scope !== ''), where).toBe(true);
  expect(s.uid === null || (Number.isInteger(s.uid) && s.uid >= 0), where).toBe(true);
  expect(s.user === null || (typeof s.user === 'string' && s.user !== ''), where).toBe(true);
  expect(s.id === null || (typeof s.id === 'string' && s.id !== ''), where).toBe(true);
  const pids = s.processes.map((p) => p.pid);
  expect(new Set(pids).size, where).toBe(pids.length);
  for (const p of s.processes) {
    expect(Number.isInteger(p.pid) && p.pid > 0, where).toBe(true);
    expect(typeof p.name, where).toBe('string');
    expect(p.command === null || typeof p.command === 'string', where).toBe(true);
    expect(p.user === null || (typeof p.user === 'string' && p.user !== ''), where).toBe(true);
  }
}

for (const c of cases) {
  describe(`inventory contract: ${c.name}`, () => {
    it('yields well-formed sockets, in order, without duplicates', async () => {
      const adapter = c.make();
      const sockets = await all(adapter);
      if (c.count !== null) expect(sockets).toHaveLength(c.count);
      for (const s of sockets) checkSocket(s);
      const keys = sockets.map(socketKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(sockets.map(socketKey)).toEqual(sortSockets([...sockets]).map(socketKey));
    });

    it('describes itself', async () => {
      const adapter = c.make();
      await all(adapter);
      const meta = adapter.meta();
      expect(meta.source).toBe(adapter.source);
      expect(typeof meta.partial).toBe('boolean');
    });

    it('gives the same answer twice for the same machine', async () => {
      if (c.count === null) return; // the live machine changes between two reads
      const adapter = c.make();
      expect(await all(adapter)).toEqual(await all(adapter));
    });

    it('rejects with an AbortError when aborted before it starts', async () => {
      await expect(all(c.make(), AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
      const custom = new AbortController();
      custom.abort('user pressed Ctrl-C');
      await expect(all(c.make(), custom.signal)).rejects.toMatchObject({
        name: 'AbortError',
        cause: 'user pressed Ctrl-C',
      });
    });

    it('rejects with an AbortError when aborted mid-iteration, after what it already gave', async () => {
      const controller = new AbortController();
      const it = c.make().list(controller.signal)[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done === true) return; // a machine without any listener: nothing to interrupt
      controller.abort();
      await expect(it.next()).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
}
