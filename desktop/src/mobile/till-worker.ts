/**
 * @module
 * The mobile till's Web Worker (a module worker): SQLite in WebAssembly over the origin-private
 * file system's `opfs-sahpool` VFS (synchronous access handles: durable, fast, no COOP/COEP
 * headers needed), the till core on it, the page served over messages. The `.wasm` is a local
 * asset of the build: a shop's phone may be offline, and no CDN is ever asked.
 */
/// <reference lib="webworker" />
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { createPrinterPort, createTillCoreOn, openWasmTillDatabase } from '@cassa/desktop/core-browser';
import type { KeyFileStore } from './mobile-till-host';
import { startMobileTill } from './mobile-till-host';
import type { MessageEndpoint } from './till-port-server';

declare const self: DedicatedWorkerGlobalScope;

/** The database's own folder in OPFS (the VFS keeps a pool of files there). */
const POOL_DIRECTORY = '/cassa-till';
const DATABASE_NAME = '/till.db';

/** The PIN key file at the OPFS root, beside (not inside) the database's pool. */
async function opfsKeyFiles(): Promise<KeyFileStore | null> {
  if (typeof navigator.storage?.getDirectory !== 'function') return null;
  const root = await navigator.storage.getDirectory();
  return {
    async read(name) {
      let handle: FileSystemFileHandle;
      try {
        handle = await root.getFileHandle(name);
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFoundError') return null;
        throw error;
      }
      return new Uint8Array(await (await handle.getFile()).arrayBuffer());
    },
    async create(name, bytes) {
      const handle = await root.getFileHandle(name, { create: true });
      const access = await handle.createSyncAccessHandle();
      try {
        access.truncate(0);
        access.write(bytes, { at: 0 });
        access.flush();
      } finally {
        access.close();
      }
    },
  };
}

async function startCore(pinKey: Uint8Array) {
  const sqlite3 = await sqlite3InitModule();
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'cassa-opfs-sahpool', directory: POOL_DIRECTORY, initialCapacity: 6 });
  const store = openWasmTillDatabase(sqlite3, DATABASE_NAME, { vfs: pool.vfsName });
  // The phone has no receipt printer of its own: receipts are shown and shared on screen.
  const printer = await createPrinterPort('none', 'generic-80mm');
  return createTillCoreOn(store, { printer, pinKey });
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
