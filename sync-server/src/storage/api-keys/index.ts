/** @module Issue 19: the public API's keys, idempotent answers and paged reads. */
export * from './api-key-storage';
export * from './api-keys-schema';
export * from './public-reads';
