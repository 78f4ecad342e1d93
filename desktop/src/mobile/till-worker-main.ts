/**
 * @module
 * The mobile till in its worker once the entry (`till-worker.ts`) has begun loading SQLite:
 * the lock, the PIN key, SQLite over the origin-private file system's `opfs-sahpool` VFS
 * (synchronous access handles: durable, fast, no COOP/COEP headers needed), the till core on it,
 * the page served over messages.
 */
/// <reference lib="webworker" />
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { createTillCoreOn, noPrinterPort, openWasmTillDatabase } from '@cassa/desktop/core-browser';
import { startMobileTill } from './mobile-till-host';
import { opfsKeyFiles } from './opfs-key-files';
import type { MessageEndpoint } from './till-port-server';

declare const self: DedicatedWorkerGlobalScope;

/** The database's own folder in OPFS (the VFS keeps a pool of files there). */
const POOL_DIRECTORY = '/cassa-till';
const DATABASE_NAME = '/till.db';

/** Runs the till until the worker ends; `sqlite3Loading` was begun by the entry. */
export async function runMobileTill(sqlite3Loading: Promise<Sqlite3Static>): Promise<void> {
  const startCore = async (pinKey: Uint8Array) => {
    const sqlite3 = await sqlite3Loading;
    // Only now, under the tab's lock: the pool takes every file's access handle for itself.
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'cassa-opfs-sahpool', directory: POOL_DIRECTORY, initialCapacity: 6 });
    const store = openWasmTillDatabase(sqlite3, DATABASE_NAME, { vfs: pool.vfsName });
    // The phone has no receipt printer of its own: receipts are shown and shared on screen.
    return createTillCoreOn(store, { printer: noPrinterPort(), pinKey });
  };
  await startMobileTill({
    endpoint: self as unknown as MessageEndpoint,
    locks: typeof navigator.locks?.request === 'function' ? navigator.locks : undefined,
    keyFiles: await opfsKeyFiles().catch(() => null),
    randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
    startCore,
    log: (message, error) => console.error(`[cassa mobile] ${message}`, error ?? ''),
  });
}
