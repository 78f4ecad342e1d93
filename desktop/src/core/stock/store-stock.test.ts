/**
 * Head office's part of this store's stock at the till (issue 18, the `store-stock` stream): rows
 * fed through the sync store the way a pull delivers them change what every stock figure shows
 * (back office levels and movements, the picker's stock, `stock.elsewhere`'s "here"), never the
 * till's own ledger; another store's row, a tombstone, a replayed page and a restart behave. Then
 * over a real head office on both engines: an online order imported there is held at the till's
 * next pull, shipping it moves the shelf, cancelling one gives it back, and a till of another
 * organisation with the same store id sees none of it. The whole chain with the emulated channels
 * is desktop/test/sales-channels.test.ts.
 */
import type { ChannelOrder, SyncChange } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverPerSuite } from '../../../../test-support/engine-server';
import { demoCatalogue } from '../demo/demo-shop';
import { TillSyncStore } from '../sync-outbox/till-sync-store';
import { createTestTill } from '../testing/test-till';
import type { TestTill } from '../testing/test-till';
import { tillStockFigures } from './store-stock';

const catalogue = demoCatalogue();
const [first, second] = catalogue.products.filter((p) => p.unit !== 'kg' && p.variants.length === 1);
const v1 = first!.variants[0]!.id;
const v2 = second!.variants[0]!.id;
/** The demo seeds 12 pieces of every item sold by the piece. */
const SEEDED = 12_000;

const row = (variantId: string, headOfficeMilli: number, reservedMilli: number, change: number, key: string = variantId): SyncChange => ({
  entity: 'store-stock',
  key,
  change,
  data: { variantId, headOfficeMilli, reservedMilli, updatedAt: '2026-11-26T09:00:00.000Z' },
});
const tombstone = (key: string, change: number): SyncChange => ({ entity: 'store-stock', key, change, data: null });

describe('store-stock at the till', () => {
  let till: TestTill;
  let manager: string;
  let pull: (changes: SyncChange[], cursor: string) => void;

  beforeEach(async () => {
    till = createTestTill();
    manager = await till.login('user-marco', '2222');
    const store = new TillSyncStore(till.core.services.context, till.core.services.sessions);
    pull = (changes, cursor) => store.applyPullPage('store-stock', changes, cursor);
  });
  afterEach(async () => {
    await till.dispose();
  });

  const level = async (variantId: string) => {
    const rows = await till.call('stock.levels', { query: '', limit: 500 }, manager);
    return rows.find((r) => r.variantId === variantId)!;
  };
  const pickerStock = async (variantId: string) => {
    const items = await till.call('catalogue.search', { query: first!.variants[0]!.sku, limit: 20 }, manager);
    return items.find((i) => i.variantId === variantId)!.stockMilli;
  };

  it('adds head office\'s part to on hand and takes what online orders hold off available', async () => {
    // Head office shipped 2 online orders from this shop (-2) and holds 1 for an unshipped one.
    pull([row(v1, -2_000, 1_000, 1)], 'c1');

    expect(await level(v1)).toMatchObject({ onHandMilli: SEEDED - 2_000, reservedMilli: 1_000, availableMilli: SEEDED - 3_000 });
    expect(await pickerStock(v1)).toBe(SEEDED - 3_000);
    const here = await till.call('stock.elsewhere', { variantId: v1 }, manager);
    expect(here).toMatchObject({ hereMilli: SEEDED - 2_000, hereReservedMilli: 1_000, hereAvailableMilli: SEEDED - 3_000, stores: null });
    // The till's own ledger and what goes up through the outbox are untouched.
    expect(till.core.services.stock.onHand(v1)).toBe(SEEDED);
    // An untouched variant shows its own level alone.
    expect(await level(v2)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 0, availableMilli: SEEDED });
  });

  it('shows the figures after a movement at the till too', async () => {
    pull([row(v1, 0, 4_000, 1)], 'c1');
    const after = await till.call('stock.adjust', { variantId: v1, deltaMilli: 3_000, reason: 'goods-received', note: '' }, manager);
    expect(after).toMatchObject({ onHandMilli: SEEDED + 3_000, reservedMilli: 4_000, availableMilli: SEEDED - 1_000 });
  });

  it('lists what is low by what the shop may still sell', async () => {
    pull([row(v1, 0, SEEDED - 1_000, 1)], 'c1');
    const low = await till.call('stock.levels', { query: '', belowMilli: 2_000, limit: 500 }, manager);
    expect(low.map((r) => r.variantId)).toContain(v1);
    expect(low.map((r) => r.variantId)).not.toContain(v2);
  });

  it('replaces a row with head office\'s latest figures, and a replayed page changes nothing', async () => {
    pull([row(v1, 0, 2_000, 1)], 'c1');
    pull([row(v1, -1_000, 0, 2)], 'c2');
    pull([row(v1, -1_000, 0, 2)], 'c2');
    expect(await level(v1)).toMatchObject({ onHandMilli: SEEDED - 1_000, reservedMilli: 0, availableMilli: SEEDED - 1_000 });
  });

  it('drops a row on a tombstone', async () => {
    pull([row(v1, -1_000, 2_000, 1)], 'c1');
    pull([tombstone(v1, 2)], 'c2');
    expect(await level(v1)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 0, availableMilli: SEEDED });
  });

  it('takes rows keyed storeId/variantId for its own store and ignores another store\'s', async () => {
    const storeId = till.core.services.context.storeId;
    pull([row(v1, -5_000, 5_000, 1, `another-store/${v1}`), row(v2, 0, 3_000, 2, `${storeId}/${v2}`)], 'c1');
    expect(await level(v1)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 0 });
    expect(await level(v2)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 3_000, availableMilli: SEEDED - 3_000 });
    // A row whose key and variant disagree is not this store's row for that variant.
    pull([row(v1, 0, 9_000, 3, `${storeId}/${v2}`)], 'c2');
    expect((await level(v1)).reservedMilli).toBe(0);
    pull([tombstone(`another-store/${v2}`, 4)], 'c3');
    expect((await level(v2)).reservedMilli).toBe(3_000);
    pull([tombstone(`${storeId}/${v2}`, 5)], 'c4');
    expect((await level(v2)).reservedMilli).toBe(0);
  });

  it('keeps the rows and their cursor across a restart', async () => {
    pull([row(v1, 0, 1_000, 1)], 'c7');
    const store = new TillSyncStore(till.core.services.context, till.core.services.sessions);
    expect(store.cursor('store-stock')).toBe('c7');
    const reopened = till.reopen();
    await till.dispose();
    till = reopened;
    manager = await till.login('user-marco', '2222');
    expect(await level(v1)).toMatchObject({ reservedMilli: 1_000, availableMilli: SEEDED - 1_000 });
  });
});

describe('tillStockFigures', () => {
  it('is own plus head office for on hand, less reserved for available, and may go below zero', () => {
    expect(tillStockFigures(3_000, -1_000, 500)).toEqual({ onHandMilli: 2_000, reservedMilli: 500, availableMilli: 1_500 });
    // A shelf sold below zero shows as such: the counter never blocks a sale on stock.
    expect(tillStockFigures(0, 0, 2_000)).toEqual({ onHandMilli: 0, reservedMilli: 2_000, availableMilli: -2_000 });
  });
});

describe.each(['sqlite', 'postgres'] as const)('store-stock from a real head office on %s', (engine) => {
  const suite = serverPerSuite(engine);
  const tills: TestTill[] = [];
  let run = 0;
  afterEach(async () => {
    for (const t of tills.splice(0)) await t.dispose();
  });

  async function organisation(): Promise<string> {
    const org = `org-${engine}-${++run}`;
    await suite.server.admin.createOrganisation({ id: org, name: 'Bottega' });
    await suite.server.admin.upsertStore(org, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    await suite.server.admin.upsertCategories(org, catalogue.categories);
    await suite.server.admin.upsertProducts(org, catalogue.products);
    return org;
  }

  /** A demo till of the store: its opening stock (12 of each) reaches head office at the first sync. */
  async function pairedTill(org: string): Promise<{ till: TestTill; manager: () => Promise<string> }> {
    const till = createTestTill();
    tills.push(till);
    await suite.server.admin.upsertUsers(org, till.core.services.users.exportAll());
    const { code } = await suite.server.admin.createPairingCode(org, 'milano');
    await till.core.services.sync.pair(suite.baseUrl, code);
    await till.core.services.sync.syncNow();
    expect(till.core.services.sync.state().pending).toBe(0);
    // A pulled users stream ends sessions: log in again after each sync.
    return { till, manager: () => till.login('user-marco', '2222') };
  }

  async function account(org: string, id: string) {
    const at = new Date().toISOString();
    await suite.server.storage.channels.createAccount({
      organisationId: org,
      id,
      kind: 'ebay',
      name: 'eBay',
      status: 'active',
      storeIds: ['milano'],
      safetyBuffer: 0,
      // Storage keeps what the vault sealed; these tests never open it.
      credentials: 'sealed-elsewhere',
      credentialsKeyId: 'test',
      credentialHints: {},
      lastStockPushAt: null,
      lastOrderPullAt: null,
      lastReconcileAt: null,
      lastProblem: null,
      lastProblemDetail: null,
      lastProblemAt: null,
      createdAt: at,
      updatedAt: at,
    });
    return { id, kind: 'ebay' as const, storeIds: ['milano'] };
  }

  const order = (remoteOrderId: string, status: ChannelOrder['status'], quantity: number, updatedAt: string): ChannelOrder => ({
    remoteOrderId,
    dedupeKey: null,
    reference: remoteOrderId,
    status,
    placedAt: '2026-12-04T08:00:00.000Z',
    updatedAt,
    currency: 'EUR',
    lines: [{ remoteLineId: `${remoteOrderId}-1`, sku: first!.variants[0]!.sku, barcode: null, remoteProductId: null, remoteVariantId: null, title: first!.name, quantity, unitPriceCents: 449, totalCents: 449 * quantity }],
    shippingCents: 0,
    totalCents: 449 * quantity,
    buyerName: 'Mario Rossi',
  });

  async function levelAt(t: { till: TestTill; manager: () => Promise<string> }) {
    await t.till.core.services.sync.syncNow();
    const rows = await t.till.call('stock.levels', { query: '', limit: 500 }, await t.manager());
    return rows.find((r) => r.variantId === v1)!;
  }

  it('holds an online order at the next pull, moves the shelf when it ships, and gives a cancelled one back', async () => {
    const org = await organisation();
    const till = await pairedTill(org);
    const ebay = await account(org, `ebay-${engine}-${run}`);
    const imports = suite.server.storage.channelOrders;

    await imports.importOrders(org, ebay, [order('A-1', 'open', 2, '2026-12-04T08:00:00.000Z')], 'c1', new Date());
    expect(await levelAt(till)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 2_000, availableMilli: SEEDED - 2_000 });

    // Shipped from the shop: head office books it there; the till's own ledger is not touched.
    await imports.importOrders(org, ebay, [order('A-1', 'shipped', 2, '2026-12-04T09:00:00.000Z')], 'c2', new Date());
    expect(await levelAt(till)).toMatchObject({ onHandMilli: SEEDED - 2_000, reservedMilli: 0, availableMilli: SEEDED - 2_000 });
    expect(till.till.core.services.stock.onHand(v1)).toBe(SEEDED);

    // Another order, then its cancellation: held, then given back.
    await imports.importOrders(org, ebay, [order('A-2', 'open', 3, '2026-12-04T09:30:00.000Z')], 'c3', new Date());
    expect(await levelAt(till)).toMatchObject({ reservedMilli: 3_000, availableMilli: SEEDED - 5_000 });
    await imports.importOrders(org, ebay, [order('A-2', 'cancelled', 3, '2026-12-04T10:00:00.000Z')], 'c4', new Date());
    expect(await levelAt(till)).toMatchObject({ onHandMilli: SEEDED - 2_000, reservedMilli: 0, availableMilli: SEEDED - 2_000 });

    // A till paired later gets the rows in its first pull.
    const late = await pairedTill(org);
    expect(await levelAt(late)).toMatchObject({ onHandMilli: SEEDED - 2_000, reservedMilli: 0 });
  });

  it('never shows one organisation\'s orders to another\'s till with the same store id', async () => {
    const org = await organisation();
    const other = await organisation();
    const ours = await pairedTill(org);
    const theirs = await pairedTill(other);
    const ebay = await account(org, `ebay-${engine}-${run}`);
    await suite.server.storage.channelOrders.importOrders(org, ebay, [order('B-1', 'open', 4, '2026-12-04T08:00:00.000Z')], 'c1', new Date());
    expect(await levelAt(ours)).toMatchObject({ reservedMilli: 4_000 });
    expect(await levelAt(theirs)).toMatchObject({ onHandMilli: SEEDED, reservedMilli: 0, availableMilli: SEEDED });
  });
});
