/**
 * @module
 * Head office's sales-channel storage (issue 18).
 */
export * from './channel-storage';
export * from './channel-order-storage';
