/**
 * The day of takings (issue 19) on both engines: per register and business day, VAT by the closure
 * rule with returns and voids apart, payments net of change by kind, the fiscal serial and Z from
 * the documents head office holds, another organisation's and store's sales out of sight, and the
 * net VAT and payments equal to the dashboard's for the same register and day, to the cent (random
 * days on SQLite, one fixed day on PostgreSQL). The random days also check the surfaces built on
 * it: the ERP export's corrispettivi rows per register, and SAP's documents per store day (whose
 * per-line scorporo must give the dashboard's VAT).
 */
import type { PaymentMethod, PushOp, SaleRecord, SapSettings, VatCode } from '@cassa/shared';
import { VAT_CODES, paymentMethodSchema, vatBreakdown } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engines, seedTenant, serverPerTest, sqliteEngine } from '../../test/fixtures';
import { push, saleRecord, world } from '../../test/erp-fixtures';
import type { Till } from '../../test/erp-fixtures';
import type { SyncServer } from '../index';
import { readDayTakings } from './day-takings';
import { corrispettiviRows } from './export-rows';
import { buildDayDocuments } from './sap-b1/sap-day-documents';
import type { RegisterDayTakings } from './day-takings';

/** A SAP link mapping every VAT code to a group of the same name, so a line's group reads back as its code. */
const sapSettings = (storeId: string): SapSettings => ({
  name: 'SAP',
  vatGroups: VAT_CODES.map((vatCode) => ({ sapVatGroup: vatCode, vatCode })),
  warehouses: [{ storeId, warehouseCode: 'W1' }],
  paymentAccounts: paymentMethodSchema.options.map((method) => ({ method, account: `A-${method}` })),
  customerCode: 'BANCO',
  takingsItemCode: 'CORR',
  priceList: 1,
  itemsEveryMinutes: 0,
  sendDaysDaily: false,
});

/** The dashboard narrowed to one register and day: the figures a corrispettivi row must equal. */
async function dashboardOf(server: SyncServer, organisationId: string, row: RegisterDayTakings) {
  const view = await server.storage.headOffice.dashboard(organisationId, { from: row.businessDay, to: row.businessDay, storeIds: [row.storeId], deviceId: row.registerId });
  return {
    vat: view.vat.map(({ vatCode, grossCents, netCents, vatCents }) => ({ vatCode, grossCents, netCents, vatCents })),
    payments: view.payments.map((p) => ({ method: p.method, amountCents: p.amountCents })),
  };
}

function expectEqualToDashboard(row: RegisterDayTakings, dashboard: Awaited<ReturnType<typeof dashboardOf>>): void {
  expect(row.net.vat).toEqual(dashboard.vat);
  // The dashboard lists methods by name; the day, in the till's order.
  const byMethod = (a: { method: string }, b: { method: string }) => (a.method < b.method ? -1 : 1);
  expect(row.payments.map((p) => ({ method: p.method, amountCents: p.amountCents })).sort(byMethod)).toEqual([...dashboard.payments].sort(byMethod));
  expect(row.net.grossCents).toBe(row.sales.grossCents - row.returns.grossCents - row.voids.grossCents);
}

describe.each(engines)('the day of takings on $name', (engine) => {
  const start = serverPerTest(engine);

  it('gives each register day its VAT per code, returns and voids apart, payments by kind and the fiscal Z, equal to the dashboard', async () => {
    const server = await start();
    const { t, a, b, c } = await world(server);
    // Register a: three sales on 3 December (one paid in cash with change), a return, a void; one sale on the 4th.
    const s1 = saleRecord(a, { id: 's1', lines: [{ vatCode: '22', grossCents: 1001 }, { vatCode: '10', grossCents: 550 }], changeCents: 449 });
    const s2 = saleRecord(a, { id: 's2', lines: [{ vatCode: '22', grossCents: 1 }, { vatCode: 'N2', grossCents: 300 }], method: 'card' });
    const s3 = saleRecord(a, { id: 's3', lines: [{ vatCode: '22', grossCents: 1 }], method: 'voucher' });
    const r1 = saleRecord(a, { id: 'r1', kind: 'return', lines: [{ vatCode: '22', grossCents: 1001 }] });
    const v1 = saleRecord(a, { id: 'v1', kind: 'post-void', lines: [{ vatCode: '22', grossCents: 1 }, { vatCode: 'N2', grossCents: 300 }], method: 'card' });
    const s4 = saleRecord(a, { id: 's4', lines: [{ vatCode: '4', grossCents: 208 }], at: '2026-12-04T07:00:00Z' });
    const document = (saleId: string, zNumber: number, documentNumber: number): PushOp['record'] => ({
      type: 'fiscal-document',
      record: {
        id: `job-${saleId}`,
        storeId: a.storeId,
        deviceId: a.deviceId,
        saleId,
        document: { serial: '99MEY012345', zNumber, documentNumber, date: '2026-12-03', time: '10:00:00', amountCents: 1 },
        source: 'device',
        recordedAt: '2026-12-03T10:00:00Z',
        recordedBy: null,
      },
    });
    await push(server, a, [s1, s2, s3, r1, v1, s4], [document('s1', 7, 1), document('s2', 7, 2)]);
    await push(server, b, [saleRecord(b, { id: 'b1', lines: [{ vatCode: '22', grossCents: 122 }] })]);
    await push(server, c, [saleRecord(c, { id: 'c1', lines: [{ vatCode: '10', grossCents: 110 }] })]);
    // Another organisation's sales on the same day never show.
    const other = await seedTenant(server, 'other');
    await push(server, { organisationId: other.organisationId, storeId: other.storeId, deviceId: other.till.deviceId }, [
      saleRecord({ organisationId: other.organisationId, storeId: other.storeId, deviceId: other.till.deviceId }, { id: 'o1', lines: [{ vatCode: '22', grossCents: 999 }] }),
    ]);

    const rows = await readDayTakings(server.storage, t.organisationId, { from: '2026-12-03', to: '2026-12-04', storeIds: null });
    const keys = rows.map((r) => [r.storeId, r.registerId, r.businessDay]);
    const expected = [
      [a.storeId, a.deviceId, '2026-12-03'],
      [a.storeId, a.deviceId, '2026-12-04'],
      [b.storeId, b.deviceId, '2026-12-03'],
      [c.storeId, c.deviceId, '2026-12-03'],
    ].sort((x, y) => (x.join('\u0000') < y.join('\u0000') ? -1 : 1));
    expect(keys).toEqual(expected);

    const day = rows.find((r) => r.registerId === a.deviceId && r.businessDay === '2026-12-03')!;
    expect(day.fiscal).toEqual({ deviceSerial: '99MEY012345', zNumber: 7 });
    // 22 %: 1001 + 1 + 1 = 1003 scorporo'd once (181), not per receipt (181 + 0 + 0 would also drift elsewhere).
    expect(day.sales).toEqual({
      vat: [
        { vatCode: '22', grossCents: 1003, netCents: 822, vatCents: 181 },
        { vatCode: '10', grossCents: 550, netCents: 500, vatCents: 50 },
        { vatCode: 'N2', grossCents: 300, netCents: 300, vatCents: 0 },
      ],
      grossCents: 1853,
      documents: 3,
    });
    expect(day.returns).toEqual({ vat: [{ vatCode: '22', grossCents: 1001, netCents: 820, vatCents: 181 }], grossCents: 1001, documents: 1 });
    expect(day.voids).toEqual({
      vat: [
        { vatCode: '22', grossCents: 1, netCents: 1, vatCents: 0 },
        { vatCode: 'N2', grossCents: 300, netCents: 300, vatCents: 0 },
      ],
      grossCents: 301,
      documents: 1,
    });
    expect(day.net).toEqual({
      vat: [
        { vatCode: '22', grossCents: 1, netCents: 1, vatCents: 0 },
        { vatCode: '10', grossCents: 550, netCents: 500, vatCents: 50 },
        { vatCode: 'N2', grossCents: 0, netCents: 0, vatCents: 0 },
      ],
      grossCents: 551,
      documents: 5,
    });
    // Cash: 2000 given less 449 change, less the 1001 refunded; card: 301 less its void; voucher 1.
    expect(day.payments).toEqual([
      { method: 'cash', kind: 'cash', amountCents: 550 },
      { method: 'card', kind: 'electronic', amountCents: 0 },
      { method: 'voucher', kind: 'other', amountCents: 1 },
    ]);
    for (const row of rows) expectEqualToDashboard(row, await dashboardOf(server, t.organisationId, row));
    // A register without a fiscal device has no Z.
    expect(rows.find((r) => r.registerId === b.deviceId)?.fiscal).toBeNull();

    // Narrowed to the other store, to one day, to no store, to another organisation.
    expect((await readDayTakings(server.storage, t.organisationId, { from: '2026-12-03', to: '2026-12-03', storeIds: [c.storeId] })).map((r) => r.registerId)).toEqual([c.deviceId]);
    expect((await readDayTakings(server.storage, t.organisationId, { from: '2026-12-04', to: '2026-12-04', storeIds: null })).map((r) => r.registerId)).toEqual([a.deviceId]);
    expect(await readDayTakings(server.storage, t.organisationId, { from: '2026-12-03', to: '2026-12-04', storeIds: [] })).toEqual([]);
    expect(await readDayTakings(server.storage, t.organisationId, { from: '2026-12-03', to: '2026-12-04', storeIds: [other.storeId] })).toEqual([]);
  });
});

describe.each([sqliteEngine])('the day of takings against the dashboard, random days, on $name', (engine) => {
  const start = serverPerTest(engine);

  it('agrees with the dashboard per register and day to the cent, whatever the sales, returns, voids and payments', { timeout: 30_000 }, async () => {
    const server = await start();
    const { t, a, b } = await world(server);
    const lineArb = fc.record({ vatCode: fc.constantFrom<VatCode>('22', '10', '5', '4', 'N1', 'N4'), grossCents: fc.integer({ min: 1, max: 99_999_99 }) });
    const saleArb = fc.record({
      kind: fc.constantFrom<SaleRecord['kind']>('sale', 'sale', 'sale', 'return', 'post-void'),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
      method: fc.constantFrom<PaymentMethod>('cash', 'card', 'voucher', 'store-credit'),
      changeCents: fc.integer({ min: 0, max: 5000 }),
      register: fc.boolean(),
      hour: fc.integer({ min: 0, max: 47 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(saleArb, { minLength: 1, maxLength: 12 }), async (plan) => {
        run += 1;
        // Each run on days of its own, so earlier runs' sales never mix in.
        const base = Date.parse('2025-01-01T00:00:00Z') + run * 4 * 86_400_000;
        const byTill = new Map<Till, SaleRecord[]>();
        plan.forEach((s, n) => {
          const till = s.register ? a : b;
          const at = new Date(base + s.hour * 3_600_000).toISOString();
          const list = byTill.get(till) ?? [];
          list.push(saleRecord(till, { id: `p${run}-${n}`, kind: s.kind, lines: s.lines, method: s.method, changeCents: s.method === 'cash' ? s.changeCents : 0, at }));
          byTill.set(till, list);
        });
        for (const [till, records] of byTill) await push(server, till, records);
        // Hours 0 to 47 UTC from midnight fall on this day and the next two in Rome.
        const from = new Date(base).toISOString().slice(0, 10);
        const to = new Date(base + 2 * 86_400_000).toISOString().slice(0, 10);
        const rows = await readDayTakings(server.storage, t.organisationId, { from, to, storeIds: [t.storeId] });
        expect(rows.reduce((sum, r) => sum + r.net.documents, 0)).toBe(plan.length);
        for (const row of rows) {
          const dashboard = await dashboardOf(server, t.organisationId, row);
          expectEqualToDashboard(row, dashboard);
          // The ERP export's corrispettivi rows carry the same figures.
          expect(corrispettiviRows([row]).map((r) => ({ vatCode: r.vatCode, grossCents: r.netGrossCents, netCents: r.netNetCents, vatCents: r.netVatCents }))).toEqual(dashboard.vat);
        }
        // SAP's documents for the store's day: per VAT code, the invoice less the credit note is the
        // store's day on the dashboard, and SAP's scorporo of each line gives the dashboard's VAT.
        for (const day of new Set(rows.map((r) => r.businessDay))) {
          const { documents } = buildDayDocuments(sapSettings(t.storeId), t.storeId, day, rows);
          const signed = new Map<string, number>();
          const add = (lines: readonly { VatGroup: string; PriceAfterVAT: number }[] | undefined, sign: number) => {
            for (const line of lines ?? []) signed.set(line.VatGroup, (signed.get(line.VatGroup) ?? 0) + sign * Math.round(line.PriceAfterVAT * 100));
          };
          add(documents?.invoice?.DocumentLines, 1);
          add(documents?.creditNote?.DocumentLines, -1);
          const sap = vatBreakdown([...signed].map(([group, grossCents]) => ({ vatCode: group as VatCode, grossCents })));
          const store = await server.storage.headOffice.dashboard(t.organisationId, { from: day, to: day, storeIds: [t.storeId] });
          expect(sap).toEqual(store.vat.filter((v) => v.grossCents !== 0).map(({ vatCode, grossCents, netCents, vatCents }) => ({ vatCode, grossCents, netCents, vatCents })));
        }
      }),
      { numRuns: 25 },
    );
  });
});
