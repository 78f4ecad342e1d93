import { afterEach, describe, expect, it } from 'vitest';
import { amazonCredentialsSchema, type AmazonCredentials, type ChannelOrder } from '@cassa/shared';
import { startAmazonEmulator, type AmazonEmulatorOptions, type RunningAmazonEmulator } from '../../../emulators/amazon';
import { ChannelCallError, type ChannelMappingRef, type ConnectorContext } from '../connector';
import { createAmazonConnector } from './index';

// The connector against the emulated SP-API over real HTTP on 127.0.0.1. The emulator and the
// connector share one fake clock, so token expiry, queued patches and the two-minute rule are exact.

const OVERLAP = 10 * 60_000;
const LOOK_BACK = 24 * 3_600_000;

let running: RunningAmazonEmulator | null = null;
let clock = 0;

afterEach(async () => {
  await running?.close();
  running = null;
});

interface Harness {
  readonly amazon: RunningAmazonEmulator;
  readonly credentials: AmazonCredentials;
  readonly taken: string[];
  readonly observed: [string, number][];
  readonly logged: string[];
  context(overrides?: Partial<ConnectorContext>): ConnectorContext;
}

async function harness(options: AmazonEmulatorOptions = {}): Promise<Harness> {
  clock = Date.parse('2026-12-04T10:00:00.000Z');
  running = await startAmazonEmulator({ now: () => clock, usagePlans: 'off', patchApplyDelayMs: 1000, ...options });
  const amazon = running;
  amazon.control.seedItems([
    { sku: 'MAGLIA-M', barcode: '8001234567890', title: 'Maglia M', quantity: 4, priceCents: 1999 },
    { sku: 'MAGLIA-L', title: 'Maglia L', quantity: 2, priceCents: 1999 },
  ]);
  const taken: string[] = [];
  const observed: [string, number][] = [];
  const logged: string[] = [];
  return {
    amazon,
    credentials: amazonCredentialsSchema.parse({ kind: 'amazon', ...amazon.credentials }),
    taken,
    observed,
    logged,
    context: (overrides = {}) => ({
      fetch: globalThis.fetch,
      now: () => new Date(clock),
      take: async (operation) => {
        taken.push(operation);
      },
      observeRate: (operation, perSecond) => {
        observed.push([operation, perSecond]);
      },
      timeoutMs: 5000,
      ...overrides,
    }),
  };
}

function connectorOf(h: Harness, overrides: Partial<ConnectorContext> = {}, credentials: Partial<AmazonCredentials> = {}) {
  return createAmazonConnector({ ...h.credentials, ...credentials }, h.context(overrides), { orderPageSize: 2, log: (message) => h.logged.push(message) });
}

function mapping(sku: string): ChannelMappingRef {
  // Cassa's SKU may be spelt differently from Amazon's: the call goes to the remote id.
  return { variantId: `variant-${sku}`, sku: sku.toLowerCase(), barcode: null, remoteProductId: 'B000000000', remoteVariantId: sku, remoteStockId: null, remoteOfferId: null };
}

/** A fetch that answers `answer(url, init)` instead of the network when it returns a Response. */
function rewriting(answer: (url: string, init: RequestInit | undefined) => Response | null): typeof fetch {
  return async (input, init) => {
    const url = input instanceof URL ? input.href : typeof input === 'string' ? input : input.url;
    return answer(url, init) ?? globalThis.fetch(input, init);
  };
}

async function failure(promise: Promise<unknown>): Promise<ChannelCallError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ChannelCallError)) throw new Error(`expected a ChannelCallError, got ${String(error)}`);
  return error;
}

async function drainOrders(connector: ReturnType<typeof connectorOf>, cursor: string | null): Promise<{ orders: ChannelOrder[]; cursor: string; calls: number }> {
  const orders: ChannelOrder[] = [];
  let next = cursor;
  let calls = 0;
  for (;;) {
    const page = await connector.fetchOrders(next, { overlapMs: OVERLAP, lookBackMs: LOOK_BACK });
    calls += 1;
    orders.push(...page.orders);
    next = page.cursor;
    if (!page.more) return { orders, cursor: page.cursor, calls };
    if (calls > 50) throw new Error('paging never ends');
  }
}

describe('Amazon connector: test connection', () => {
  it('succeeds and says how many listings the seller has', async () => {
    const h = await harness();
    const result = await connectorOf(h).testConnection();
    expect(result).toMatchObject({ ok: true, problem: null });
    expect(result.summary).toContain('2 listings');
    expect(h.taken).toEqual(['token', 'listings', 'searchOrders']);
  });

  it('tells apart a wrong secret, a revoked authorisation, an unreachable address, a wrong path and a missing role', async () => {
    const h = await harness();
    expect(await connectorOf(h, {}, { clientSecret: 'wrong-secret' }).testConnection()).toMatchObject({ ok: false, problem: 'auth-refused' });
    expect(await connectorOf(h, {}, { endpoint: `${h.amazon.url}/wrong/` }).testConnection()).toMatchObject({ ok: false, problem: 'not-found' });
    expect(await connectorOf(h, {}, { endpoint: 'http://127.0.0.1:9' }).testConnection()).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(await connectorOf(h, {}, { tokenUrl: 'http://127.0.0.1:9/auth/o2/token' }).testConnection()).toMatchObject({ ok: false, problem: 'unreachable' });
    const wrongTokenPath = await connectorOf(h, {}, { tokenUrl: `${h.amazon.url}/auth/token` }).testConnection();
    expect(wrongTokenPath).toMatchObject({ ok: false, problem: 'not-found' });
    expect(wrongTokenPath.detail).toMatch(/^Login with Amazon:/);
    // Another seller's id: Amazon refuses access like a missing role.
    expect(await connectorOf(h, {}, { sellerId: 'A3OTHERSELLER' }).testConnection()).toMatchObject({ ok: false, problem: 'permission-missing' });
    h.amazon.control.setRoles({ orders: false });
    const noOrders = await connectorOf(h).testConnection();
    expect(noOrders).toMatchObject({ ok: false, problem: 'permission-missing' });
    expect(noOrders.detail).toMatch(/^Orders:/);
    h.amazon.control.setRoles({ orders: true, listings: false });
    expect(await connectorOf(h).testConnection()).toMatchObject({ ok: false, problem: 'permission-missing' });
    h.amazon.control.revokeRefreshToken();
    expect(await connectorOf(h).testConnection()).toMatchObject({ ok: false, problem: 'token-expired' });
  });
});

describe('Amazon connector: listings and quantities', () => {
  it('lists every listing a page at a time with its SKU, ASIN, barcode and quantity', async () => {
    const h = await harness();
    h.amazon.control.seedItems(
      Array.from({ length: 43 }, (_, index) => ({ sku: `SKU-${String(index).padStart(3, '0')}`, title: `Articolo ${index}`, quantity: index, priceCents: 500, ...(index < 3 ? { group: 'FAMIGLIA' } : {}) })),
    );
    const connector = connectorOf(h);
    const seen = new Map<string, { quantity: number | null; barcode: string | null; remoteProductId: string }>();
    let page: string | null = null;
    let pages = 0;
    do {
      const result = await connector.listListings(page);
      pages += 1;
      for (const listing of result.listings) seen.set(listing.sku ?? '', { quantity: listing.quantity, barcode: listing.barcode, remoteProductId: listing.remoteProductId });
      page = result.next;
    } while (page !== null);
    expect(pages).toBe(3);
    expect(seen.size).toBe(45);
    expect(seen.get('MAGLIA-M')).toMatchObject({ quantity: 4, barcode: '8001234567890' });
    expect(seen.get('MAGLIA-M')?.remoteProductId).toMatch(/^B0/);
    expect(seen.get('SKU-042')).toMatchObject({ quantity: 42, barcode: null });
    // Variations of one family share the parent SKU as their product.
    expect(['SKU-000', 'SKU-001', 'SKU-002'].map((sku) => seen.get(sku)?.remoteProductId)).toEqual(['FAMIGLIA', 'FAMIGLIA', 'FAMIGLIA']);
  });

  it('reads a catalogue beyond the 1000 SKUs one search can page through, in slices of creation time', async () => {
    const h = await harness();
    h.amazon.control.seedItems(Array.from({ length: 2500 }, (_, index) => ({ sku: `BIG-${String(index).padStart(4, '0')}`, title: `Articolo ${index}`, quantity: 1, priceCents: 500 })));
    const connector = connectorOf(h);
    const skus = new Set<string>();
    let page: string | null = null;
    let calls = 0;
    do {
      const result = await connector.listListings(page);
      calls += 1;
      for (const listing of result.listings) skus.add(listing.sku ?? '');
      page = result.next;
    } while (page !== null && calls < 1000);
    expect(skus.size).toBe(2502);
    // 2502 listings, 20 a page, plus the searches that only told a slice was too big.
    expect(calls).toBeLessThan(2502 / 20 + 20);
  });

  it('sets the MFN quantity: accepted (queued), and buyers see it once Amazon applies it', async () => {
    const h = await harness();
    const outcomes = await connectorOf(h).setQuantities([{ mapping: mapping('MAGLIA-M'), quantity: 11 }]);
    expect(outcomes).toEqual([{ variantId: 'variant-MAGLIA-M', result: 'accepted' }]);
    expect(h.amazon.control.quantityOf('MAGLIA-M')).toBe(4);
    clock += 1000;
    expect(h.amazon.control.quantityOf('MAGLIA-M')).toBe(11);
    // A buyer takes one, then the same absolute figure is sent again (a repeated job): no drift.
    h.amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }] });
    const connector = connectorOf(h);
    await connector.setQuantities([{ mapping: mapping('MAGLIA-M'), quantity: 10 }]);
    await connector.setQuantities([{ mapping: mapping('MAGLIA-M'), quantity: 10 }]);
    clock += 1000;
    expect(h.amazon.control.quantityOf('MAGLIA-M')).toBe(10);
  });

  it('answers not-found for a deleted SKU and refused for an INVALID submission, per item', async () => {
    const h = await harness();
    const invalid = rewriting((url, init) =>
      init?.method === 'PATCH' && url.includes('/MAGLIA-L?')
        ? Response.json({ sku: 'MAGLIA-L', status: 'INVALID', submissionId: 'x', issues: [{ code: '90000900', message: 'The attributes are invalid.', severity: 'ERROR' }] })
        : null,
    );
    const outcomes = await connectorOf(h, { fetch: invalid }).setQuantities([
      { mapping: mapping('GONE'), quantity: 1 },
      { mapping: mapping('MAGLIA-L'), quantity: 1 },
      { mapping: mapping('MAGLIA-M'), quantity: 2 },
    ]);
    expect(outcomes).toEqual([
      { variantId: 'variant-GONE', result: 'not-found' },
      { variantId: 'variant-MAGLIA-L', result: 'refused', problem: 'refused-by-remote', detail: '90000900: The attributes are invalid.' },
      { variantId: 'variant-MAGLIA-M', result: 'accepted' },
    ]);
  });

  it('gives an item a retry outcome with the wait when Amazon throttles it', async () => {
    const h = await harness();
    h.amazon.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 2, pathIncludes: '/MAGLIA-M' });
    const outcomes = await connectorOf(h).setQuantities([{ mapping: mapping('MAGLIA-M'), quantity: 3 }]);
    expect(outcomes).toEqual([{ variantId: 'variant-MAGLIA-M', result: 'retry', problem: 'rate-limited', detail: expect.stringContaining('QuotaExceeded'), retryAfterMs: 2000 }]);
  });
});

describe('Amazon connector: failures', () => {
  it('classifies 429 (with and without Retry-After), 5xx, a timeout and a dropped connection as retry', async () => {
    const h = await harness({ usagePlans: 'production' });
    const connector = connectorOf(h);
    h.amazon.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 3, pathIncludes: '/listings/' });
    expect(await failure(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'rate-limited', retryAfterMs: 3000, status: 429 });
    h.amazon.control.injectFault({ kind: 'status', count: 1, status: 503, pathIncludes: '/listings/' });
    expect(await failure(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'remote-error', status: 503 });
    // A small deadline only where the answer is held back, so a busy machine cannot fake a timeout.
    h.amazon.control.injectFault({ kind: 'timeout', count: 1, delayMs: 10_000, pathIncludes: '/listings/' });
    expect(await failure(connectorOf(h, { timeoutMs: 1500 }).listListings(null))).toMatchObject({ disposition: 'retry', problem: 'timeout' });
    h.amazon.control.injectFault({ kind: 'drop', count: 1, pathIncludes: '/listings/' });
    expect(await failure(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unreachable' });
    // Amazon's own throttle (5 per second, burst 5, the clock standing still): no Retry-After,
    // so the wait comes from x-amzn-RateLimit-Limit, which the limiter is told about too.
    const throttled: ChannelCallError[] = [];
    for (let index = 0; index < 6; index += 1) {
      await connector.listListings(null).catch((error: unknown) => {
        if (error instanceof ChannelCallError) throttled.push(error);
      });
    }
    expect(throttled.map((error) => [error.problem, error.retryAfterMs])).toEqual([['rate-limited', 1000]]);
    expect(h.observed).toContainEqual(['listings', 5]);
  });

  it('refreshes an expired token transparently, once, and stops with auth when the refresh token is revoked', async () => {
    const h = await harness({ tokenLifetimeSeconds: 3600 });
    const connector = connectorOf(h);
    await connector.listListings(null);
    h.amazon.control.expireAccessTokens();
    await connector.listListings(null);
    expect(h.amazon.control.requestCount({ pathIncludes: '/auth/o2/token' })).toBe(2);
    clock += 3600_000; // the hour passes: the connector renews before using a dying token
    await connector.listListings(null);
    expect(h.amazon.control.requestCount({ pathIncludes: '/auth/o2/token' })).toBe(3);
    expect(h.amazon.control.requestCount({ pathIncludes: '/listings/' })).toBe(4);
    h.amazon.control.revokeRefreshToken();
    h.amazon.control.expireAccessTokens();
    expect(await failure(connector.listListings(null))).toMatchObject({ disposition: 'auth', problem: 'token-expired' });
  });

  it('turns hostile answers into classified errors or skipped entries, never a crash', async () => {
    const h = await harness();
    const html = rewriting((url) => (url.includes('/listings/') ? new Response('<html><body>Service Unavailable</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }) : null));
    expect(await failure(connectorOf(h, { fetch: html }).listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unexpected-answer' });
    const gateway = rewriting((url) => (url.includes('/listings/') ? new Response('<html>502 Bad Gateway\u0000</html>', { status: 502 }) : null));
    const bad = await failure(connectorOf(h, { fetch: gateway }).listListings(null));
    expect(bad).toMatchObject({ disposition: 'retry', problem: 'remote-error' });
    expect(bad.detail).not.toContain('\u0000');
    const weird = rewriting((url) =>
      url.includes('/listings/')
        ? Response.json({
            numberOfResults: 4,
            items: [
              { sku: 'BIG', fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 1e308 }], summaries: [{ itemName: 'x\u0000y' }] },
              { nosku: true },
              { sku: 'PARENT', relationships: [{ marketplaceId: 'APJ6JRA9NG5V4', relationships: [{ type: 'VARIATION', childSkus: ['BIG', 'OK'] }] }] },
              { sku: 'OK', fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 3 }] },
            ],
          })
        : null,
    );
    const page = await connectorOf(h, { fetch: weird }).listListings(null);
    expect(page.listings.map((listing) => [listing.sku, listing.quantity, listing.title])).toEqual([
      ['BIG', null, 'x y'],
      ['OK', 3, 'OK'],
    ]);
    const noToken = rewriting((url) => (url.includes('/auth/o2/token') ? Response.json({ token_type: 'bearer' }) : null));
    expect(await failure(connectorOf(h, { fetch: noToken }).listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unexpected-answer' });
  });
});

describe('Amazon connector: orders', () => {
  it('reads every order over several pages, then picks up status changes through the overlap', async () => {
    const h = await harness();
    const placed: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      clock += 60_000;
      placed.push(h.amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }, { sku: 'MAGLIA-L', quantity: 1, unitPriceCents: 115 }], buyerName: `Cliente ${index}` }).remoteOrderId);
      h.amazon.control.seedItems([{ sku: 'MAGLIA-M', title: 'Maglia M', quantity: 10, priceCents: 1999 }, { sku: 'MAGLIA-L', title: 'Maglia L', quantity: 10, priceCents: 1999 }]);
    }
    const connector = connectorOf(h);
    // Within two minutes and a half of the last order it is not asked for yet.
    clock += 60_000;
    const early = await drainOrders(connector, null);
    expect(early.orders.map((order) => order.remoteOrderId)).toEqual(placed.slice(0, 3));
    clock += 5 * 60_000;
    const first = await drainOrders(connector, early.cursor);
    expect(new Set([...early.orders, ...first.orders].map((order) => order.remoteOrderId))).toEqual(new Set(placed));
    expect(first.calls).toBeGreaterThan(1);
    const order = first.orders.find((entry) => entry.remoteOrderId === placed[4]);
    expect(order).toMatchObject({
      status: 'open',
      reference: placed[4],
      dedupeKey: null,
      currency: 'EUR',
      totalCents: 1999 + 115,
      shippingCents: 0,
      buyerName: 'Cliente 4',
      lines: [
        { sku: 'MAGLIA-M', quantity: 1, unitPriceCents: 1999, totalCents: 1999 },
        { sku: 'MAGLIA-L', quantity: 1, unitPriceCents: 115, totalCents: 115 },
      ],
    });

    h.amazon.control.shipOrder(placed[0] as string);
    h.amazon.control.cancelOrder(placed[1] as string);
    clock += 3 * 60_000;
    // A restart between polls: a new connector goes on from the stored cursor.
    const changes = await drainOrders(connectorOf(h), first.cursor);
    const status = new Map(changes.orders.map((entry) => [entry.remoteOrderId, entry.status]));
    expect(status.get(placed[0] as string)).toBe('shipped');
    expect(status.get(placed[1] as string)).toBe('cancelled');
    expect(h.taken.filter((operation) => operation === 'searchOrders').length).toBe(early.calls + first.calls + changes.calls);
    expect(h.amazon.control.requestCount({ pathIncludes: '/orders/' })).toBe(early.calls + first.calls + changes.calls);
  });

  it('never sends a lastUpdatedBefore closer than two minutes, whatever the polling rhythm', async () => {
    const h = await harness();
    const befores: number[] = [];
    const watching = rewriting((url) => {
      const parsed = new URL(url);
      const before = parsed.searchParams.get('lastUpdatedBefore');
      if (parsed.pathname.includes('/orders/') && before !== null) befores.push(clock - Date.parse(before));
      return null;
    });
    const connector = connectorOf(h, { fetch: watching });
    let cursor: string | null = null;
    for (let index = 0; index < 6; index += 1) {
      clock += 7_000;
      cursor = (await connector.fetchOrders(cursor, { overlapMs: 0, lookBackMs: 10 * 60_000 })).cursor;
    }
    expect(befores).toHaveLength(6);
    expect(Math.min(...befores)).toBeGreaterThanOrEqual(120_000);
  });

  it('measures the two minutes on the clock of Amazon when ours runs ahead', async () => {
    const h = await harness();
    h.amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }] });
    clock += 5 * 60_000;
    const ahead = connectorOf(h, { now: () => new Date(clock + 2 * 3_600_000) });
    const refused = await ahead.fetchOrders(null, { overlapMs: OVERLAP, lookBackMs: 3_600_000 });
    expect(refused).toMatchObject({ orders: [], more: true });
    // The look-back is measured from Amazon's now, so an hour back still reaches the order.
    // (HTTP `Date` has whole seconds: Amazon's now is known to within one.)
    const after = Date.parse((JSON.parse(refused.cursor) as { after: string }).after);
    expect(after).toBeGreaterThanOrEqual(clock - 3_600_000 - 1000);
    expect(after).toBeLessThanOrEqual(clock - 3_600_000);
    expect(h.logged.join('\n')).toContain('clock');
    const all = await drainOrders(ahead, refused.cursor);
    expect(all.orders).toHaveLength(1);
  });

  it('restarts the window when Amazon refuses a page token (expired after 24 hours)', async () => {
    const h = await harness();
    for (let index = 0; index < 3; index += 1) h.amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }] });
    clock += 5 * 60_000;
    const connector = connectorOf(h);
    const page = await connector.fetchOrders(null, { overlapMs: OVERLAP, lookBackMs: LOOK_BACK });
    expect(page.more).toBe(true);
    clock += 25 * 3_600_000;
    const restarted = await connector.fetchOrders(page.cursor, { overlapMs: OVERLAP, lookBackMs: LOOK_BACK });
    expect(restarted).toMatchObject({ orders: [], more: true });
    expect(h.logged.join('\n')).toContain('page token');
    const all = await drainOrders(connector, restarted.cursor);
    expect(all.orders).toHaveLength(3);
  });

  it('skips an order it cannot read, with a logged reason, and keeps the rest of the page', async () => {
    const h = await harness();
    const good = {
      orderId: '405-0000001-0000001',
      createdTime: '2026-12-04T09:00:00Z',
      lastUpdatedTime: '2026-12-04T09:05:00Z',
      salesChannel: { channelName: 'AMAZON' },
      fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
      proceeds: { grandTotal: { amount: '24.98', currencyCode: 'EUR' } },
      orderItems: [{ orderItemId: '1', quantityOrdered: 2, product: { sellerSku: 'MAGLIA-M', title: 'Maglia', price: { unitPrice: { amount: '9.99', currencyCode: 'EUR' } } } }],
    };
    const hostile = rewriting((url) =>
      url.includes('/orders/2026-01-01/')
        ? Response.json({
            orders: [
              { ...good, orderId: 'bad\u0000id' },
              { ...good, orderId: '405-0000002-0000002', orderItems: [{ ...good.orderItems[0], quantityOrdered: 1e308 }] },
              { ...good, orderId: '405-0000003-0000003', proceeds: { grandTotal: { amount: '1e308', currencyCode: 'EUR' } } },
              { orderId: '405-0000004-0000004' },
              { ...good, orderId: '405-0000005-0000005', fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' } },
              good,
            ],
          })
        : null,
    );
    const page = await connectorOf(h, { fetch: hostile }).fetchOrders(null, { overlapMs: OVERLAP, lookBackMs: LOOK_BACK });
    expect(page.orders).toEqual([
      expect.objectContaining({ remoteOrderId: '405-0000001-0000001', totalCents: 2498, shippingCents: 500, lines: [expect.objectContaining({ unitPriceCents: 999, totalCents: 1998, quantity: 2 })] }),
    ]);
    expect(h.logged).toHaveLength(4);
    const html = rewriting((url) => (url.includes('/orders/') ? new Response('<!doctype html><title>Oops</title>', { status: 200 }) : null));
    expect(await failure(connectorOf(h, { fetch: html }).fetchOrders(null, { overlapMs: OVERLAP, lookBackMs: LOOK_BACK }))).toMatchObject({ problem: 'unexpected-answer', disposition: 'retry' });
  });
});
