/**
 * A property on both engines (issue 18): whatever way a channel's pages come, each order following
 * its own life (open, shipped, cancelled, refunded, as a remote can report it), delivered in pages
 * of any size, each page possibly polled again and carrying stale copies of what came before, the
 * reservations, movements and takings are what the orders' final states imply:
 * - held for an order still open, none otherwise;
 * - one movement out per line of an order that shipped, none for one that never did;
 * - takings of the orders still open or shipped, nothing of the cancelled and refunded;
 * - every order stored once with its final status, and stock_levels the sum of the movements;
 * - with orders of one cart (PrestaShop's duplicates) among them: at most one live order a cart,
 *   duplicates holding and counting nothing, every movement a shipped reservation's, and the
 *   takings those of the live orders that are not duplicates.
 */
import type { ChannelOrder, ChannelOrderStatus } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelOrderWorldPerTest, line, order } from '../../../test/channel-order-world';
import type { ChannelOrderWorld } from '../../../test/channel-order-world';
import type { ChannelAccountRef } from './channel-order-storage';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { openDatabase } from '../open-storage';
import { toNumber } from '../sql-database';

/** The lives a remote reports: each step a copy with a later `updatedAt`. */
const LIVES: readonly (readonly ChannelOrderStatus[])[] = [
  ['open'],
  ['open', 'shipped'],
  ['open', 'cancelled'],
  ['open', 'refunded'],
  ['open', 'shipped', 'refunded'],
  ['shipped'],
  ['shipped', 'refunded'],
];

const scenario = fc.record({
  orders: fc.array(fc.record({ life: fc.integer({ min: 0, max: LIVES.length - 1 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 6 }),
  /** Which order moves to its next step, in turn (the rest follow at the end). */
  turns: fc.array(fc.nat(), { maxLength: 20 }),
  pageSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 10 }),
  /** Per page: polled again, and which stale copies ride along. */
  again: fc.array(fc.boolean(), { maxLength: 20 }),
  stale: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { maxLength: 20 }),
  /** Earlier pages polled once more after the last one (an overlap, a restart from an old cursor). */
  replay: fc.array(fc.nat(), { maxLength: 4 }),
});

function copyAt(remoteOrderId: string, quantity: number, status: ChannelOrderStatus, step: number): ChannelOrder {
  return order(remoteOrderId, status, new Date(Date.parse('2026-12-03T10:00:00Z') + step * 60_000).toISOString(), {
    lines: [line(`${remoteOrderId}-1`, { quantity, totalCents: quantity * 1000, unitPriceCents: 1000 })],
    shippingCents: 0,
    totalCents: quantity * 1000,
  });
}

async function sums(w: ChannelOrderWorld, accountId: string) {
  const held = await w.raw.query<{ remote_order_id: string; state: string; quantity_milli: unknown }>(
    'SELECT remote_order_id, state, quantity_milli FROM channel_reservations WHERE organisation_id = ? AND account_id = ?',
    [w.org, accountId],
  );
  const moved = await w.raw.query<{ reference: string; delta: unknown; n: unknown }>(
    `SELECT o.remote_order_id AS reference, SUM(m.delta_milli) AS delta, COUNT(*) AS n FROM stock_movements m
     JOIN channel_orders o ON o.organisation_id = m.organisation_id AND m.id LIKE o.id || ':%'
     WHERE m.organisation_id = ? AND o.account_id = ? GROUP BY o.remote_order_id`,
    [w.org, accountId],
  );
  const takings = await w.raw.query<{ total: unknown }>('SELECT SUM(total_cents) AS total FROM agg_sales_daily WHERE organisation_id = ? AND store_id = ?', [w.org, accountId]);
  const stored = await w.raw.query<{ remote_order_id: string; status: string }>('SELECT remote_order_id, status FROM channel_orders WHERE organisation_id = ? AND account_id = ?', [w.org, accountId]);
  return { held, moved, takings: toNumber(takings[0]?.total), stored };
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/**
 * Imports a scenario's copies as a remote would page them: per order in its life's order, orders
 * interleaved by the turns, pages of the sizes drawn, some polled twice, stale copies riding
 * along, old pages replayed at the end. `cartOf` gives an order's dedupe key.
 */
async function deliver(w: ChannelOrderWorld, account: ChannelAccountRef, s: Scenario, ids: readonly string[], cartOf: (index: number) => string | null = () => null): Promise<void> {
  // The copies in the order the remote produces them: per order in its life's order, orders interleaved by the turns.
  const next = s.orders.map(() => 0);
  const events: { index: number; step: number }[] = [];
  const advance = (index: number) => {
    const life = LIVES[s.orders[index]!.life]!;
    if (next[index]! < life.length) events.push({ index, step: next[index]!++ });
  };
  for (const turn of s.turns) advance(turn % s.orders.length);
  for (const [index, o] of s.orders.entries()) while (next[index]! < LIVES[o.life]!.length) advance(index);
  const copy = (e: { index: number; step: number }) => ({ ...copyAt(ids[e.index]!, s.orders[e.index]!.quantity, LIVES[s.orders[e.index]!.life]![e.step]!, e.step), dedupeKey: cartOf(e.index) });

  let at = 0;
  const pages: ChannelOrder[][] = [];
  for (let page = 0; at < events.length; page++) {
    const size = s.pageSizes[page % s.pageSizes.length]!;
    const fresh = events.slice(at, at + size);
    const seen = events.slice(0, at);
    const stale = seen.length === 0 ? [] : (s.stale[page] ?? []).map((n) => seen[n % seen.length]!);
    const copies = [...fresh, ...stale].map(copy);
    pages.push(copies);
    await w.storage.channelOrders.importOrders(w.org, account, copies, `page-${page}`, new Date('2026-12-03T12:00:00Z'));
    if (s.again[page]) await w.storage.channelOrders.importOrders(w.org, account, copies, `page-${page}`, new Date('2026-12-03T12:00:00Z'));
    at += size;
  }
  for (const n of s.replay) await w.storage.channelOrders.importOrders(w.org, account, pages[n % pages.length]!, 'old', new Date('2026-12-03T12:00:00Z'));

}

describe.each(engines)('channel order lifecycles on $name', (engine: Engine) => {
  const start = channelOrderWorldPerTest(engine, openDatabase);

  it('reservations, movements and takings are what the final states imply, however the pages come', { timeout: 240_000 }, async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 4);
    await w.receive(w.roma, 'shirt-s', 4);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run += 1;
        const account = await w.addAccount(`acc-run-${run}`);
        const ids = s.orders.map((_, i) => `r${run}-${i}`);
        await deliver(w, account, s, ids);

        const got = await sums(w, account.id);
        expect(got.stored).toHaveLength(s.orders.length);
        for (const [index, o] of s.orders.entries()) {
          const life = LIVES[o.life]!;
          const final = life[life.length - 1]!;
          const quantityMilli = o.quantity * 1000;
          expect(got.stored.find((r) => r.remote_order_id === ids[index])?.status).toBe(final);
          const mine = got.held.filter((r) => r.remote_order_id === ids[index]);
          expect(mine).toHaveLength(1);
          expect(mine[0]!.state).toBe(final === 'open' ? 'held' : life.includes('shipped') ? 'shipped' : 'released');
          expect(toNumber(mine[0]!.quantity_milli)).toBe(quantityMilli);
          const moved = got.moved.find((m) => m.reference === ids[index]);
          expect(moved ? [toNumber(moved.delta), toNumber(moved.n)] : [0, 0]).toEqual(life.includes('shipped') ? [-quantityMilli, 1] : [0, 0]);
        }
        const live = s.orders.filter((o) => ['open', 'shipped'].includes(LIVES[o.life]![LIVES[o.life]!.length - 1]!));
        expect(got.takings).toBe(live.reduce((sum, o) => sum + o.quantity * 1000, 0));
        for (const store of [w.milano, w.roma]) expect(await w.onHand(store, 'shirt-s')).toBe(await w.movementSum(store, 'shirt-s'));
      }),
      { numRuns: engine.name === 'sqlite' ? 40 : 15 },
    );
  });

  it('with orders of one cart among them: one live order a cart, duplicates hold and count nothing, takings follow the live orders', { timeout: 240_000 }, async () => {
    const w = await start();
    await w.receive(w.milano, 'shirt-s', 4);
    let run = 0;
    const withCarts = fc.record({ s: scenario, carts: fc.array(fc.option(fc.integer({ min: 0, max: 2 })), { minLength: 6, maxLength: 6 }) });
    await fc.assert(
      fc.asyncProperty(withCarts, async ({ s, carts }) => {
        run += 1;
        const account = await w.addAccount(`acc-cart-${run}`);
        const ids = s.orders.map((_, i) => `c${run}-${i}`);
        await deliver(w, account, s, ids, (index) => (carts[index] == null ? null : `cart-${run}-${carts[index]}`));

        const orders = await w.raw.query<{ remote_order_id: string; id: string; status: string; duplicate_of: string | null; dedupe_key: string | null; total_cents: unknown }>(
          'SELECT remote_order_id, id, status, duplicate_of, dedupe_key, total_cents FROM channel_orders WHERE organisation_id = ? AND account_id = ?',
          [w.org, account.id],
        );
        expect(orders).toHaveLength(s.orders.length);
        const got = await sums(w, account.id);
        const isLive = (status: string) => status === 'open' || status === 'shipped';
        for (const o of orders) {
          const final = LIVES[s.orders[ids.indexOf(o.remote_order_id)]!.life]!;
          expect(o.status).toBe(final[final.length - 1]);
          const mine = got.held.filter((r) => r.remote_order_id === o.remote_order_id);
          if (o.duplicate_of !== null) {
            // A duplicate names its cart's live order and holds nothing.
            expect(mine).toEqual([]);
            expect(orders.find((x) => x.id === o.duplicate_of)).toMatchObject({ duplicate_of: null, dedupe_key: o.dedupe_key });
          } else if (o.status === 'open') expect(mine.map((r) => r.state)).toEqual(['held']);
          else expect(mine.every((r) => r.state !== 'held')).toBe(true);
        }
        for (const cart of new Set(orders.map((o) => o.dedupe_key).filter((k) => k !== null))) {
          expect(orders.filter((o) => o.dedupe_key === cart && o.duplicate_of === null && isLive(o.status)).length).toBeLessThanOrEqual(1);
        }
        // Every movement is a shipped reservation's, once.
        const shipped = got.held.filter((r) => r.state === 'shipped');
        expect(got.moved.reduce((n, m) => n + toNumber(m.n), 0)).toBe(shipped.length);
        expect(got.moved.reduce((sum, m) => sum + toNumber(m.delta), 0)).toBe(0 - shipped.reduce((sum, r) => sum + toNumber(r.quantity_milli), 0));
        expect(got.takings).toBe(orders.filter((o) => o.duplicate_of === null && isLive(o.status)).reduce((sum, o) => sum + toNumber(o.total_cents), 0));
        for (const store of [w.milano, w.roma]) expect(await w.onHand(store, 'shirt-s')).toBe(await w.movementSum(store, 'shirt-s'));
      }),
      { numRuns: engine.name === 'sqlite' ? 40 : 15 },
    );
  });
});
