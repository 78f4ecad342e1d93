import { describe, expect, it } from 'vitest';
import { CHANNEL_ORDER_POLL_MS, CHANNEL_STOCK_COALESCE_MS } from '@cassa/shared';
import type { ChannelOrder } from '@cassa/shared';
import { catalogueProduct, channelWorldPerTest } from '../../test/channel-world';
import type { ChannelWorld as World } from '../../test/channel-world';
import { FakeRemote } from './testing/fake-connector';

type ChannelWorld = World<FakeRemote>;
import { engines } from '../../test/fixtures';
import { enqueueStockChanges } from '../storage/channels';
import { linkAccount } from './channel-link';
import { CHANNEL_SETTLE_MS } from './channel-job-runs';
import type { ChannelOrderImporter } from './channel-worker';

const later = (world: ChannelWorld, ms: number): void => {
  world.clock = new Date(world.clock.getTime() + ms);
};

/** A shop with three shirt sizes on the remote, linked, with 10 of each at Milano. */
async function linkedShop(world: ChannelWorld, options: { readonly safetyBuffer?: number } = {}) {
  world.remote.seed([
    { remoteProductId: '7', remoteVariantId: '71', sku: 'SH-S', barcode: null, quantity: 0 },
    { remoteProductId: '7', remoteVariantId: '72', sku: 'SH-M', barcode: null, quantity: 0 },
    { remoteProductId: '7', remoteVariantId: '73', sku: 'SH-L', barcode: null, quantity: 0 },
  ]);
  const account = await world.connect(options);
  await linkAccount(world.runtime(), account);
  await world.push([
    { variantId: 'shirt-v1', units: 10 },
    { variantId: 'shirt-v2', units: 10 },
    { variantId: 'shirt-v3', units: 10 },
  ]);
  later(world, CHANNEL_STOCK_COALESCE_MS);
  const worker = world.worker();
  await worker.runOnce();
  world.remote.calls.length = 0;
  return { account, worker };
}

describe.each(engines)('channel worker on $name', (engine) => {
  const start = channelWorldPerTest(engine, (kind) => new FakeRemote(kind));

  it('queues a stock job in the push transaction, only for accounts selling from that store; a rolled-back transaction leaves none', async () => {
    const world = await start();
    // No account yet: the push queues nothing.
    await world.push([{ variantId: 'shirt-v1', units: 5 }]);
    const milano = await world.connect({ id: 'milano-shop', storeIds: [world.stores[0]] });
    const roma = await world.connect({ id: 'roma-shop', storeIds: [world.stores[1]] });
    expect(await world.storage.channels.jobs.list(world.organisationId, milano.id)).toEqual([]);
    await world.push([{ variantId: 'shirt-v1', units: -1 }]);
    const jobs = await world.storage.channels.jobs.list(world.organisationId, milano.id);
    expect(jobs.map((j) => [j.kind, j.jobKey])).toEqual([['stock', 'shirt-v1']]);
    expect(Date.parse(jobs[0]!.dueAt) - world.clock.getTime()).toBe(CHANNEL_STOCK_COALESCE_MS);
    expect(await world.storage.channels.jobs.list(world.organisationId, roma.id)).toEqual([]);

    // A push that fails after its movements and jobs were written (the device row refuses the
    // new high-water mark) leaves neither.
    const failing =
      engine.name === 'sqlite'
        ? ["CREATE TRIGGER fail_push BEFORE UPDATE OF high_water_mark ON devices BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"]
        : [
            "CREATE FUNCTION fail_push() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$ LANGUAGE plpgsql",
            'CREATE TRIGGER fail_push BEFORE UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION fail_push()',
          ];
    await world.storage.channels.transaction(async (tx) => {
      for (const statement of failing) await tx.query(statement);
    });
    await expect(world.push([{ variantId: 'shirt-v2', units: -1 }])).rejects.toThrow();
    expect(await world.storage.channels.jobs.list(world.organisationId, milano.id)).toHaveLength(1);
    await world.storage.channels.transaction((tx) => tx.query(engine.name === 'sqlite' ? 'DROP TRIGGER fail_push' : 'DROP TRIGGER fail_push ON devices'));
    await world.push([{ variantId: 'shirt-v2', units: -1 }]);
    expect((await world.storage.channels.jobs.list(world.organisationId, milano.id)).map((j) => j.jobKey)).toEqual(['shirt-v1', 'shirt-v2']);

    await expect(
      world.storage.channels.transaction(async (tx) => {
        await enqueueStockChanges(tx, world.organisationId, [{ storeId: world.stores[1], variantId: 'shirt-v2' }], world.now());
        throw new Error('the change failed after its job was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await world.storage.channels.jobs.list(world.organisationId, roma.id)).toEqual([]);
  });

  it('a transfer leg booked by head office queues the stock job of the store it moved, in its transaction', async () => {
    const world = await start();
    await world.push([{ variantId: 'shirt-v3', units: 6 }]);
    const roma = await world.connect({ id: 'roma-shop', storeIds: [world.stores[1]] });
    const both = await world.connect({ id: 'both-shop', storeIds: [...world.stores] });
    const sent = await world.storage.stockTransfers.create({
      organisationId: world.organisationId,
      id: 'tr-1',
      fromStoreId: world.stores[0],
      toStoreId: world.stores[1],
      note: '',
      lines: [{ variantId: 'shirt-v3', quantityMilli: 2000 }],
      userId: 'owner',
      now: world.now(),
    });
    // Sent: Milano's stock moved (Roma's not yet).
    expect(await world.storage.channels.jobs.list(world.organisationId, roma.id)).toEqual([]);
    expect((await world.storage.channels.jobs.list(world.organisationId, both.id)).map((j) => j.jobKey)).toEqual(['shirt-v3']);
    await world.storage.stockTransfers.close(world.organisationId, sent.id, 'receive', 'owner', world.now());
    expect((await world.storage.channels.jobs.list(world.organisationId, roma.id)).map((j) => j.jobKey)).toEqual(['shirt-v3']);
  });

  it('coalesces ten sales of one SKU into at most two remote calls and sends the quantity of the moment', async () => {
    const world = await start();
    const { worker } = await linkedShop(world);
    expect(world.remote.quantityOfSku('SH-M')).toBe(10);
    for (let i = 0; i < 10; i++) {
      await world.push([{ variantId: 'shirt-v2', units: -1 }]);
      later(world, 20);
    }
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    await worker.runOnce();
    expect(world.remote.writes().length).toBeLessThanOrEqual(2);
    expect(world.remote.quantityOfSku('SH-M')).toBe(0);
    // Nothing changed since: no call at all.
    await world.push([{ variantId: 'shirt-v2', units: 0 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(world.remote.writes().length).toBeLessThanOrEqual(2);
  });

  it('a change folded into a job while it is being sent is sent once more, not lost', async () => {
    const world = await start();
    const { account } = await linkedShop(world);
    await world.push([{ variantId: 'shirt-v1', units: -1 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    const [claimed] = await world.storage.channels.jobs.claim('w1', world.now(), 60_000, 10);
    // A sale lands while w1 is talking to the channel (the clock did not even move).
    await world.push([{ variantId: 'shirt-v1', units: -1 }]);
    expect(await world.storage.channels.jobs.complete(claimed!, 'w1', world.now())).toBe(true);
    const waiting = await world.storage.channels.jobs.list(world.organisationId, account.id);
    expect(waiting.filter((j) => j.kind === 'stock').map((j) => [j.jobKey, j.claimedBy])).toEqual([['shirt-v1', null]]);
  });

  it('honours Retry-After: nothing is sent before it, then the job goes', async () => {
    const world = await start();
    const { account, worker } = await linkedShop(world);
    world.remote.injectFault('set', { kind: 'rate-limit', retryAfter: '120' });
    await world.push([{ variantId: 'shirt-v1', units: -3 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    const [job] = (await world.storage.channels.jobs.list(world.organisationId, account.id)).filter((j) => j.kind === 'stock');
    expect(job).toMatchObject({ attempts: 1, lastProblem: 'rate-limited' });
    expect(Date.parse(job!.dueAt) - world.clock.getTime()).toBeGreaterThanOrEqual(120_000);
    later(world, 119_000);
    await worker.runOnce();
    expect(world.remote.writes()).toHaveLength(1);
    expect(world.remote.quantityOfSku('SH-S')).toBe(10);
    later(world, 2_000);
    await worker.runOnce();
    expect(world.remote.writes()).toHaveLength(2);
    expect(world.remote.quantityOfSku('SH-S')).toBe(7);
    expect(await world.storage.channels.getAccount(world.organisationId, account.id)).toMatchObject({ lastProblem: null, lastStockPushAt: world.clock.toISOString() });
  });

  it('a refused item becomes a dead letter and the next job still goes', async () => {
    const world = await start();
    const { account, worker } = await linkedShop(world);
    world.remote.refusedItems.add('71');
    await world.push([
      { variantId: 'shirt-v1', units: -1 },
      { variantId: 'shirt-v2', units: -2 },
    ]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-M')).toBe(8);
    expect(world.remote.quantityOfSku('SH-S')).toBe(10);
    const dead = await world.storage.channels.deadLetters(world.organisationId, account.id);
    expect(dead).toMatchObject([{ kind: 'stock', jobKey: 'shirt-v1', problem: 'refused-by-remote', state: 'open' }]);
    expect(dead[0]!.detail).toContain('archived');
    expect((await world.storage.channels.jobs.list(world.organisationId, account.id)).filter((j) => j.kind === 'stock')).toEqual([]);
  });

  it('a whole call refused (400) dead-letters its job; a 5xx is retried and succeeds', async () => {
    const world = await start();
    const { account, worker } = await linkedShop(world);
    world.remote.injectFault('set', { kind: 'server-error', status: 503 });
    await world.push([{ variantId: 'shirt-v3', units: -4 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-L')).toBe(10);
    later(world, 60_000);
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-L')).toBe(6);
    world.remote.injectFault('set', { kind: 'refused', detail: 'quantity: must be an integer' });
    await world.push([{ variantId: 'shirt-v3', units: -1 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(await world.storage.channels.deadLetters(world.organisationId, account.id, 'open')).toMatchObject([{ jobKey: 'shirt-v3', remoteStatus: 400 }]);
  });

  it('a write that timed out but landed after its retry is sent again once the channel has settled', async () => {
    const world = await start();
    const { worker } = await linkedShop(world);
    // The first write (6) times out for head office, but the channel applies it later.
    world.remote.injectFault('set', { kind: 'lands-late' });
    await world.push([{ variantId: 'shirt-v3', units: -4 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    await world.push([{ variantId: 'shirt-v3', units: -1 }]);
    later(world, 60_000);
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-L')).toBe(5);
    // The stale write lands after the retry: the channel shows 6 again.
    await world.remote.landLateWrites();
    expect(world.remote.quantityOfSku('SH-L')).toBe(6);
    later(world, CHANNEL_SETTLE_MS);
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-L')).toBe(5);
    // Settled: nothing more goes out for it.
    world.remote.calls.length = 0;
    later(world, CHANNEL_SETTLE_MS);
    await worker.runOnce();
    expect(world.remote.writes()).toEqual([]);
  });

  it('a vanished remote id is resolved again by SKU and the quantity reaches the new item', async () => {
    const world = await start();
    const { account, worker } = await linkedShop(world);
    const fresh = world.remote.recreate('72');
    await world.push([{ variantId: 'shirt-v2', units: -5 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect((await world.storage.channels.mappings(world.organisationId, account.id, ['shirt-v2'])).get('shirt-v2')).toMatchObject({ state: 'stale' });
    await worker.runOnce();
    expect((await world.storage.channels.mappings(world.organisationId, account.id, ['shirt-v2'])).get('shirt-v2')).toMatchObject({
      state: 'matched',
      remoteVariantId: fresh,
      lastPushedQuantity: 5,
    });
    expect(world.remote.quantityOfSku('SH-M')).toBe(5);
  });

  it('refused credentials stop the account: nothing more is sent until they are replaced', async () => {
    const world = await start();
    const { account, worker } = await linkedShop(world);
    world.remote.injectFault('set', { kind: 'auth' });
    await world.push([{ variantId: 'shirt-v1', units: -1 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(await world.storage.channels.getAccount(world.organisationId, account.id)).toMatchObject({ status: 'auth-failed', lastProblem: 'auth-refused' });
    const writes = world.remote.writes().length;
    await world.push([{ variantId: 'shirt-v1', units: -1 }]);
    later(world, 10 * 60_000);
    await worker.runOnce();
    expect(world.remote.writes()).toHaveLength(writes);
    await world.storage.channels.updateAccount(world.organisationId, account.id, { status: 'active' }, world.now());
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-S')).toBe(8);
  });

  it('a killed worker’s lease expires and another worker sends the job', async () => {
    const world = await start();
    await linkedShop(world);
    await world.push([{ variantId: 'shirt-v1', units: -2 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    // The first worker claims and dies before sending.
    const claimed = await world.storage.channels.jobs.claim('killed', world.now(), 60_000, 50);
    expect(claimed.map((j) => j.jobKey)).toContain('shirt-v1');
    const survivor = world.worker();
    await survivor.runOnce();
    expect(world.remote.writes()).toHaveLength(0);
    later(world, 60_001);
    await survivor.runOnce();
    expect(world.remote.quantityOfSku('SH-S')).toBe(8);
    // The dead worker's late completion finds its lease gone and changes nothing.
    expect(await world.storage.channels.jobs.complete(claimed.find((j) => j.jobKey === 'shirt-v1')!, 'killed', world.now())).toBe(false);
  });

  it('a worker renews its lease while a long reconciliation runs, so no other worker starts it again', async () => {
    const world = await start();
    const { account } = await linkedShop(world);
    await world.storage.channels.transaction((tx) =>
      world.storage.channels.jobs.enqueue(tx, [{ organisationId: world.organisationId, accountId: account.id, kind: 'reconcile', jobKey: 'now', payload: '{}', dueAt: world.now() }], world.now()),
    );
    world.remote.listDelayMs = 5_000;
    const slow = world.worker({ workerId: 'slow', leaseMs: 2_000 });
    const running = slow.runOnce();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(1_200);
    later(world, 1_500);
    await pause(2_300);
    // Past the first lease's end: only renewals keep the job ours.
    later(world, 1_000);
    const other = await world.storage.channels.jobs.claim('other', world.now(), 2_000, 50);
    expect(other.filter((j) => j.kind === 'reconcile')).toEqual([]);
    await running;
    expect(world.remote.calls.filter((c) => c.operation === 'list')).toHaveLength(1);
  });

  it('two workers (two server processes on PostgreSQL) never send one job at the same time', async () => {
    const products = Array.from({ length: 10 }, (_, p) => catalogueProduct(`p${p}`, [{ sku: `P${p}-A` }, { sku: `P${p}-B` }, { sku: `P${p}-C` }]));
    const world = await start({ products });
    world.remote.seed(products.flatMap((p) => p.variants.map((v) => ({ remoteProductId: p.id, remoteVariantId: v.id, sku: v.sku, barcode: null, quantity: 0 }))));
    const account = await world.connect();
    await linkAccount(world.runtime(), account);
    world.remote.writeDelayMs = 15;
    const other = engine.name === 'postgres' ? await world.openAnother() : world.storage;
    const one = world.worker({ workerId: 'one', claimLimit: 7 });
    const two = world.worker({ workerId: 'two', claimLimit: 7, storage: other });
    const variants = products.flatMap((p) => p.variants.map((v) => v.id));
    await world.push(variants.map((variantId) => ({ variantId, units: 3 })));
    later(world, CHANNEL_STOCK_COALESCE_MS);
    for (let round = 0; round < 8; round++) await Promise.all([one.runOnce(), two.runOnce()]);
    expect(world.remote.maxConcurrentWritesPerItem).toBe(1);
    // Every item got its quantity, each sent exactly once.
    const sentSkus = world.remote.writes().flatMap((c) => c.skus);
    expect(sentSkus.length).toBe(variants.length);
    expect(new Set(sentSkus).size).toBe(variants.length);
    for (const p of products) for (const v of p.variants) expect(world.remote.quantityOfSku(v.sku)).toBe(3);
  });

  it('eBay: batches of up to 25 SKUs, and a listing at its 250 revisions of the day is held to the next day', async () => {
    const products = Array.from({ length: 10 }, (_, p) => catalogueProduct(`e${p}`, [{ sku: `E${p}-A` }, { sku: `E${p}-B` }, { sku: `E${p}-C` }]));
    const world = await start({ products, kind: 'ebay' });
    world.remote.seed(products.flatMap((p) => p.variants.map((v) => ({ remoteProductId: v.sku, remoteVariantId: v.sku, sku: v.sku, barcode: null, quantity: 0 }))));
    const account = await world.connect({ kind: 'ebay' });
    await linkAccount(world.runtime(), account);
    await world.push(products.flatMap((p) => p.variants.map((v) => ({ variantId: v.id, units: 2 }))));
    later(world, CHANNEL_STOCK_COALESCE_MS);
    const worker = world.worker();
    await worker.runOnce();
    expect(world.remote.writes().map((c) => c.skus.length)).toEqual([25, 5]);

    const mapping = (await world.storage.channels.mappings(world.organisationId, account.id, ['e0-v1'])).get('e0-v1')!;
    await world.storage.channels.putMappings(world.organisationId, account.id, [{ ...mapping, revisions: 250 }], world.now());
    await world.push([{ variantId: 'e0-v1', units: -1 }]);
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await worker.runOnce();
    expect(world.remote.writes()).toHaveLength(2);
    const [held] = (await world.storage.channels.jobs.list(world.organisationId, account.id)).filter((j) => j.kind === 'stock');
    expect(held).toMatchObject({ jobKey: 'e0-v1', dueAt: '2026-12-04T00:00:00.000Z', lastProblem: 'rate-limited' });
    expect((await world.storage.channels.getAccount(world.organisationId, account.id))!.lastProblemDetail).toContain('250 revisions');
    world.clock = new Date('2026-12-04T00:00:01Z');
    await worker.runOnce();
    expect(world.remote.quantityOfSku('E0-A')).toBe(1);
  });

  it('polls orders page by page with the stored cursor, hands each page to the import, and sets an unreadable order aside', async () => {
    const world = await start();
    const account = await world.connect();
    const order = (n: number): ChannelOrder => ({
      remoteOrderId: `R${n}`,
      dedupeKey: null,
      reference: `REF${n}`,
      status: 'open',
      placedAt: '2026-12-03T08:00:00.000Z',
      updatedAt: '2026-12-03T08:00:00.000Z',
      currency: 'EUR',
      lines: [{ remoteLineId: 'l1', sku: 'SH-S', barcode: null, remoteProductId: '7', remoteVariantId: '71', title: 'Maglia', quantity: 1, unitPriceCents: 1990, totalCents: 1990 }],
      shippingCents: 0,
      totalCents: 1990,
      buyerName: 'Maria',
    });
    world.remote.orders.push(...Array.from({ length: 14 }, (_, n) => order(n)));
    // A remote answer no schema accepts (a negative quantity, a NUL in the id).
    world.remote.orders.push({ ...order(99), remoteOrderId: 'R\u000099', lines: [{ ...order(99).lines[0]!, quantity: -3 }] });
    const pages: { cursor: string; ids: string[] }[] = [];
    const importer: ChannelOrderImporter = {
      async importOrders(organisationId, given, orders, cursor, now) {
        expect(organisationId).toBe(world.organisationId);
        expect(given).toEqual({ id: account.id, kind: 'prestashop', storeIds: [world.stores[0]] });
        pages.push({ cursor, ids: orders.map((o) => o.remoteOrderId) });
        await world.storage.channels.transaction((tx) =>
          tx.query(
            `INSERT INTO channel_cursors (organisation_id, account_id, stream, value, updated_at) VALUES (?, ?, 'orders', ?, ?)
             ON CONFLICT (organisation_id, account_id, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
            [organisationId, given.id, cursor, now.toISOString()],
          ),
        );
        return { imported: orders.length, updated: 0, duplicates: 0, storeStockStores: orders.length > 0 ? [world.stores[0]!] : [] };
      },
    };
    const woken: [string, readonly string[]][] = [];
    const worker = world.worker({ orders: importer, notifyStoreStock: (organisationId, storeIds) => woken.push([organisationId, storeIds]) });
    await worker.runOnce();
    await worker.runOnce();
    // The store holding the orders' goods is told at once, per page that moved its rows.
    expect(woken).toEqual([
      [world.organisationId, [world.stores[0]]],
      [world.organisationId, [world.stores[0]]],
    ]);
    expect(pages).toEqual([
      { cursor: '10', ids: Array.from({ length: 10 }, (_, n) => `R${n}`) },
      { cursor: '15', ids: ['R10', 'R11', 'R12', 'R13'] },
    ]);
    expect((await world.storage.channels.deadLetters(world.organisationId, account.id)).map((d) => [d.kind, d.problem])).toEqual([['orders', 'unexpected-answer']]);
    // No more for now: the next poll waits CHANNEL_ORDER_POLL_MS.
    await worker.runOnce();
    expect(pages).toHaveLength(2);
    const poll = (await world.storage.channels.jobs.list(world.organisationId, account.id)).find((j) => j.kind === 'orders')!;
    expect(Date.parse(poll.dueAt) - world.clock.getTime()).toBe(CHANNEL_ORDER_POLL_MS);
    expect((await world.storage.channels.getAccount(world.organisationId, account.id))!.lastOrderPullAt).toBe(world.clock.toISOString());
  });

  it('the safety buffer and held reservations lower what is sent; other stores are not counted', async () => {
    const world = await start();
    world.remote.seed([{ remoteProductId: '7', remoteVariantId: '71', sku: 'SH-S', barcode: null, quantity: 0 }]);
    const account = await world.connect({ safetyBuffer: 2 });
    await linkAccount(world.runtime(), account);
    await world.push([{ variantId: 'shirt-v1', units: 10 }]);
    const at = world.now().toISOString();
    await world.storage.channels.transaction((tx) =>
      tx.query(
        `INSERT INTO channel_reservations (organisation_id, account_id, remote_order_id, remote_line_id, store_id, variant_id, quantity_milli, state, created_at, updated_at)
         VALUES (?, ?, 'o1', 'l1', ?, 'shirt-v1', 3000, 'held', ?, ?), (?, ?, 'o2', 'l1', ?, 'shirt-v1', 4000, 'released', ?, ?), (?, ?, 'o3', 'l1', ?, 'shirt-v1', 1000, 'held', ?, ?)`,
        [world.organisationId, account.id, world.stores[0], at, at, world.organisationId, account.id, world.stores[0], at, at, world.organisationId, account.id, world.stores[1], at, at],
      ),
    );
    later(world, CHANNEL_STOCK_COALESCE_MS);
    await world.worker().runOnce();
    // 10 on hand − 3 held − 2 buffer; the released hold and Roma's do not count.
    expect(world.remote.quantityOfSku('SH-S')).toBe(5);
  });
});
