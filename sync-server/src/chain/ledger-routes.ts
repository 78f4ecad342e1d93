/**
 * @module
 * The till's ledger calls (reserve, release, account), over the chain ledger service.
 */
import { CassaError } from '@cassa/shared';
import type { HttpHandlers, SyncContract } from '@cassa/shared';
import type { SyncCall, SyncRoutesDeps } from '../sync-routes';

// ISSUE-17-SCAFFOLD: replaced by the ledger service; `grep -r ISSUE-17-SCAFFOLD` must find nothing when issue 17 lands.
const notYet = (): never => {
  throw new CassaError('CONFLICT', 'ISSUE-17-SCAFFOLD');
};

export function ledgerHandlers(_deps: SyncRoutesDeps) {
  return {
    'ledger.reserve': notYet,
    'ledger.release': notYet,
    'ledger.account': notYet,
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}
