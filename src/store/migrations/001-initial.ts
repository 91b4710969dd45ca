/**
 * Schema version 1: one row per run with the counts `history` lists, the hosts, ports and findings as rows to
 * query and count across runs, and the whole record as JSON so `show` renders exactly what was saved.
 */
import type { Migration } from './index.js';

export const initial: Migration = {
  version: 1,
  name: 'runs, hosts, ports and findings',
  sqlite: [
    `CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      tool_name TEXT NOT NULL,
      tool_version TEXT NOT NULL,
      targets TEXT NOT NULL,
      hosts INTEGER NOT NULL,
      hosts_up INTEGER NOT NULL,
      open_ports INTEGER NOT NULL,
      critical INTEGER NOT NULL,
      high INTEGER NOT NULL,
      medium INTEGER NOT NULL,
      low INTEGER NOT NULL,
      info INTEGER NOT NULL,
      interrupted INTEGER NOT NULL,
      record TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX runs_started ON runs (started_at)`,
    `CREATE TABLE hosts (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      host TEXT NOT NULL,
      state TEXT NOT NULL,
      reason TEXT,
      closed INTEGER NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) STRICT`,
    `CREATE TABLE ports (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      host TEXT NOT NULL,
      transport TEXT NOT NULL,
      port INTEGER NOT NULL,
      state TEXT NOT NULL,
      reason TEXT NOT NULL,
      address TEXT,
      service TEXT,
      product TEXT,
      version TEXT,
      PRIMARY KEY (run_id, seq)
    ) STRICT`,
    `CREATE INDEX ports_where ON ports (host, port, transport)`,
    `CREATE TABLE findings (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      finding_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      severity TEXT NOT NULL,
      host TEXT NOT NULL,
      transport TEXT NOT NULL,
      port INTEGER NOT NULL,
      address TEXT,
      action TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) STRICT`,
    `CREATE INDEX findings_id ON findings (finding_id)`,
  ],
  postgres: [
    `CREATE TABLE runs (
      id text PRIMARY KEY,
      kind text NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      tool_name text NOT NULL,
      tool_version text NOT NULL,
      targets jsonb NOT NULL,
      hosts integer NOT NULL,
      hosts_up integer NOT NULL,
      open_ports integer NOT NULL,
      critical integer NOT NULL,
      high integer NOT NULL,
      medium integer NOT NULL,
      low integer NOT NULL,
      info integer NOT NULL,
      interrupted boolean NOT NULL,
      -- json, not jsonb: json keeps the text as written, so show --json gives back the same bytes.
      record json NOT NULL
    )`,
    `CREATE INDEX runs_started ON runs (started_at)`,
    `CREATE TABLE hosts (
      run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      host text NOT NULL,
      state text NOT NULL,
      reason text,
      closed integer NOT NULL,
      PRIMARY KEY (run_id, seq)
    )`,
    `CREATE TABLE ports (
      run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      host text NOT NULL,
      transport text NOT NULL,
      port integer NOT NULL,
      state text NOT NULL,
      reason text NOT NULL,
      address text,
      service text,
      product text,
      version text,
      PRIMARY KEY (run_id, seq)
    )`,
    `CREATE INDEX ports_where ON ports (host, port, transport)`,
    `CREATE TABLE findings (
      run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      finding_id text NOT NULL,
      rule text NOT NULL,
      severity text NOT NULL,
      host text NOT NULL,
      transport text NOT NULL,
      port integer NOT NULL,
      address text,
      action text NOT NULL,
      PRIMARY KEY (run_id, seq)
    )`,
    `CREATE INDEX findings_id ON findings (finding_id)`,
  ],
};
