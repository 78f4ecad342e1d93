/**
 * @module
 * The Amazon Selling Partner API connector (issue 18): listings and their MFN quantity through
 * Listings Items 2021-08-01, orders through Orders 2026-01-01 `searchOrders`, Login with Amazon
 * tokens refreshed transparently. See README.md in this folder for the quirks and their sources.
 */
import type { AmazonCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';
import { testAmazonConnection } from './amazon-connection-test';
import { listListings, setQuantities } from './amazon-listings';
import { fetchOrders } from './amazon-orders';
import { LwaTokens } from './lwa-token';
import { SpApiClient } from './sp-api-client';

export interface AmazonConnectorOptions {
  /** searchOrders `maxResultsPerPage` (1–100, default 100). */
  readonly orderPageSize?: number;
  /** Where skipped orders and restarted windows are reported (default: console.warn). */
  readonly log?: (message: string) => void;
}

export function createAmazonConnector(credentials: AmazonCredentials, context: ConnectorContext, options: AmazonConnectorOptions = {}): ChannelConnector {
  const tokens = new LwaTokens(credentials, context);
  const client = new SpApiClient(credentials, context, tokens);
  const log = options.log ?? ((message: string) => console.warn(`[channels/amazon] ${message}`));
  return {
    kind: 'amazon',
    testConnection: () => testAmazonConnection(credentials, tokens, client),
    listListings: (page) => listListings(client, credentials, page, log),
    setQuantities: (updates) => setQuantities(client, credentials, updates),
    fetchOrders: (cursor, { overlapMs, lookBackMs }) => fetchOrders(client, credentials, cursor, { overlapMs, lookBackMs, pageSize: options.orderPageSize ?? 100, log }),
  };
}
