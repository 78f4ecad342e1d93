import type { SaleRecord, TillRecord } from '@cassa/shared';
import { extractVat } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, engines, op, pairTill, product, sale, seedTenant, versions, withServer } from '../../test/fixtures';
import type { Engine, EngineDatabase } from '../../test/fixtures';
import { createSyncServer } from '../index';
import type { SyncServer } from '../index';
import { addDays, localDayAndHour } from '@cassa/shared';

function withLines(record: TillRecord, patch: Partial<SaleRecord>): TillRecord {
  if (record.type !== 'sale') throw new Error('not a sale');
  return { type: 'sale', record: { ...record.record, ...patch } };
}

describe('business day', () => {
  it('is the local date in the store time zone, across midnight and DST', () => {
    expect(localDayAndHour('2026-11-25T23:30:00Z', 'Europe/Rome')).toEqual({ day: '2026-11-26', hour: 0 });
    expect(localDayAndHour('2026-11-26T04:30:00Z', 'America/New_York')).toEqual({ day: '2026-11-25', hour: 23 });
    expect(localDayAndHour('2026-07-01T22:30:00Z', 'Europe/Rome')).toEqual({ day: '2026-07-02', hour: 0 });
    expect(addDays('2026-03-01', -7)).toBe('2026-02-22');
  });
});

describe.each(engines)('sales aggregates on $name', (engine: Engine) => {
  let database: EngineDatabase | null = null;
  let server: SyncServer | null = null;
  afterEach(async () => {
    await server?.close();
    await database?.cleanup();
  });

  it('kept in the push transaction: returns and post-voids count negative, days split in the store zone', async () => {
    database = await engine.database();
    server = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, headOffice: { webRoot: false } });
    const s = server;
    const org = (await s.admin.createOrganisation({ name: 'Org' })).id;
    await s.admin.upsertStore(org, { id: 'rome', name: 'Roma', addressLines: [], vatNumber: '' });
    await s.admin.upsertStore(org, { id: 'ny', name: 'New York', addressLines: [], vatNumber: '' });
    await s.storage.headOffice.setStoreTimeZone(org, 'ny', 'America/New_York');
    await s.admin.upsertCategories(org, [{ id: 'cat-a', name: 'Caffè', parentId: null }]);
    await s.admin.upsertProducts(org, [{ ...product('p1'), categoryId: 'cat-a' }]);
    const pairAt = async (storeId: string, deviceId: string) => {
      const { code } = await s.admin.createPairingCode(org, storeId);
      const r = await s.service.pair({ ...versions, code, deviceName: deviceId, deviceId });
      return { organisationId: org, storeId, deviceId: r.deviceId };
    };
    const rome = await pairAt('rome', 'dev-r');
    const ny = await pairAt('ny', 'dev-n');
    const vat = (gross: number) => [{ vatCode: '22' as const, grossCents: gross, netCents: Math.round(gross / 1.22), vatCents: gross - Math.round(gross / 1.22) }];
    const romeOps: TillRecord[] = [
      // 00:30 in Rome on the 26th although the UTC date is the 25th.
      withLines(sale({ id: 'r1', storeId: 'rome', deviceId: 'dev-r', variantId: 'p1-v1', totalCents: 1000, completedAt: '2026-11-25T23:30:00Z' }), {
        payments: [{ method: 'cash', amountCents: 2000, reference: null }],
        changeCents: 1000,
        vatBreakdown: vat(1000),
      }),
      withLines(sale({ id: 'r2', storeId: 'rome', deviceId: 'dev-r', variantId: 'p1-v1', totalCents: 500, completedAt: '2026-11-26T09:10:00Z' }), {
        payments: [{ method: 'card', amountCents: 500, reference: null }],
        vatBreakdown: vat(500),
      }),
      // The 500 sale post-voided, and 300 returned from another.
      withLines(sale({ id: 'r3', storeId: 'rome', deviceId: 'dev-r', variantId: 'p1-v1', totalCents: -500, kind: 'post-void', completedAt: '2026-11-26T09:12:00Z' }), {
        lines: [{ lineId: 'l', productId: 'p', variantId: 'p1-v1', sku: 'S', description: 'Thing', vatCode: '22', quantityMilli: -1000, unitPriceCents: 500, discountCents: 0, totalCents: -500 }],
        payments: [{ method: 'card', amountCents: -500, reference: null }],
        vatBreakdown: vat(-500),
      }),
      withLines(sale({ id: 'r4', storeId: 'rome', deviceId: 'dev-r', variantId: 'p1-v1', totalCents: -300, kind: 'return', completedAt: '2026-11-26T15:00:00Z' }), {
        lines: [{ lineId: 'l', productId: 'p', variantId: 'p1-v1', sku: 'S', description: 'Thing', vatCode: '22', quantityMilli: -1000, unitPriceCents: 300, discountCents: 0, totalCents: -300 }],
        payments: [{ method: 'cash', amountCents: -300, reference: null }],
        vatBreakdown: vat(-300),
      }),
    ];
    await s.service.push(rome, { ...versions, deviceId: 'dev-r', ops: romeOps.map((record, i) => ({ seq: i + 1, opId: `r-op-${i}`, record })) });
    // The same batch again changes nothing.
    await s.service.push(rome, { ...versions, deviceId: 'dev-r', ops: romeOps.map((record, i) => ({ seq: i + 1, opId: `r-op-${i}`, record })) });
    // 04:30 UTC on the 26th is still the 25th in New York.
    await s.service.push(ny, {
      ...versions,
      deviceId: 'dev-n',
      ops: [
        {
          seq: 1,
          opId: 'n-op',
          record: withLines(sale({ id: 'n1', storeId: 'ny', deviceId: 'dev-n', variantId: 'p1-v1', totalCents: 700, completedAt: '2026-11-26T04:30:00Z' }), {
            lines: [{ lineId: 'l', productId: 'p1', variantId: 'p1-v1', sku: 'P1', description: 'Caffè', vatCode: '22', quantityMilli: 1000, unitPriceCents: 700, discountCents: 0, totalCents: 700 }],
          }),
        },
      ],
    });

    const ho = s.storage.headOffice;
    const day = await ho.dashboard(org, { from: '2026-11-26', to: '2026-11-26', storeIds: null });
    expect(day.stores).toEqual([{ storeId: 'rome', takingsCents: 700, tickets: 1, returns: 1, voids: 1, itemsMilli: 0 }]);
    expect(day.hourly).toEqual([
      { hour: 0, takingsCents: 1000, tickets: 1 },
      { hour: 10, takingsCents: 0, tickets: 0 },
      { hour: 16, takingsCents: -300, tickets: 0 },
    ]);
    expect(day.payments).toEqual([
      { method: 'card', payments: 1, amountCents: 0 },
      { method: 'cash', payments: 1, amountCents: 700 },
    ]);
    expect(day.topProducts).toEqual([{ productId: 'p', description: 'Thing', quantityMilli: 0, totalCents: 700 }]);
    expect(day.vat.map((v) => v.grossCents)).toEqual([700]);
    const before = await ho.dashboard(org, { from: '2026-11-25', to: '2026-11-25', storeIds: null });
    expect(before.stores).toEqual([{ storeId: 'ny', takingsCents: 700, tickets: 1, returns: 0, voids: 0, itemsMilli: 1000 }]);
    // Filters: one register, one store scope, one cashier.
    expect((await ho.storeTotals(org, { from: '2026-11-20', to: '2026-11-30', storeIds: ['ny'] })).map((r) => r.storeId)).toEqual(['ny']);
    expect(await ho.storeTotals(org, { from: '2026-11-20', to: '2026-11-30', storeIds: null, deviceId: 'dev-n' })).toHaveLength(1);
    expect(await ho.storeTotals(org, { from: '2026-11-20', to: '2026-11-30', storeIds: null, cashierId: 'nobody' })).toEqual([]);
    // Products and categories follow the register and cashier filters too.
    const week = { from: '2026-11-20', to: '2026-11-30', storeIds: null };
    const romeOnly = await ho.dashboard(org, { ...week, deviceId: 'dev-r' });
    expect(romeOnly.topProducts).toEqual([{ productId: 'p', description: 'Thing', quantityMilli: 0, totalCents: 700 }]);
    expect(romeOnly.categoryTotals).toEqual([{ categoryId: '', quantityMilli: 0, totalCents: 700 }]);
    const nyOnly = await ho.dashboard(org, { ...week, deviceId: 'dev-n' });
    expect(nyOnly.topProducts.map((p) => [p.productId, p.totalCents])).toEqual([['p1', 700]]);
    expect(nyOnly.categoryTotals).toEqual([{ categoryId: 'cat-a', quantityMilli: 1000, totalCents: 700 }]);
    expect((await ho.dashboard(org, { ...week, cashierId: 'nobody' })).topProducts).toEqual([]);
    const everyone = await ho.dashboard(org, week);
    const byCashier = await ho.dashboard(org, { ...week, cashierId: 'user-1' });
    expect(byCashier.topProducts.length).toBeGreaterThan(0);
    expect(byCashier.topProducts).toEqual(everyone.topProducts);
    // The daily totals the admin API reports use the same local days.
    const daily = await s.admin.dailySalesTotals(org, { from: '2026-11-25', to: '2026-11-26' });
    expect(daily.map((d) => [d.storeId, d.businessDay, d.totalCents])).toEqual([
      ['ny', '2026-11-25', 700],
      ['rome', '2026-11-26', 700],
    ]);
  });

  it('derives VAT from each store day\'s gross per rate, as the Z does, and adds the store days', async () => {
    await withServer(engine, async (s) => {
      const t = await seedTenant(s);
      const other = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa 2');
      // 10 cents at 22 %: each receipt says 0,02 of VAT; the day's 0,30 holds 0,05 (the Z's figure).
      const tenCents = (id: string, storeId: string, deviceId: string) =>
        withLines(sale({ id, storeId, deviceId, variantId: 'acme-p1-v1', totalCents: 10 }), { vatBreakdown: [{ vatCode: '22', grossCents: 10, netCents: 8, vatCents: 2 }] });
      for (const [till, storeId] of [[t.till, t.storeId], [other, t.otherStoreId]] as const) {
        const principal = { organisationId: t.organisationId, storeId, deviceId: till.deviceId };
        const ops = [1, 2, 3].map((n) => op(n, tenCents(`${storeId}-s${n}`, storeId, till.deviceId)));
        await s.service.push(principal, { ...versions, deviceId: till.deviceId, ops });
      }
      const view = { from: '2026-11-26', to: '2026-11-26' };
      const one = await s.storage.headOffice.dashboard(t.organisationId, { ...view, storeIds: [t.storeId] });
      expect(one.vat).toEqual([{ businessDay: '2026-11-26', vatCode: '22', grossCents: 30, netCents: 25, vatCents: 5 }]);
      // Two stores: two closures of 0,05, not the scorporo of 0,60 (0,11).
      const both = await s.storage.headOffice.dashboard(t.organisationId, { ...view, storeIds: null });
      expect(both.vat).toEqual([{ businessDay: '2026-11-26', vatCode: '22', grossCents: 60, netCents: 50, vatCents: 10 }]);
    });
  });

  it('adds a very long sale in full: 450 products span several multi-row statements, repeated VAT codes merge', async () => {
    await withServer(engine, async (s) => {
      const t = await seedTenant(s);
      const lines = Array.from({ length: 450 }, (_, i) => ({
        lineId: `l${i}`,
        productId: `p${String(i).padStart(3, '0')}`,
        variantId: `v${i}`,
        sku: `S${i}`,
        description: `Item ${i}`,
        vatCode: '22' as const,
        quantityMilli: 1000,
        unitPriceCents: 100 + i,
        discountCents: 0,
        totalCents: 100 + i,
      }));
      // The same product twice is one product row of the sale.
      lines.push({ ...lines[0]!, lineId: 'again' });
      const total = lines.reduce((sum, line) => sum + line.totalCents, 0);
      const record = withLines(sale({ id: 'long', storeId: t.storeId, deviceId: t.till.deviceId, variantId: 'v0', totalCents: total }), {
        lines,
        payments: [{ method: 'card', amountCents: total, reference: null }],
        vatBreakdown: [
          { vatCode: '22', grossCents: 1000, netCents: 820, vatCents: 180 },
          { vatCode: '22', grossCents: total - 1000, netCents: 0, vatCents: 0 },
        ],
      });
      const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId: t.till.deviceId };
      await s.service.push(principal, { ...versions, deviceId: t.till.deviceId, ops: [op(1, record)] });

      const view = { from: '2026-11-26', to: '2026-11-26', storeIds: null };
      // Per store, and per register (the other product table).
      for (const filter of [view, { ...view, deviceId: t.till.deviceId }]) {
        const dashboard = await s.storage.headOffice.dashboard(t.organisationId, filter);
        expect(dashboard.stores[0]?.takingsCents).toBe(total);
        expect(dashboard.categoryTotals).toEqual([{ categoryId: '', quantityMilli: 451_000, totalCents: total }]);
        expect(dashboard.topProducts[0]).toEqual({ productId: 'p449', description: 'Item 449', quantityMilli: 1000, totalCents: 549 });
        expect(dashboard.topProducts).toHaveLength(20);
        // The rows merge into the day's gross; VAT is the scorporo of that gross (the daily closure's rule).
        expect(dashboard.vat).toEqual([{ businessDay: '2026-11-26', vatCode: '22', ...extractVat(total, '22'), grossCents: total }]);
        expect(dashboard.payments).toEqual([{ method: 'card', payments: 1, amountCents: total }]);
      }
    });
  });

  it('keeps the aggregates of the ops before a gap, and only theirs', async () => {
    await withServer(engine, async (s) => {
      const t = await seedTenant(s);
      const deviceId = t.till.deviceId;
      const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId };
      const record = (id: string, totalCents: number) => sale({ id, storeId: t.storeId, deviceId, variantId: 'v1', totalCents });
      const ops = [op(1, record('s1', 100)), op(2, record('s2', 200)), op(4, record('s4', 400))];
      await expect(s.service.push(principal, { ...versions, deviceId, ops })).rejects.toMatchObject({ code: 'SYNC_OUT_OF_ORDER', details: { expectedSeq: 3 } });
      const view = { from: '2026-11-26', to: '2026-11-26', storeIds: null };
      expect((await s.storage.headOffice.dashboard(t.organisationId, view)).stores).toEqual([
        { storeId: t.storeId, takingsCents: 300, tickets: 2, returns: 0, voids: 0, itemsMilli: 2000 },
      ]);
      // The till sends the rest from the expected seq on; nothing is counted twice.
      await s.service.push(principal, { ...versions, deviceId, ops: [ops[1]!, op(3, record('s3', 300)), ops[2]!] });
      expect((await s.storage.headOffice.dashboard(t.organisationId, view)).stores[0]?.takingsCents).toBe(1000);
    });
  });

  it('backfills the aggregates and local days of sales stored before they existed, once', async () => {
    database = await engine.database();
    const options = { ...database.options, headOffice: { webRoot: false } } as const;
    server = await createSyncServer(options);
    const s = server;
    const org = (await s.admin.createOrganisation({ name: 'Org' })).id;
    await s.admin.upsertStore(org, { id: 'rome', name: 'Roma', addressLines: [], vatNumber: '' });
    const { code } = await s.admin.createPairingCode(org, 'rome');
    const r = await s.service.pair({ ...versions, code, deviceName: 'c', deviceId: 'dev-r' });
    const principal = { organisationId: org, storeId: 'rome', deviceId: r.deviceId };
    await s.service.push(principal, {
      ...versions,
      deviceId: 'dev-r',
      ops: [{ seq: 1, opId: 'a', record: sale({ id: 's1', storeId: 'rome', deviceId: 'dev-r', variantId: 'v', totalCents: 900, completedAt: '2026-11-25T23:30:00Z' }) }],
    });
    await server.close();
    // What a schema-1 server left: no aggregates, the UTC date sliced off the timestamp.
    const { openDatabase } = await import('./open-storage');
    const raw = openDatabase(database.options);
    await raw.query('DELETE FROM agg_sales_daily');
    await raw.query("UPDATE sales SET business_day = '2026-11-25'");
    await raw.query("DELETE FROM server_meta WHERE key = 'aggregates'");
    await raw.close();
    server = await createSyncServer(options);
    expect(await server.storage.headOffice.storeTotals(org, { from: '2026-11-26', to: '2026-11-26', storeIds: null })).toEqual([
      { storeId: 'rome', takingsCents: 900, tickets: 1, returns: 0, voids: 0, itemsMilli: 1000 },
    ]);
    expect((await server.admin.dailySalesTotals(org, { from: '2026-11-26', to: '2026-11-26' }))[0]?.totalCents).toBe(900);
    const byRegister = { from: '2026-11-26', to: '2026-11-26', storeIds: null, deviceId: 'dev-r' };
    const expected = [{ productId: 'p', description: 'Thing', quantityMilli: 1000, totalCents: 900 }];
    expect((await server.storage.headOffice.dashboard(org, byRegister)).topProducts).toEqual(expected);

    // What a schema-4 server left: sales, but no per-register product rows. Filled once, not twice.
    await server.close();
    const older = openDatabase(database.options);
    await older.query('DELETE FROM agg_products_register_daily');
    await older.query("DELETE FROM server_meta WHERE key = 'aggregates-products-register'");
    await older.close();
    for (let start = 0; start < 2; start++) {
      server = await createSyncServer(options);
      expect((await server.storage.headOffice.dashboard(org, byRegister)).topProducts).toEqual(expected);
      await server.close();
    }
    server = null;
  });

  it('keeps stock on hand per variant and store from pushed movements', async () => {
    database = await engine.database();
    server = await createSyncServer({ ...database.options, headOffice: { webRoot: false } });
    const s = server;
    const org = (await s.admin.createOrganisation({ name: 'Org' })).id;
    await s.admin.upsertStore(org, { id: 'rome', name: 'Roma', addressLines: [], vatNumber: '' });
    await s.admin.upsertProducts(org, [product('p1')]);
    const { code } = await s.admin.createPairingCode(org, 'rome');
    const r = await s.service.pair({ ...versions, code, deviceName: 'c', deviceId: 'dev-r' });
    const principal = { organisationId: org, storeId: 'rome', deviceId: r.deviceId };
    const move = (id: string, delta: number) => ({
      type: 'stock-movement' as const,
      record: { id, storeId: 'rome', deviceId: 'dev-r', variantId: 'p1-v1', deltaMilli: delta, reason: 'adjustment' as const, referenceId: null, userId: null, at: '2026-11-26T10:00:00Z' },
    });
    await s.service.push(principal, { ...versions, deviceId: 'dev-r', ops: [{ seq: 1, opId: 'a', record: move('m1', 5000) }, { seq: 2, opId: 'b', record: move('m2', -2000) }] });
    expect(await s.storage.headOffice.stock(org, { storeIds: null })).toEqual([{ storeId: 'rome', variantId: 'p1-v1', productName: 'Product p1', sku: 'SKU-p1-v1', onHandMilli: 3000 }]);
  });
});
