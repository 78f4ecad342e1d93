/**
 * Orders from the channels on both engines (issue 18): each order once whatever pages come again
 * (a page twice, overlapping pages, a restart), PrestaShop's two orders of one cart, late copies,
 * reservations that follow the status, shipped lines as head-office movements that stock_levels
 * agrees with, takings under the channel's id that net to zero when reversed, the `store-stock`
 * rows the tills pull, and another organisation's account kept out.
 */
import type { ChannelOrder, StoreStockRow, VatCode } from '@cassa/shared';
import { vatOverClosures } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, channelOrderWorldPerTest, line, OTHER_ACCOUNT, order } from '../../../test/channel-order-world';
import type { ChannelOrderWorld } from '../../../test/channel-order-world';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { dashboardView } from '../../head-office/services/dashboard';
import { openDatabase } from '../open-storage';
import { toNumber } from '../sql-database';
import { storeStockKey } from './store-stock-rows';

const NOW = new Date('2026-12-03T12:00:00Z');

async function reservations(w: ChannelOrderWorld, accountId = ACCOUNT) {
  const rows = await w.raw.query<{ remote_order_id: string; store_id: string; variant_id: string; quantity_milli: unknown; state: string }>(
    'SELECT remote_order_id, store_id, variant_id, quantity_milli, state FROM channel_reservations WHERE organisation_id = ? AND account_id = ? ORDER BY remote_order_id, remote_line_id',
    [w.org, accountId],
  );
  return rows.map((r) => [r.remote_order_id, r.store_id, r.variant_id, toNumber(r.quantity_milli), r.state]);
}

async function orderRows(w: ChannelOrderWorld, accountId = ACCOUNT) {
  const rows = await w.raw.query<{ remote_order_id: string; status: string; duplicate_of: string | null; id: string }>(
    'SELECT remote_order_id, status, duplicate_of, id FROM channel_orders WHERE organisation_id = ? AND account_id = ? ORDER BY remote_order_id',
    [w.org, accountId],
  );
  return rows;
}

/** The channel's takings as the dashboard's daily rows hold them. */
async function takings(w: ChannelOrderWorld, accountId = ACCOUNT) {
  const rows = await w.raw.query<{ total: unknown; tickets: unknown; returns: unknown; voids: unknown }>(
    'SELECT SUM(total_cents) AS total, SUM(tickets) AS tickets, SUM(returns) AS returns, SUM(voids) AS voids FROM agg_sales_daily WHERE organisation_id = ? AND store_id = ?',
    [w.org, accountId],
  );
  const r = rows[0];
  return { totalCents: toNumber(r?.total), tickets: toNumber(r?.tickets), returns: toNumber(r?.returns), voids: toNumber(r?.voids) };
}

async function storeStock(w: ChannelOrderWorld, storeId: string, variantId: string): Promise<{ storeId: string; row: StoreStockRow } | null> {
  const rows = await w.raw.query<{ store_id: string; data: string }>(
    "SELECT store_id, data FROM sync_rows WHERE organisation_id = ? AND stream = 'store-stock' AND entity = 'store-stock' AND row_key = ?",
    [w.org, storeStockKey(storeId, variantId)],
  );
  const row = rows[0];
  return row ? { storeId: row.store_id, row: JSON.parse(row.data) as StoreStockRow } : null;
}

async function cursor(w: ChannelOrderWorld) {
  const rows = await w.raw.query<{ value: string }>("SELECT value FROM channel_cursors WHERE organisation_id = ? AND account_id = ? AND stream = 'orders'", [w.org, ACCOUNT]);
  return rows[0]?.value ?? null;
}

describe.each(engines)('channel orders on $name', (engine: Engine) => {
  const start = channelOrderWorldPerTest(engine, openDatabase);
  const importPage = (w: ChannelOrderWorld, orders: readonly ChannelOrder[], cursorValue = 'c', now = NOW) =>
    w.storage.channelOrders.importOrders(w.org, w.account, orders, cursorValue, now);

  it('imports each order once: the same page twice, overlapping pages, a restart before the next cursor', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const a = order('1001', 'open', '2026-12-03T10:00:00Z');
    const b = order('1002', 'open', '2026-12-03T10:05:00Z');
    const c = order('1003', 'open', '2026-12-03T10:10:00Z');
    expect(await importPage(w, [a, b], 'id>1002')).toMatchObject({ imported: 2, updated: 0, duplicates: 0, rejected: 0 });
    expect(await importPage(w, [a, b], 'id>1002')).toMatchObject({ imported: 0, updated: 0, duplicates: 0 });
    // The poll overlaps: the next page repeats the last order.
    expect(await importPage(w, [b, c], 'id>1003')).toMatchObject({ imported: 1, updated: 0 });
    // A worker restarted after the page but before it saw the answer: the page and the cursor come again.
    expect(await importPage(w, [b, c], 'id>1003')).toMatchObject({ imported: 0, updated: 0 });
    expect((await orderRows(w)).map((r) => r.remote_order_id)).toEqual(['1001', '1002', '1003']);
    expect(await reservations(w)).toEqual([
      ['1001', w.milano, 'shirt-s', 1000, 'held'],
      ['1002', w.milano, 'shirt-s', 1000, 'held'],
      ['1003', w.milano, 'shirt-s', 1000, 'held'],
    ]);
    expect(await takings(w)).toEqual({ totalCents: 3 * 2490, tickets: 3, returns: 0, voids: 0 });
    expect(await cursor(w)).toBe('id>1003');
    // Milano's tills learn what is held there.
    expect(await storeStock(w, w.milano, 'shirt-s')).toMatchObject({ storeId: w.milano, row: { variantId: 'shirt-s', headOfficeMilli: 0, reservedMilli: 3000 } });
  });

  it('imports each order once when a server restarted mid-way polls again, and when two imports of one page race', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const page1 = [order('1101', 'open', '2026-12-03T10:00:00Z'), order('1102', 'open', '2026-12-03T10:01:00Z')];
    const page2 = [order('1102', 'shipped', '2026-12-03T11:00:00Z'), order('1103', 'open', '2026-12-03T10:02:00Z')];
    await importPage(w, page1, 'id>1102');
    // The restarted server polls from the cursor before the page (its answer was lost), then on.
    const restarted = await w.reopen();
    expect(await restarted.channelOrders.importOrders(w.org, w.account, [...page1, ...page2], 'id>1103', NOW)).toMatchObject({ imported: 1, updated: 1 });
    // Two workers at once with the same page: two servers on PostgreSQL; SQLite has one writer
    // per server (a second connection in this process would wait on the first forever).
    const racer = engine.name === 'postgres' ? restarted : w.storage;
    const raced = await Promise.all([importPage(w, page2, 'id>1103'), racer.channelOrders.importOrders(w.org, w.account, page2, 'id>1103', NOW)]);
    expect(raced.map((r) => r.imported + r.updated + r.duplicates)).toEqual([0, 0]);
    expect((await orderRows(w)).map((r) => [r.remote_order_id, r.status])).toEqual([
      ['1101', 'open'],
      ['1102', 'shipped'],
      ['1103', 'open'],
    ]);
    expect(await w.movementSum(w.milano, 'shirt-s')).toBe(4000);
    expect(await w.onHand(w.milano, 'shirt-s')).toBe(4000);
    expect(await takings(w)).toMatchObject({ totalCents: 3 * 2490, tickets: 3 });
    const fresh = [order('1201', 'open', '2026-12-03T10:00:00Z'), order('1202', 'open', '2026-12-03T10:00:00Z')];
    const both = await Promise.all([importPage(w, fresh), racer.channelOrders.importOrders(w.org, w.account, fresh, 'c', NOW)]);
    expect(both.map((r) => r.imported).sort()).toEqual([0, 2]);
    expect((await reservations(w)).filter((r) => String(r[0]).startsWith('12'))).toHaveLength(2);
  });

  it('stores a second order of one cart as a duplicate that reserves and counts nothing (PrestaShop #17266)', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const first = order('2001', 'open', '2026-12-03T10:00:00Z', { dedupeKey: 'cart-77' });
    const second = order('2002', 'open', '2026-12-03T10:00:01Z', { dedupeKey: 'cart-77' });
    expect(await importPage(w, [first, second])).toMatchObject({ imported: 1, duplicates: 1 });
    const rows = await orderRows(w);
    expect(rows[1]?.duplicate_of).toBe(rows[0]?.id);
    // The duplicate shipped or cancelled later still moves nothing.
    await importPage(w, [{ ...second, status: 'shipped', updatedAt: '2026-12-03T11:00:00Z' }]);
    expect(await reservations(w)).toEqual([['2001', w.milano, 'shirt-s', 1000, 'held']]);
    expect(await takings(w)).toMatchObject({ totalCents: 2490, tickets: 1 });
    expect(await w.movementSum(w.milano, 'shirt-s')).toBe(5000);
  });

  it('lets the duplicate take the place of a first order the shop cancelled', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const cart = { dedupeKey: 'cart-90' };
    const first = order('2101', 'open', '2026-12-03T10:00:00Z', cart);
    const second = order('2102', 'open', '2026-12-03T10:00:01Z', cart);
    const third = order('2103', 'open', '2026-12-03T10:00:02Z', cart);
    await importPage(w, [first, second, third]);
    // The shop cancels the first of the pair and ships the second.
    await importPage(w, [{ ...first, status: 'cancelled', updatedAt: '2026-12-03T11:00:00Z' }]);
    const rows = await orderRows(w);
    expect(rows.map((r) => [r.remote_order_id, r.status, r.duplicate_of])).toEqual([
      ['2101', 'cancelled', null],
      ['2102', 'open', null],
      ['2103', 'open', rows[1]!.id],
    ]);
    await importPage(w, [{ ...second, status: 'shipped', updatedAt: '2026-12-03T11:05:00Z' }]);
    expect(await reservations(w)).toEqual([
      ['2101', w.milano, 'shirt-s', 1000, 'released'],
      ['2102', w.milano, 'shirt-s', 1000, 'shipped'],
    ]);
    expect(await w.onHand(w.milano, 'shirt-s')).toBe(4000);
    expect(await takings(w)).toMatchObject({ totalCents: 2490, tickets: 1, voids: 1 });
    // A new order of the cart is a duplicate of the live one.
    expect(await importPage(w, [order('2104', 'open', '2026-12-03T11:10:00Z', cart)])).toMatchObject({ duplicates: 1 });
    expect((await orderRows(w))[3]?.duplicate_of).toBe(rows[1]!.id);
  });

  it('ignores a late copy: an older updatedAt changes nothing', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const open = order('3001', 'open', '2026-12-03T10:00:00Z');
    const shipped = { ...open, status: 'shipped' as const, updatedAt: '2026-12-03T11:00:00Z' };
    await importPage(w, [open]);
    await importPage(w, [shipped]);
    expect(await importPage(w, [open])).toMatchObject({ imported: 0, updated: 0 });
    // A copy saying cancelled but older than the shipped one is late as well.
    expect(await importPage(w, [{ ...open, status: 'cancelled', updatedAt: '2026-12-03T10:30:00Z' }])).toMatchObject({ updated: 0 });
    expect((await orderRows(w)).map((r) => r.status)).toEqual(['shipped']);
    expect(await reservations(w)).toEqual([['3001', w.milano, 'shirt-s', 1000, 'shipped']]);
    expect(await w.onHand(w.milano, 'shirt-s')).toBe(4000);
    // A copy of the same instant moves the status on (a remote clock counting seconds), never back.
    const quick = order('3002', 'open', '2026-12-03T10:00:00Z');
    await importPage(w, [quick]);
    expect(await importPage(w, [{ ...quick, status: 'cancelled' }])).toMatchObject({ updated: 1 });
    expect(await importPage(w, [quick, { ...quick, status: 'refunded' }])).toMatchObject({ updated: 0 });
    expect((await orderRows(w)).map((r) => r.status)).toEqual(['shipped', 'cancelled']);
    expect((await reservations(w))[1]).toEqual(['3002', w.milano, 'shirt-s', 1000, 'released']);
  });

  it('cancel releases, ship books a movement that stock_levels agrees with, refunds net the takings to zero', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    const cancelled = order('4001', 'open', '2026-12-03T10:00:00Z', { lines: [line('a', { quantity: 2, totalCents: 3980 })], totalCents: 4480 });
    const shipped = order('4002', 'open', '2026-12-03T10:00:00Z');
    const refunded = order('4003', 'open', '2026-12-03T10:00:00Z');
    const neverShipped = order('4004', 'open', '2026-12-03T10:00:00Z');
    await importPage(w, [cancelled, shipped, refunded, neverShipped]);
    expect(await storeStock(w, w.milano, 'shirt-s')).toMatchObject({ row: { headOfficeMilli: 0, reservedMilli: 5000 } });
    const later = '2026-12-03T11:00:00Z';
    expect(
      await importPage(w, [
        { ...cancelled, status: 'cancelled', updatedAt: later },
        { ...shipped, status: 'shipped', updatedAt: later },
        { ...refunded, status: 'shipped', updatedAt: later },
        { ...neverShipped, status: 'refunded', updatedAt: later },
      ]),
    ).toMatchObject({ updated: 4 });
    await importPage(w, [{ ...refunded, status: 'refunded', updatedAt: '2026-12-03T11:30:00Z' }]);
    expect(await reservations(w)).toEqual([
      ['4001', w.milano, 'shirt-s', 2000, 'released'],
      ['4002', w.milano, 'shirt-s', 1000, 'shipped'],
      ['4003', w.milano, 'shirt-s', 1000, 'shipped'],
      ['4004', w.milano, 'shirt-s', 1000, 'released'],
    ]);
    // Two units left; a refund after shipping leaves the stock as it is (goods back are a return at a store).
    expect(await w.onHand(w.milano, 'shirt-s')).toBe(3000);
    expect(await w.movementSum(w.milano, 'shirt-s')).toBe(3000);
    const movements = await w.raw.query<{ device_id: string; reason: string; delta_milli: unknown }>(
      "SELECT device_id, reason, delta_milli FROM stock_movements WHERE organisation_id = ? AND device_id <> 'till-1' ORDER BY id",
      [w.org],
    );
    expect(movements.map((m) => [m.device_id, m.reason, toNumber(m.delta_milli)])).toEqual([
      ['head-office', 'sale', -1000],
      ['head-office', 'sale', -1000],
    ]);
    expect(await storeStock(w, w.milano, 'shirt-s')).toMatchObject({ row: { headOfficeMilli: -2000, reservedMilli: 0 } });
    // Only the shipped and kept order still counts; the cancelled one is voided, the refunds returned.
    expect(await takings(w)).toEqual({ totalCents: 2490, tickets: 3, returns: 2, voids: 1 });
  });

  it('reserves at the first store that covers the line, else at the first store below zero', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 1);
    await w.receive(w.roma, 'shirt-s', 3);
    const big = order('5001', 'open', '2026-12-03T10:00:00Z', { lines: [line('a', { quantity: 2, totalCents: 3980 })], totalCents: 4480 });
    const small = order('5002', 'open', '2026-12-03T10:00:00Z');
    const huge = order('5003', 'open', '2026-12-03T10:00:00Z', { lines: [line('a', { quantity: 9, totalCents: 17910 })], totalCents: 18410 });
    await importPage(w, [big, small, huge]);
    expect(await reservations(w)).toEqual([
      ['5001', w.roma, 'shirt-s', 2000, 'held'],
      ['5002', w.milano, 'shirt-s', 1000, 'held'],
      ['5003', w.milano, 'shirt-s', 9000, 'held'],
    ]);
    expect(await storeStock(w, w.roma, 'shirt-s')).toMatchObject({ storeId: w.roma, row: { reservedMilli: 2000 } });
    expect((await w.storage.channelOrders.list(w.org, { offset: 0, limit: 10 })).rows.map((r) => [r.remoteOrderId, r.storeId])).toEqual([
      ['5003', w.milano],
      ['5002', w.milano],
      ['5001', w.roma],
    ]);
  });

  it('matches lines by link, SKU or barcode; unmatched lines are kept, counted and reserve nothing', async () => {
    const w = await start();
    await w.raw.query(
      `INSERT INTO channel_mappings (organisation_id, account_id, variant_id, state, remote_product_id, remote_variant_id, detail, revisions, updated_at)
       VALUES (?, ?, 'shirt-m', 'matched', '17', '42', '', 0, ?)`,
      [w.org, ACCOUNT, NOW.toISOString()],
    );
    const lines = [
      line('linked', { sku: 'renamed-remotely', remoteProductId: '17', remoteVariantId: '42' }),
      line('by-sku'),
      line('by-ean', { sku: null, barcode: '9788804668237', unitPriceCents: 1500, totalCents: 1500 }),
      line('unknown', { sku: 'NOT-OURS', unitPriceCents: 1000, totalCents: 1000 }),
    ];
    const result = await importPage(w, [order('6001', 'open', '2026-12-03T10:00:00Z', { lines, totalCents: 1990 * 2 + 1500 + 1000 + 500 })]);
    expect(result).toMatchObject({ imported: 1, unmatchedLines: 1 });
    expect((await reservations(w)).map((r) => r[2])).toEqual(['book-1', 'shirt-s', 'shirt-m']);
    const [view] = (await w.storage.channelOrders.list(w.org, { offset: 0, limit: 10 })).rows;
    expect(view).toMatchObject({ lines: 4, unmatchedLines: 1, kind: 'prestashop', status: 'open', reference: 'REF-6001', buyerName: 'Mario Rossi' });
  });

  it('records an order the schema refuses and imports the rest of the page', async () => {
    const w = await start();
    const bad = [
      { ...order('7001', 'open', '2026-12-03T10:00:00Z'), buyerName: 'Mario\u0000Rossi' },
      { ...order('7002', 'open', '2026-12-03T10:00:00Z'), totalCents: 1e300 },
      { ...order('7003', 'open', '2026-12-03T10:00:00Z'), lines: [line('x'), line('x')] },
    ] as ChannelOrder[];
    const good = order('7004', 'open', '2026-12-03T10:00:00Z');
    expect(await importPage(w, [...bad, good])).toMatchObject({ imported: 1, rejected: 3 });
    expect(await importPage(w, [...bad, good])).toMatchObject({ imported: 0, rejected: 3 });
    const letters = await w.raw.query<{ kind: string; problem: string; attempts: unknown; detail: string }>(
      'SELECT kind, problem, attempts, detail FROM channel_dead_letters WHERE organisation_id = ? ORDER BY job_key',
      [w.org],
    );
    expect(letters.map((l) => [l.kind, l.problem, toNumber(l.attempts)])).toEqual([
      ['orders', 'unexpected-answer', 2],
      ['orders', 'unexpected-answer', 2],
      ['orders', 'unexpected-answer', 2],
    ]);
    expect(letters.every((l) => !l.detail.includes('\u0000'))).toBe(true);
    expect((await orderRows(w)).map((r) => r.remote_order_id)).toEqual(['7004']);
  });

  it("imports nothing under another organisation's account", async () => {
    const w = await start();
    const theirs = { id: OTHER_ACCOUNT, kind: 'prestashop' as const, storeIds: [w.milano] };
    await expect(w.storage.channelOrders.importOrders(w.org, theirs, [order('8001', 'open', '2026-12-03T10:00:00Z')], 'c', NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Their account with our store named: the store is not theirs, so nothing is reserved in it.
    await w.storage.channelOrders.importOrders(w.other, theirs, [order('8002', 'open', '2026-12-03T10:00:00Z')], 'c', NOW);
    expect(await w.raw.query('SELECT remote_order_id FROM channel_orders WHERE organisation_id = ?', [w.org])).toEqual([]);
    expect(await w.raw.query('SELECT store_id FROM channel_reservations')).toEqual([]);
    expect((await w.storage.channelOrders.list(w.org, { offset: 0, limit: 10 })).total).toBe(0);
    expect((await w.storage.channelOrders.list(w.other, { offset: 0, limit: 10 })).rows.map((r) => r.remoteOrderId)).toEqual(['8002']);
  });

  it('shows the channel on the dashboard next to the stores, to users of every store only; VAT stays the sum of closures', async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    await w.receive(w.milano, 'book-1', 5);
    const orders = [
      order('9001', 'open', '2026-12-03T10:00:00Z'),
      order('9002', 'open', '2026-12-03T10:00:00Z', {
        lines: [line('a', { sku: null, barcode: '9788804668237', unitPriceCents: 1501, totalCents: 1501 }), line('b', { quantity: 2, unitPriceCents: 999, totalCents: 1997 })],
        shippingCents: 0,
        totalCents: 3498,
      }),
      order('9003', 'open', '2026-12-03T10:00:00Z', { totalCents: 1 + 1990, shippingCents: 1 }),
    ];
    await importPage(w, orders);
    await importPage(w, [{ ...orders[2]!, status: 'refunded', updatedAt: '2026-12-03T11:00:00Z' }]);
    const day = { from: '2026-12-03', to: '2026-12-03' };
    const view = await dashboardView(w.storage.headOffice, w.owner, day, NOW, w.storage.channelOrders);
    expect(view.channels).toEqual([{ id: ACCOUNT, kind: 'prestashop', name: `Negozio ${ACCOUNT}` }]);
    expect(view.stores.find((s) => s.storeId === ACCOUNT)).toMatchObject({ takingsCents: 2490 + 3498, tickets: 3, returns: 1 });
    const one = await dashboardView(w.storage.headOffice, w.owner, { ...day, store: ACCOUNT }, NOW, w.storage.channelOrders);
    expect(one.stores.map((s) => [s.storeId, s.takingsCents])).toEqual([[ACCOUNT, 2490 + 3498]]);
    expect(one.vat.reduce((sum, r) => sum + r.grossCents, 0)).toBe(2490 + 3498);
    // The book's line is 4 %, the rest 22 %: each code scorporo'd once for the channel's day.
    expect(one.vat.map((r) => [r.vatCode, r.grossCents])).toEqual([
      ['22', 2490 + 1997],
      ['4', 1501],
    ]);
    // The organisation's VAT is the sum over store days of each day's scorporo.
    const storeDays = await w.raw.query<{ store_id: string; vat_code: string; gross_cents: unknown }>(
      'SELECT store_id, vat_code, gross_cents FROM agg_vat_store_days WHERE organisation_id = ? AND business_day = ?',
      [w.org, '2026-12-03'],
    );
    const expected = vatOverClosures(storeDays.map((r) => ({ closure: r.store_id, vatCode: r.vat_code as VatCode, grossCents: toNumber(r.gross_cents) })));
    expect(view.vat.map(({ vatCode, grossCents, netCents, vatCents }) => ({ vatCode, grossCents, netCents, vatCents }))).toEqual(expected);
    // A manager of Milano only: no channel, no channel row, and the channel's filter refused.
    const limited = await dashboardView(w.storage.headOffice, w.storeManager, day, NOW, w.storage.channelOrders);
    expect(limited.channels).toEqual([]);
    expect(limited.stores.some((s) => s.storeId === ACCOUNT)).toBe(false);
    await expect(dashboardView(w.storage.headOffice, w.storeManager, { ...day, store: ACCOUNT }, NOW, w.storage.channelOrders)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    // Another organisation sees none of it.
    const theirs = await dashboardView(w.storage.headOffice, w.otherOwner, day, NOW, w.storage.channelOrders);
    expect(theirs.channels.map((c) => c.id)).toEqual([OTHER_ACCOUNT]);
    expect(theirs.stores).toEqual([]);
  });

  it("files takings on the first store's business day, and at our time when the remote's clock is far off", async () => {
    const w = await start();
    await w.raw.query("UPDATE stores SET time_zone = 'America/New_York' WHERE organisation_id = ? AND id = ?", [w.org, w.milano]);
    const late = order('9501', 'open', '2026-12-04T03:30:00Z', { placedAt: '2026-12-04T03:30:00Z' });
    const future = order('9502', 'open', '2099-01-01T00:00:00Z', { placedAt: '2099-01-01T00:00:00Z' });
    await importPage(w, [late, future], 'c', new Date('2026-12-04T04:00:00Z'));
    const days = await w.raw.query<{ business_day: string; total: unknown }>(
      'SELECT business_day, SUM(total_cents) AS total FROM agg_sales_daily WHERE organisation_id = ? AND store_id = ? GROUP BY business_day ORDER BY business_day',
      [w.org, ACCOUNT],
    );
    // 03:30 UTC on the 4th is still the 3rd in New York; the order dated 2099 is filed now (23:00 on the 3rd there).
    expect(days.map((d) => [d.business_day, toNumber(d.total)])).toEqual([['2026-12-03', 2 * 2490]]);
  });

  it("writes the store-stock row where head office books a transfer's legs", async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 5);
    await w.storage.stockTransfers.create({ organisationId: w.org, id: 'tr-1', userId: 'u', now: NOW, fromStoreId: w.milano, toStoreId: w.roma, note: '', lines: [{ variantId: 'shirt-s', quantityMilli: 2000 }] });
    expect(await storeStock(w, w.milano, 'shirt-s')).toMatchObject({ storeId: w.milano, row: { headOfficeMilli: -2000, reservedMilli: 0 } });
    await w.storage.stockTransfers.close(w.org, 'tr-1', 'receive', 'u', NOW);
    expect(await storeStock(w, w.roma, 'shirt-s')).toMatchObject({ storeId: w.roma, row: { headOfficeMilli: 2000, reservedMilli: 0 } });
    // Each row goes to its own store's tills only.
    const tillOfRoma = { organisationId: w.org, storeId: w.roma, deviceId: 'till-r' };
    const pulled = await w.storage.readChanges(tillOfRoma, 'store-stock', 0, 100);
    expect(pulled.map((c) => c.key)).toEqual([storeStockKey(w.roma, 'shirt-s')]);
  });
});
