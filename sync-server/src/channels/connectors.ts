/**
 * @module
 * Which connector speaks each channel kind.
 */
import type { ChannelCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from './connector';
import { createPrestashopConnector } from './prestashop';
import { createAmazonConnector } from './amazon';
import { createEbayConnector } from './ebay';

export function createConnector(credentials: ChannelCredentials, context: ConnectorContext): ChannelConnector {
  switch (credentials.kind) {
    case 'prestashop':
      return createPrestashopConnector(credentials, context);
    case 'amazon':
      return createAmazonConnector(credentials, context);
    case 'ebay':
      return createEbayConnector(credentials, context);
  }
}
