/**
 * Two organisations for head-office service tests without HTTP: each with two stores and
 * head-office people of every kind (an owner, a manager of every store, a manager of one store,
 * a viewer), stored so names resolve.
 */
import type { HeadOfficeRole } from '@cassa/shared';
import type { HeadOfficeUserRow, SyncServer } from '../src/index';

export interface TestOrganisation {
  readonly id: string;
  readonly stores: readonly [string, string];
  readonly owner: HeadOfficeUserRow;
  readonly chainManager: HeadOfficeUserRow;
  /** Manages the first store only. */
  readonly storeManager: HeadOfficeUserRow;
  readonly viewer: HeadOfficeUserRow;
}

export async function testOrganisation(server: SyncServer, name: string): Promise<TestOrganisation> {
  const { id } = await server.admin.createOrganisation({ name });
  const stores = [`${id}-milano`, `${id}-roma`] as const;
  for (const store of stores) await server.admin.upsertStore(id, { id: store, name: store, addressLines: [], vatNumber: '' });
  const person = async (key: string, role: HeadOfficeRole, storeIds: readonly string[]): Promise<HeadOfficeUserRow> => {
    const row = { organisationId: id, id: `${id}-${key}`, email: `${key}@${id}.example.it`, name: `${key} of ${name}`, passwordHash: 'unused', role, storeIds };
    await server.storage.headOffice.createUser(row, new Date());
    return { ...row, failedLogins: 0, lockedUntil: null };
  };
  return {
    id,
    stores,
    owner: await person('owner', 'owner', []),
    chainManager: await person('chain-manager', 'manager', []),
    storeManager: await person('store-manager', 'manager', [stores[0]]),
    viewer: await person('viewer', 'viewer', []),
  };
}

/** The CassaError code and details a promise rejects with. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown };
    return { code: e.code ?? 'none', message: e.message, details: e.details };
  }
  throw new Error('expected a refusal, but the call succeeded');
}
