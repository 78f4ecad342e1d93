/**
 * @module
 * Rules for head-office users that the owner manages: the stores a user may be limited to must be
 * the organisation's own (an id from another organisation is refused, never stored).
 */
import { CassaError } from '@cassa/shared';
import type { HeadOfficeStorage } from '../storage/head-office-storage';

export async function assertOwnStores(ho: HeadOfficeStorage, organisationId: string, storeIds: readonly string[]): Promise<void> {
  if (storeIds.length === 0) return;
  const own = new Set((await ho.listStores(organisationId)).map((s) => s.id));
  for (const id of storeIds) if (!own.has(id)) throw new CassaError('NOT_FOUND', `No store ${id}`);
}
