/**
 * @module
 * The mobile till's Web Worker (a module worker): SQLite in WebAssembly over the origin-private
 * file system's `opfs-sahpool` VFS (synchronous access handles: durable, fast, no COOP/COEP
 * headers needed), the till core on it, the page served over messages. The `.wasm` is a local
 * asset of the build: a shop's phone may be offline, and no CDN is ever asked.
 */
/// <reference lib="webworker" />
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { createTillCoreOn, noPrinterPort, openWasmTillDatabase } from '@cassa/desktop/core-browser';
import { startMobileTill } from './mobile-till-host';
import { opfsKeyFiles } from './opfs-key-files';
import type { MessageEndpoint } from './till-port-server';

declare const self: DedicatedWorkerGlobalScope;

/** The database's own folder in OPFS (the VFS keeps a pool of files there). */
const POOL_DIRECTORY = '/cassa-till';
const DATABASE_NAME = '/till.db';

async function startCore(pinKey: Uint8Array) {
  const sqlite3 = await sqlite3InitModule();
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'cassa-opfs-sahpool', directory: POOL_DIRECTORY, initialCapacity: 6 });
  const store = openWasmTillDatabase(sqlite3, DATABASE_NAME, { vfs: pool.vfsName });
  // The phone has no receipt printer of its own: receipts are shown and shared on screen.
  // A browser's fetch must be called on the global: services keep it in a field and call it as a
  // method ("Illegal invocation" otherwise), so every one of them gets this wrapper.
  const workerFetch: typeof fetch = (input, init) => fetch(input, init);
  return createTillCoreOn(store, { printer: noPrinterPort(), pinKey, fetch: workerFetch, sync: { fetch: workerFetch } });
}

void (async () => {
  await startMobileTill({
    endpoint: self as unknown as MessageEndpoint,
    locks: typeof navigator.locks?.request === 'function' ? navigator.locks : undefined,
    keyFiles: await opfsKeyFiles().catch(() => null),
    randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
    startCore,
    log: (message, error) => console.error(`[cassa mobile] ${message}`, error ?? ''),
  });
})();
