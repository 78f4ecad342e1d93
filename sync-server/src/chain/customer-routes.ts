/**
 * @module
 * A till asks for a customer's purchases in every store: followed through a merge to the
 * surviving customer, always within the till's own organisation.
 */
import type { HttpHandlers, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';
import { deviceOf } from '../sync-routes';

/** Newest first, as the contract says. */
const HISTORY_LIMIT = 200;

export function chainCustomerHandlers(deps: SyncRoutesDeps) {
  return {
    'customers.history': ({ customerId }, call) => deps.storage.customers.history(deviceOf(call).organisationId, customerId, HISTORY_LIMIT),
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
