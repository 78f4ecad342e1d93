/**
 * @module
 * The core's tests in Node on SQLite in WebAssembly (`CASSA_TILL_SQLITE=wasm`, the `core-wasm`
 * vitest project): the same services, migrations and tests as on better-sqlite3, over the adapter
 * the phone runs. In Node sqlite-wasm has no file VFS, so a test till's database lives in memory
 * (`wasm-test-databases.ts`) and its file is honest another way: closing writes the memory image
 * to `<dir>/till.db`, opening reads it back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { makePrivateDir, privateFileMode } from '../store/private-files';
import type { TillDatabase } from '../store/till-database';
import { wasmTestDatabases } from './wasm-test-databases';
import type { OpenTestDatabase, TestImageShelf } from './wasm-test-databases';

/** Whether this test run puts the till on WebAssembly. */
export const tillOnWasm = process.env['CASSA_TILL_SQLITE'] === 'wasm';

const fileShelf: TestImageShelf = {
  makeFolder: makePrivateDir,
  folderExists: existsSync,
  databasePath: (dir) => join(dir, 'till.db'),
  read: (path) => (existsSync(path) ? readFileSync(path) : null),
  write: (path, image) => writeFileSync(path, image, { mode: privateFileMode }),
};

// One module per test file's worker: instantiating the WebAssembly module costs ~50 ms.
const openDatabase: OpenTestDatabase | null = tillOnWasm ? wasmTestDatabases(await sqlite3InitModule(), fileShelf) : null;

/** Opens `<dataDir>/till.db` on WebAssembly: the live database, the saved image, or a new database. */
export function openWasmTestDatabase(dataDir: string): TillDatabase {
  if (!openDatabase) throw new Error('CASSA_TILL_SQLITE is not "wasm"');
  return openDatabase(dataDir);
}
