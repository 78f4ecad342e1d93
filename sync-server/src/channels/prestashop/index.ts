/**
 * @module
 * The PrestaShop connector (1.7 and 8.x webservice; README.md beside this file): listings from
 * products, combinations and stock_availables; absolute quantities on stock_availables rows;
 * orders polled by id and by date_upd; publishing a product with its size × colour combinations.
 * PrestaShop documents no rate limits: every request takes the account's `default` token.
 */
import type { PrestashopCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';
import { testConnection } from './prestashop-connection-test';
import { PrestashopHttp } from './prestashop-http';
import { listListings } from './prestashop-listings';
import { fetchOrders, orderLookups } from './prestashop-orders';
import { publish } from './prestashop-publish';
import { setQuantities } from './prestashop-stock';

export function createPrestashopConnector(credentials: PrestashopCredentials, context: ConnectorContext, log: (reason: string) => void = (reason) => console.warn(`prestashop: skipped ${reason}`)): ChannelConnector {
  const http = new PrestashopHttp(credentials, context);
  const lookups = orderLookups(http);
  const patch = { usable: credentials.version === '8' };
  return {
    kind: 'prestashop',
    testConnection: () => testConnection(http, credentials, context.now),
    listListings: (page) => listListings(http, credentials.shopId, page),
    setQuantities: (updates) => setQuantities(http, credentials, updates, patch),
    fetchOrders: (cursor, options) => fetchOrders(http, lookups, context.now(), cursor, options, log),
    publish: (request) => publish(http, credentials, request, patch),
  };
}
