/**
 * @module
 * Sales channels (issue 18): PrestaShop, Amazon and eBay accounts, their rules and their orders.
 */
export * from './channel-accounts';
export * from './channel-rules';
export * from './channel-orders';
export * from './channel-link-notes';
