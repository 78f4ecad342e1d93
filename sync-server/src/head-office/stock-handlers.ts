/**
 * @module
 * The stock, transfer and chain-settings procedures of the head-office contract: each adapts a
 * call to its service, which checks the stores a transfer touches against the user's.
 */
import type { chainSettingsContract, stockContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createChainSettingsService } from './services/chain-settings';
import { createStockService } from './services/stock';
import { createStockTransfersService } from './services/stock-transfers';

export function stockHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date; readonly admin: AdminApi }): HeadOfficeHandlers<typeof stockContract> {
  const stock = createStockService(deps.storage.headOffice);
  const transfers = createStockTransfersService({ ...deps, notifyTills: (organisationId, touched) => deps.admin.notifyTills(organisationId, touched) });
  return {
    'stock.levels': (query, call) => stock.levels(userOf(call), query),
    'stock.stores': (_input, call) => stock.storeNames(userOf(call).organisationId),
    'transfers.list': (_input, call) => transfers.list(userOf(call)),
    'transfers.create': (input, call) => transfers.create(userOf(call), input),
    'transfers.receive': ({ id }, call) => transfers.close(userOf(call), id, 'receive'),
    'transfers.cancel': ({ id }, call) => transfers.close(userOf(call), id, 'cancel'),
  };
}

export function chainSettingsHandlers(deps: { readonly storage: SyncStorage; readonly admin: AdminApi }): HeadOfficeHandlers<typeof chainSettingsContract> {
  const settings = createChainSettingsService({ storage: deps.storage.headOffice, admin: deps.admin });
  return {
    'chainSettings.get': (_input, call) => settings.read(userOf(call).organisationId),
    'chainSettings.save': (input, call) => settings.save(userOf(call).organisationId, input),
  };
}
