/**
 * Which store to use: `--db`, else PORTWARDEN_DB, else `$XDG_DATA_HOME/portwarden/history.db`
 * (`~/.local/share/portwarden/history.db`). A postgres:// or postgresql:// URL selects PostgreSQL, anything else
 * is a SQLite file. The backends' modules (and their native code) load only when a store is opened.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import type { RunStore } from './store.js';

export type StoreLocation =
  { readonly backend: 'sqlite'; readonly path: string } | { readonly backend: 'postgres'; readonly url: string };

/**
 * The default database file, following the XDG base directory specification (a relative XDG_DATA_HOME is ignored).
 * @example defaultDatabasePath({ HOME: '/home/me' }) // '/home/me/.local/share/portwarden/history.db'
 */
export function defaultDatabasePath(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_DATA_HOME'];
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'share');
  return join(base, 'portwarden', 'history.db');
}

/**
 * Where runs are kept, from `--db` (or undefined) and the environment. An empty value is a usage error.
 * @example storeLocation('postgres://pw@localhost/pw', {}).backend // 'postgres'
 */
export function storeLocation(
  db: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): StoreLocation {
  const fromEnv = env['PORTWARDEN_DB'];
  const chosen = db ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : undefined);
  if (chosen === undefined) return { backend: 'sqlite', path: defaultDatabasePath(env) };
  const value = chosen.trim();
  if (value === '') throw usageError('USAGE', 'error.store.emptyDb');
  if (/^postgres(ql)?:\/\//i.test(value)) return { backend: 'postgres', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw usageError('USAGE', 'error.store.badDb', { value });
  return { backend: 'sqlite', path: resolve(value) };
}

/** Open the store at `location`, creating its database or schema when needed. */
export async function openStore(location: StoreLocation): Promise<RunStore> {
  if (location.backend === 'postgres') {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location.url);
  }
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore(location.path);
}
