/**
 * @module
 * A till asks for a customer's purchases in every store.
 */
import { CassaError } from '@cassa/shared';
import type { HttpHandlers, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';

// ISSUE-17-SCAFFOLD: replaced by the history read; `grep -r ISSUE-17-SCAFFOLD` must find nothing when issue 17 lands.
const notYet = (): never => {
  throw new CassaError('CONFLICT', 'ISSUE-17-SCAFFOLD');
};

export function chainCustomerHandlers(_deps: SyncRoutesDeps) {
  return {
    'customers.history': notYet,
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
