/**
 * @module
 * The till's ledger calls (reserve, release, account), over the chain ledger storage. Everything
 * is the calling register's organisation's: another organisation's code is an unknown account.
 */
import { CassaError } from '@cassa/shared';
import type { HttpHandlers, LedgerAccountView, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';
import { deviceOf } from '../sync-routes';

export function ledgerHandlers(deps: SyncRoutesDeps) {
  const { ledgers } = deps.storage;
  const now = deps.now ?? (() => new Date());
  return {
    'ledger.reserve': (input, call) => ledgers.reserve(deviceOf(call), input, now()),
    'ledger.release': async ({ reservationId }, call) => ({ released: await ledgers.release(deviceOf(call), reservationId, now()) }),
    'ledger.account': async ({ kind, account }, call): Promise<LedgerAccountView> => {
      const view = await ledgers.account(deviceOf(call).organisationId, kind, account, now(), null);
      if (!view) throw new CassaError('NOT_FOUND', 'No such account', { reason: 'unknown-account' });
      // The till's view: the account as every store sees it, without head office's own marks.
      return {
        kind: view.kind,
        account: view.account,
        balance: view.balance,
        held: view.held,
        offlineLimit: view.offlineLimit,
        customerId: view.customerId,
        overspent: view.overspent,
        entries: view.entries.map((e) => ({
          id: e.id,
          amount: e.amount,
          reason: e.reason,
          authorisation: e.authorisation,
          storeId: e.storeId,
          storeName: e.storeName,
          deviceId: e.deviceId,
          saleId: e.saleId,
          documentNumber: e.documentNumber,
          approvedBy: e.approvedBy,
          overspend: e.overspend,
          at: e.at,
        })),
      };
    },
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
