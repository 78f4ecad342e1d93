/**
 * @module
 * The ERP-import procedures of the head-office contract (issue 19): each adapts a call to the
 * service. Access (owners, and managers of every store) is checked before they run.
 */
import type { erpImportsContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createErpImportService } from './services/erp-imports';

export function erpImportsHandlers(deps: { readonly storage: SyncStorage; readonly admin: AdminApi; readonly now: () => Date }): HeadOfficeHandlers<typeof erpImportsContract> {
  const imports = createErpImportService(deps);
  return {
    'erpImports.run': (input, call) => imports.importFile(userOf(call).organisationId, input),
    'erpImports.settings': (_input, call) => imports.settings(userOf(call).organisationId),
    'erpImports.setPriceList': (input, call) => imports.setPriceList(userOf(call).organisationId, input.listCode, input.storeIds),
    'erpImports.setVatCode': (input, call) => imports.setVatCode(userOf(call).organisationId, input.erpCode, input.vatCode),
  };
}
