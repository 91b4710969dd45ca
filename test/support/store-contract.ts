// The one contract every history store backend passes (SQLite and PostgreSQL run the same cases).
import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store.js';
import { idWithPrefix, sampleScan } from './runs.js';

/** A fresh, empty database; `open` may be called several times, each giving another connection to it. */
export interface StoreDatabase {
  open(): Promise<RunStore>;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return (err as StoreError).failure;
  }
  throw new Error('expected a StoreError');
}

export function storeContract(name: string, enabled: boolean, newDatabase: () => Promise<StoreDatabase>): void {
  describe.skipIf(!enabled)(`history store contract: ${name}`, () => {
    const withStore = async (work: (store: RunStore, db: StoreDatabase) => Promise<void>): Promise<void> => {
      const db = await newDatabase();
      const store = await db.open();
      try {
        await work(store, db);
      } finally {
        await store.close();
      }
    };

    it('gives back exactly the record it saved, by id and by prefix', () =>
      withStore(async (store) => {
        const run = sampleScan({ severities: ['critical', 'high', 'high', 'low', 'info'] });
        await store.save(run);
        const again = await store.get(run.id);
        expect(again).toEqual(run);
        expect(JSON.stringify(again)).toBe(JSON.stringify(run));
        expect(await store.get(run.id.slice(0, 8))).toEqual(run);
        expect(await store.get(run.id.slice(0, 4).toUpperCase())).toEqual(run);
        expect(await store.get('ffff0000-0000-0000-0000-000000000000')).toBeNull();
      }));

    it('refuses ids that are not ids, and prefixes that match several runs', () =>
      withStore(async (store) => {
        const a = sampleScan({ id: idWithPrefix('abcd1') });
        const b = sampleScan({ id: idWithPrefix('abcd2') });
        await store.save(a);
        await store.save(b);
        expect(await failure(store.get('abc'))).toBe('bad-id');
        expect(await failure(store.get("ab%'; drop table runs; --"))).toBe('bad-id');
        expect(await failure(store.get('abcd'))).toBe('ambiguous');
        expect((await store.get('abcd2'))?.id).toBe(b.id);
        expect((await store.get(a.id))?.id).toBe(a.id);
      }));

    it('refuses a second run with the same id and keeps the first whole', () =>
      withStore(async (store) => {
        const run = sampleScan();
        await store.save(run);
        const clash = sampleScan({ id: run.id, hosts: 5, severities: ['critical'] });
        expect(await failure(store.save(clash))).toBe('write');
        expect(await store.get(run.id)).toEqual(run);
        const [line] = await store.list();
        expect(line?.hosts).toBe(run.hosts.length);
      }));

    it('lists runs newest first with what each found, filtered by kind, age and count', () =>
      withStore(async (store) => {
        const old = sampleScan({ startedAt: '2026-01-01T00:00:00.000Z', hosts: 1, open: 1, severities: [] });
        const mid = sampleScan({
          startedAt: '2026-02-01T00:00:00.000Z',
          hosts: 3,
          down: 2,
          open: 4,
          severities: ['critical', 'high', 'medium', 'medium', 'info'],
          interrupted: true,
        });
        const audit = { ...sampleScan({ startedAt: '2026-03-01T00:00:00.000Z' }), kind: 'audit' as const };
        for (const r of [mid, audit, old]) await store.save(r);
        const all = await store.list();
        expect(all.map((r) => r.id)).toEqual([audit.id, mid.id, old.id]);
        expect(all[1]).toEqual({
          id: mid.id,
          kind: 'scan',
          startedAt: '2026-02-01T00:00:00.000Z',
          finishedAt: '2026-02-01T00:00:04.200Z',
          targets: ['203.0.113.0/29'],
          hosts: 5,
          hostsUp: 3,
          openPorts: 12,
          findings: { critical: 1, high: 1, medium: 2, low: 0, info: 1 },
          interrupted: true,
        });
        expect((await store.list({ kind: 'scan' })).map((r) => r.id)).toEqual([mid.id, old.id]);
        expect((await store.list({ kind: 'import' })).length).toBe(0);
        expect((await store.list({ since: new Date('2026-02-01T00:00:00.000Z') })).map((r) => r.id)).toEqual([
          audit.id,
          mid.id,
        ]);
        expect((await store.list({ limit: 1 })).map((r) => r.id)).toEqual([audit.id]);
      }));

    it('prunes runs started before a date and nothing else', () =>
      withStore(async (store) => {
        const runs = ['2025-06-01', '2025-12-31', '2026-01-02'].map((d) =>
          sampleScan({ startedAt: `${d}T12:00:00.000Z` }),
        );
        for (const r of runs) await store.save(r);
        expect(await store.prune(new Date('2026-01-01T00:00:00.000Z'))).toBe(2);
        expect((await store.list()).map((r) => r.id)).toEqual([runs[2]?.id]);
        expect(await store.get(runs[0]?.id ?? '')).toBeNull();
        expect(await store.prune(new Date('2026-01-01T00:00:00.000Z'))).toBe(0);
      }));

    it('keeps a large scan whole (2,000 ports, 1,000 findings)', () =>
      withStore(async (store) => {
        const severities = Array.from({ length: 1000 }, (_, k) => (['high', 'low', 'info'] as const)[k % 3] ?? 'info');
        const run = sampleScan({ hosts: 4, open: 500, closed: 64_000, severities });
        const started = performance.now();
        await store.save(run);
        const saved = performance.now() - started;
        expect(JSON.stringify(await store.get(run.id))).toBe(JSON.stringify(run));
        const [line] = await store.list();
        expect(line?.openPorts).toBe(2000);
        expect(line?.findings.high).toBe(334);
        console.log(`${name}: saved a run of 2,004 ports and 1,000 findings in ${saved.toFixed(0)} ms`);
      }));

    it('sees runs saved through another connection, and migrates a new database once when opened twice at once', async () => {
      const db = await newDatabase();
      const [a, b] = await Promise.all([db.open(), db.open()]);
      try {
        const runs = Array.from({ length: 20 }, (_, k) =>
          sampleScan({ startedAt: `2026-04-01T00:00:${String(k).padStart(2, '0')}.000Z` }),
        );
        await Promise.all(runs.map((r, k) => (k % 2 === 0 ? a : b).save(r)));
        expect((await a.list()).length).toBe(20);
        expect((await b.list({ limit: 100 })).map((r) => r.id).sort()).toEqual(runs.map((r) => r.id).sort());
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
