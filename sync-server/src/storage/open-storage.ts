/**
 * @module
 * Picks the engine from configuration: `postgres://…` (or `postgresql://…`) means PostgreSQL;
 * `sqlite:PATH`, `file:PATH` or a bare path means SQLite.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPostgresDatabase } from './postgres-database';
import { openSqlStorage } from './sql-storage';
import type { Migration } from './migrations';
import { openSqliteDatabase } from './sqlite-database';
import type { SqlDatabase } from './sql-database';
import type { SyncStorage } from './storage';

export interface StorageOptions {
  /** `postgres://…` or `sqlite:PATH`; wins over `sqlitePath`. */
  readonly databaseUrl?: string;
  /** A SQLite file, or `:memory:`. */
  readonly sqlitePath?: string;
  /** For tests of the migration machinery only. */
  readonly migrations?: readonly Migration[];
}

export function openDatabase(options: StorageOptions): SqlDatabase {
  const url = options.databaseUrl;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) return openPostgresDatabase(url);
  const path = url !== undefined ? url.replace(/^(sqlite|file):(\/\/)?/, '') : (options.sqlitePath ?? ':memory:');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return openSqliteDatabase(path);
}

export async function openStorage(options: StorageOptions): Promise<SyncStorage> {
  const db = openDatabase(options);
  try {
    return await openSqlStorage(db, { migrations: options.migrations });
  } catch (error) {
    await db.close();
    throw error;
  }
}
