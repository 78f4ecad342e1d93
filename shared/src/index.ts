/**
 * @module
 * The Cassa domain and contracts, shared by the till, the drivers and the sync server.
 * Pure TypeScript: no Node, no DOM, nothing from our other packages.
 */
export * from './errors';
export * from './error-reasons';
export * from './error-sentence';
export * from './domain';
export * from './records';
export * from './api';
export * from './sales';
export * from './sync';
export * from './input';
export * from './catalogue';
export * from './head-office';
export * from './platform';
export * from './fiscal';
export * from './ledger';
export * from './channels';
// Issue 19, ERP links and the open API
export * from './public-api';
export * from './erp';
export * from './webhooks';
