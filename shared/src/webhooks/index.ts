/**
 * @module
 * Webhook events (issue 19).
 */
export * from './webhook-events';
