// The library API as a program uses it: explain and audit without the CLI.
import { describe, expect, it } from 'vitest';
import { audit, explain, EXPLAIN_SCHEMA, AUDIT_SCHEMA, type InventoryAdapter, type ListeningSocket } from './index.js';

function fakeAdapter(sockets: ListeningSocket[]): InventoryAdapter {
  return {
    source: 'fake',
    async *list(signal?: AbortSignal) {
      for (const s of sockets) {
        signal?.throwIfAborted();
        yield await Promise.resolve(s);
      }
    },
    meta: () => ({ source: 'fake', partial: false }),
  };
}

const telnet: ListeningSocket = {
  transport: 'tcp',
  family: 4,
  address: '0.0.0.0',
  scope: null,
  port: 23,
  uid: 0,
  user: 'root',
  processes: [{ pid: 42, name: 'in.telnetd', command: '/usr/sbin/in.telnetd', user: 'root' }],
  id: '1',
};

describe('library API', () => {
  it('explains ports', () => {
    const r = explain(['23']);
    expect(r.schema).toBe(EXPLAIN_SCHEMA);
    expect(r.items[0]?.kind).toBe('detail');
  });

  it('audits sockets from any adapter, with the host given', async () => {
    const report = await audit({
      adapter: fakeAdapter([telnet]),
      firewall: false,
      host: {
        name: 'lab',
        addresses: [{ interface: 'eth0', address: '203.0.113.9', family: 4 }],
        bindV6Only: false,
        privileged: true,
      },
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    expect(report.schema).toBe(AUDIT_SCHEMA);
    expect(report.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(report.items).toHaveLength(1);
    expect(report.items[0]?.effectiveReach).toBe('internet');
    expect(report.summary.urgent).toEqual([0]);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      audit({ adapter: fakeAdapter([telnet]), firewall: false, signal: controller.signal }),
    ).rejects.toThrow();
  });
});
