/** @module The public API for integrators (issue 19): its access rules and its contract. */
export * from './access';
export * from './contract';
