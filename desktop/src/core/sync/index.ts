/**
 * @module
 * The till's side of replication: push the outbox, pull head-office streams.
 */
export { createSyncClient, SyncClientError } from './sync-client';
export type { SyncClient, SyncClientOptions, SyncClientState, SyncErrorCode, Timers } from './sync-client';
export type { PendingOp, SyncClientStore } from './sync-client-store';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff';
export type { BackoffPolicy } from './backoff';
export { createSseParser } from './sse-parser';
export type { ServerSentEvent } from './sse-parser';
export { assertNothingUnsent } from './unpair-guard';
export { DEFAULT_PUSH_BATCH_BYTES, DEFAULT_PUSH_BATCH_OPS } from './push-loop';
