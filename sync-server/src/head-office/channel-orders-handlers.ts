/**
 * @module
 * The orders the sales channels brought in (issue 18).
 * ISSUE-18-SCAFFOLD: the orders helper writes the service and this adapter.
 */
import type { channelOrdersContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function channelOrdersHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof channelOrdersContract> {
  void deps;
  return {
    'channels.orders': () => {
      throw new Error('ISSUE-18-SCAFFOLD');
    },
  };
}
