/**
 * @module
 * `@cassa/desktop/testing`: a whole till core on a temporary folder with a scripted printer and
 * a settable clock, for the tests of the hosts, the Electron main process and other packages.
 * Product code never imports this entry; the layer check enforces it.
 */
export { createTestTill, ScriptedPrinter, SettableClock, testPinKey } from './test-till';
export type { TestTill } from './test-till';
export { FakeFiscalDevice } from '../fiscal/testing/fake-fiscal-device';
export type { IssueFault, JournalEntry } from '../fiscal/testing/fake-fiscal-device';
// SQLite compiled to WebAssembly, for tools that compare it with better-sqlite3 (the bench); kept
// out of @cassa/desktop/core so a PC's host never loads it.
export { default as sqlite3InitModule } from '@sqlite.org/sqlite-wasm';
