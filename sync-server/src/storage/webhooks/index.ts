/**
 * @module
 * Head office's webhook storage and outbox (issue 19).
 */
export * from './webhook-storage';
export * from './webhook-outbox';
