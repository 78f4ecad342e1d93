/**
 * @module
 * ISSUE-18-SCAFFOLD: the Amazon connector (its helper replaces this file).
 */
import type { AmazonCredentials } from '@cassa/shared';
import type { ChannelConnector, ConnectorContext } from '../connector';

export function createAmazonConnector(credentials: AmazonCredentials, context: ConnectorContext): ChannelConnector {
  void credentials;
  void context;
  throw new Error('ISSUE-18-SCAFFOLD: amazon connector not written yet');
}
