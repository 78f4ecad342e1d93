/**
 * @module
 * The eBay connector (Sell APIs): OAuth refresh-token sign-in, inventory items with their offers,
 * absolute quantities in bulk, fulfillment orders. See README.md here for what it handles and
 * what could only be checked against eBay's documents.
 */
import type { EbayCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';
import { testEbayConnection } from './ebay-connection-test';
import { EbayHttp } from './ebay-http';
import { listEbayListings } from './ebay-listings';
import { OfferBook } from './ebay-offers';
import { EbayOrders } from './ebay-orders';
import { EbayQuantities } from './ebay-quantities';

export interface EbayTuning {
  /** Inventory items per listing page (eBay allows up to 200 [U]). */
  readonly listingPageSize: number;
  /** Orders per page (eBay: default 50, at most 200). */
  readonly orderPageSize: number;
}

const defaultTuning: EbayTuning = { listingPageSize: 100, orderPageSize: 100 };

export function createEbayConnectorWith(credentials: EbayCredentials, context: ConnectorContext, tuning: Partial<EbayTuning> = {}): ChannelConnector {
  const settings = { ...defaultTuning, ...tuning };
  const http = new EbayHttp(credentials, context);
  const offers = new OfferBook(http);
  const quantities = new EbayQuantities(http, offers);
  const orders = new EbayOrders(http, Math.min(200, Math.max(1, settings.orderPageSize)));
  return {
    kind: 'ebay',
    testConnection: () => testEbayConnection(http),
    listListings: (page) => listEbayListings(http, offers, page, Math.min(200, Math.max(1, settings.listingPageSize))),
    setQuantities: (updates) => quantities.set(updates),
    fetchOrders: (cursor, options) => orders.fetch(cursor, options),
  };
}

export function createEbayConnector(credentials: EbayCredentials, context: ConnectorContext): ChannelConnector {
  return createEbayConnectorWith(credentials, context);
}
