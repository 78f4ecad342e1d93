/**
 * @module
 * Opens the till's SQLite file on a PC the one way that keeps sales safe: WAL with full fsync on
 * commit (a sale the till reported complete survives a power cut), foreign keys on, a busy
 * timeout, and write transactions started with BEGIN IMMEDIATE so a read never has to upgrade to
 * a write (the "database is locked" trap). The file and its WAL are private to the user.
 */
import Database from 'better-sqlite3';
import { makePrivateFile, tightenExisting } from './private-files';
import type { TillDatabase } from './till-database';
import { prepareTillDatabase } from './till-database';

export type { Db, TillDatabase } from './till-database';
export { schemaVersion } from './till-database';

export function openTillDatabase(path: string): TillDatabase {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk) makePrivateFile(path);
  return prepareTillDatabase(new Database(path), path, {
    afterJournalMode: () => {
      if (onDisk) tightenExisting([`${path}-wal`, `${path}-shm`]);
    },
  });
}
