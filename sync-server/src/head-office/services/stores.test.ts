import { CassaError } from '@cassa/shared';
import type { HeadOfficeRole } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { seedTenant, serverPerTest, sqliteEngine } from '../../../test/fixtures';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import { listStores, saveStore } from './stores';

// The rules are the service's, not the database's: one engine is enough (the storage tests run both).
const start = serverPerTest(sqliteEngine);

function person(organisationId: string, role: HeadOfficeRole, storeIds: readonly string[] = []): HeadOfficeUserRow {
  return { organisationId, id: `hou-${role}-${storeIds.join('-')}`, email: `${role}@example.it`, name: role, passwordHash: '', role, storeIds, failedLogins: 0, lockedUntil: null };
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CassaError)) throw new Error(`expected a CassaError, got ${String(error)}`);
  return error.code;
}

describe('stores service', () => {
  it('an owner creates a store with the default time zone; a manager may not create one', async () => {
    const s = await start();
    const { organisationId } = await seedTenant(s);
    const deps = { ho: s.storage.headOffice, admin: s.admin };
    const made = await saveStore(deps, person(organisationId, 'owner'), { name: 'Torino' });
    expect(made).toEqual({ id: expect.stringMatching(/^store-/), name: 'Torino', timeZone: 'Europe/Rome', addressLines: [], vatNumber: '' });
    expect(await refusal(saveStore(deps, person(organisationId, 'manager'), { name: 'Sneaky' }))).toBe('NOT_AUTHORISED');
    expect((await s.storage.headOffice.listStores(organisationId)).map((x) => x.name)).not.toContain('Sneaky');
  });

  it('a manager of store A changes A (keeping what the edit leaves out) but neither sees nor changes B', async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId } = await seedTenant(s);
    const deps = { ho: s.storage.headOffice, admin: s.admin };
    const owner = person(organisationId, 'owner');
    await saveStore(deps, owner, { id: storeId, name: 'Milano', addressLines: ['Via Roma 1'], vatNumber: 'IT123', timeZone: 'Europe/London' });
    const marco = person(organisationId, 'manager', [storeId]);
    expect(await saveStore(deps, marco, { id: storeId, name: 'Milano Centro' })).toEqual({
      id: storeId,
      name: 'Milano Centro',
      timeZone: 'Europe/London',
      addressLines: ['Via Roma 1'],
      vatNumber: 'IT123',
    });
    expect(await refusal(saveStore(deps, marco, { id: otherStoreId, name: 'Taken' }))).toBe('NOT_AUTHORISED');
    expect((await s.storage.headOffice.listStores(organisationId)).find((x) => x.id === otherStoreId)?.name).toBe(`Store ${otherStoreId}`);
    expect((await listStores(s.storage.headOffice, marco)).map((x) => x.id)).toEqual([storeId]);
    expect((await listStores(s.storage.headOffice, owner)).map((x) => x.id).sort()).toEqual([storeId, otherStoreId].sort());
    // A viewer may read but the contract lets only owners and managers save; the service agrees.
    expect(await refusal(saveStore(deps, person(organisationId, 'viewer', [storeId]), { id: storeId, name: 'X' }))).toBe('NOT_AUTHORISED');
  });

  it("another organisation's store id is unknown to an owner, and that store is left alone", async () => {
    const s = await start();
    const acme = await seedTenant(s, 'acme');
    const other = await seedTenant(s, 'beta');
    const deps = { ho: s.storage.headOffice, admin: s.admin };
    expect(await refusal(saveStore(deps, person(other.organisationId, 'owner'), { id: acme.storeId, name: 'Hijacked' }))).toBe('NOT_FOUND');
    expect((await s.storage.headOffice.listStores(acme.organisationId)).find((x) => x.id === acme.storeId)?.name).toBe(`Store ${acme.storeId}`);
    expect((await listStores(s.storage.headOffice, person(other.organisationId, 'owner'))).map((x) => x.id)).not.toContain(acme.storeId);
  });
});
