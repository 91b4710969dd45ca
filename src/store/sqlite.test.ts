import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleScan } from '../../test/support/runs.js';
import { storeContract } from '../../test/support/store-contract.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { openSqliteStore } from './sqlite.js';
import { StoreError } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-sqlite-'));
let files = 0;
const newFile = (): string => join(dir, `db${++files}`, 'history.db');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

storeContract('SQLite', true, () => {
  const path = newFile();
  return Promise.resolve({ open: () => openSqliteStore(path) });
});

describe('SQLite store file', () => {
  it('creates its directory and a file only its owner can read, in WAL mode, at the current schema', async () => {
    const path = newFile();
    const store = await openSqliteStore(path);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: SCHEMA_VERSION }]);
    db.close();
    // Opening again applies nothing twice.
    await (await openSqliteStore(path)).close();
    const again = new Database(path, { readonly: true });
    expect(again.prepare('SELECT count(*) AS n FROM schema_version').get()).toEqual({ n: SCHEMA_VERSION });
    again.close();
  });

  it('keeps hosts, ports and findings as rows, and prune deletes them with their run', async () => {
    const path = newFile();
    const store = await openSqliteStore(path);
    const old = sampleScan({ startedAt: '2025-01-01T00:00:00.000Z', hosts: 2, open: 3 });
    const kept = sampleScan({ startedAt: '2026-01-01T00:00:00.000Z', hosts: 1, open: 2, severities: ['high'] });
    await store.save(old);
    await store.save(kept);
    const db = new Database(path, { readonly: true });
    const count = (table: string): unknown => db.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    expect([count('hosts'), count('ports'), count('findings')]).toEqual([{ n: 3 }, { n: 11 }, { n: 4 }]);
    expect(db.prepare("SELECT port, service FROM ports WHERE run_id = ? AND state = 'open'").all(kept.id)).toEqual([
      { port: 20, service: null },
      { port: 21, service: null },
    ]);
    expect(await store.prune(new Date('2025-06-01T00:00:00.000Z'))).toBe(1);
    expect([count('hosts'), count('ports'), count('findings')]).toEqual([{ n: 1 }, { n: 3 }, { n: 1 }]);
    db.close();
    await store.close();
  });

  it('refuses a database written by a newer portwarden, and a file that is not a database', async () => {
    const path = newFile();
    await (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, 'later');
    db.close();
    await expect(openSqliteStore(path)).rejects.toMatchObject({ failure: 'newer-schema' });
    await expect(openSqliteStore(join(dir, 'no', '\u0000bad'))).rejects.toBeInstanceOf(StoreError);
    await expect(openSqliteStore(dir)).rejects.toMatchObject({ failure: 'open' });
  });
});
