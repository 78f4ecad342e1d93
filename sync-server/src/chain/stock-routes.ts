/**
 * @module
 * A till asks for a variant's stock in the other stores of its organisation.
 */
import { CassaError } from '@cassa/shared';
import type { HttpHandlers, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';

// ISSUE-17-SCAFFOLD: replaced by the stock read; `grep -r ISSUE-17-SCAFFOLD` must find nothing when issue 17 lands.
const notYet = (): never => {
  throw new CassaError('CONFLICT', 'ISSUE-17-SCAFFOLD');
};

export function chainStockHandlers(_deps: SyncRoutesDeps) {
  return {
    'stock.elsewhere': notYet,
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
