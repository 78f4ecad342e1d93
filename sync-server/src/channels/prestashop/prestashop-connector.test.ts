/**
 * The PrestaShop connector against the emulated shop over real HTTP on 127.0.0.1, as 1.7 and as
 * 8.x: test connection in each failure, listings, stock writes (and what buyers see after),
 * orders over several pages with cursor and overlap, status changes, faults (429, 5xx, timeouts,
 * dropped connections), vanished ids, refusals, hostile answers and publishing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prestashopCredentialsSchema } from '@cassa/shared';
import type { ChannelOrder, PrestashopCredentials, Product } from '@cassa/shared';
import { startPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import type { PrestashopVersion, RunningPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import { ChannelCallError } from '../connector';
import type { ChannelMappingRef, ConnectorContext, RemoteListing } from '../connector';
import { createPrestashopConnector } from './index';

function testContext(overrides: Partial<ConnectorContext> = {}): ConnectorContext & { readonly taken: string[] } {
  const taken: string[] = [];
  return {
    fetch: globalThis.fetch,
    now: () => new Date(),
    take: (operation) => {
      taken.push(operation);
      return Promise.resolve();
    },
    observeRate: () => undefined,
    timeoutMs: 5_000,
    ...overrides,
    taken,
  };
}

function credentialsOf(shop: RunningPrestashopEmulator, overrides: Partial<PrestashopCredentials> = {}): PrestashopCredentials {
  return prestashopCredentialsSchema.parse({ ...shop.credentials, ...overrides });
}

function seedWardrobe(shop: RunningPrestashopEmulator): void {
  shop.control.seedItems([
    { sku: 'TS-M-BLU', barcode: '8001234567890', title: 'T-shirt', quantity: 5, priceCents: 1990, group: 'TS', options: { Taglia: 'M', Colore: 'Blu' } },
    { sku: 'TS-L-BLU', barcode: '8001234567891', title: 'T-shirt', quantity: 3, priceCents: 1990, group: 'TS', options: { Taglia: 'L', Colore: 'Blu' } },
    { sku: 'TS-M-ROS', title: 'T-shirt', quantity: 0, priceCents: 2190, group: 'TS', options: { Taglia: 'M', Colore: 'Rosso' } },
    { sku: 'MUG-1', barcode: '8009876543210', title: 'Tazza', quantity: 12, priceCents: 890 },
  ]);
}

const running: RunningPrestashopEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((shop) => shop.close()));
});

async function shopOf(version: PrestashopVersion, now?: () => number): Promise<RunningPrestashopEmulator> {
  const shop = await startPrestashopEmulator({ version, ...(now === undefined ? {} : { now }) });
  running.push(shop);
  return shop;
}

async function allListings(connector: ReturnType<typeof createPrestashopConnector>): Promise<RemoteListing[]> {
  const listings: RemoteListing[] = [];
  let page: string | null = null;
  for (let guard = 0; guard < 100; guard += 1) {
    const result = await connector.listListings(page);
    listings.push(...result.listings);
    page = result.next;
    if (page === null) return listings;
  }
  throw new Error('listing never ended');
}

function mappingOf(listing: RemoteListing, variantId = `v-${listing.sku ?? ''}`): ChannelMappingRef {
  return { variantId, sku: listing.sku ?? '', barcode: listing.barcode, remoteProductId: listing.remoteProductId, remoteVariantId: listing.remoteVariantId, remoteStockId: listing.remoteStockId, remoteOfferId: null };
}

async function caught(promise: Promise<unknown>): Promise<ChannelCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChannelCallError) return error;
    throw error;
  }
  throw new Error('expected a ChannelCallError');
}

async function pollAll(connector: ReturnType<typeof createPrestashopConnector>, cursor: string | null, options = { overlapMs: 10 * 60_000, lookBackMs: 24 * 3_600_000 }): Promise<{ orders: ChannelOrder[]; cursor: string; calls: number }> {
  const orders: ChannelOrder[] = [];
  let current = cursor;
  for (let calls = 1; calls < 200; calls += 1) {
    const page = await connector.fetchOrders(current, options);
    orders.push(...page.orders);
    current = page.cursor;
    if (!page.more) return { orders, cursor: current, calls };
  }
  throw new Error('polling never ended');
}

describe('PrestaShop test connection', () => {
  it('succeeds with the emulator credentials and says the version', async () => {
    const shop = await shopOf('1.7');
    const result = await createPrestashopConnector(credentialsOf(shop), testContext()).testConnection();
    expect(result).toMatchObject({ ok: true, problem: null });
    expect(result.summary).toContain('1.7');
    const mismatched = await createPrestashopConnector(credentialsOf(shop, { version: '8' }), testContext()).testConnection();
    expect(mismatched.summary).toContain('the shop says 1.7');
  });

  it('tells apart a refused key, the webservice off, a missing permission, a wrong address and an unreachable shop', async () => {
    const shop = await shopOf('8');
    const context = testContext();
    const wrongKey = await createPrestashopConnector(credentialsOf(shop, { apiKey: 'Z'.repeat(32) }), context).testConnection();
    expect(wrongKey).toMatchObject({ ok: false, problem: 'auth-refused' });
    expect(wrongKey.detail).toContain('not active');

    shop.control.setPermissions('stock_availables', ['GET']);
    const lacking = await createPrestashopConnector(credentialsOf(shop), context).testConnection();
    expect(lacking).toMatchObject({ ok: false, problem: 'permission-missing' });
    expect(lacking.detail).toContain('stock_availables (PUT)');

    shop.control.setWebserviceEnabled(false);
    expect(await createPrestashopConnector(credentialsOf(shop), context).testConnection()).toMatchObject({ ok: false, problem: 'webservice-disabled' });

    const wrongPath = await createPrestashopConnector(credentialsOf(shop, { baseUrl: `${shop.url}/negozio` }), context).testConnection();
    expect(wrongPath).toMatchObject({ ok: false, problem: 'not-found' });

    const closed = await shopOf('8');
    const url = closed.url;
    await closed.close();
    running.splice(running.indexOf(closed), 1);
    expect(await createPrestashopConnector(credentialsOf(shop, { baseUrl: url }), context).testConnection()).toMatchObject({ ok: false, problem: 'unreachable' });
  });

  it('a missing permission met during work stops the account (auth), not a retry', async () => {
    const shop = await shopOf('1.7');
    seedWardrobe(shop);
    shop.control.setPermissions('combinations', []);
    const error = await caught(createPrestashopConnector(credentialsOf(shop), testContext()).listListings(null));
    expect(error).toMatchObject({ disposition: 'auth', problem: 'permission-missing', status: 401 });
  });
});

describe.each(['1.7', '8'] as const)('PrestaShop %s listings and stock', (version) => {
  it('lists one item per combination and per product without combinations, with stock row, SKU and barcode', async () => {
    const shop = await shopOf(version);
    seedWardrobe(shop);
    const context = testContext();
    const listings = await allListings(createPrestashopConnector(credentialsOf(shop), context));
    expect(listings.map((listing) => listing.sku).sort()).toEqual(['MUG-1', 'TS-L-BLU', 'TS-M-BLU', 'TS-M-ROS']);
    const blue = listings.find((listing) => listing.sku === 'TS-M-BLU');
    expect(blue).toMatchObject({ barcode: '8001234567890', quantity: 5, title: 'T-shirt', remoteOfferId: null });
    expect(blue?.remoteVariantId).not.toBe('0');
    expect(blue?.remoteStockId).toBe(String(shop.control.stockRow('TS-M-BLU')?.id));
    expect(listings.find((listing) => listing.sku === 'MUG-1')).toMatchObject({ remoteVariantId: '0', quantity: 12, barcode: '8009876543210' });
    expect(context.taken.every((operation) => operation === 'default')).toBe(true);
  });

  it('pages through many products', async () => {
    const shop = await shopOf(version);
    shop.control.seedItems(Array.from({ length: 120 }, (_, index) => ({ sku: `SKU-${index}`, title: `Prodotto ${index}`, quantity: index, priceCents: 100 + index })));
    const listings = await allListings(createPrestashopConnector(credentialsOf(shop), testContext()));
    expect(listings).toHaveLength(120);
    expect(new Set(listings.map((listing) => listing.sku)).size).toBe(120);
    expect(listings.find((listing) => listing.sku === 'SKU-77')?.quantity).toBe(77);
  });

  it('writes absolute quantities that buyers then see, keeping the row in the shop (id_shop sent, #18953)', async () => {
    const shop = await shopOf(version);
    seedWardrobe(shop);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const listings = await allListings(connector);
    const blue = listings.find((listing) => listing.sku === 'TS-M-BLU');
    const mug = listings.find((listing) => listing.sku === 'MUG-1');
    if (blue === undefined || mug === undefined) throw new Error('seed missing');
    const outcomes = await connector.setQuantities([{ mapping: mappingOf(blue, 'v1'), quantity: 2 }]);
    expect(outcomes).toEqual([{ variantId: 'v1', result: 'applied' }]);
    expect(shop.control.quantityOf('TS-M-BLU')).toBe(2);
    expect(shop.control.stockRow('TS-M-BLU')?.idShop).toBe(1);
    // A repeated push of the same figure changes nothing (absolute, idempotent).
    await connector.setQuantities([{ mapping: mappingOf(blue, 'v1'), quantity: 2 }]);
    expect(shop.control.quantityOf('TS-M-BLU')).toBe(2);
    // Without a known stock row id, the row is found by product and combination.
    await connector.setQuantities([{ mapping: { ...mappingOf(mug, 'v2'), remoteStockId: null }, quantity: 40 }]);
    expect(shop.control.quantityOf('MUG-1')).toBe(40);
    if (version === '8') expect(shop.control.requestCount({ method: 'PUT' })).toBe(0);
    else expect(shop.control.requestCount({ method: 'PATCH' })).toBe(0);
  });

  it('falls back to GET + PUT for good when the key may not PATCH', async () => {
    const shop = await shopOf(version);
    seedWardrobe(shop);
    shop.control.setPermissions('stock_availables', ['GET', 'PUT']);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const mug = (await allListings(connector)).find((listing) => listing.sku === 'MUG-1');
    if (mug === undefined) throw new Error('seed missing');
    for (const quantity of [7, 8]) expect(await connector.setQuantities([{ mapping: mappingOf(mug, 'v'), quantity }])).toEqual([{ variantId: 'v', result: 'applied' }]);
    expect(shop.control.quantityOf('MUG-1')).toBe(8);
    expect(shop.control.requestCount({ method: 'PATCH' })).toBe(version === '8' ? 1 : 0);
    expect(shop.control.requestCount({ method: 'PUT' })).toBe(2);
  });

  it('answers not-found for a stock row that vanished with recreated combinations (#12814), and works again after re-listing', async () => {
    const shop = await shopOf(version);
    seedWardrobe(shop);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const before = (await allListings(connector)).find((listing) => listing.sku === 'TS-L-BLU');
    if (before === undefined) throw new Error('seed missing');
    shop.control.recreateCombinations('TS');
    expect(await connector.setQuantities([{ mapping: mappingOf(before, 'v1'), quantity: 4 }])).toEqual([{ variantId: 'v1', result: 'not-found' }]);
    expect(await connector.setQuantities([{ mapping: { ...mappingOf(before, 'v1'), remoteStockId: null }, quantity: 4 }])).toEqual([{ variantId: 'v1', result: 'not-found' }]);
    const after = (await allListings(connector)).find((listing) => listing.sku === 'TS-L-BLU');
    if (after === undefined) throw new Error('recreated combination missing');
    expect(after.remoteVariantId).not.toBe(before.remoteVariantId);
    expect(await connector.setQuantities([{ mapping: mappingOf(after, 'v1'), quantity: 4 }])).toEqual([{ variantId: 'v1', result: 'applied' }]);
    expect(shop.control.quantityOf('TS-L-BLU')).toBe(4);
  });
});

describe('PrestaShop orders', () => {
  it('sees every order over several pages, then picks up shipping, cancelling and refunds through the date_upd overlap', async () => {
    let clock = Date.parse('2026-12-04T09:00:00Z');
    const shop = await shopOf('1.7', () => clock);
    seedWardrobe(shop);
    shop.control.seedItems([{ sku: 'BULK', title: 'Calzini', quantity: 100_000, priceCents: 500 }]);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    for (let index = 0; index < 130; index += 1) {
      clock += 1_000;
      shop.control.placeOrder({ lines: [{ sku: 'BULK', quantity: 1 + (index % 3) }], buyerName: `Cliente ${index}` });
    }
    const first = await pollAll(connector, null);
    const ids = new Set(first.orders.map((order) => order.remoteOrderId));
    expect(ids.size).toBe(130);
    expect(first.calls).toBeGreaterThan(3);
    const sample = first.orders.find((order) => order.remoteOrderId === '1');
    expect(sample).toMatchObject({ status: 'open', currency: 'EUR', buyerName: 'Cliente 0', totalCents: 500 + 490, shippingCents: 490 });
    expect(sample?.lines[0]).toMatchObject({ sku: 'BULK', quantity: 1, unitPriceCents: 500, totalCents: 500, remoteVariantId: '0' });
    expect(sample?.dedupeKey).toMatch(/^\d+$/);

    // Quiet shop: the next poll asks, finds nothing new (only the overlap again).
    clock += 60_000;
    const quiet = await pollAll(connector, first.cursor);
    expect(quiet.orders.every((order) => ids.has(order.remoteOrderId))).toBe(true);

    clock += 60_000;
    shop.control.shipOrder('3');
    shop.control.cancelOrder('4');
    shop.control.refundOrder('5');
    const fresh = shop.control.placeOrder({ lines: [{ sku: 'TS-M-BLU', quantity: 2 }] }).remoteOrderId;
    const next = await pollAll(connector, quiet.cursor);
    const latest = new Map(next.orders.map((order) => [order.remoteOrderId, order]));
    expect(latest.get('3')?.status).toBe('shipped');
    expect(latest.get('4')?.status).toBe('cancelled');
    expect(latest.get('5')?.status).toBe('refunded');
    expect(latest.get(fresh)?.lines[0]).toMatchObject({ sku: 'TS-M-BLU', barcode: '8001234567890', quantity: 2 });
    expect(shop.control.requestCount({ pathIncludes: 'date_add' })).toBe(0);
  });

  it('the first poll looks back only lookBackMs, and a duplicate order from one cart carries the same dedupe key (#17266)', async () => {
    let clock = Date.parse('2026-12-01T09:00:00Z');
    const shop = await shopOf('8', () => clock);
    seedWardrobe(shop);
    shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] });
    clock = Date.parse('2026-12-04T09:00:00Z');
    const recent = shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] }).remoteOrderId;
    const twin = shop.control.duplicateOrder(recent).remoteOrderId;
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock + 60_000) }));
    const { orders } = await pollAll(connector, null, { overlapMs: 600_000, lookBackMs: 3_600_000 });
    expect(orders.map((order) => order.remoteOrderId).sort()).toEqual([recent, twin].sort());
    expect(orders[0]?.dedupeKey).toBe(orders[1]?.dedupeKey);
    // The shop writes Rome wall time (10:00); Cassa gets the instant.
    expect(orders[0]?.placedAt).toBe('2026-12-04T09:00:00.000Z');
  });

  it('a key without configurations still polls, reading shop dates as UTC', async () => {
    const clock = Date.parse('2026-12-04T09:00:00Z');
    const shop = await shopOf('8', () => clock);
    seedWardrobe(shop);
    shop.control.setPermissions('configurations', []);
    shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] });
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    const { orders } = await pollAll(connector, null);
    expect(orders[0]?.placedAt).toBe('2026-12-04T10:00:00.000Z');
  });

  it('pages the date_upd window by keyset even when more than a page of orders changed in the same second', async () => {
    let clock = Date.parse('2026-12-04T09:00:00Z');
    const shop = await shopOf('8', () => clock);
    shop.control.seedItems([{ sku: 'BULK', title: 'Calzini', quantity: 100_000, priceCents: 500 }]);
    const ids = Array.from({ length: 120 }, () => shop.control.placeOrder({ lines: [{ sku: 'BULK', quantity: 1 }] }).remoteOrderId);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    const first = await pollAll(connector, null);
    expect(new Set(first.orders.map((order) => order.remoteOrderId)).size).toBe(120);
    clock += 5 * 60_000;
    for (const id of ids) shop.control.shipOrder(id);
    const next = await pollAll(connector, first.cursor);
    const shipped = new Set(next.orders.filter((order) => order.status === 'shipped').map((order) => order.remoteOrderId));
    expect(shipped.size).toBe(120);
  });

  it('a restart mid-way (a new connector with the stored cursor) carries on where the last page ended', async () => {
    const clock = Date.parse('2026-12-04T09:00:00Z');
    const shop = await shopOf('1.7', () => clock);
    shop.control.seedItems([{ sku: 'BULK', title: 'Calzini', quantity: 100_000, priceCents: 500 }]);
    for (let index = 0; index < 110; index += 1) shop.control.placeOrder({ lines: [{ sku: 'BULK', quantity: 1 }] });
    const options = { overlapMs: 600_000, lookBackMs: 3_600_000 };
    const before = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    const seeded = await before.fetchOrders(null, options);
    const firstPage = await before.fetchOrders(seeded.cursor, options);
    expect(firstPage.more).toBe(true);
    const after = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    const rest = await pollAll(after, firstPage.cursor, options);
    expect(new Set([...firstPage.orders, ...rest.orders].map((order) => order.remoteOrderId)).size).toBe(110);
  });

  it('an order dated far in the future does not push the window past later state changes', async () => {
    let clock = Date.parse('2026-12-04T09:00:00Z');
    const shop = await shopOf('8', () => clock);
    seedWardrobe(shop);
    const normal = shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] }).remoteOrderId;
    clock = Date.parse('2099-01-01T00:00:00Z');
    shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] });
    clock = Date.parse('2026-12-04T09:01:00Z');
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ now: () => new Date(clock) }));
    const first = await pollAll(connector, null);
    expect(first.orders).toHaveLength(2);
    clock = Date.parse('2026-12-04T11:00:00Z');
    shop.control.shipOrder(normal);
    const next = await pollAll(connector, first.cursor);
    expect(next.orders.find((order) => order.remoteOrderId === normal)?.status).toBe('shipped');
  });

  it('a corrupt cursor starts over with the look-back instead of failing', async () => {
    const shop = await shopOf('8');
    seedWardrobe(shop);
    shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }] });
    const { orders } = await pollAll(createPrestashopConnector(credentialsOf(shop), testContext()), '{"phase":"nope"');
    expect(orders.map((order) => order.remoteOrderId)).toEqual(['1']);
  });
});

describe('PrestaShop faults', () => {
  it('classifies 429 with Retry-After, 5xx, a timeout and a dropped connection as retry', async () => {
    const shop = await shopOf('8');
    seedWardrobe(shop);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ timeoutMs: 300 }));
    shop.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 7 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'rate-limited', retryAfterMs: 7_000, status: 429 });
    shop.control.injectFault({ kind: 'status', count: 1, status: 502 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'remote-error', status: 502 });
    shop.control.injectFault({ kind: 'timeout', count: 1, delayMs: 3_000 });
    expect(await caught(connector.fetchOrders(null, { overlapMs: 0, lookBackMs: 0 }))).toMatchObject({ disposition: 'retry', problem: 'timeout' });
    shop.control.injectFault({ kind: 'drop', count: 1 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unreachable' });
    // After the faults the same calls succeed.
    expect((await connector.listListings(null)).listings).toHaveLength(4);
  });

  it('a stock write that meets a 429 holds the rest of the batch with the wait the shop asked for', async () => {
    const shop = await shopOf('1.7');
    seedWardrobe(shop);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const listings = await allListings(connector);
    shop.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 3, pathIncludes: 'stock_availables' });
    const outcomes = await connector.setQuantities(listings.slice(0, 2).map((listing, index) => ({ mapping: mappingOf(listing, `v${index}`), quantity: 1 })));
    expect(outcomes).toEqual([
      { variantId: 'v0', result: 'retry', problem: 'rate-limited', detail: expect.any(String) as unknown, retryAfterMs: 3_000 },
      { variantId: 'v1', result: 'retry', problem: 'rate-limited', detail: expect.any(String) as unknown, retryAfterMs: 3_000 },
    ]);
  });

  it('a deleted stock row id is not-found; a webservice switched off mid-run stops the account', async () => {
    const shop = await shopOf('1.7');
    seedWardrobe(shop);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const mug = (await allListings(connector)).find((listing) => listing.sku === 'MUG-1');
    if (mug === undefined) throw new Error('seed missing');
    expect(await connector.setQuantities([{ mapping: { ...mappingOf(mug, 'v'), remoteStockId: '99999' }, quantity: 1 }])).toEqual([{ variantId: 'v', result: 'not-found' }]);
    shop.control.setWebserviceEnabled(false);
    expect(await caught(connector.setQuantities([{ mapping: mappingOf(mug, 'v'), quantity: 1 }]))).toMatchObject({ disposition: 'auth', problem: 'webservice-disabled', status: 503 });
  });
});

/** A fetch that rewrites the shop's answers, for hostile remotes. */
function rewritingFetch(rewrite: (url: string, text: string) => string): typeof fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const text = rewrite(String(input instanceof Request ? input.url : input), await response.text());
    return new Response(text, { status: response.status, headers: response.headers });
  };
}

describe('PrestaShop hostile answers', () => {
  it('skips an order with an absurd quantity, cleans NUL bytes, and survives missing fields', async () => {
    const shop = await shopOf('8');
    seedWardrobe(shop);
    shop.control.placeOrder({ lines: [{ sku: 'MUG-1', quantity: 1 }], buyerName: 'Anna Bianchi' });
    shop.control.placeOrder({ lines: [{ sku: 'TS-M-BLU', quantity: 1 }] });
    shop.control.placeOrder({ lines: [{ sku: 'TS-L-BLU', quantity: 1 }] });
    const skipped: string[] = [];
    const hostile = rewritingFetch((url, text) => {
      if (!url.includes('/api/orders') || !url.includes('display=full')) return text.replace(/"Anna"/, '"An\\u0000na"');
      const parsed = JSON.parse(text) as { orders: Record<string, unknown>[] };
      const [first, second, third] = parsed.orders;
      if (first !== undefined) first['total_paid_tax_incl'] = 'lots';
      const rows = (second?.['associations'] as { order_rows: Record<string, unknown>[] } | undefined)?.order_rows;
      if (rows?.[0] !== undefined) rows[0]['product_quantity'] = 1e308;
      if (third !== undefined) {
        delete third['associations'];
        third['reference'] = 'REF\u0000X';
      }
      return JSON.stringify(parsed);
    });
    const connector = createPrestashopConnector(credentialsOf(shop), testContext({ fetch: hostile }), (reason) => skipped.push(reason));
    const { orders } = await pollAll(connector, null);
    expect(orders.map((order) => order.remoteOrderId)).toEqual(['3']);
    expect(orders[0]).toMatchObject({ reference: 'REFX', lines: [] });
    expect(skipped.some((reason) => reason.startsWith('order 1:'))).toBe(true);
    expect(skipped.some((reason) => reason.startsWith('order 2:'))).toBe(true);
  });

  it('an HTML page where JSON belongs is an unexpected answer, and 1e308 quantities list as unknown', async () => {
    const shop = await shopOf('8');
    seedWardrobe(shop);
    const html = createPrestashopConnector(credentialsOf(shop), testContext({ fetch: rewritingFetch(() => '<html><body>Manutenzione in corso</body></html>') }));
    expect(await caught(html.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unexpected-answer' });
    const huge = createPrestashopConnector(credentialsOf(shop), testContext({ fetch: rewritingFetch((url, text) => (url.includes('stock_availables') ? text.replace(/"quantity":"\d+"/g, '"quantity":1e308') : text)) }));
    const listings = await allListings(huge);
    expect(listings).toHaveLength(4);
    expect(listings.every((listing) => listing.quantity === null)).toBe(true);
  });
});

describe.each(['1.7', '8'] as const)('PrestaShop %s publish', (version) => {
  const product: Product = {
    id: 'p1',
    sku: 'FELPA',
    name: 'Felpa "Città" <limited>'.replace('<limited>', 'limitata'),
    categoryId: null,
    vatCode: '22',
    unit: 'piece',
    priceCents: 4880,
    axes: [
      { name: 'Taglia', values: ['S', 'M'] },
      { name: 'Colore', values: ['Nero', 'Grigio'] },
    ],
    variants: [
      { id: 'v-s-nero', sku: 'FELPA-S-NERO', barcodes: ['8000000000017'], options: { Taglia: 'S', Colore: 'Nero' }, priceCents: null, active: true },
      { id: 'v-m-nero', sku: 'FELPA-M-NERO', barcodes: [], options: { Taglia: 'M', Colore: 'Nero' }, priceCents: null, active: true },
      { id: 'v-m-grigio', sku: 'FELPA-M-GRIGIO', barcodes: ['not-an-ean'], options: { Taglia: 'M', Colore: 'Grigio' }, priceCents: 5490, active: true },
    ],
    active: true,
  };

  it('creates the product, the attribute groups and values it needs, one combination per variant, and the stock', async () => {
    const shop = await shopOf(version);
    seedWardrobe(shop); // Taglia M and Colore Blu already exist and are reused.
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const published = await connector.publish?.({ product, quantities: { 'v-s-nero': 4, 'v-m-nero': 0, 'v-m-grigio': 9 } });
    expect(published?.listings.map((listing) => listing.sku)).toEqual(['FELPA-S-NERO', 'FELPA-M-NERO', 'FELPA-M-GRIGIO']);
    expect(shop.control.quantityOf('FELPA-S-NERO')).toBe(4);
    expect(shop.control.quantityOf('FELPA-M-GRIGIO')).toBe(9);
    const listed = (await allListings(connector)).filter((listing) => listing.remoteProductId === published?.remoteProductId);
    expect(listed.map((listing) => [listing.sku, listing.barcode, listing.quantity, listing.remoteStockId])).toEqual(
      published?.listings.map((listing) => [listing.sku, listing.barcode, listing.quantity, listing.remoteStockId]),
    );
    expect(listed.find((listing) => listing.sku === 'FELPA-M-GRIGIO')?.barcode).toBeNull();
    // Publishing again is refused: the shop already has that reference.
    expect(await caught(connector.publish?.({ product, quantities: {} }) ?? Promise.resolve())).toMatchObject({ disposition: 'refused', problem: 'refused-by-remote' });
  });

  it('a name the shop refuses is a refusal with the shop’s words', async () => {
    const shop = await shopOf(version);
    const connector = createPrestashopConnector(credentialsOf(shop), testContext());
    const error = await caught(connector.publish?.({ product: { ...product, sku: 'BAD', name: 'Felpa <b>' }, quantities: {} }) ?? Promise.resolve());
    expect(error).toMatchObject({ disposition: 'refused', problem: 'refused-by-remote', status: 400 });
    expect(error.detail).toContain('name');
  });
});
