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
