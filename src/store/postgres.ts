/**
 * The history store in PostgreSQL (`--db postgres://…`), through node-postgres, loaded only when asked for.
 * Same tables and the same contract as the SQLite store; schema migrations are serialised by an advisory lock.
 */
import type pg from 'pg';
import type { RunKind, RunRecord } from '../core/run.js';
import { pending, SCHEMA_VERSION } from './migrations/index.js';
import { runRows } from './rows.js';
import { parseRecord, summaryFromRow } from './read.js';
import { runIdPrefix, StoreError, type ListOptions, type RunStore, type RunSummary } from './store.js';

/** Key of the advisory lock that lets one process at a time migrate the schema ("pwsc" in ASCII). */
const MIGRATION_LOCK = 0x70777363;

/**
 * A connection URL safe to print: the password replaced by ***.
 * @example redactUrl('postgres://me:secret@db/pw') // 'postgres://me:***@db/pw'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@').replace(/([?&][^=&]*pass[^=&]*=)[^&]*/gi, '$1***');
  }
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function migrate(client: pg.PoolClient, location: string): Promise<void> {
  await inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    const res = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = res.rows[0]?.v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new StoreError('newer-schema', `${location} has schema version ${current}, newer than ${SCHEMA_VERSION}`, {
        details: { location, version: current, supported: SCHEMA_VERSION },
      });
    }
    for (const m of pending(current)) {
      for (const sql of m.postgres) await client.query(sql);
      await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, now())', [m.version]);
    }
  });
}

interface PgSummaryRow {
  id: string;
  kind: string;
  started_at: Date;
  finished_at: Date;
  targets: string[];
  hosts: number;
  hosts_up: number;
  open_ports: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  interrupted: boolean;
}

class PostgresStore implements RunStore {
  readonly backend = 'postgres' as const;

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  async save(run: RunRecord): Promise<void> {
    const rows = runRows(run);
    const s = rows.summary;
    const client = await this.pool.connect();
    try {
      await inTransaction(client, async () => {
        await client.query(
          `INSERT INTO runs (id, kind, started_at, finished_at, tool_name, tool_version, targets, hosts, hosts_up,
            open_ports, critical, high, medium, low, info, interrupted, record)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            s.id,
            s.kind,
            s.startedAt,
            s.finishedAt,
            rows.tool.name,
            rows.tool.version,
            JSON.stringify(s.targets),
            s.hosts,
            s.hostsUp,
            s.openPorts,
            s.findings.critical,
            s.findings.high,
            s.findings.medium,
            s.findings.low,
            s.findings.info,
            s.interrupted,
            rows.json,
          ],
        );
        // One statement per table whatever the run's size: the rows travel as parallel arrays.
        if (rows.hosts.length > 0) {
          await client.query(
            `INSERT INTO hosts (run_id, seq, host, state, reason, closed)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[])`,
            [
              s.id,
              rows.hosts.map((h) => h.seq),
              rows.hosts.map((h) => h.host),
              rows.hosts.map((h) => h.state),
              rows.hosts.map((h) => h.reason),
              rows.hosts.map((h) => h.closed),
            ],
          );
        }
        if (rows.ports.length > 0) {
          const p = rows.ports;
          await client.query(
            `INSERT INTO ports (run_id, seq, host, transport, port, state, reason, address, service, product, version)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[],
               $8::text[], $9::text[], $10::text[], $11::text[])`,
            [
              s.id,
              p.map((x) => x.seq),
              p.map((x) => x.host),
              p.map((x) => x.transport),
              p.map((x) => x.port),
              p.map((x) => x.state),
              p.map((x) => x.reason),
              p.map((x) => x.address),
              p.map((x) => x.service),
              p.map((x) => x.product),
              p.map((x) => x.version),
            ],
          );
        }
        if (rows.findings.length > 0) {
          const f = rows.findings;
          await client.query(
            `INSERT INTO findings (run_id, seq, finding_id, rule, severity, host, transport, port, address, action)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
               $8::int[], $9::text[], $10::text[])`,
            [
              s.id,
              f.map((x) => x.seq),
              f.map((x) => x.findingId),
              f.map((x) => x.rule),
              f.map((x) => x.severity),
              f.map((x) => x.host),
              f.map((x) => x.transport),
              f.map((x) => x.port),
              f.map((x) => x.address),
              f.map((x) => x.action),
            ],
          );
        }
      });
    } catch (err) {
      throw new StoreError('write', `cannot save run ${run.id} in ${this.location}: ${(err as Error).message}`, {
        cause: err,
        details: { location: this.location },
      });
    } finally {
      client.release();
    }
  }

  async get(idOrPrefix: string): Promise<RunRecord | null> {
    const prefix = runIdPrefix(idOrPrefix);
    // record::text: the json column's own text, not a re-serialised copy.
    const res = await this.pool.query<{ id: string; record: string }>(
      'SELECT id, record::text AS record FROM runs WHERE id LIKE $1 ORDER BY id LIMIT 2',
      [`${prefix}%`],
    );
    const exact = res.rows.find((r) => r.id === prefix);
    if (exact === undefined && res.rows.length > 1) {
      throw new StoreError('ambiguous', `several runs start with ${prefix}`, { details: { prefix } });
    }
    const row = exact ?? res.rows[0];
    return row === undefined ? null : parseRecord(row.record, this.location);
  }

  async list(options: ListOptions = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.kind !== undefined) {
      args.push(options.kind);
      where.push(`kind = $${args.length}`);
    }
    if (options.since !== undefined) {
      args.push(options.since.toISOString());
      where.push(`started_at >= $${args.length}`);
    }
    let limit = '';
    if (options.limit !== undefined) {
      args.push(options.limit);
      limit = `LIMIT $${args.length}`;
    }
    const res = await this.pool.query<PgSummaryRow>(
      `SELECT id, kind, started_at, finished_at, targets, hosts, hosts_up, open_ports, critical, high, medium, low,
         info, interrupted FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, id ${limit}`,
      args,
    );
    return res.rows.map((r) =>
      summaryFromRow({
        ...r,
        kind: r.kind as RunKind,
        started_at: r.started_at.toISOString(),
        finished_at: r.finished_at.toISOString(),
      }),
    );
  }

  async prune(olderThan: Date): Promise<number> {
    const res = await this.pool.query('DELETE FROM runs WHERE started_at < $1', [olderThan.toISOString()]);
    return res.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Connect to the PostgreSQL store at `url` and bring its schema up to date.
 * @example const store = await openPostgresStore('postgres://portwarden@localhost/portwarden')
 */
export async function openPostgresStore(url: string): Promise<RunStore> {
  const location = redactUrl(url);
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15_000 });
  // An idle connection the server drops must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migrate(client, location);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    throw new StoreError('open', `cannot open the history database ${location}: ${(err as Error).message}`, {
      cause: err,
      details: { location, message: (err as Error).message },
    });
  }
  return new PostgresStore(pool, location);
}
