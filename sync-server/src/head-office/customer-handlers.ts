/**
 * @module
 * The customers procedures of the head-office contract (issue 17): each adapts a call to the
 * customers service, within the signed-in user's organisation.
 */
import type { customersContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createCustomersService } from './services/customers';

export function customerHandlers(deps: { readonly storage: SyncStorage; readonly admin: AdminApi; readonly now: () => Date }): HeadOfficeHandlers<typeof customersContract> {
  const customers = createCustomersService({ customers: deps.storage.customers, admin: deps.admin, now: deps.now });
  return {
    'customers.search': ({ query }, call) => customers.search(userOf(call).organisationId, query ?? ''),
    'customers.duplicates': (_input, call) => customers.duplicates(userOf(call).organisationId),
    'customers.save': (input, call) => customers.save(userOf(call).organisationId, input),
    'customers.merge': (input, call) => customers.merge(userOf(call).organisationId, input),
  };
}
