/**
 * @module
 * What a test till needs from its platform, in a browser (the `core-chromium` vitest project
 * aliases `./test-till-platform` here): a "folder" is a unique name, and the till's database is
 * SQLite in WebAssembly in memory whose image, when a till closes, waits in a Map for the reopen
 * (`wasm-test-databases.ts` keeps it as honest as a file). sqlite-wasm loads as on the phone's
 * worker: its `.wasm` found beside its module, served by vite, never from a CDN.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { TillCore, TillCoreOnOptions } from '../till-core';
import { createTillCoreOn } from '../till-core';
import { wasmTestDatabases } from './wasm-test-databases';
import type { TestImageShelf } from './wasm-test-databases';

const folders = new Set<string>();
const images = new Map<string, Uint8Array>();

const mapShelf: TestImageShelf = {
  makeFolder: (dir) => folders.add(dir),
  folderExists: (dir) => folders.has(dir),
  databasePath: (dir) => `${dir}/till.db`,
  read: (path) => images.get(path) ?? null,
  write: (path, image) => images.set(path, image),
};

// One module per test file: instantiating the WebAssembly module costs tens of milliseconds.
const openDatabase = wasmTestDatabases(await sqlite3InitModule(), mapShelf);

/** A new empty "folder": a name no other till of this page has. */
export function createTestFolder(prefix = 'cassa-till-'): string {
  const dir = `/${prefix}${crypto.randomUUID()}`;
  folders.add(dir);
  return dir;
}

export function removeTestFolder(dir: string): void {
  folders.delete(dir);
  for (const path of images.keys()) if (path.startsWith(`${dir}/`)) images.delete(path);
}

/** A till core whose database is `<dir>/till.db`. */
export function startTestTillCore(dir: string, options: TillCoreOnOptions): TillCore {
  return createTillCoreOn(openDatabase(dir), options);
}
