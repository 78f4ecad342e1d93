/**
 * @module
 * A till asks for a variant's stock in the stores of its organisation (issue 17): read from the
 * stock levels head office keeps from every store's movements. Only the device's own organisation
 * is ever read; a variant its catalogue does not hold is NOT_FOUND.
 */
import { CassaError } from '@cassa/shared';
import type { HttpHandlers, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';
import { deviceOf } from '../sync-routes';

export function chainStockHandlers(deps: SyncRoutesDeps) {
  return {
    'stock.elsewhere': async ({ variantId }, call) => {
      // Text no engine stores (a NUL) never gets here: the contract's path segments refuse it.
      const stores = await deps.storage.stockTransfers.onHandByStore(deviceOf(call).organisationId, variantId);
      if (stores === null) throw new CassaError('NOT_FOUND', `No variant ${variantId} in this organisation's catalogue`);
      return { variantId, stores, asOf: new Date().toISOString() };
    },
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
