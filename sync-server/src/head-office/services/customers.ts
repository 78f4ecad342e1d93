/**
 * @module
 * The chain's customers at head office (issue 17), apart from HTTP: search, edit, duplicates and
 * merges over the customer storage; every write tells the organisation's tills to pull the
 * `customers` stream. Roles are checked by the contract's access (owners and managers write).
 */
import type { CustomerDuplicateGroup, CustomerEdit, CustomerMergeInput, CustomerMergeResult, HeadOfficeCustomer } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { CustomerStorage } from '../../storage/customers';

const SEARCH_LIMIT = 50;
const DUPLICATE_GROUPS_LIMIT = 100;

export interface CustomersService {
  search(organisationId: string, query: string): Promise<HeadOfficeCustomer[]>;
  duplicates(organisationId: string): Promise<CustomerDuplicateGroup[]>;
  save(organisationId: string, edit: CustomerEdit): Promise<HeadOfficeCustomer>;
  merge(organisationId: string, input: CustomerMergeInput): Promise<CustomerMergeResult>;
}

export function createCustomersService(deps: {
  readonly customers: CustomerStorage;
  readonly admin: Pick<AdminApi, 'notifyTills'>;
  readonly now: () => Date;
}): CustomersService {
  const told = (organisationId: string) => deps.admin.notifyTills(organisationId, [{ stream: 'customers', storeId: null }]);
  return {
    search: (organisationId, query) => deps.customers.search(organisationId, query, SEARCH_LIMIT),
    duplicates: (organisationId) => deps.customers.duplicates(organisationId, DUPLICATE_GROUPS_LIMIT),
    async save(organisationId, edit) {
      const saved = await deps.customers.save(organisationId, edit, deps.now());
      told(organisationId);
      return saved;
    },
    async merge(organisationId, input) {
      const { touched, ...result } = await deps.customers.merge(organisationId, input.survivorId, input.otherIds, deps.now());
      deps.admin.notifyTills(organisationId, touched);
      return result;
    },
  };
}
