/**
 * @module
 * The orders the sales channels brought in, apart from HTTP: a page of them, newest first, by
 * channel account and status. Channels sell the chain's stock, so only users of every store read
 * them (the contract says so too; this holds whoever calls).
 */
import type { ChannelOrderStatus, ChannelOrderView } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { ChannelOrderStorage } from '../../storage/channels';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import { storeScope } from '../auth';

export interface ChannelOrdersQuery {
  readonly accountId?: string | undefined;
  readonly status?: ChannelOrderStatus | undefined;
  readonly offset: number;
  readonly limit: number;
}

export interface ChannelOrdersService {
  list(user: HeadOfficeUserRow, query: ChannelOrdersQuery): Promise<{ total: number; rows: ChannelOrderView[] }>;
}

export function createChannelOrdersService(storage: Pick<ChannelOrderStorage, 'list'>): ChannelOrdersService {
  return {
    async list(user, query) {
      if (storeScope(user) !== null) throw new CassaError('NOT_AUTHORISED', 'Only users of every store see the sales channels’ orders');
      // The storage reads the user's organisation only: another organisation's account id finds nothing.
      return storage.list(user.organisationId, {
        accountId: query.accountId,
        status: query.status,
        offset: Math.max(0, Math.trunc(query.offset)),
        limit: Math.min(500, Math.max(1, Math.trunc(query.limit))),
      });
    },
  };
}
