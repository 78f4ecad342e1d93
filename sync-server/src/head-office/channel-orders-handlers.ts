/**
 * @module
 * The orders the sales channels brought in (issue 18): the contract's procedure adapted to its
 * service.
 */
import type { channelOrdersContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createChannelOrdersService } from './services/channel-orders';

export function channelOrdersHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof channelOrdersContract> {
  const orders = createChannelOrdersService(deps.storage.channelOrders);
  return {
    'channels.orders': (query, call) => orders.list(userOf(call), query),
  };
}
