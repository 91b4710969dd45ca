/**
 * The history store in one SQLite file (better-sqlite3, loaded only when a store is opened). WAL mode lets readers
 * run beside a writer; writers take the lock at BEGIN IMMEDIATE and wait up to the busy timeout for each other,
 * so concurrent portwarden processes all get their runs in.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { RunKind, RunRecord } from '../core/run.js';
import { pending, SCHEMA_VERSION } from './migrations/index.js';
import { runRows } from './rows.js';
import { parseRecord, summaryFromRow, type SummaryRow } from './read.js';
import { runIdPrefix, StoreError, type ListOptions, type RunStore, type RunSummary } from './store.js';

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

type Db = BetterSqlite3.Database;

function currentVersion(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Bring the file to the current schema; two processes opening a new file at once migrate it once. */
function migrate(db: Db, path: string): void {
  const run = db.transaction(() => {
    const current = currentVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new StoreError('newer-schema', `${path} has schema version ${current}, newer than ${SCHEMA_VERSION}`, {
        details: { location: path, version: current, supported: SCHEMA_VERSION },
      });
    }
    for (const m of pending(current)) {
      for (const sql of m.sqlite) db.exec(sql);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
        m.version,
        new Date().toISOString(),
      );
    }
  });
  run.immediate();
}

class SqliteStore implements RunStore {
  readonly backend = 'sqlite' as const;
  readonly #db: Db;
  readonly #insert: () => Record<'run' | 'host' | 'port' | 'finding', BetterSqlite3.Statement>;

  constructor(
    db: Db,
    readonly location: string,
  ) {
    this.#db = db;
    let cached: Record<'run' | 'host' | 'port' | 'finding', BetterSqlite3.Statement> | undefined;
    this.#insert = () =>
      (cached ??= {
        run: db.prepare(`INSERT INTO runs (id, kind, started_at, finished_at, tool_name, tool_version, targets, hosts,
          hosts_up, open_ports, critical, high, medium, low, info, interrupted, record)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        host: db.prepare('INSERT INTO hosts (run_id, seq, host, state, reason, closed) VALUES (?, ?, ?, ?, ?, ?)'),
        port: db.prepare(`INSERT INTO ports (run_id, seq, host, transport, port, state, reason, address, service,
          product, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        finding: db.prepare(`INSERT INTO findings (run_id, seq, finding_id, rule, severity, host, transport, port,
          address, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      });
  }

  save(run: RunRecord): Promise<void> {
    const rows = runRows(run);
    const s = rows.summary;
    const ins = this.#insert();
    const write = this.#db.transaction(() => {
      ins.run.run(
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
        s.interrupted ? 1 : 0,
        rows.json,
      );
      for (const h of rows.hosts) ins.host.run(s.id, h.seq, h.host, h.state, h.reason, h.closed);
      for (const p of rows.ports) {
        ins.port.run(
          s.id,
          p.seq,
          p.host,
          p.transport,
          p.port,
          p.state,
          p.reason,
          p.address,
          p.service,
          p.product,
          p.version,
        );
      }
      for (const f of rows.findings) {
        ins.finding.run(s.id, f.seq, f.findingId, f.rule, f.severity, f.host, f.transport, f.port, f.address, f.action);
      }
    });
    try {
      write.immediate();
    } catch (err) {
      return Promise.reject(
        new StoreError('write', `cannot save run ${run.id} in ${this.location}: ${(err as Error).message}`, {
          cause: err,
          details: { location: this.location },
        }),
      );
    }
    return Promise.resolve();
  }

  get(idOrPrefix: string): Promise<RunRecord | null> {
    try {
      const prefix = runIdPrefix(idOrPrefix);
      // The prefix holds only hex digits and dashes, so it needs no escaping inside LIKE.
      const rows = this.#db
        .prepare('SELECT id, record FROM runs WHERE id LIKE ? ORDER BY id LIMIT 2')
        .all(`${prefix}%`) as { id: string; record: string }[];
      const exact = rows.find((r) => r.id === prefix);
      if (exact === undefined && rows.length > 1) {
        throw new StoreError('ambiguous', `several runs start with ${prefix}`, { details: { prefix } });
      }
      const row = exact ?? rows[0];
      return Promise.resolve(row === undefined ? null : parseRecord(row.record, this.location));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  list(options: ListOptions = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.kind !== undefined) {
      where.push('kind = ?');
      args.push(options.kind);
    }
    if (options.since !== undefined) {
      where.push('started_at >= ?');
      args.push(options.since.toISOString());
    }
    const sql = `SELECT id, kind, started_at, finished_at, targets, hosts, hosts_up, open_ports, critical, high,
      medium, low, info, interrupted FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id ${options.limit === undefined ? '' : 'LIMIT ?'}`;
    if (options.limit !== undefined) args.push(options.limit);
    const rows = this.#db.prepare(sql).all(...args) as SqliteSummaryRow[];
    return Promise.resolve(
      rows.map((r) =>
        summaryFromRow({
          ...r,
          kind: r.kind as RunKind,
          targets: JSON.parse(r.targets) as string[],
          interrupted: r.interrupted === 1,
        }),
      ),
    );
  }

  prune(olderThan: Date): Promise<number> {
    const result = this.#db.prepare('DELETE FROM runs WHERE started_at < ?').run(olderThan.toISOString());
    return Promise.resolve(result.changes);
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}

type SqliteSummaryRow = Omit<SummaryRow, 'kind' | 'targets' | 'interrupted'> & {
  kind: string;
  targets: string;
  interrupted: number;
};

/**
 * Open (creating when needed) the SQLite store at `path`; a new file is readable by its owner only.
 * @example const store = await openSqliteStore('/home/me/.local/share/portwarden/history.db')
 */
export async function openSqliteStore(path: string): Promise<RunStore> {
  let db: Db | undefined;
  try {
    const { default: Database } = await import('better-sqlite3');
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // What was scanned, and where it is weak, is nobody else's business.
      closeSync(openSync(path, 'a', 0o600));
    }
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return new SqliteStore(db, path);
  } catch (err) {
    db?.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError('open', `cannot open the history database ${path}: ${(err as Error).message}`, {
      cause: err,
      details: { location: path, message: (err as Error).message },
    });
  }
}
