/**
 * @module
 * ISSUE-18-SCAFFOLD: the Prestashop connector (its helper replaces this file).
 */
import type { PrestashopCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';

export function createPrestashopConnector(credentials: PrestashopCredentials, context: ConnectorContext): ChannelConnector {
  void credentials;
  void context;
  throw new Error('ISSUE-18-SCAFFOLD: prestashop connector not written yet');
}
