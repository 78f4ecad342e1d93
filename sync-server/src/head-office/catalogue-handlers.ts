/**
 * @module
 * The catalogue and till-user procedures of the head-office contract: each adapts a call to its
 * service. Access (organisation-wide writers, a store price's store) is checked before they run.
 */
import type { catalogueContract, tillUsersContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createCatalogueService } from './services/catalogue';
import { createTillUsersService } from './services/till-users';

interface Deps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
}

export function catalogueHandlers(deps: Deps): HeadOfficeHandlers<typeof catalogueContract> {
  const catalogue = createCatalogueService(deps);
  return {
    'catalogue.get': (_input, call) => catalogue.view(userOf(call)),
    'catalogue.saveProduct': (product, call) => catalogue.saveProduct(userOf(call).organisationId, product),
    'catalogue.saveCategory': (category, call) => catalogue.saveCategory(userOf(call).organisationId, category),
    'catalogue.setStorePrice': (input, call) => catalogue.setStorePrice(userOf(call).organisationId, input),
    'catalogue.import': (input, call) => catalogue.importCsv(userOf(call).organisationId, input.csv, input.dryRun ?? false),
  };
}

export function tillUserHandlers(deps: Deps): HeadOfficeHandlers<typeof tillUsersContract> {
  const tillUsers = createTillUsersService(deps);
  return {
    'tillUsers.list': (_input, call) => tillUsers.list(userOf(call).organisationId),
    'tillUsers.save': (input, call) => tillUsers.save(userOf(call).organisationId, input),
  };
}
