import { afterEach, describe, expect, it } from 'vitest';
import { startAmazonEmulator, type AmazonEmulatorOptions, type RunningAmazonEmulator } from './index';

// The emulator's quirks, checked over HTTP against what the models and the reference say, with the
// emulator's own clock so expiry, queued patches and the two-minute rule are exact.

let running: RunningAmazonEmulator | null = null;
let clock = Date.parse('2026-12-04T10:00:00.000Z');

afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(options: AmazonEmulatorOptions = {}): Promise<RunningAmazonEmulator> {
  clock = Date.parse('2026-12-04T10:00:00.000Z');
  running = await startAmazonEmulator({ now: () => clock, ...options });
  running.control.seedItems([
    { sku: 'MAGLIA-M', barcode: '8001234567890', title: 'Maglia M', quantity: 4, priceCents: 1999 },
    { sku: 'MAGLIA-L', title: 'Maglia L', quantity: 2, priceCents: 1999 },
  ]);
  return running;
}

async function token(amazon: RunningAmazonEmulator, overrides: Record<string, string> = {}): Promise<Response> {
  const c = amazon.credentials;
  return fetch(String(c['tokenUrl']), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: String(c['refreshToken']), client_id: String(c['clientId']), client_secret: String(c['clientSecret']), ...overrides }),
  });
}

async function accessToken(amazon: RunningAmazonEmulator): Promise<string> {
  const body = (await (await token(amazon)).json()) as { access_token: string; expires_in: number };
  return body.access_token;
}

function api(amazon: RunningAmazonEmulator, path: string, accessTokenValue: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${amazon.url}${path}`, { ...init, headers: { 'x-amz-access-token': accessTokenValue, 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

const seller = 'A2EMULATEDSELLER';
const market = 'marketplaceIds=APJ6JRA9NG5V4';
const iso = (ms: number) => new Date(ms).toISOString();

describe('Amazon emulator: Login with Amazon', () => {
  it('exchanges the refresh token for an hour-long token and refuses a wrong client or a revoked grant', async () => {
    const amazon = await start();
    const ok = await token(amazon);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const wrongSecret = await token(amazon, { client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    amazon.control.revokeRefreshToken();
    const revoked = await token(amazon);
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 403 Unauthorized once the token has expired, and to a missing role', async () => {
    const amazon = await start({ tokenLifetimeSeconds: 60 });
    const t = await accessToken(amazon);
    expect((await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, t)).status).toBe(200);
    clock += 61_000;
    const expired = await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, t);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ errors: [{ code: 'Unauthorized' }] });
    const fresh = await accessToken(amazon);
    amazon.control.setRoles({ orders: false });
    expect((await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 3_600_000)}`, fresh)).status).toBe(403);
    expect((await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, fresh)).status).toBe(200);
  });
});

describe('Amazon emulator: listings', () => {
  it('queues an ACCEPTED patch and applies it only after the delay', async () => {
    const amazon = await start({ patchApplyDelayMs: 1000 });
    const t = await accessToken(amazon);
    const patch = await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-M?${market}`, t, {
      method: 'PATCH',
      body: JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 9 }] }] }),
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ sku: 'MAGLIA-M', status: 'ACCEPTED' });
    expect(amazon.control.quantityOf('MAGLIA-M')).toBe(4);
    clock += 1000;
    expect(amazon.control.quantityOf('MAGLIA-M')).toBe(9);
    const read = await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-M?${market}&includedData=summaries,fulfillmentAvailability`, t);
    expect(await read.json()).toMatchObject({ fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 9 }] });
  });

  it('turns an accepted patch INVALID later: the quantity stays and the listing carries an issue', async () => {
    const amazon = await start();
    const t = await accessToken(amazon);
    const body = JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }] });
    expect(await (await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-L?${market}`, t, { method: 'PATCH', body })).json()).toMatchObject({ status: 'ACCEPTED' });
    expect(amazon.control.rejectQueuedPatches('MAGLIA-L')).toBe(1);
    clock += 5000;
    expect(amazon.control.quantityOf('MAGLIA-L')).toBe(2);
    const read = await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-L?${market}&includedData=issues`, t);
    expect(await read.json()).toMatchObject({ issues: [{ severity: 'ERROR' }] });
  });

  it('answers INVALID (200) to a bad quantity, 404 to an unknown SKU and 400 to a body without patches', async () => {
    const amazon = await start();
    const t = await accessToken(amazon);
    const bad = await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-M?${market}`, t, {
      method: 'PATCH',
      body: JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: -1 }] }] }),
    });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ status: 'INVALID', issues: [{ severity: 'ERROR' }] });
    const unknown = await api(amazon, `/listings/2021-08-01/items/${seller}/NOPE?${market}`, t, { method: 'PATCH', body: JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'merge', path: '/x' }] }) });
    expect(unknown.status).toBe(404);
    const empty = await api(amazon, `/listings/2021-08-01/items/${seller}/MAGLIA-M?${market}`, t, { method: 'PATCH', body: JSON.stringify({ productType: 'PRODUCT', patches: [] }) });
    expect(empty.status).toBe(400);
  });

  it('pages searchListingsItems 20 at most and never past 1000 SKUs', async () => {
    const amazon = await start({ usagePlans: 'off' });
    amazon.control.seedItems(Array.from({ length: 1005 }, (_, index) => ({ sku: `SKU-${String(index).padStart(5, '0')}`, title: `Item ${index}`, quantity: 1, priceCents: 100 })));
    const t = await accessToken(amazon);
    expect((await api(amazon, `/listings/2021-08-01/items/${seller}?${market}&pageSize=21`, t)).status).toBe(400);
    let pageToken: string | null = null;
    let seen = 0;
    let total = 0;
    do {
      const response = await api(amazon, `/listings/2021-08-01/items/${seller}?${market}&pageSize=20${pageToken === null ? '' : `&pageToken=${pageToken}`}`, t);
      const body = (await response.json()) as { numberOfResults: number; items: unknown[]; pagination?: { nextToken?: string } };
      seen += body.items.length;
      total = body.numberOfResults;
      pageToken = body.pagination?.nextToken ?? null;
    } while (pageToken !== null);
    expect(total).toBe(1007);
    expect(seen).toBe(1000);
  });

  it('throttles with 429 QuotaExceeded and reports the plan in x-amzn-RateLimit-Limit', async () => {
    const amazon = await start();
    const t = await accessToken(amazon);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      const response = await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, t);
      expect(response.headers.get('x-amzn-RateLimit-Limit')).toBe('5');
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    clock += 200; // one token back at 5 per second
    expect((await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, t)).status).toBe(200);
  });
});

describe('Amazon emulator: orders', () => {
  it('refuses a *Before closer than two minutes, both time filters at once, and none', async () => {
    const amazon = await start();
    const t = await accessToken(amazon);
    const tooClose = await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 3_600_000)}&lastUpdatedBefore=${iso(clock - 60_000)}`, t);
    expect(tooClose.status).toBe(400);
    expect(await tooClose.json()).toMatchObject({ errors: [{ code: 'InvalidInput' }] });
    expect((await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 3_600_000)}&lastUpdatedBefore=${iso(clock - 121_000)}`, t)).status).toBe(200);
    expect((await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 3_600_000)}&createdAfter=${iso(clock - 3_600_000)}`, t)).status).toBe(400);
    expect((await api(amazon, `/orders/2026-01-01/orders`, t)).status).toBe(400);
    expect((await api(amazon, `/orders/v0/orders?MarketplaceIds=APJ6JRA9NG5V4&CreatedAfter=${iso(clock - 3_600_000)}&CreatedBefore=${iso(clock)}`, t)).status).toBe(400);
  });

  it('serves orders page by page in the 2026-01-01 shape, status changes included, and hides orders older than two years', async () => {
    const amazon = await start({ usagePlans: 'off' });
    const ids = [1, 2, 3].map(() => {
      clock += 1000;
      return amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }], buyerName: 'Anna' }).remoteOrderId;
    });
    expect(amazon.control.quantityOf('MAGLIA-M')).toBe(1);
    clock += 5 * 60_000;
    const t = await accessToken(amazon);
    const query = `lastUpdatedAfter=${iso(clock - 3_600_000)}&lastUpdatedBefore=${iso(clock - 180_000)}&maxResultsPerPage=2&includedData=BUYER,PROCEEDS,FULFILLMENT`;
    const first = (await (await api(amazon, `/orders/2026-01-01/orders?${query}`, t)).json()) as { orders: { orderId: string }[]; pagination?: { nextToken: string } };
    expect(first.orders.map((order) => order.orderId)).toEqual(ids.slice(0, 2));
    const token = first.pagination?.nextToken ?? '';
    expect((await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 7_200_000)}&paginationToken=${token}`, t)).status).toBe(400);
    const second = (await (await api(amazon, `/orders/2026-01-01/orders?${query}&paginationToken=${token}`, t)).json()) as { orders: Record<string, unknown>[]; pagination?: unknown };
    expect(second.pagination).toBeUndefined();
    expect(second.orders[0]).toMatchObject({
      orderId: ids[2],
      buyer: { buyerName: 'Anna' },
      fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
      proceeds: { grandTotal: { amount: '19.99', currencyCode: 'EUR' } },
      orderItems: [{ quantityOrdered: 1, product: { sellerSku: 'MAGLIA-M', price: { unitPrice: { amount: '19.99' } } } }],
    });

    amazon.control.cancelOrder(ids[0] as string);
    expect(amazon.control.quantityOf('MAGLIA-M')).toBe(2);
    clock += 5 * 60_000;
    const changed = (await (await api(amazon, `/orders/2026-01-01/orders?lastUpdatedAfter=${iso(clock - 6 * 60_000)}&includedData=FULFILLMENT`, t)).json()) as { orders: Record<string, unknown>[] };
    expect(changed.orders).toEqual([expect.objectContaining({ orderId: ids[0], fulfillment: expect.objectContaining({ fulfillmentStatus: 'CANCELLED' }) })]);

    clock += 2 * 366 * 24 * 3_600_000;
    const later = await accessToken(amazon);
    const old = (await (await api(amazon, `/orders/2026-01-01/orders?createdAfter=${iso(clock - 3 * 366 * 24 * 3_600_000)}`, later)).json()) as { orders: unknown[] };
    expect(old.orders).toEqual([]);
  });

  it('serves the deprecated v0 getOrders and getOrderItems, ItemPrice being the line total', async () => {
    const amazon = await start({ usagePlans: 'off' });
    clock += 1000;
    const { remoteOrderId } = amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-L', quantity: 2, unitPriceCents: 1050 }] });
    clock += 5 * 60_000;
    const t = await accessToken(amazon);
    const orders = (await (await api(amazon, `/orders/v0/orders?MarketplaceIds=APJ6JRA9NG5V4&LastUpdatedAfter=${iso(clock - 3_600_000)}`, t)).json()) as { payload: { Orders: Record<string, unknown>[] } };
    expect(orders.payload.Orders).toEqual([expect.objectContaining({ AmazonOrderId: remoteOrderId, OrderStatus: 'Unshipped', OrderTotal: { CurrencyCode: 'EUR', Amount: '21.00' } })]);
    const items = (await (await api(amazon, `/orders/v0/orders/${remoteOrderId}/orderItems`, t)).json()) as { payload: { OrderItems: Record<string, unknown>[] } };
    expect(items.payload.OrderItems).toEqual([expect.objectContaining({ SellerSKU: 'MAGLIA-L', QuantityOrdered: 2, ItemPrice: { CurrencyCode: 'EUR', Amount: '21.00' } })]);
  });

  it('pages v0 getOrders with NextToken, MarketplaceIds still required', async () => {
    const amazon = await start({ usagePlans: 'off' });
    const placed = [1, 2, 3].map(() => {
      clock += 1000;
      return amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-M', quantity: 1 }] }).remoteOrderId;
    });
    clock += 5 * 60_000;
    const t = await accessToken(amazon);
    const first = (await (await api(amazon, `/orders/v0/orders?MarketplaceIds=APJ6JRA9NG5V4&CreatedAfter=${iso(clock - 3_600_000)}&MaxResultsPerPage=2`, t)).json()) as {
      payload: { Orders: { AmazonOrderId: string }[]; NextToken?: string };
    };
    expect(first.payload.Orders.map((order) => order.AmazonOrderId)).toEqual(placed.slice(0, 2));
    const token = encodeURIComponent(first.payload.NextToken ?? '');
    expect((await api(amazon, `/orders/v0/orders?NextToken=${token}`, t)).status).toBe(400);
    const second = (await (await api(amazon, `/orders/v0/orders?MarketplaceIds=APJ6JRA9NG5V4&NextToken=${token}`, t)).json()) as {
      payload: { Orders: { AmazonOrderId: string }[]; NextToken?: string };
    };
    expect(second.payload.Orders.map((order) => order.AmazonOrderId)).toEqual([placed[2]]);
    expect(second.payload.NextToken).toBeUndefined();
  });

  it('keeps a refunded order Shipped in the API: refunds are not an order status', async () => {
    const amazon = await start({ usagePlans: 'off' });
    const { remoteOrderId } = amazon.control.placeOrder({ lines: [{ sku: 'MAGLIA-L', quantity: 1 }] });
    amazon.control.shipOrder(remoteOrderId);
    amazon.control.refundOrder(remoteOrderId);
    expect(amazon.control.orders()).toEqual([{ remoteOrderId, status: 'refunded', lines: [{ sku: 'MAGLIA-L', quantity: 1 }] }]);
    clock += 5 * 60_000;
    const t = await accessToken(amazon);
    const body = (await (await api(amazon, `/orders/2026-01-01/orders?createdAfter=${iso(clock - 3_600_000)}&includedData=FULFILLMENT`, t)).json()) as { orders: Record<string, unknown>[] };
    expect(body.orders[0]).toMatchObject({ fulfillment: { fulfillmentStatus: 'SHIPPED' } });
  });
});

describe('Amazon emulator: faults and the control surface', () => {
  it('injects 5xx, 429 with Retry-After and dropped connections on the API only, and counts requests', async () => {
    const amazon = await start();
    const t = await accessToken(amazon);
    amazon.control.injectFault({ kind: 'status', count: 1, status: 503 });
    amazon.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 3 });
    amazon.control.injectFault({ kind: 'drop', count: 1 });
    const path = `/listings/2021-08-01/items/${seller}?${market}`;
    expect((await api(amazon, path, t)).status).toBe(503);
    // /__emulator/ is never faulted.
    expect((await fetch(`${amazon.url}/__emulator/items/MAGLIA-M`)).status).toBe(200);
    const limited = await api(amazon, path, t);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await expect(api(amazon, path, t)).rejects.toThrow();
    expect((await api(amazon, path, t)).status).toBe(200);
    expect(amazon.control.requestCount({ method: 'GET', pathIncludes: '/listings/' })).toBe(4);
  });

  it('serves the same operations over HTTP under /__emulator/', async () => {
    const amazon = await start();
    const seeded = await fetch(`${amazon.url}/__emulator/items`, { method: 'POST', body: JSON.stringify([{ sku: 'GONNA', title: 'Gonna', quantity: 3, priceCents: 4500 }]) });
    expect(seeded.status).toBe(200);
    const placed = await fetch(`${amazon.url}/__emulator/orders`, { method: 'POST', body: JSON.stringify({ lines: [{ sku: 'GONNA', quantity: 1 }] }) });
    const { remoteOrderId } = (await placed.json()) as { remoteOrderId: string };
    expect((await fetch(`${amazon.url}/__emulator/orders/${remoteOrderId}/ship`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${amazon.url}/__emulator/orders/${remoteOrderId}/cancel`, { method: 'POST' })).status).toBe(409);
    expect(await (await fetch(`${amazon.url}/__emulator/items/GONNA`)).json()).toMatchObject({ quantity: 2 });
    expect((await fetch(`${amazon.url}/__emulator/orders`, { method: 'POST', body: JSON.stringify({ lines: [{ sku: 'NOPE', quantity: 1 }] }) })).status).toBe(400);
    const t = await accessToken(amazon);
    expect((await fetch(`${amazon.url}/__emulator/roles`, { method: 'POST', body: JSON.stringify({ listings: false }) })).status).toBe(200);
    expect((await api(amazon, `/listings/2021-08-01/items/${seller}?${market}`, t)).status).toBe(403);
    expect((await fetch(`${amazon.url}/__emulator/tokens/expire`, { method: 'POST' })).status).toBe(200);
    expect((await api(amazon, `/orders/2026-01-01/orders?createdAfter=${iso(clock - 3_600_000)}`, t)).status).toBe(403);
    expect(await (await fetch(`${amazon.url}/__emulator/requests?pathIncludes=/orders/`)).json()).toEqual({ count: 1 });
  });
});

describe('Amazon emulator: catalogue', () => {
  it('keeps a listing’s ASIN when it is seeded again, and names a group’s parent SKU in its relationships', async () => {
    const amazon = await start({ usagePlans: 'off' });
    amazon.control.seedItems([
      { sku: 'ABITO-S', title: 'Abito S', quantity: 1, priceCents: 5000, group: 'abito' },
      { sku: 'ABITO-M', title: 'Abito M', quantity: 1, priceCents: 5000, group: 'abito' },
    ]);
    const t = await accessToken(amazon);
    const read = async (sku: string) =>
      (await (await api(amazon, `/listings/2021-08-01/items/${seller}/${sku}?${market}&includedData=summaries,relationships`, t)).json()) as {
        summaries: { asin: string }[];
        relationships: { relationships: { type: string; parentSkus?: string[] }[] }[];
      };
    const before = await read('MAGLIA-M');
    amazon.control.seedItems([{ sku: 'MAGLIA-M', title: 'Maglia M', quantity: 9, priceCents: 1999 }]);
    expect((await read('MAGLIA-M')).summaries[0]?.asin).toBe(before.summaries[0]?.asin);
    const [small, medium] = [await read('ABITO-S'), await read('ABITO-M')];
    expect(small.relationships[0]?.relationships).toEqual([{ type: 'VARIATION', parentSkus: ['abito'] }]);
    expect(medium.relationships[0]?.relationships).toEqual([{ type: 'VARIATION', parentSkus: ['abito'] }]);
    expect((await read('MAGLIA-M')).relationships[0]?.relationships).toEqual([]);
    expect(small.summaries[0]?.asin).not.toBe(medium.summaries[0]?.asin);
  });
});
