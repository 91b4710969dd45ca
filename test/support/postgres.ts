// A throwaway PostgreSQL server for tests: Debian's postgresql binaries, initdb into a temp dir as the postgres
// user, listening on a Unix socket only (no TCP port, nothing reachable from outside), stopped in afterAll.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labUnavailableReason, warnLabSkipped } from '../lab/netns.js';

/** The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const m of majors) if (existsSync(join(root, m, 'bin', 'initdb'))) return join(root, m, 'bin');
  return null;
}

/**
 * Whether a PostgreSQL test can run here: root (to run the server as the postgres user) and Debian's postgresql.
 * Skips loudly, or throws under PORTWARDEN_REQUIRE_LAB=1 (CI).
 */
export function postgresEnabled(what: string): boolean {
  const reason =
    labUnavailableReason({ root: true, netns: false }) ??
    (postgresBin() === null ? 'PostgreSQL is not installed (Debian package: postgresql)' : null) ??
    (spawnSync('id', ['-u', 'postgres']).status === 0
      ? null
      : 'there is no postgres user (Debian package: postgresql)');
  if (reason === null) return true;
  if (process.env['PORTWARDEN_REQUIRE_LAB'] === '1') {
    throw new Error(`test "${what}" cannot run: ${reason}; with PORTWARDEN_REQUIRE_LAB=1 that is a failure`);
  }
  warnLabSkipped(what, `${reason}. Set PORTWARDEN_REQUIRE_LAB=1 to make this a failure`);
  return false;
}

export interface PostgresServer {
  /** URL of a new, empty database on this server. */
  createDatabase(): string;
  stop(): Promise<void>;
}

let databases = 0;

/** initdb, start the server on a socket in a temp dir, wait until it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (bin === null) throw new Error('PostgreSQL is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'pw-pg-'));
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  // Run as the postgres user directly (the server refuses root), so signals reach the server itself.
  const as = { uid, gid, cwd: dir, env: { PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8' } };
  const asPostgres = (cmd: string, args: readonly string[]): ReturnType<typeof spawnSync> =>
    spawnSync(join(bin, cmd), args, { ...as, encoding: 'utf8' });
  const init = asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${String(init.stderr)}`);
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const args = ['-D', data, '-k', dir, '-p', String(port), '-c', 'listen_addresses=', '-c', 'fsync=off'];
  const server: ChildProcess = spawn(join(bin, 'postgres'), [...args, '-c', 'max_connections=60'], {
    ...as,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const psql = (sql: string): ReturnType<typeof spawnSync> =>
    asPostgres('psql', [
      '-h',
      dir,
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      sql,
    ]);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (psql('SELECT 1').status === 0) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`PostgreSQL did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    createDatabase() {
      const name = `pw_test_${process.pid}_${++databases}`;
      const r = psql(`CREATE DATABASE ${name}`);
      if (r.status !== 0) throw new Error(`CREATE DATABASE failed: ${String(r.stderr)}`);
      return `postgresql://postgres@localhost/${name}?host=${encodeURIComponent(dir)}&port=${port}`;
    },
    async stop() {
      const exited = new Promise((r) => server.once('exit', r));
      // SIGINT: PostgreSQL's fast shutdown (disconnect clients, then stop).
      server.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
