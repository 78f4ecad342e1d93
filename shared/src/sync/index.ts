/**
 * @module
 * The sync protocol between tills and the sync server: versions, streams, messages.
 */
export * from './versions';
export * from './streams';
export * from './messages';
export * from './contract';
export * from './chain-messages';
export * from './pairing-uri';
