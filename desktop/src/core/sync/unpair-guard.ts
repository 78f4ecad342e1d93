/**
 * @module
 * Unpairing or resetting a till drops its pairing, and with it the only way its queued sales
 * would ever reach head office. So both are refused while anything is unsent.
 */
import { CassaError } from '@cassa/shared';
import type { SyncClientStore } from './sync-client-store';

/** Throws SYNC_UNSENT_RECORDS while the outbox holds anything the server has not acknowledged. */
export function assertNothingUnsent(store: Pick<SyncClientStore, 'pendingOps'>): void {
  const pending = store.pendingOps(1);
  if (pending.length > 0) {
    throw new CassaError('SYNC_UNSENT_RECORDS', undefined, { firstUnsentSeq: pending[0]?.seq ?? null });
  }
}
