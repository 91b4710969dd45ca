/**
 * The store's schema history. A migration is never edited once released: a change is a new version, applied in
 * one transaction together with its row in `schema_version`, so a database is always at one whole version.
 */
import { initial } from './001-initial.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements for each dialect, run in order inside the migration's transaction. */
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

/** Every migration, oldest first; versions are 1, 2, 3… without gaps. */
export const MIGRATIONS: readonly Migration[] = [initial];

/** The version a database has once every migration ran. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Migrations a database at `current` still needs, in order. */
export function pending(current: number): readonly Migration[] {
  return MIGRATIONS.filter((m) => m.version > current);
}
