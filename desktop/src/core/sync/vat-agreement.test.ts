/**
 * The till's Z and head office's VAT table must agree to the cent: both use the fiscal daily
 * closure's rule (scorporo of the day's gross per rate, `vatOverClosures`). Random days of random
 * sales, made on a real till and pushed through the real sync into a real server storage.
 */
import type { Product, VatCode } from '@cassa/shared';
import { VAT_CODES } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import type { SyncServer } from '@cassa/sync-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/postgres';
import { createTestTill } from '../testing/test-till';

const manager = { userId: 'user-marco', pin: '2222' };

function vatProduct(code: VatCode, priceCents: number): Product {
  const id = `vat-${code}`;
  return {
    id,
    sku: id,
    name: `Articolo IVA ${code}`,
    categoryId: null,
    vatCode: code,
    unit: 'piece',
    priceCents,
    axes: [],
    variants: [{ id: `${id}-v1`, sku: `${id}-v1`, barcodes: [], options: {}, priceCents: null, active: true }],
    active: true,
  };
}

const discount = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 1, max: 9_000 }), reason: fc.constant('Promo') }),
    fc.record({ kind: fc.constant('amount' as const), amountCents: fc.integer({ min: 1, max: 3_000 }), reason: fc.constant('Promo') }),
  ),
  { nil: null },
);
const ticket = fc.record({
  lines: fc.array(fc.record({ code: fc.integer({ min: 0, max: VAT_CODES.length - 1 }), pieces: fc.integer({ min: 1, max: 4 }), discount }), { minLength: 1, maxLength: 4 }),
  ticketDiscount: discount,
  /** Take back one piece of the first line in a return receipt afterwards. */
  returnOne: fc.boolean(),
});
const day = fc.record({
  prices: fc.array(fc.integer({ min: 1, max: 25_000 }), { minLength: VAT_CODES.length, maxLength: VAT_CODES.length }),
  tickets: fc.array(ticket, { minLength: 1, maxLength: 8 }),
});

async function database(engine: 'sqlite' | 'postgres'): Promise<{ options: { sqlitePath?: string; databaseUrl?: string }; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { options: { sqlitePath: ':memory:' }, drop: async () => undefined };
  const url = inject('postgresUrl');
  if (url === null) throw new Error(inject('postgresError') ?? 'PostgreSQL not available');
  const db = await createTestDatabase(url);
  return { options: { databaseUrl: db.url }, drop: () => db.drop() };
}

describe.each([
  ['sqlite', 8],
  ['postgres', 4],
] as const)('VAT per rate, till Z against head office on %s', (engine, numRuns) => {
  let server: SyncServer;
  let baseUrl: string;
  let close: () => Promise<void>;
  let drop: () => Promise<void>;
  let run = 0;

  beforeAll(async () => {
    const db = await database(engine);
    drop = db.drop;
    server = await createSyncServer({ ...db.options, sseHeartbeatMs: 60_000 });
    const listening = await server.listen(0, '127.0.0.1');
    close = listening.close;
    baseUrl = `http://127.0.0.1:${listening.port}`;
  });
  afterAll(async () => {
    await close();
    await server.close();
    await drop();
  });

  it('agree to the cent for random days of sales, returns and discounts over every rate and nature', async () => {
    await fc.assert(
      fc.asyncProperty(day, async ({ prices, tickets }) => {
        const org = `org-${++run}`;
        const till = createTestTill();
        try {
          await server.admin.createOrganisation({ id: org, name: 'Bottega' });
          await server.admin.upsertStore(org, { id: 'store', name: 'Negozio', addressLines: [], vatNumber: '' });
          await server.admin.upsertProducts(org, VAT_CODES.map((code, i) => vatProduct(code, prices[i]!)));
          await server.admin.upsertUsers(org, till.core.services.users.exportAll());
          const { code } = await server.admin.createPairingCode(org, 'store');
          await till.core.services.sync.pair(baseUrl, code);
          await till.core.services.sync.syncNow();

          const token = await till.login('user-giulia', '1111');
          await till.call('shift.open', { floatCents: 0 }, token);
          for (const t of tickets) {
            let view = null as null | { lines: { lineId: string }[]; remainingCents: number };
            for (const line of t.lines) {
              view = await till.call('sale.addItem', { variantId: `vat-${VAT_CODES[line.code]}-v1`, quantityMilli: line.pieces * 1000 }, token);
              const lineId = view!.lines.at(-1)!.lineId;
              if (line.discount) view = await till.call('sale.discountLine', { lineId, discount: line.discount, override: manager }, token);
            }
            if (t.ticketDiscount) view = await till.call('sale.discountTicket', { discount: t.ticketDiscount, override: manager }, token);
            if (view!.remainingCents > 0) await till.call('sale.addPayment', { method: 'card', amountCents: view!.remainingCents }, token);
            const sale = (await till.call('sale.complete', { printReceipt: false }, token)) as { saleId: string; totalCents: number };
            if (!t.returnOne) continue;
            const found = (await till.call('sale.findReceipt', { query: `CASSA:${sale.saleId}` }, token)) as { lines: { lineId: string; totalCents: number }[] };
            const first = found.lines[0]!;
            if (first.totalCents <= 0) continue;
            const ret = (await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: first.lineId, quantityMilli: 1000 }], override: manager }, token)) as { remainingCents: number };
            if (ret.remainingCents > 0) await till.call('sale.addPayment', { method: 'card', amountCents: ret.remainingCents }, token);
            await till.call('sale.complete', { printReceipt: false }, token);
          }
          const z = (await till.call('shift.close', { denominations: {} }, token)) as { vatBreakdown: { vatCode: VatCode; grossCents: number; vatCents: number }[] };
          await till.core.services.sync.syncNow();
          expect(till.core.services.sync.state().pending).toBe(0);

          const businessDay = '2026-11-26';
          const headOffice = await server.storage.headOffice.dashboard(org, { from: businessDay, to: businessDay, storeIds: null });
          const perRate = (rows: readonly { vatCode: string; grossCents: number; vatCents: number }[]) =>
            Object.fromEntries(rows.filter((r) => r.grossCents !== 0 || r.vatCents !== 0).map((r) => [r.vatCode, [r.grossCents, r.vatCents]]));
          expect(perRate(headOffice.vat)).toEqual(perRate(z.vatBreakdown));
          // The till's own back-office report by rate says the same.
          const managerToken = await till.login(manager.userId, manager.pin);
          const report = (await till.call('reports.sales', { from: businessDay, to: businessDay, groupBy: 'vat' }, managerToken)) as { rows: { key: string; totalCents: number; vatCents: number }[] };
          expect(perRate(report.rows.map((r) => ({ vatCode: r.key, grossCents: r.totalCents, vatCents: r.vatCents })))).toEqual(perRate(z.vatBreakdown));
        } finally {
          await till.dispose();
        }
      }),
      // A run takes seconds (a till, a pairing, a sync): report the first counterexample rather than shrink for minutes.
      { numRuns, endOnFailure: true },
    );
  }, 240_000);
});
