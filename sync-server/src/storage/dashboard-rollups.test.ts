import fc from 'fast-check';
import type { SaleRecord, TillRecord, VatCode } from '@cassa/shared';
import { addDays, localDayAndHour, VAT_CODES, vatBreakdown, vatOverClosures } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, engines, product, versions, withServer } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { createSyncServer } from '../index';
import type { SyncServer } from '../index';
import type { DashboardData, DashboardFilter } from './head-office-storage';
import { periodsCovering } from './day-spans';
import { openDatabase } from './open-storage';

const ZONES = { rome: 'Europe/Rome', ny: 'America/New_York', milan: 'Europe/Rome', turin: 'Europe/Rome' } as const;
type StoreId = keyof typeof ZONES;
/** Fixed name and category per product: the roll-ups keep a product's newest label per period. */
const PRODUCTS = [
  { id: 'p1', description: 'Caffè', categoryId: 'cat-a', vatCode: '22' },
  { id: 'p2', description: 'Cornetto', categoryId: 'cat-b', vatCode: '10' },
  { id: 'p3', description: 'Latte', categoryId: 'cat-b', vatCode: '4' },
  { id: 'p4', description: 'Giornale', categoryId: '', vatCode: 'N2' },
] as const;
// Within the server's plausible window (a few years back from now), across a leap day and two new years.
const FIRST_DAY = '2024-01-10';
const FIRST = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const LAST = Date.parse('2025-06-30T00:00:00Z');

interface Generated {
  readonly store: StoreId;
  readonly record: SaleRecord;
}

const saleArb = (index: number) =>
  fc
    .record({
      store: fc.constantFrom<StoreId>('rome', 'ny'),
      kind: fc.constantFrom<SaleRecord['kind']>('sale', 'sale', 'sale', 'return', 'post-void'),
      // Minutes from FIRST, so sales cluster around midnight in either zone too.
      at: fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / 60_000) }),
      cashier: fc.constantFrom('ann', 'bob'),
      lines: fc.array(fc.record({ product: fc.integer({ min: 0, max: 3 }), quantity: fc.integer({ min: 1, max: 3 }), price: fc.integer({ min: 1, max: 5000 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
      card: fc.boolean(),
      change: fc.integer({ min: 0, max: 500 }),
    })
    .map(({ store, kind, at, cashier, lines, card, change }): Generated => {
      const sign = kind === 'sale' ? 1 : -1;
      const saleLines = lines.map((l, i) => {
        const p = PRODUCTS[l.product] ?? PRODUCTS[0];
        return {
          lineId: `l${i}`,
          productId: p.id,
          variantId: `${p.id}-v1`,
          sku: p.id,
          description: p.description,
          vatCode: p.vatCode as VatCode,
          quantityMilli: sign * l.quantity * 1000,
          unitPriceCents: l.price,
          discountCents: 0,
          totalCents: sign * l.quantity * l.price,
        };
      });
      const total = saleLines.reduce((sum, l) => sum + l.totalCents, 0);
      // A cash sale may be overpaid; a cash refund typed unrounded rounds down (to €0.05) and its
      // change, at most 4 cents, comes back in (shared drawer-cash.ts). Post-voids carry none.
      const cashChange = card || kind === 'post-void' ? 0 : kind === 'sale' ? change : change % 5;
      const record: SaleRecord = {
        id: `s${index}`,
        kind,
        storeId: store,
        deviceId: 'set-when-pushed',
        shiftId: 'shift-1',
        zNumber: 1,
        documentNumber: index + 1,
        originalSaleId: null,
        cashierId: cashier,
        customerId: null,
        completedAt: new Date(FIRST + at * 60_000).toISOString(),
        lines: saleLines,
        payments: [{ method: card ? 'card' : 'cash', amountCents: kind === 'sale' ? total + cashChange : total, reference: null }],
        changeCents: cashChange,
        roundingCents: kind === 'return' ? -cashChange : 0,
        totalCents: total,
        vatBreakdown: vatBreakdown(saleLines.map((l) => ({ grossCents: l.totalCents, vatCode: l.vatCode }))),
      };
      return { store, record };
    });

const salesArb = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => saleArb(i))));

const filterArb = fc.record({
  from: fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / 86_400_000) }).map((d) => addDays(FIRST_DAY, d)),
  length: fc.oneof(fc.constantFrom(1, 7, 30, 365, 400), fc.integer({ min: 1, max: 450 })),
  storeIds: fc.constantFrom<readonly string[] | null>(null, ['ny'], ['rome', 'ny'], []),
});

function sumInto<K>(map: Map<K, number[]>, key: K, values: readonly number[]): void {
  const sums = map.get(key) ?? values.map(() => 0);
  map.set(
    key,
    sums.map((s, i) => s + (values[i] ?? 0)),
  );
}

const byKey = <T,>(entries: Map<string, T>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The dashboard summed straight from the sales, by the rules the aggregates promise. */
function expected(sales: readonly Generated[], filter: DashboardFilter): DashboardData {
  const stores = new Map<string, number[]>();
  const hours = new Map<number, number[]>();
  const days = new Map<string, number[]>();
  const products = new Map<string, number[]>();
  const categories = new Map<string, number[]>();
  const payments = new Map<string, number[]>();
  const closures = new Map<string, { closure: string; vatCode: VatCode; grossCents: number }[]>();
  for (const { store, record: s } of sales) {
    const { day, hour } = localDayAndHour(s.completedAt, ZONES[store]);
    if (day < filter.from || day > filter.to || (filter.storeIds !== null && !filter.storeIds.includes(store))) continue;
    const tickets = s.kind === 'sale' ? 1 : s.kind === 'post-void' ? -1 : 0;
    const items = s.lines.reduce((sum, l) => sum + l.quantityMilli, 0);
    sumInto(stores, store, [s.totalCents, tickets, s.kind === 'return' ? 1 : 0, s.kind === 'post-void' ? 1 : 0, items]);
    sumInto(hours, hour, [s.totalCents, tickets]);
    sumInto(days, day, [s.totalCents, tickets]);
    for (const l of s.lines) {
      sumInto(products, l.productId, [l.quantityMilli, l.totalCents]);
      sumInto(categories, PRODUCTS.find((p) => p.id === l.productId)?.categoryId ?? '', [l.quantityMilli, l.totalCents]);
    }
    for (const p of s.payments) sumInto(payments, p.method, [s.kind === 'sale' ? 1 : 0, p.amountCents]);
    // The drawer: change goes out on a sale, comes back in on a refund.
    if (s.changeCents !== 0) sumInto(payments, 'cash', [0, s.kind === 'sale' ? -s.changeCents : s.changeCents]);
    for (const v of s.vatBreakdown) closures.set(day, [...(closures.get(day) ?? []), { closure: store, vatCode: v.vatCode, grossCents: v.grossCents }]);
  }
  const ranked = (map: Map<string, number[]>, limit: number) =>
    byKey(map)
      .sort(([a, x], [b, y]) => (y[1] ?? 0) - (x[1] ?? 0) || (a < b ? -1 : 1))
      .slice(0, limit);
  return {
    from: filter.from,
    to: filter.to,
    stores: byKey(stores).map(([storeId, [takingsCents = 0, tickets = 0, returns = 0, voids = 0, itemsMilli = 0]]) => ({ storeId, takingsCents, tickets, returns, voids, itemsMilli })),
    hourly: [...hours].sort(([a], [b]) => a - b).map(([hour, [takingsCents = 0, tickets = 0]]) => ({ hour, takingsCents, tickets })),
    daily: byKey(days).map(([businessDay, [takingsCents = 0, tickets = 0]]) => ({ businessDay, takingsCents, tickets })),
    topProducts: ranked(products, 20).map(([productId, [quantityMilli = 0, totalCents = 0]]) => ({
      productId,
      description: PRODUCTS.find((p) => p.id === productId)?.description ?? '',
      quantityMilli,
      totalCents,
    })),
    categoryTotals: ranked(categories, 50).map(([categoryId, [quantityMilli = 0, totalCents = 0]]) => ({ categoryId, quantityMilli, totalCents })),
    payments: byKey(payments).map(([method, [count = 0, amountCents = 0]]) => ({ method, payments: count, amountCents })),
    vat: byKey(closures).flatMap(([businessDay, rows]) => vatOverClosures(rows).map((g) => ({ businessDay, ...g }))),
  };
}

let tenants = 0;

async function pushSales(server: SyncServer, sales: readonly Generated[]): Promise<string> {
  const tenant = tenants++;
  const org = (await server.admin.createOrganisation({ name: `Org ${tenant}` })).id;
  await server.admin.upsertCategories(org, [
    { id: 'cat-a', name: 'Bar', parentId: null },
    { id: 'cat-b', name: 'Colazione', parentId: null },
  ]);
  await server.admin.upsertProducts(
    org,
    PRODUCTS.map((p) => ({ ...product(p.id), categoryId: p.categoryId === '' ? null : p.categoryId })),
  );
  for (const store of ['rome', 'ny'] as const) {
    await server.admin.upsertStore(org, { id: store, name: store, addressLines: [], vatNumber: '' });
    await server.storage.headOffice.setStoreTimeZone(org, store, ZONES[store]);
    const { code } = await server.admin.createPairingCode(org, store);
    // Register ids are unique across organisations.
    const deviceId = `dev-${store}-${tenant}`;
    const paired = await server.service.pair({ ...versions, code, deviceName: store, deviceId });
    const mine = sales.filter((s) => s.store === store);
    // Two pushes, so one batch's roll-up rows are added to another's.
    const ops = mine.map((s, i) => ({ seq: i + 1, opId: `op-${s.record.id}`, record: { type: 'sale', record: { ...s.record, deviceId } } as TillRecord }));
    const half = Math.ceil(ops.length / 2);
    for (const part of [ops.slice(0, half), ops.slice(half)]) {
      if (part.length === 0) continue;
      const pushed = await server.service.push({ organisationId: org, storeId: store, deviceId: paired.deviceId }, { ...versions, deviceId, ops: part });
      expect(pushed.results.map((r) => r.status)).toEqual(part.map(() => 'applied'));
    }
  }
  return org;
}

const filterOf = (f: { from: string; length: number; storeIds: readonly string[] | null }): DashboardFilter => ({
  from: f.from,
  to: addDays(f.from, f.length - 1),
  storeIds: f.storeIds,
});

describe('day spans', () => {
  it('cover a range exactly once, with whole months and weeks inside it', () => {
    expect(periodsCovering('2024-01-29', '2024-03-31')).toEqual(['D2024-01-29', 'D2024-01-30', 'D2024-01-31', 'M2024-02-01', 'M2024-03-01']);
    expect(periodsCovering('2026-10-28', '2026-11-26')).toEqual([
      ...['D2026-10-28', 'D2026-10-29', 'D2026-10-30', 'D2026-10-31', 'D2026-11-01'],
      ...['W2026-11-02', 'W2026-11-09', 'W2026-11-16'],
      ...['D2026-11-23', 'D2026-11-24', 'D2026-11-25', 'D2026-11-26'],
    ]);
    expect(periodsCovering('2026-11-27', '2026-11-26')).toEqual([]);
    // The worst case, found by CI's random run: 28 periods besides its month.
    expect(periodsCovering('2019-08-06', '2019-10-26').filter((p) => !p.startsWith('M'))).toHaveLength(28);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 800 }), (start, length) => {
        const from = addDays('2019-01-01', start);
        const to = addDays(from, length - 1);
        const days: string[] = [];
        for (const period of periodsCovering(from, to)) {
          const first = period.slice(1);
          let size = period.startsWith('D') ? 1 : 7;
          if (period.startsWith('M')) for (size = 28; addDays(first, size).slice(0, 7) === first.slice(0, 7); size++);
          for (let i = 0; i < size; i++) days.push(addDays(first, i));
        }
        expect(days).toEqual(Array.from({ length }, (_, i) => addDays(from, i)));
        // Bounded whatever the length: besides whole months, each ragged end of at most 30 days is
        // at most 6 days, 2 weeks and 6 days (14 periods), so 28 in all (2019-08-06…2019-10-26).
        expect(periodsCovering(from, to).filter((p) => !p.startsWith('M')).length).toBeLessThanOrEqual(28);
      }),
    );
  });
});

describe.each(engines)('dashboard roll-ups on $name', (engine: Engine) => {
  it('give the dashboard summed from the sales, to the cent, over any range and choice of stores', async () => {
    await withServer(engine, async (server) => {
      await fc.assert(
        fc.asyncProperty(salesArb, fc.array(filterArb, { minLength: 1, maxLength: 4 }), async (sales, filters) => {
          const org = await pushSales(server, sales);
          for (const f of filters) {
            const filter = filterOf(f);
            expect(await server.storage.headOffice.dashboard(org, filter)).toEqual(expected(sales, filter));
            expect(await server.storage.headOffice.storeTotals(org, filter)).toEqual(expected(sales, filter).stores);
          }
        }),
        { numRuns: engine.name === 'postgres' ? 12 : 25 },
      );
    });
  });

  it('are filled from the daily tables by the upgrade, agreeing at once', async () => {
    const database = await engine.database();
    try {
      const sales = fc.sample(salesArb, { numRuns: 1, seed: 15 })[0] ?? [];
      const filters = [
        { from: FIRST_DAY, length: 540, storeIds: null },
        { from: '2024-02-01', length: 30, storeIds: ['rome'] },
      ];
      const before = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN });
      const org = await pushSales(before, sales).finally(() => before.close());
      // What a schema-12 server left: daily rows only (and none of the later migrations' tables).
      const raw = openDatabase(database.options);
      const later = ['fiscal_documents', 'fiscal_closures', 'fiscal_status', 'fiscal_registers'];
      for (const table of ['agg_sales_spans', 'agg_hourly_spans', 'agg_products_spans', 'agg_category_spans', 'agg_payments_spans', 'agg_vat_store_days', 'agg_vat_days', ...later]) {
        await raw.query(`DROP TABLE ${table}`);
      }
      // …nor the columns and tables of issue 17's migrations (ledgers, customers, transfer receipts).
      for (const table of ['ledger_entries', 'ledger_accounts', 'ledger_holds', 'customers']) await raw.query(`DROP TABLE ${table}`);
      await raw.query('DROP INDEX sales_by_customer');
      await raw.query('ALTER TABLE sales DROP COLUMN customer_id');
      for (const column of ['received_lines', 'received_by_device', 'problem']) await raw.query(`ALTER TABLE stock_transfers DROP COLUMN ${column}`);
      // …nor issue 18's sales-channel tables.
      const channelTables = ['channel_accounts', 'channel_mappings', 'channel_remote_items', 'channel_jobs', 'channel_dead_letters', 'channel_cursors', 'channel_orders', 'channel_reservations'];
      for (const table of channelTables) await raw.query(`DROP TABLE ${table}`);
      // …nor issue 19's integration tables (public API, webhooks, ERP exports and imports, SAP), children first.
      const integrationTables = [
        ...['api_idempotency', 'api_keys'],
        ...['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_outbox_heads', 'webhook_endpoints'],
        ...['erp_exports', 'erp_export_profiles', 'erp_price_lists', 'erp_vat_codes', 'erp_import_runs'],
        ...['sap_days', 'sap_runs', 'sap_links'],
      ];
      for (const table of integrationTables) await raw.query(`DROP TABLE ${table}`);
      await raw.query('DELETE FROM schema_migrations WHERE version >= 13');
      await raw.close();
      const after = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN });
      try {
        for (const f of filters) expect(await after.storage.headOffice.dashboard(org, filterOf(f))).toEqual(expected(sales, filterOf(f)));
      } finally {
        await after.close();
      }
    } finally {
      await database.cleanup();
    }
  });

  it("keeps the organisation's VAT per day exact when several stores' pushes commit at once", async () => {
    await withServer(engine, async (server) => {
      const tenant = tenants++;
      const org = (await server.admin.createOrganisation({ name: `Org ${tenant}` })).id;
      await server.admin.upsertProducts(org, [product('p1')]);
      const stores = ['rome', 'milan', 'turin', 'ny'] as const;
      const sales = stores.flatMap((store, s) =>
        fc.sample(fc.integer({ min: 1, max: 999 }), { numRuns: 12, seed: s }).map((price, i): Generated => {
          const line = { lineId: 'l', productId: 'p1', variantId: 'p1-v1', sku: 'p1', description: 'Caffè', vatCode: '22' as const, quantityMilli: 1000, unitPriceCents: price, discountCents: 0, totalCents: price };
          const record: SaleRecord = {
            id: `c-${store}-${i}`,
            kind: 'sale',
            storeId: store,
            deviceId: 'set-when-pushed',
            shiftId: 'shift-1',
            zNumber: 1,
            documentNumber: i + 1,
            originalSaleId: null,
            cashierId: 'ann',
            customerId: null,
            roundingCents: 0,
            completedAt: '2025-03-14T11:00:00Z',
            lines: [line],
            payments: [{ method: 'card', amountCents: price, reference: null }],
            changeCents: 0,
            totalCents: price,
            vatBreakdown: vatBreakdown([{ grossCents: price, vatCode: '22' }]),
          };
          return { store, record };
        }),
      );
      const tills = await Promise.all(
        stores.map(async (store) => {
          await server.admin.upsertStore(org, { id: store, name: store, addressLines: [], vatNumber: '' });
          await server.storage.headOffice.setStoreTimeZone(org, store, ZONES[store]);
          const { code } = await server.admin.createPairingCode(org, store);
          const deviceId = `dev-${store}-${tenant}`;
          const paired = await server.service.pair({ ...versions, code, deviceName: store, deviceId });
          return { store, deviceId, principal: { organisationId: org, storeId: store, deviceId: paired.deviceId } };
        }),
      );
      // One sale per push, the four stores at once: their transactions overlap.
      await Promise.all(
        tills.map(async ({ store, deviceId, principal }) => {
          const mine = sales.filter((s) => s.store === store);
          for (const [i, s] of mine.entries()) {
            const record = { type: 'sale', record: { ...s.record, deviceId } } as TillRecord;
            await server.service.push(principal, { ...versions, deviceId, ops: [{ seq: i + 1, opId: `op-${s.record.id}`, record }] });
          }
        }),
      );
      const filter = { from: '2025-03-14', to: '2025-03-14', storeIds: null };
      const vat = (await server.storage.headOffice.dashboard(org, filter)).vat;
      expect(vat).toEqual(expected(sales, filter).vat);
      // The same figure summed from the store days, as a choice of every store reads it.
      expect((await server.storage.headOffice.dashboard(org, { ...filter, storeIds: [...stores] })).vat).toEqual(vat);
    });
  });
});
