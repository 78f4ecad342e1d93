/**
 * @module
 * A test till's database on SQLite in WebAssembly, in memory, made as honest as a file: the
 * logic shared by the core's tests in Node (`CASSA_TILL_SQLITE=wasm`, images kept as files) and
 * in Chromium (the `core-chromium` project, images kept in a Map). Nothing here imports Node.
 *
 * - A reopen (a restart) sees exactly what was committed: closing a till writes its database's
 *   image to the shelf, opening reads it back. Synchronous JavaScript holds no transaction across
 *   a test's await, so what the memory holds at close is what was committed.
 * - Two live tills on one folder (a "killed" till still finishing a request while its successor
 *   starts) share one database, as two processes share a file: SQLite's `memdb` VFS gives every
 *   connection opened on the same name beginning with "/" the same in-memory database, with
 *   SQLite's own locking between them (https://sqlite.org/src/file/src/memdb.c).
 */
import type { Database as RawDb, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { SqliteConnection } from '../store/sqlite-port';
import { prepareTillDatabase } from '../store/till-database';
import type { TillDatabase } from '../store/till-database';
import { exportWasmImage, openWasmConnection } from '../store/wasm-sqlite';

/** Where closed tills' images wait for their reopen: files in Node, a Map in the browser. */
export interface TestImageShelf {
  /** Makes the folder if it is missing. */
  makeFolder(dir: string): void;
  /** A folder the test already removed takes no image, as an unlinked file takes no writes. */
  folderExists(dir: string): boolean;
  databasePath(dir: string): string;
  read(path: string): Uint8Array | null;
  write(path: string, image: Uint8Array): void;
}

/** Opens a test till's database in a folder: the live one, else the saved image, else a new one. */
export type OpenTestDatabase = (dataDir: string) => TillDatabase;

const memdb = 'memdb';

/** The name under which memdb shares a database: it must begin with "/" (a Windows path does not). */
function sharedName(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

export function wasmTestDatabases(sqlite3: Sqlite3Static, shelf: TestImageShelf): OpenTestDatabase {
  /** Open connections by path: while one is open, memdb keeps the shared database alive. */
  const live = new Map<string, Set<SqliteConnection>>();
  /** A freshly migrated database's image: migrating costs seconds on WebAssembly, so it is done once per file. */
  let migratedImage: Uint8Array | null = null;

  function freshImage(): Uint8Array {
    if (!migratedImage) {
      const fresh = prepareTillDatabase(openWasmConnection(sqlite3, ':memory:'), ':memory:', { journalMode: 'TRUNCATE' });
      migratedImage = exportWasmImage(fresh.db);
      fresh.close();
    }
    return migratedImage;
  }

  function open(dir: string, path: string): TillDatabase {
    const connections = live.get(path) ?? new Set<SqliteConnection>();
    // No connection holds the shared database: it starts from the shelf's image (or a new one).
    const seed = connections.size === 0 ? seedShared(sqlite3, sharedName(path), shelf.read(path) ?? freshImage()) : null;
    let connection: SqliteConnection;
    try {
      connection = openWasmConnection(sqlite3, sharedName(path), { vfs: memdb });
    } finally {
      seed?.close();
    }
    connections.add(connection);
    live.set(path, connections);
    const store = prepareTillDatabase(connection, path, { journalMode: 'TRUNCATE' });
    return {
      db: store.db,
      path,
      write: (work) => store.write(work),
      writeWithoutSync: (work) => store.writeWithoutSync(work),
      close() {
        // Closing is the moment the "file" is written: this in-memory database has committed
        // everything it holds, and it is the same database every live till on the folder writes.
        if (connection.open && !connection.inTransaction && shelf.folderExists(dir)) shelf.write(path, exportWasmImage(connection));
        connections.delete(connection);
        if (connections.size === 0) live.delete(path);
        store.close();
      },
    };
  }

  return (dataDir) => {
    shelf.makeFolder(dataDir);
    return open(dataDir, shelf.databasePath(dataDir));
  };
}

/**
 * Opens the shared database `name` and fills it with `image`, through SQLite's backup API: the
 * shared database takes the image's pages exactly (sqlite3_deserialize would give the connection
 * a private copy instead). The caller keeps it open until its own connection is.
 */
function seedShared(sqlite3: Sqlite3Static, name: string, image: Uint8Array): RawDb {
  const { capi, oo1, wasm } = sqlite3;
  const shared = new oo1.DB(name, 'c', memdb);
  const source = new oo1.DB(':memory:', 'c');
  try {
    // A plain Uint8Array view: wasm.allocFromTypedArray refuses subclasses such as Node's Buffer.
    const pointer = wasm.allocFromTypedArray(new Uint8Array(image.buffer, image.byteOffset, image.byteLength));
    const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
    check(sqlite3, capi.sqlite3_deserialize(source, 'main', pointer, image.byteLength, image.byteLength, flags), 'deserialize');
    const backup = capi.sqlite3_backup_init(shared, 'main', source, 'main');
    if (!backup) throw new Error(`backup_init: ${capi.sqlite3_errmsg(shared)}`);
    const stepped = capi.sqlite3_backup_step(backup, -1);
    check(sqlite3, capi.sqlite3_backup_finish(backup), 'backup_finish');
    if (stepped !== capi.SQLITE_DONE) check(sqlite3, stepped, 'backup_step');
  } catch (error) {
    shared.close();
    throw error;
  } finally {
    source.close();
  }
  return shared;
}

function check(sqlite3: Sqlite3Static, rc: number, what: string): void {
  if (rc !== 0) throw new Error(`${what}: ${sqlite3.capi.sqlite3_js_rc_str(rc) ?? rc}`);
}
