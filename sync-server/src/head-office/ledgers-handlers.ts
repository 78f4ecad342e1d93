/**
 * @module
 * The ledger procedures of the head-office contract (issue 17): each adapts a call to the
 * ledgers service, which scopes what a user sees to their stores.
 */
import type { ledgersContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createLedgersService } from './services/ledgers';

export function ledgersHandlers(deps: { readonly storage: SyncStorage; readonly admin: AdminApi; readonly now: () => Date }): HeadOfficeHandlers<typeof ledgersContract> {
  const ledgers = createLedgersService(deps);
  return {
    'ledgers.list': (filter, call) => ledgers.list(userOf(call), filter),
    'ledgers.account': ({ kind, account }, call) => ledgers.account(userOf(call), kind, account),
    'ledgers.setOfflineLimit': ({ kind, account, offlineLimit }, call) => ledgers.setOfflineLimit(userOf(call), kind, account, offlineLimit),
    'ledgers.markSeen': ({ entryId }, call) => ledgers.markSeen(userOf(call), entryId),
    'ledgers.issueVoucher': (input, call) => ledgers.issueVoucher(userOf(call), input),
    'ledgers.settings': (_input, call) => ledgers.settings(userOf(call).organisationId),
    'ledgers.saveSettings': (input, call) => ledgers.saveSettings(userOf(call), input),
  };
}
