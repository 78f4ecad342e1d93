/**
 * @module
 * The till's database once a connection is open, whatever opened it: pragmas, the shared
 * functions migrations call, migrations, and the one write-transaction wrapper. The Node host
 * opens a better-sqlite3 file (`database.ts`); the mobile till opens SQLite compiled to
 * WebAssembly (issue 20). Nothing here may need Node.
 */
import { barcodeKey, CassaError } from '@cassa/shared';
import { migrations } from './migrations';
import type { SqliteConnection } from './sqlite-port';

/** The open connection: better-sqlite3's on a PC, SQLite in WebAssembly on a phone. */
export type Db = SqliteConnection;

export interface TillDatabase {
  readonly db: Db;
  readonly path: string;
  /** Runs `work` in one BEGIN IMMEDIATE transaction; it must be synchronous. */
  write<T>(work: () => T): T;
  /**
   * Like `write`, but the commit does not wait for the disk. Only for what head office can send
   * again and whose loss the till notices by itself: a pulled page with its cursor. In WAL mode
   * such a commit is still atomic; a power cut may roll it back (rows and cursor together, so
   * the next pull fetches the page again), and the next durable commit, a sale's, syncs it along.
   * A first pull of a large catalogue is hundreds of commits: waiting for the disk on each cost
   * a third of its time.
   */
  writeWithoutSync<T>(work: () => T): T;
  close(): void;
}

export interface PrepareOptions {
  /**
   * WAL on a PC. A VFS without shared memory (the browser's opfs-sahpool) cannot keep a WAL:
   * it takes TRUNCATE, a rollback journal emptied at each commit, with the same full sync.
   */
  readonly journalMode?: 'WAL' | 'TRUNCATE';
  /** Runs right after the journal mode is set (the Node host tightens the WAL files' modes). */
  readonly afterJournalMode?: () => void;
}

/** Configures an open connection, migrates it, and wraps it; closes it if any of that fails. */
export function prepareTillDatabase(db: Db, path: string, options: PrepareOptions = {}): TillDatabase {
  const wal = (options.journalMode ?? 'WAL') === 'WAL';
  try {
    db.pragma(`journal_mode = ${wal ? 'WAL' : 'TRUNCATE'}`);
    options.afterJournalMode?.();
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Migrations that backfill normalised barcodes call the shared rule, not an SQL copy of it.
    db.function('cassa_barcode_key', { deterministic: true }, (code: unknown) => barcodeKey(String(code)));
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  // One transaction wrapper for every write: building a new one per call cost a closure and a
  // few property lookups on every scan.
  const inTransaction = db.transaction((work: () => unknown) => work());
  return {
    db,
    path,
    write<T>(work: () => T): T {
      return inTransaction.immediate(work) as T;
    },
    writeWithoutSync<T>(work: () => T): T {
      // Only a WAL commit stays atomic without its sync; in a rollback journal, NORMAL could
      // leave a torn file after a power cut, so there every commit waits for the disk.
      if (!wal) return inTransaction.immediate(work) as T;
      db.pragma('synchronous = NORMAL');
      try {
        return inTransaction.immediate(work) as T;
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
    close() {
      if (db.open) {
        // A clean checkpoint leaves a single self-contained file behind.
        if (wal) db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
  };
}

export const schemaVersion = migrations.length;

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new CassaError(
      'DATABASE_TOO_NEW',
      `This till database is at schema version ${current}, newer than this Cassa (${migrations.length}). ` +
        'Install the newer Cassa version that wrote it; the file was not changed.',
    );
  }
  for (let version = current; version < migrations.length; version++) {
    const migration = migrations[version];
    if (!migration) break;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
