// Several portwarden processes saving at the same moment into one history lose nothing: 8 processes, started
// together behind a barrier, each open the store and save 25 runs (opening it anew for every run, as separate
// `portwarden scan` commands do, so even the first migration of a new database races).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type StoreLocation } from '../src/store/open.js';
import { postgresEnabled, startPostgres, type PostgresServer } from './support/postgres.js';

const PROCESSES = 8;
const RUNS_EACH = 25;
const openModule = fileURLToPath(new URL('../dist/src/store/open.js', import.meta.url));

// The child: wait for the go file, then save RUNS_EACH runs, each with (worker + 1) open ports and one finding.
const CHILD = `
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
const { openStore } = await import(process.env.PW_OPEN);
const location = JSON.parse(process.env.PW_LOCATION);
const worker = Number(process.env.PW_WORKER);
process.stdout.write('ready\\n');
while (!existsSync(process.env.PW_GO)) await new Promise((r) => setTimeout(r, 2));
for (let k = 0; k < Number(process.env.PW_RUNS); k++) {
  const at = new Date(Date.UTC(2026, 0, 1, 0, worker, k)).toISOString();
  const host = '203.0.113.' + (worker + 1);
  const ports = Array.from({ length: worker + 1 }, (_, n) => ({ transport: 'tcp', port: 1000 + n, state: 'open',
    reason: 'syn-ack', rttMs: 0.1, address: null, service: null, processes: [], checks: [] }));
  const text = { en: 'open', zh: '开放' };
  const finding = { id: 'exposure:' + host + ':1000', rule: 'exposure', severity: 'medium',
    target: { host, transport: 'tcp', port: 1000, address: null }, title: text, detail: text, action: 'restrict',
    evidence: {} };
  const run = { schema: 'portwarden.run/1', id: randomUUID(), kind: 'scan', startedAt: at, finishedAt: at,
    tool: { name: 'portwarden', version: 'test' }, parameters: { targets: [host], worker },
    hosts: [{ host, state: 'up', reason: 'syn-ack', ports, closed: 5 }], findings: [finding], interrupted: false };
  const store = await openStore(location);
  try { await store.save(run); } finally { await store.close(); }
  process.stdout.write(run.id + '\\n');
}
`;

interface Outcome {
  readonly code: number | null;
  readonly ids: string[];
  readonly err: string;
}

async function race(location: StoreLocation, dir: string): Promise<Outcome[]> {
  const go = join(dir, `go-${Math.random()}`);
  const children = Array.from({ length: PROCESSES }, (_, worker) =>
    spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PW_OPEN: openModule,
        PW_LOCATION: JSON.stringify(location),
        PW_WORKER: String(worker),
        PW_RUNS: String(RUNS_EACH),
        PW_GO: go,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const outcomes = children.map(
    (child) =>
      new Promise<Outcome>((resolve) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => {
          resolve({ code, ids: out.split('\n').filter((l) => /^[0-9a-f-]{36}$/.test(l)), err });
        });
      }),
  );
  // Everyone ready, then everyone at once.
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const onData = (d: Buffer): void => {
            if (d.toString().includes('ready')) {
              child.stdout.off('data', onData);
              resolve();
            }
          };
          child.stdout.on('data', onData);
          child.on('close', () => {
            resolve();
          });
        }),
    ),
  );
  writeFileSync(go, '');
  return Promise.all(outcomes);
}

async function expectEverySaved(location: StoreLocation, outcomes: readonly Outcome[]): Promise<void> {
  for (const o of outcomes) expect(o.err).toBe('');
  expect(outcomes.map((o) => o.code)).toEqual(Array<number>(PROCESSES).fill(0));
  const store = await openStore(location);
  try {
    const runs = await store.list();
    expect(runs.length).toBe(PROCESSES * RUNS_EACH);
    const saved = outcomes.flatMap((o) => o.ids).sort();
    expect(saved.length).toBe(PROCESSES * RUNS_EACH);
    expect(runs.map((r) => r.id).sort()).toEqual(saved);
    // Every run whole: worker w saved w + 1 open ports in each of its runs.
    const ports = runs.reduce((n, r) => n + r.openPorts, 0);
    expect(ports).toBe(RUNS_EACH * ((PROCESSES * (PROCESSES + 1)) / 2));
    expect(runs.every((r) => r.findings.medium === 1)).toBe(true);
    for (const r of runs.slice(0, 20)) expect((await store.get(r.id))?.hosts[0]?.ports.length).toBe(r.openPorts);
  } finally {
    await store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pw-race-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('concurrent processes saving runs', () => {
  it(`SQLite: ${PROCESSES} processes × ${RUNS_EACH} runs into one new file, none lost`, async () => {
    const location: StoreLocation = { backend: 'sqlite', path: join(dir, 'race', 'history.db') };
    const started = performance.now();
    const outcomes = await race(location, dir);
    console.log(
      `SQLite: ${PROCESSES * RUNS_EACH} runs from ${PROCESSES} processes in ${(performance.now() - started).toFixed(0)} ms`,
    );
    await expectEverySaved(location, outcomes);
  }, 120_000);

  const pg = postgresEnabled('PostgreSQL history store, concurrent writers');
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (pg) server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.skipIf(!pg)(
    `PostgreSQL: ${PROCESSES} processes × ${RUNS_EACH} runs into one new database, none lost`,
    async () => {
      const location: StoreLocation = { backend: 'postgres', url: server?.createDatabase() ?? '' };
      const started = performance.now();
      const outcomes = await race(location, dir);
      console.log(
        `PostgreSQL: ${PROCESSES * RUNS_EACH} runs from ${PROCESSES} processes in ${(performance.now() - started).toFixed(0)} ms`,
      );
      await expectEverySaved(location, outcomes);
    },
    120_000,
  );
});
