/**
 * @module
 * The core's tests on SQLite in WebAssembly (`CASSA_TILL_SQLITE=wasm`, the `core-wasm` vitest
 * project): the same services, migrations and tests as on better-sqlite3, over the adapter the
 * phone runs. In Node sqlite-wasm has no file VFS, so a test till's database lives in memory and
 * its file is honest another way: closing writes the memory image to `<dir>/till.db`, opening
 * reads it back, so a reopen (a restart) sees exactly what was committed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { makePrivateDir } from '../store/private-files';
import { prepareTillDatabase } from '../store/till-database';
import type { SqliteConnection } from '../store/sqlite-port';
import type { TillDatabase } from '../store/till-database';
import { exportWasmImage, loadWasmImage, openWasmConnection } from '../store/wasm-sqlite';

/** Whether this test run puts the till on WebAssembly. */
export const tillOnWasm = process.env['CASSA_TILL_SQLITE'] === 'wasm';

// One module per test file's worker: instantiating the WebAssembly module costs ~50 ms.
const sqlite3: Sqlite3Static | null = tillOnWasm ? await sqlite3InitModule() : null;

/** A freshly migrated database's image: migrating costs seconds on WebAssembly, so it is done once per file. */
let migratedImage: Uint8Array | null = null;

/**
 * The databases still open, by path. A test that "kills" a till opens a second one on the same
 * folder without closing the first: it must see what the first committed, as a file would show.
 */
const live = new Map<string, SqliteConnection>();

function openImage(wasm: Sqlite3Static, path: string, image: Uint8Array | null): TillDatabase {
  const connection = openWasmConnection(wasm, ':memory:');
  if (image) loadWasmImage(connection, image);
  live.set(path, connection);
  const store = prepareTillDatabase(connection, path, { journalMode: 'TRUNCATE' });
  return {
    db: store.db,
    path,
    write: (work) => store.write(work),
    writeWithoutSync: (work) => store.writeWithoutSync(work),
    close() {
      // Closing is the moment the "file" is written: what a crash would not have lost is what
      // was committed, and this in-memory database has committed everything it holds.
      // A till a test "killed" (another opened its folder since) no longer owns the file.
      if (live.get(path) === connection) {
        live.delete(path);
        // A folder a test already removed takes no file, as an unlinked file takes no writes.
        if (connection.open && !connection.inTransaction && existsSync(dirname(path))) writeFileSync(path, exportWasmImage(connection), { mode: 0o600 });
      }
      store.close();
    },
  };
}

/** Opens `<dataDir>/till.db` on WebAssembly: the saved image if the test wrote one, else a new database. */
export function openWasmTestDatabase(dataDir: string): TillDatabase {
  if (!sqlite3) throw new Error('CASSA_TILL_SQLITE is not "wasm"');
  makePrivateDir(dataDir);
  const path = join(dataDir, 'till.db');
  const running = live.get(path);
  // Synchronous JavaScript holds no transaction across a test's await: the image is what was committed.
  if (running?.open && !running.inTransaction) return openImage(sqlite3, path, exportWasmImage(running));
  if (existsSync(path)) return openImage(sqlite3, path, readFileSync(path));
  if (!migratedImage) {
    const fresh = openImage(sqlite3, ':memory:', null);
    migratedImage = exportWasmImage(fresh.db);
    fresh.db.close();
  }
  return openImage(sqlite3, path, migratedImage);
}
