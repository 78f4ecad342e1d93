import { CassaError } from '@cassa/shared';
import type { HeadOfficeRole } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { op, pairTill, sale, seedTenant, serverPerTest, sqliteEngine, versions } from '../../../test/fixtures';
import type { PairedTill } from '../../../test/fixtures';
import type { SyncServer } from '../../index';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import { dashboardView, subscribeToSales } from './dashboard';

// The rules are the service's, not the database's: one engine is enough (the storage tests run both).
const start = serverPerTest(sqliteEngine);
/** 00:30 on 26 November in Rome, still the 25th in UTC: "today" is the shop's day. */
const now = new Date('2026-11-25T23:30:00Z');

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

async function pushSales(s: SyncServer, till: PairedTill, sales: readonly { id: string; totalCents: number; completedAt: string }[]): Promise<void> {
  const ops = sales.map((x, i) => op(i + 1, sale({ ...x, storeId: till.storeId, deviceId: till.deviceId, variantId: 'acme-p1-v1' })));
  await s.service.push({ organisationId: till.organisationId, storeId: till.storeId, deviceId: till.deviceId }, { ...versions, deviceId: till.deviceId, ops });
}

/** Store 1: 2.50 + 4.00 on the 26th and 3.00 a week earlier; store 2: 10.00 on the 26th. */
async function twoStoresOfSales(s: SyncServer) {
  const tenant = await seedTenant(s);
  const other = await pairTill(s, tenant.organisationId, tenant.otherStoreId, 'Cassa B');
  await s.admin.upsertUsers(tenant.organisationId, [{ id: 'user-1', name: 'Giulia', role: 'cashier', pinHash: 'scrypt$x', active: true }]);
  await pushSales(s, tenant.till, [
    { id: 's1', totalCents: 250, completedAt: '2026-11-26T10:15:00+01:00' },
    { id: 's2', totalCents: 400, completedAt: '2026-11-26T11:05:00+01:00' },
    { id: 's0', totalCents: 300, completedAt: '2026-11-19T10:00:00+01:00' },
  ]);
  await pushSales(s, other, [{ id: 's3', totalCents: 1000, completedAt: '2026-11-26T10:30:00+01:00' }]);
  return { ...tenant, other };
}

describe('dashboard service', () => {
  it("composes the shop's today beside a week earlier, with the names the filters offer", async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId, till, other } = await twoStoresOfSales(s);
    const view = await dashboardView(s.storage.headOffice, person(organisationId, 'owner'), {}, now);
    expect(view).toMatchObject({ from: '2026-11-26', to: '2026-11-26', compareFrom: '2026-11-19', compareTo: '2026-11-19' });
    const byStore = Object.fromEntries(view.stores.map((r) => [r.storeId, [r.takingsCents, r.tickets]]));
    expect(byStore).toEqual({ [storeId]: [650, 2], [otherStoreId]: [1000, 1] });
    expect(view.compare.map((r) => [r.storeId, r.takingsCents, r.tickets])).toEqual([[storeId, 300, 1]]);
    expect(view.hourly.find((h) => h.hour === 10)).toMatchObject({ takingsCents: 1250, tickets: 2 });
    expect(view.registers.map((r) => r.id).sort()).toEqual([till.deviceId, other.deviceId].sort());
    expect(view.cashiers).toEqual([{ id: 'user-1', name: 'Giulia' }]);
    // The storage's category rows are named, not passed through raw.
    expect(view).not.toHaveProperty('categoryTotals');
    // Empty query values (the page's empty fields) count as absent.
    expect((await dashboardView(s.storage.headOffice, person(organisationId, 'owner'), { from: '', to: '', store: '', register: '' }, now)).stores).toHaveLength(2);
  });

  it("a manager of one store sees that store's figures and registers only, and may not ask for another", async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId, till } = await twoStoresOfSales(s);
    const anna = person(organisationId, 'manager', [storeId]);
    const view = await dashboardView(s.storage.headOffice, anna, { from: '2026-11-26' }, now);
    expect(view.stores.map((r) => [r.storeId, r.takingsCents])).toEqual([[storeId, 650]]);
    expect(view.registers.map((r) => r.id)).toEqual([till.deviceId]);
    expect(await refusal(dashboardView(s.storage.headOffice, anna, { from: '2026-11-26', store: otherStoreId }, now))).toBe('NOT_AUTHORISED');
    // Another organisation's owner sees none of it.
    const stranger = person('beta-org', 'owner');
    expect((await dashboardView(s.storage.headOffice, stranger, { from: '2026-11-26' }, now)).stores).toEqual([]);
  });

  it('filters by register, and refuses a range that ends before it starts', async () => {
    const s = await start();
    const { organisationId, otherStoreId, other } = await twoStoresOfSales(s);
    const owner = person(organisationId, 'owner');
    const view = await dashboardView(s.storage.headOffice, owner, { from: '2026-11-20', to: '2026-11-26', register: other.deviceId }, now);
    expect(view.stores.map((r) => [r.storeId, r.takingsCents])).toEqual([[otherStoreId, 1000]]);
    expect(view.compareFrom).toBe('2026-11-13');
    expect(await refusal(dashboardView(s.storage.headOffice, owner, { from: '2026-11-26', to: '2026-11-25' }, now))).toBe('VALIDATION');
  });

  it("hears the sales of the user's stores only", async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId } = await seedTenant(s);
    const heard: string[] = [];
    const stop = subscribeToSales(s.salesEvents, person(organisationId, 'manager', [otherStoreId]), (event) => heard.push(event.storeId));
    const all: string[] = [];
    const stopAll = subscribeToSales(s.salesEvents, person(organisationId, 'owner'), (event) => all.push(event.storeId));
    s.salesEvents.publish(organisationId, storeId, now);
    s.salesEvents.publish(organisationId, otherStoreId, now);
    s.salesEvents.publish('beta-org', otherStoreId, now);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual([otherStoreId]);
    expect(all).toEqual([storeId, otherStoreId]);
    stop();
    s.salesEvents.publish(organisationId, otherStoreId, now);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual([otherStoreId]);
    stopAll();
  });
});
