/**
 * @module
 * The mobile till's Web Worker (a module worker), entry. Its first act is to begin loading SQLite
 * in WebAssembly (a local asset of the build: a shop's phone may be offline, and no CDN is ever
 * asked): the browser fetches and compiles the `.wasm` on its own threads while this worker loads
 * and evaluates the till's code, the larger part of it (`till-worker-main.ts`), instead of after.
 * Imports nothing else, so that begins at once.
 */
/// <reference lib="webworker" />
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

declare const self: DedicatedWorkerGlobalScope;

const sqlite3Loading = sqlite3InitModule();
// Its failure is met (and worded) where the till awaits it, not as an unhandled rejection before.
sqlite3Loading.catch(() => undefined);

import('./till-worker-main')
  .then(({ runMobileTill }) => runMobileTill(sqlite3Loading))
  // The till's code did not load (a build missing a file): the page must not wait forever on
  // "starting". The shape is worker-protocol.ts's `failed` message.
  .catch((error: unknown) => self.postMessage({ type: 'failed', problem: 'unexpected', detail: `The till's code did not load: ${String(error)}`.slice(0, 2000) }));
