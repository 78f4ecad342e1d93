import { afterEach, describe, expect, it, vi } from 'vitest';
import { FULFILLMENT_SCOPE, INVENTORY_SCOPE, startEbayEmulator } from './index';
import type { EbayEmulatorOptions, RunningEbayEmulator } from './index';

let running: RunningEbayEmulator | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(options: EbayEmulatorOptions = {}) {
  running = await startEbayEmulator(options);
  return running;
}

async function tokenOf(emulator: RunningEbayEmulator, scope = `${INVENTORY_SCOPE} ${FULFILLMENT_SCOPE}`): Promise<Response> {
  const { clientId, clientSecret, refreshToken } = emulator.credentials as Record<string, string>;
  return fetch(`${emulator.url}/identity/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '', scope }).toString(),
  });
}

async function api(emulator: RunningEbayEmulator) {
  const token = ((await (await tokenOf(emulator)).json()) as { access_token: string }).access_token;
  return (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const shirt = { sku: 'TSHIRT-M', barcode: '8001234567890', title: 'T-shirt M', quantity: 5, priceCents: 1990 };

describe('eBay emulator: OAuth', () => {
  it('hands out a 2-hour token for the refresh token and refuses an expired one with 401', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const emulator = await start({ now: () => clock });
    const answer = (await (await tokenOf(emulator)).json()) as { access_token: string; expires_in: number };
    expect(answer.expires_in).toBe(7200);
    const call = () => fetch(`${emulator.url}/sell/inventory/v1/inventory_item`, { headers: { authorization: `Bearer ${answer.access_token}` } });
    expect((await call()).status).toBe(200);
    clock += 7200_000;
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { errors: { errorId: number }[] }).errors[0]?.errorId).toBe(1001);
  });

  it('refuses a wrong secret (401 invalid_client), a revoked grant (400 invalid_grant) and a scope not granted (400 invalid_scope)', async () => {
    const emulator = await start();
    const wrong = await fetch(`${emulator.url}/identity/v1/oauth2/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` }, body: 'grant_type=refresh_token' });
    expect(wrong.status).toBe(401);
    emulator.control.grantScopes([INVENTORY_SCOPE]);
    expect(((await (await tokenOf(emulator)).json()) as { error: string }).error).toBe('invalid_scope');
    emulator.control.revokeGrant();
    const revoked = await tokenOf(emulator);
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { error: string }).error).toBe('invalid_grant');
  });
});

describe('eBay emulator: inventory', () => {
  it('PUT of an inventory item replaces the whole item: what the body leaves out is gone', async () => {
    const emulator = await start();
    emulator.control.seedItems([shirt]);
    const call = await api(emulator);
    expect((await call('PUT', '/sell/inventory/v1/inventory_item/TSHIRT-M', { availability: { shipToLocationAvailability: { quantity: 9 } } })).status).toBe(204);
    const item = (await (await call('GET', '/sell/inventory/v1/inventory_item/TSHIRT-M')).json()) as { product: { title?: string; ean?: string[] } };
    expect(item.product.title).toBeUndefined();
    expect(item.product.ean).toBeUndefined();
  });

  it('bulk_update_price_quantity takes at most 25 SKUs and answers per SKU (207 when one fails)', async () => {
    const emulator = await start();
    emulator.control.seedItems([shirt]);
    const call = await api(emulator);
    const tooMany = await call('POST', '/sell/inventory/v1/bulk_update_price_quantity', { requests: Array.from({ length: 26 }, (_, index) => ({ sku: `S${index}`, shipToLocationAvailability: { quantity: 1 } })) });
    expect(tooMany.status).toBe(400);
    const offerId = (((await (await call('GET', '/sell/inventory/v1/offer?sku=TSHIRT-M')).json()) as { offers: { offerId: string }[] }).offers[0] as { offerId: string }).offerId;
    const mixed = await call('POST', '/sell/inventory/v1/bulk_update_price_quantity', {
      requests: [
        { sku: 'TSHIRT-M', shipToLocationAvailability: { quantity: 3 }, offers: [{ offerId, availableQuantity: 3 }] },
        { sku: 'NOPE', shipToLocationAvailability: { quantity: 3 } },
      ],
    });
    expect(mixed.status).toBe(207);
    const body = (await mixed.json()) as { responses: { sku: string; statusCode: number }[] };
    expect(body.responses.map((entry) => [entry.sku, entry.statusCode])).toEqual([
      ['TSHIRT-M', 200],
      ['NOPE', 404],
    ]);
    expect(emulator.control.quantityOf('TSHIRT-M')).toBe(3);
  });

  it('the listing shows the smaller of the item and offer quantities', async () => {
    const emulator = await start();
    emulator.control.seedItems([shirt]);
    const call = await api(emulator);
    await call('POST', '/sell/inventory/v1/bulk_update_price_quantity', { requests: [{ sku: 'TSHIRT-M', shipToLocationAvailability: { quantity: 8 } }] });
    expect(emulator.control.quantityOf('TSHIRT-M')).toBe(5);
  });

  it('refuses the 251st revision of a listing in a day, and takes revisions again the next day', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const emulator = await start({ now: () => clock, revisionsPerDay: 250 });
    emulator.control.seedItems([shirt]);
    let call = await api(emulator);
    const revise = async (quantity: number) =>
      ((await (await call('POST', '/sell/inventory/v1/bulk_update_price_quantity', { requests: [{ sku: 'TSHIRT-M', shipToLocationAvailability: { quantity } }] })).json()) as { responses: { statusCode: number; errors: { errorId: number; message: string }[] }[] }).responses[0];
    for (let revision = 1; revision <= 250; revision += 1) expect((await revise(1 + (revision % 3)))?.statusCode).toBe(200);
    const refused = await revise(4);
    expect(refused?.statusCode).toBe(400);
    expect(refused?.errors[0]?.message).toMatch(/250 times today/);
    clock += 86_400_000;
    call = await api(emulator);
    expect((await revise(4))?.statusCode).toBe(200);
  });

  it('refuses quantity 0 on a single-SKU listing (25004) unless told otherwise; a variation takes 0', async () => {
    const emulator = await start();
    emulator.control.seedItems([shirt, { ...shirt, sku: 'POLO-S', group: 'POLO', options: { Taglia: 'S' } }]);
    const call = await api(emulator);
    const zero = (sku: string) => call('POST', '/sell/inventory/v1/bulk_update_price_quantity', { requests: [{ sku, shipToLocationAvailability: { quantity: 0 } }] });
    const single = (await (await zero('TSHIRT-M')).json()) as { responses: { statusCode: number; errors: { errorId: number }[] }[] };
    expect(single.responses[0]?.errors[0]?.errorId).toBe(25004);
    expect(((await (await zero('POLO-S')).json()) as { responses: { statusCode: number }[] }).responses[0]?.statusCode).toBe(200);
    await running?.close();
    const lenient = await start({ rejectZeroQuantity: false });
    lenient.control.seedItems([shirt]);
    const lenientCall = await api(lenient);
    const answer = await lenientCall('POST', '/sell/inventory/v1/bulk_update_price_quantity', { requests: [{ sku: 'TSHIRT-M', shipToLocationAvailability: { quantity: 0 } }] });
    expect(answer.status).toBe(200);
    expect(lenient.control.quantityOf('TSHIRT-M')).toBe(0);
  });

  it('a group PUT that leaves a SKU out drops it from the live listing', async () => {
    const emulator = await start();
    emulator.control.seedItems([
      { ...shirt, sku: 'POLO-S', group: 'POLO' },
      { ...shirt, sku: 'POLO-M', group: 'POLO' },
    ]);
    const call = await api(emulator);
    expect((await call('PUT', '/sell/inventory/v1/inventory_item_group/POLO', { title: 'Polo', variantSKUs: ['POLO-S'] })).status).toBe(204);
    expect(emulator.control.quantityOf('POLO-M')).toBe(0);
    expect(emulator.control.quantityOf('POLO-S')).toBe(5);
  });

  it('pages inventory items with limit, offset and a next link', async () => {
    const emulator = await start();
    emulator.control.seedItems(Array.from({ length: 5 }, (_, index) => ({ ...shirt, sku: `S${index}` })));
    const call = await api(emulator);
    const first = (await (await call('GET', '/sell/inventory/v1/inventory_item?limit=2&offset=0')).json()) as { total: number; next: string; inventoryItems: { sku: string }[] };
    expect(first.total).toBe(5);
    expect(first.inventoryItems.map((item) => item.sku)).toEqual(['S0', 'S1']);
    const last = (await (await call('GET', '/sell/inventory/v1/inventory_item?limit=2&offset=4')).json()) as { next?: string; inventoryItems: unknown[] };
    expect(last.inventoryItems).toHaveLength(1);
    expect(last.next).toBeUndefined();
    expect((await call('GET', '/sell/inventory/v1/inventory_item?limit=500')).status).toBe(400);
  });
});

describe('eBay emulator: orders', () => {
  it('checks the filter grammar of getOrders', async () => {
    const emulator = await start({ now: () => Date.parse('2026-03-01T10:00:00Z') });
    const call = await api(emulator);
    const errorOf = async (query: string) => ((await (await call('GET', `/sell/fulfillment/v1/order?${query}`)).json()) as { errors?: { errorId: number }[] }).errors?.[0]?.errorId ?? null;
    expect(await errorOf(`filter=${encodeURIComponent('lastmodifieddate:[2026-02-01T00:00:00.000Z..]')}`)).toBeNull();
    expect(await errorOf(`filter=${encodeURIComponent('modified:[2026-02-01T00:00:00.000Z..]')}`)).toBe(30700);
    expect(await errorOf(`filter=${encodeURIComponent('lastmodifieddate:[yesterday..]')}`)).toBe(30810);
    expect(await errorOf(`filter=${encodeURIComponent('lastmodifieddate:[2027-02-01T00:00:00.000Z..]')}`)).toBe(30850);
    expect(await errorOf('limit=201')).toBe(31100);
    expect(await errorOf(`orderIds=${Array.from({ length: 51 }, (_, index) => `1-${index}`).join(',')}`)).toBe(30900);
  });

  it('lists orders modified since a time, oldest first, 90 days without a filter, and leaves cancelRequests empty in getOrders only', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const emulator = await start({ now: () => clock, shippingCents: 490 });
    emulator.control.seedItems([shirt]);
    const old = emulator.control.placeOrder({ lines: [{ sku: 'TSHIRT-M', quantity: 1 }] });
    clock += 100 * 86_400_000;
    const recent = emulator.control.placeOrder({ lines: [{ sku: 'TSHIRT-M', quantity: 2 }], buyerName: 'Anna Bianchi' });
    expect(emulator.control.quantityOf('TSHIRT-M')).toBe(2);
    clock += 60_000;
    emulator.control.cancelOrder(recent.remoteOrderId);
    expect(emulator.control.quantityOf('TSHIRT-M')).toBe(4);
    const call = await api(emulator);
    const plain = (await (await call('GET', '/sell/fulfillment/v1/order')).json()) as { orders: { orderId: string; cancelStatus: { cancelState: string; cancelRequests: unknown[] }; pricingSummary: { total: { value: string } } }[] };
    expect(plain.orders.map((order) => order.orderId)).toEqual([recent.remoteOrderId]);
    expect(plain.orders[0]?.cancelStatus).toMatchObject({ cancelState: 'CANCELED', cancelRequests: [] });
    expect(plain.orders[0]?.pricingSummary.total.value).toBe('44.70');
    const detail = (await (await call('GET', `/sell/fulfillment/v1/order/${recent.remoteOrderId}`)).json()) as { cancelStatus: { cancelRequests: unknown[] } };
    expect(detail.cancelStatus.cancelRequests).toHaveLength(1);
    const since = (await (await call('GET', `/sell/fulfillment/v1/order?filter=${encodeURIComponent('lastmodifieddate:[2026-01-01T00:00:00.000Z..]')}`)).json()) as { orders: { orderId: string }[] };
    expect(since.orders.map((order) => order.orderId)).toEqual([old.remoteOrderId, recent.remoteOrderId]);
  });
});

describe('eBay emulator: orders over time', () => {
  it('buyers order by themselves when asked to, lowering what is on sale', async () => {
    const emulator = await start({ autoOrderEveryMs: 10 });
    emulator.control.seedItems([shirt]);
    await vi.waitFor(() => expect(emulator.control.orders().length).toBeGreaterThan(0), { timeout: 5000 });
    expect(emulator.control.quantityOf('TSHIRT-M')).toBeLessThan(5);
  });
});

describe('eBay emulator: faults', () => {
  it('applies faults to the API only, never to /__emulator/', async () => {
    const emulator = await start();
    emulator.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 7 });
    expect((await fetch(`${emulator.url}/__emulator/orders`)).status).toBe(200);
    const limited = await fetch(`${emulator.url}/sell/inventory/v1/inventory_item`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    emulator.control.injectFault({ kind: 'drop', count: 1 });
    await expect(fetch(`${emulator.url}/sell/inventory/v1/inventory_item`)).rejects.toThrow();
    expect(emulator.control.requestCount({ pathIncludes: '/sell/inventory/' })).toBe(2);
  });

  it('answers 429 with Retry-After past its per-second cap, and serves again a second later', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const emulator = await start({ now: () => clock, ratePerSecond: 2 });
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await fetch(`${emulator.url}/sell/inventory/v1/inventory_item`)).status);
    expect(statuses).toEqual([401, 401, 429]);
    clock += 1000;
    expect((await fetch(`${emulator.url}/sell/inventory/v1/inventory_item`)).status).toBe(401);
  });

  it('serves the control surface over HTTP', async () => {
    const emulator = await start();
    const post = (path: string, body: unknown) => fetch(`${emulator.url}/__emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/items', [shirt])).status).toBe(200);
    const placed = (await (await post('/orders', { lines: [{ sku: 'TSHIRT-M', quantity: 1 }] })).json()) as { remoteOrderId: string };
    expect((await post(`/orders/${placed.remoteOrderId}/ship`, {})).status).toBe(200);
    expect(((await (await fetch(`${emulator.url}/__emulator/items/TSHIRT-M`)).json()) as { quantity: number }).quantity).toBe(4);
    expect(emulator.control.orders()[0]?.status).toBe('shipped');
    expect((await post('/orders', { lines: [{ sku: 'TSHIRT-M', quantity: 99 }] })).status).toBe(409);
  });
});
