/**
 * @module
 * Stock across stores, apart from HTTP: on hand per variant in the stores a user may see (one of
 * them on request, with the low-stock and search filters), and every store's name for transfers.
 */
import type { StockRowView } from '@cassa/shared';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { HeadOfficeStorage } from '../../storage/head-office-storage';
import { requireStore, storeScope } from '../auth';

export interface StockLevelsQuery {
  /** One store; absent or empty: every store the user may see. */
  readonly store?: string | undefined;
  /** At most this many units on hand. */
  readonly low?: number | undefined;
  readonly q?: string | undefined;
}

export interface StockService {
  levels(user: HeadOfficeUserRow, query: StockLevelsQuery): Promise<StockRowView[]>;
  /** Names only, of every store: a manager sends to stores they do not run. */
  storeNames(organisationId: string): Promise<{ id: string; name: string }[]>;
}

export function createStockService(ho: HeadOfficeStorage): StockService {
  return {
    async levels(user, query) {
      let storeIds = storeScope(user);
      if (query.store) {
        requireStore(user, query.store);
        storeIds = [query.store];
      }
      return ho.stock(user.organisationId, {
        storeIds,
        ...(query.low !== undefined ? { atMostMilli: Math.round(query.low * 1000) } : {}),
        ...(query.q ? { search: query.q.slice(0, 100) } : {}),
      });
    },
    storeNames: async (organisationId) => (await ho.listStores(organisationId)).map((s) => ({ id: s.id, name: s.name })),
  };
}
