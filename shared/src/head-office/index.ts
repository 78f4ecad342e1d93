/**
 * @module
 * What the head-office web app and the sync server's head-office API say to each other: the
 * access rules and the contract, one file per area in `contract/`.
 */
export * from './access';
export * from './contract';
