import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../test/cli-run.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../../test/support/postgres.js';
import { sampleScan } from '../../test/support/runs.js';
import { storeContract } from '../../test/support/store-contract.js';
import { openPostgresStore, redactUrl } from './postgres.js';

const enabled = postgresEnabled('PostgreSQL history store');
let server: PostgresServer | undefined;

beforeAll(async () => {
  if (enabled) server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const database = (): string => {
  if (server === undefined) throw new Error('no PostgreSQL server');
  return server.createDatabase();
};

storeContract('PostgreSQL', enabled, () => {
  const url = database();
  return Promise.resolve({ open: () => openPostgresStore(url) });
});

describe('PostgreSQL store', () => {
  it('never prints a password', () => {
    expect(redactUrl('postgres://pw:s3cret@db.example:5432/history')).toBe('postgres://pw:***@db.example:5432/history');
    expect(redactUrl('postgresql://pw@/history?host=/run/pg&password=s3cret')).not.toContain('s3cret');
  });

  it.skipIf(!enabled)('says which server it could not reach, without the password', async () => {
    const err: unknown = await openPostgresStore('postgres://pw:s3cret@localhost/x?host=/nonexistent-dir&port=1').catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ failure: 'open' });
    expect((err as Error).message).not.toContain('s3cret');
  });

  it.skipIf(!enabled)('keeps the record as written: show --json gives back the same text', async () => {
    const store = await openPostgresStore(database());
    try {
      const run = sampleScan({ severities: ['critical'] });
      await store.save(run);
      expect(JSON.stringify(await store.get(run.id))).toBe(JSON.stringify(run));
    } finally {
      await store.close();
    }
  });

  it.skipIf(!enabled)('is what the CLI uses with --db postgres://… or PORTWARDEN_DB', () => {
    const url = database();
    const scan = cli(['scan', '127.0.0.1', '-p', '1', '-Pn', '--db', url]);
    expect(scan.code).toBe(0);
    const id = /saved as run ([0-9a-f]{8})/.exec(scan.err)?.[1] ?? 'none';
    const history = JSON.parse(cli(['history', '--json'], { PORTWARDEN_DB: url }).out) as {
      location: string;
      runs: { id: string; kind: string }[];
    };
    expect(history.location).toMatch(/^postgresql:\/\/postgres@localhost\/pw_test_/);
    expect(history.runs.map((r) => r.id.slice(0, 8))).toEqual([id]);
    const show = cli(['show', id, '--db', url]);
    expect(show.out.split('\n').slice(2).join('\n')).toBe(scan.out);
  });
});
