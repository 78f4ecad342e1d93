/**
 * @module
 * What other layers' tests may use of the renderer: its transports (issue 20: the mobile till's
 * worker transport is tested against the real worker server in `desktop/test`).
 */
export { createWorkerTransport } from './transport/worker-transport';
export { holdingEndpoint } from './mobile/early-worker';
export type { WorkerEndpoint, WorkerTransport } from './transport/worker-transport';
export type { SessionTransport } from './transport/session-transport';
