/**
 * @module
 * Stores as head office sees them: a user limited to some stores sees and changes only those; a
 * new store is an owner's decision. A store's details reach its tills through the admin API's
 * upsert (the store record carries the time zone receipts print in).
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { StoreInput, StoreView } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import { DEFAULT_TIME_ZONE } from '@cassa/shared';
import type { HeadOfficeStorage, HeadOfficeUserRow } from '../../storage/head-office-storage';
import { requireRole, requireStore, storeScope } from '../auth';

export interface StoreServiceDeps {
  readonly ho: HeadOfficeStorage;
  readonly admin: AdminApi;
}

/** Whether the user may see this store: every store when their list is empty. */
export function seesStore(user: HeadOfficeUserRow, storeId: string): boolean {
  const scope = storeScope(user);
  return scope === null || scope.includes(storeId);
}

export async function listStores(ho: HeadOfficeStorage, user: HeadOfficeUserRow): Promise<StoreView[]> {
  return (await ho.listStores(user.organisationId)).filter((s) => seesStore(user, s.id));
}

/** Creates a store (owners only) or changes one of the user's stores; what is left out stays as it was. */
export async function saveStore(deps: StoreServiceDeps, user: HeadOfficeUserRow, input: StoreInput): Promise<StoreView> {
  const { ho, admin } = deps;
  if (input.id === undefined) requireRole(user, 'owner');
  else {
    requireRole(user, 'owner', 'manager');
    requireStore(user, input.id);
  }
  const id = input.id ?? `store-${randomUUID().slice(0, 8)}`;
  const existing = (await ho.listStores(user.organisationId)).find((s) => s.id === id);
  if (input.id !== undefined && !existing) throw new CassaError('NOT_FOUND', `No store ${id}`);
  const timeZone = input.timeZone ?? existing?.timeZone ?? DEFAULT_TIME_ZONE;
  await admin.upsertStore(user.organisationId, {
    id,
    name: input.name,
    addressLines: input.addressLines ?? existing?.addressLines.slice() ?? [],
    vatNumber: input.vatNumber ?? existing?.vatNumber ?? '',
    // The tills of the store print their receipts in this zone.
    timeZone,
  });
  await ho.setStoreTimeZone(user.organisationId, id, timeZone);
  const saved = (await ho.listStores(user.organisationId)).find((s) => s.id === id);
  if (!saved) throw new CassaError('INTERNAL', `Store ${id} was saved but cannot be read back`);
  return saved;
}
