/**
 * @module
 * The mobile till's host (issue 20), for tests and the worker entry: serving the page over
 * messages and starting the till in its worker.
 */
export { isFirstRun, serveTillOverPort } from './till-port-server';
export type { MessageEndpoint } from './till-port-server';
export { PIN_KEY_FILE, TILL_LOCK_NAME, pinKeyFrom, startMobileTill, startProblemOf } from './mobile-till-host';
export type { KeyFileStore, LockRequester, MobileTillDeps } from './mobile-till-host';
