/**
 * The channel orders' list (issue 18) through its service: paging, filters by account and status,
 * users of every store only, and another organisation's orders and account ids invisible.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT, channelOrderWorldPerTest, order } from '../../../test/channel-order-world';
import { sqliteEngine } from '../../../test/fixtures';
import { openDatabase } from '../../storage/open-storage';
import { createChannelOrdersService } from './channel-orders';

// Storage runs on both engines in channel-order-storage.test.ts; the service's rules on one.
describe('channel orders service', () => {
  const start = channelOrderWorldPerTest(sqliteEngine, openDatabase);
  const now = new Date('2026-12-03T12:00:00Z');

  async function world() {
    const w = await start();
    const second = await w.addAccount('acc-second');
    const placed = (n: number) => `2026-12-03T10:${String(n).padStart(2, '0')}:00Z`;
    const orders = Array.from({ length: 7 }, (_, i) => order(`o${i}`, i % 3 === 0 ? 'cancelled' : 'open', placed(i), { placedAt: placed(i) }));
    await w.storage.channelOrders.importOrders(w.org, w.account, orders, 'c1', now);
    await w.storage.channelOrders.importOrders(w.org, second, [order('s1', 'open', placed(30), { placedAt: placed(30) })], 'c1', now);
    await w.storage.channelOrders.importOrders(w.other, { id: 'acc-other', kind: 'prestashop', storeIds: [`${w.other}-torino`] }, [order('x1', 'open', placed(40))], 'c1', now);
    return { w, orders: createChannelOrdersService(w.storage.channelOrders) };
  }

  it('pages newest first and filters by account and status', async () => {
    const { w, orders } = await world();
    const first = await orders.list(w.owner, { offset: 0, limit: 3 });
    expect(first.total).toBe(8);
    expect(first.rows.map((r) => r.remoteOrderId)).toEqual(['s1', 'o6', 'o5']);
    expect((await orders.list(w.owner, { offset: 3, limit: 3 })).rows.map((r) => r.remoteOrderId)).toEqual(['o4', 'o3', 'o2']);
    const cancelled = await orders.list(w.owner, { accountId: ACCOUNT, status: 'cancelled', offset: 0, limit: 100 });
    expect(cancelled).toMatchObject({ total: 3 });
    expect(cancelled.rows.map((r) => [r.remoteOrderId, r.status, r.accountId, r.storeId])).toEqual([
      ['o6', 'cancelled', ACCOUNT, null],
      ['o3', 'cancelled', ACCOUNT, null],
      ['o0', 'cancelled', ACCOUNT, null],
    ]);
    expect((await orders.list(w.owner, { accountId: 'acc-second', offset: 0, limit: 100 })).rows.map((r) => r.remoteOrderId)).toEqual(['s1']);
  });

  it("keeps users limited to some stores out, and another organisation's account ids find nothing", async () => {
    const { w, orders } = await world();
    await expect(orders.list(w.storeManager, { offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await orders.list(w.owner, { accountId: 'acc-other', offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] });
    expect((await orders.list(w.otherOwner, { offset: 0, limit: 10 })).rows.map((r) => r.remoteOrderId)).toEqual(['x1']);
    expect(await orders.list(w.otherOwner, { accountId: ACCOUNT, offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] });
  });
});
