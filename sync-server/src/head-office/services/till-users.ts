/**
 * @module
 * Till users as head office keeps them, apart from HTTP: a new user needs a PIN, an edit keeps
 * the PIN and stores it does not name, the stores named must be the organisation's, and the
 * PIN's hash never leaves the server.
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { TillUser, TillUserInput, TillUserView } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { SyncStorage } from '../../storage/storage';
import { hashPin } from '../passwords';

export interface TillUsersService {
  list(organisationId: string): Promise<TillUserView[]>;
  save(organisationId: string, input: TillUserInput): Promise<TillUserView>;
}

function withoutPin({ pinHash: _pinHash, ...view }: TillUser): TillUserView {
  return view;
}

export function createTillUsersService(deps: { readonly storage: SyncStorage; readonly admin: AdminApi }): TillUsersService {
  const ho = deps.storage.headOffice;
  const read = async (organisationId: string) => (await ho.readRows(organisationId, 'user')) as TillUser[];
  return {
    list: async (organisationId) => (await read(organisationId)).map(withoutPin),
    async save(organisationId, input) {
      const existing = input.id ? (await read(organisationId)).find((u) => u.id === input.id) : undefined;
      if (input.id && !existing) throw new CassaError('NOT_FOUND', `No till user ${input.id}`);
      if (!existing && input.pin === undefined) throw new CassaError('VALIDATION', 'A new till user needs a PIN');
      const pinHash = input.pin !== undefined ? await hashPin(input.pin) : (existing?.pinHash ?? '');
      const storeIds = input.storeIds ?? existing?.storeIds ?? [];
      const stores = new Set((await ho.listStores(organisationId)).map((s) => s.id));
      for (const id of storeIds) if (!stores.has(id)) throw new CassaError('NOT_FOUND', `No store ${id}`);
      const tillUser: TillUser = { id: input.id ?? `user-${randomUUID().slice(0, 8)}`, name: input.name, role: input.role, pinHash, active: input.active, storeIds };
      await deps.admin.upsertUsers(organisationId, [tillUser]);
      return withoutPin(tillUser);
    },
  };
}
