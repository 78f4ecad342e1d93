/**
 * @module
 * ISSUE-18-SCAFFOLD: the Ebay connector (its helper replaces this file).
 */
import type { EbayCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';

export function createEbayConnector(credentials: EbayCredentials, context: ConnectorContext): ChannelConnector {
  void credentials;
  void context;
  throw new Error('ISSUE-18-SCAFFOLD: ebay connector not written yet');
}
