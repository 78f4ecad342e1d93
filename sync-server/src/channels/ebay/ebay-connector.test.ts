import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ebayCredentialsSchema } from '@cassa/shared';
import type { EbayCredentials } from '@cassa/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FULFILLMENT_SCOPE, INVENTORY_SCOPE, startEbayEmulator } from '../../../emulators/ebay';
import type { EbayEmulatorOptions, RunningEbayEmulator } from '../../../emulators/ebay';
import { ChannelCallError } from '../connector';
import type { ChannelConnector, ChannelMappingRef, ConnectorContext, RemoteListing } from '../connector';
import { createEbayConnector, createEbayConnectorWith } from './index';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  vi.restoreAllMocks();
});

interface World {
  readonly emulator: RunningEbayEmulator;
  readonly connector: ChannelConnector;
  readonly credentials: EbayCredentials;
  readonly clock: { ms: number };
  readonly taken: string[];
}

function contextFor(clock: { ms: number }, taken: string[], timeoutMs = 2000): ConnectorContext {
  return { fetch: globalThis.fetch, now: () => new Date(clock.ms), take: async (operation) => void taken.push(operation), observeRate: () => undefined, timeoutMs };
}

async function world(options: EbayEmulatorOptions = {}, tuning: { listingPageSize?: number; orderPageSize?: number; timeoutMs?: number } = {}): Promise<World> {
  const clock = { ms: Date.parse('2026-05-04T09:00:00.000Z') };
  const emulator = await startEbayEmulator({ now: () => clock.ms, ...options });
  closers.push(() => emulator.close());
  const credentials = ebayCredentialsSchema.parse(emulator.credentials);
  const taken: string[] = [];
  const connector = createEbayConnectorWith(credentials, contextFor(clock, taken, tuning.timeoutMs), tuning);
  return { emulator, connector, credentials, clock, taken };
}

const items = [
  { sku: 'MAGLIA-S', barcode: '8001234500017', title: 'Maglia S', quantity: 4, priceCents: 2500, group: 'MAGLIA', options: { Taglia: 'S' } },
  { sku: 'MAGLIA-M', barcode: '8001234500024', title: 'Maglia M', quantity: 6, priceCents: 2500, group: 'MAGLIA', options: { Taglia: 'M' } },
  { sku: 'TAZZA', barcode: '8001234500031', title: 'Tazza', quantity: 10, priceCents: 1200 },
];

function mappingOf(listing: RemoteListing, variantId = `v-${listing.sku}`): ChannelMappingRef {
  return { variantId, sku: listing.sku ?? '', barcode: listing.barcode, remoteProductId: listing.remoteProductId, remoteVariantId: listing.remoteVariantId, remoteStockId: listing.remoteStockId, remoteOfferId: listing.remoteOfferId };
}

async function allListings(connector: ChannelConnector): Promise<RemoteListing[]> {
  const listings: RemoteListing[] = [];
  let page: string | null = null;
  do {
    const answer = await connector.listListings(page);
    listings.push(...answer.listings);
    page = answer.next;
  } while (page !== null);
  return listings;
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

/** The seller ends the TAZZA listing in Seller Hub (the offer withdrawn outside Cassa). */
async function startEndedByHand(emulator: RunningEbayEmulator): Promise<string | null> {
  const { clientId, clientSecret, refreshToken } = emulator.credentials as Record<string, string>;
  const token = (await (
    await fetch(`${emulator.url}/identity/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '' }).toString(),
    })
  ).json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token.access_token}` };
  const offers = (await (await fetch(`${emulator.url}/sell/inventory/v1/offer?sku=TAZZA`, { headers })).json()) as { offers: { offerId: string }[] };
  await fetch(`${emulator.url}/sell/inventory/v1/offer/${offers.offers[0]?.offerId ?? ''}/withdraw`, { method: 'POST', headers });
  return emulator.control.offerStatus('TAZZA');
}

describe('eBay connector: test connection', () => {
  it('succeeds and says how many inventory items the seller has', async () => {
    const { connector, emulator } = await world();
    emulator.control.seedItems(items);
    expect(await connector.testConnection()).toMatchObject({ ok: true, problem: null, summary: expect.stringContaining('3 inventory items') });
  });

  it('tells apart a wrong secret, a revoked grant, a missing permission, a wrong address and an unreachable one', async () => {
    const { emulator, credentials } = await world();
    const test = (overrides: Partial<EbayCredentials>) => createEbayConnector({ ...credentials, ...overrides }, contextFor({ ms: Date.now() }, [])).testConnection();
    expect(await test({ clientSecret: 'wrong' })).toMatchObject({ ok: false, problem: 'auth-refused' });
    expect(await test({ apiBaseUrl: `${emulator.url}/wrong/path` })).toMatchObject({ ok: false, problem: 'not-found' });
    emulator.control.grantScopes([INVENTORY_SCOPE]);
    expect(await test({})).toMatchObject({ ok: false, problem: 'permission-missing' });
    emulator.control.grantScopes([INVENTORY_SCOPE, FULFILLMENT_SCOPE]);
    emulator.control.revokeGrant();
    expect(await test({})).toMatchObject({ ok: false, problem: 'token-expired' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await test({ apiBaseUrl: `http://127.0.0.1:${port}` })).toMatchObject({ ok: false, problem: 'unreachable' });
    emulator.control.injectFault({ kind: 'timeout', count: 1, delayMs: 2000, pathIncludes: '/identity/' });
    const slow = createEbayConnector(credentials, { ...contextFor({ ms: Date.now() }, []), timeoutMs: 200 });
    expect(await slow.testConnection()).toMatchObject({ ok: false, problem: 'timeout' });
  });
});

describe('eBay connector: listings', () => {
  it('lists every inventory item over several pages with its offers, group, barcode and what buyers see', async () => {
    const { emulator, connector } = await world({}, { listingPageSize: 2 });
    emulator.control.seedItems(items);
    const first = await connector.listListings(null);
    expect(first.listings).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const listings = await allListings(connector);
    expect(listings.map((listing) => [listing.sku, listing.remoteProductId, listing.barcode, listing.quantity])).toEqual([
      ['MAGLIA-S', 'MAGLIA', '8001234500017', 4],
      ['MAGLIA-M', 'MAGLIA', '8001234500024', 6],
      ['TAZZA', 'TAZZA', '8001234500031', 10],
    ]);
    expect(listings.every((listing) => listing.remoteOfferId !== null && listing.remoteVariantId === listing.sku)).toBe(true);
  });
});

describe('eBay connector: quantities', () => {
  it('sets absolute quantities in one bulk call and buyers see them; never PUTs an item or a group', async () => {
    const { emulator, connector, taken } = await world();
    emulator.control.seedItems(items);
    const listings = await allListings(connector);
    const before = emulator.control.requestCount({ pathIncludes: 'bulk_update_price_quantity' });
    const outcomes = await connector.setQuantities(listings.map((listing, index) => ({ mapping: mappingOf(listing), quantity: index + 1 })));
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['applied', 'applied', 'applied']);
    expect(emulator.control.requestCount({ pathIncludes: 'bulk_update_price_quantity' }) - before).toBe(1);
    expect(['MAGLIA-S', 'MAGLIA-M', 'TAZZA'].map((sku) => emulator.control.quantityOf(sku))).toEqual([1, 2, 3]);
    // Every request waited for the rate limiter first.
    expect(taken.filter((operation) => operation === 'default')).toHaveLength(emulator.control.requestCount({ pathIncludes: '/sell/' }));
    expect(taken.filter((operation) => operation === 'token')).toHaveLength(emulator.control.requestCount({ pathIncludes: '/identity/' }));
    expect(emulator.control.requestCount({ method: 'PUT' })).toBe(0);
    expect(emulator.control.groupSkus('MAGLIA')).toEqual(['MAGLIA-S', 'MAGLIA-M']);
  });

  it('spends no revision on a figure eBay already shows, and pushes again once the listing pages show a change made on eBay', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(items);
    const listings = await allListings(connector);
    const tazza = listings.find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    const bulkCalls = () => emulator.control.requestCount({ pathIncludes: 'bulk_update_price_quantity' });
    expect(await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 10 }])).toEqual([{ variantId: 'v-TAZZA', result: 'applied' }]);
    expect(bulkCalls()).toBe(0);
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 8 }]);
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 8 }]);
    expect(bulkCalls()).toBe(1);
    emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 3 }] });
    await allListings(connector);
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 8 }]);
    expect(bulkCalls()).toBe(2);
    expect(emulator.control.quantityOf('TAZZA')).toBe(8);
  });

  it('splits more than 25 SKUs into calls of 25', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(Array.from({ length: 30 }, (_, index) => ({ sku: `SKU-${index}`, title: `Articolo ${index}`, quantity: 1, priceCents: 100 })));
    const listings = await allListings(connector);
    const outcomes = await connector.setQuantities(listings.map((listing) => ({ mapping: mappingOf(listing), quantity: 7 })));
    expect(outcomes.filter((outcome) => outcome.result === 'applied')).toHaveLength(30);
    expect(emulator.control.requestCount({ pathIncludes: 'bulk_update_price_quantity' })).toBe(2);
    expect(emulator.control.quantityOf('SKU-29')).toBe(7);
  });

  it('withdraws a single-SKU offer at 0 and publishes it again when stock returns; a variation just takes 0', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(items);
    const listings = await allListings(connector);
    const tazza = listings.find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    const small = listings.find((listing) => listing.sku === 'MAGLIA-S') as RemoteListing;
    expect(await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 0 }, { mapping: mappingOf(small), quantity: 0 }])).toEqual([
      { variantId: 'v-TAZZA', result: 'applied' },
      { variantId: 'v-MAGLIA-S', result: 'applied' },
    ]);
    expect(emulator.control.offerStatus('TAZZA')).toBe('UNPUBLISHED');
    expect(emulator.control.quantityOf('TAZZA')).toBe(0);
    expect(emulator.control.offerStatus('MAGLIA-S')).toBe('PUBLISHED');
    expect(emulator.control.quantityOf('MAGLIA-S')).toBe(0);
    expect(await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 3 }])).toEqual([{ variantId: 'v-TAZZA', result: 'applied' }]);
    expect(emulator.control.offerStatus('TAZZA')).toBe('PUBLISHED');
    expect(emulator.control.quantityOf('TAZZA')).toBe(3);
  });

  it('a fresh connector (a restart) reads the offer state before it publishes or withdraws', async () => {
    const { emulator, connector, credentials, clock } = await world();
    emulator.control.seedItems(items);
    const tazza = (await allListings(connector)).find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 0 }]);
    const restarted = createEbayConnector(credentials, contextFor(clock, []));
    expect(await restarted.setQuantities([{ mapping: mappingOf(tazza), quantity: 0 }])).toEqual([{ variantId: 'v-TAZZA', result: 'applied' }]);
    expect(await restarted.setQuantities([{ mapping: mappingOf(tazza), quantity: 2 }])).toEqual([{ variantId: 'v-TAZZA', result: 'applied' }]);
    expect(emulator.control.quantityOf('TAZZA')).toBe(2);
  });

  it('gives refused for the revision past the daily cap, without failing the rest of the batch', async () => {
    const { emulator, connector } = await world({ revisionsPerDay: 2 });
    emulator.control.seedItems(items);
    const listings = await allListings(connector);
    const tazza = listings.find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 5 }]);
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 6 }]);
    const outcomes = await connector.setQuantities([
      { mapping: mappingOf(tazza), quantity: 7 },
      { mapping: mappingOf(listings[0] as RemoteListing), quantity: 1 },
    ]);
    expect(outcomes[0]).toMatchObject({ variantId: 'v-TAZZA', result: 'refused', problem: 'refused-by-remote', detail: expect.stringContaining('revised 2 times today') });
    expect(outcomes[1]).toEqual({ variantId: 'v-MAGLIA-S', result: 'applied' });
    expect(emulator.control.quantityOf('TAZZA')).toBe(6);
  });

  it('a listing page reads offers afresh: an offer the seller ended shows 0 and is published again by the next push', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(items);
    const tazza = (await allListings(connector)).find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 4 }]);
    const ended = await startEndedByHand(emulator);
    expect(ended).toBe('UNPUBLISHED');
    expect((await allListings(connector)).find((listing) => listing.sku === 'TAZZA')?.quantity).toBe(0);
    await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 4 }]);
    expect(emulator.control.quantityOf('TAZZA')).toBe(4);
  });

  it('gives not-found for a SKU deleted on eBay', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(items);
    const listings = await allListings(connector);
    emulator.control.deleteItem('TAZZA');
    const tazza = listings.find((listing) => listing.sku === 'TAZZA') as RemoteListing;
    expect(await connector.setQuantities([{ mapping: mappingOf(tazza), quantity: 5 }])).toEqual([{ variantId: 'v-TAZZA', result: 'not-found' }]);
    const restarted = await world();
    restarted.emulator.control.seedItems(items);
    expect(await restarted.connector.setQuantities([{ mapping: { ...mappingOf(tazza), remoteVariantId: 'NOT-THERE', remoteProductId: 'NOT-THERE' }, quantity: 5 }])).toEqual([{ variantId: 'v-TAZZA', result: 'not-found' }]);
  });
});

describe('eBay connector: orders', () => {
  const poll = { overlapMs: 10 * 60_000, lookBackMs: 7 * 86_400_000 };

  it('reads orders over several pages, then picks up shipping, cancellation and refund with the overlap', async () => {
    const { emulator, connector, clock } = await world({ shippingCents: 490 }, { orderPageSize: 2 });
    emulator.control.seedItems(items);
    const placed: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      clock.ms += 60_000;
      placed.push(emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1 }], buyerName: `Cliente ${index}` }).remoteOrderId);
    }
    const seen = new Map<string, string>();
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await connector.fetchOrders(cursor, poll);
      pages += 1;
      for (const order of page.orders) seen.set(order.remoteOrderId, order.status);
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(pages).toBe(3);
    expect([...seen.keys()]).toEqual(placed);
    const first = (await connector.fetchOrders(null, poll)).orders[0];
    expect(first).toMatchObject({ status: 'open', currency: 'EUR', totalCents: 1690, shippingCents: 490, buyerName: 'Cliente 0', dedupeKey: null });
    expect(first?.lines).toEqual([expect.objectContaining({ sku: 'TAZZA', quantity: 1, unitPriceCents: 1200, totalCents: 1200 })]);

    clock.ms += 60_000;
    emulator.control.shipOrder(placed[0] as string);
    emulator.control.cancelOrder(placed[1] as string);
    emulator.control.shipOrder(placed[2] as string);
    emulator.control.refundOrder(placed[2] as string);
    const getOrderBefore = emulator.control.requestCount({ pathIncludes: `/order/${placed[1]}` });
    const changed = new Map<string, string>();
    for (;;) {
      const page = await connector.fetchOrders(cursor, poll);
      for (const order of page.orders) changed.set(order.remoteOrderId, order.status);
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(changed.get(placed[0] as string)).toBe('shipped');
    expect(changed.get(placed[1] as string)).toBe('cancelled');
    expect(changed.get(placed[2] as string)).toBe('refunded');
    expect(emulator.control.requestCount({ pathIncludes: `/order/${placed[1]}` }) - getOrderBefore).toBe(1);
    const filters = emulator.control.requestCount({ pathIncludes: 'lastmodifieddate' });
    expect(filters).toBeGreaterThan(0);
  });

  it('a buyer’s cancel request leaves the order open (read with getOrder); the seller accepting cancels it', async () => {
    const { emulator, connector, clock } = await world();
    emulator.control.seedItems(items);
    const { remoteOrderId } = emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 2 }] });
    const first = await connector.fetchOrders(null, poll);
    clock.ms += 60_000;
    emulator.control.requestCancel(remoteOrderId);
    const requested = await connector.fetchOrders(first.cursor, poll);
    expect(requested.orders.map((order) => order.status)).toEqual(['open']);
    expect(emulator.control.requestCount({ pathIncludes: `/order/${remoteOrderId}` })).toBe(1);
    clock.ms += 60_000;
    emulator.control.cancelOrder(remoteOrderId);
    const cancelled = await connector.fetchOrders(requested.cursor, poll);
    expect(cancelled.orders.map((order) => order.status)).toEqual(['cancelled']);
  });

  it('resumes a window after a restart from its cursor, and starts afresh from a cursor it cannot read', async () => {
    const { emulator, connector, credentials, clock } = await world({}, { orderPageSize: 2 });
    emulator.control.seedItems(items);
    const placed = Array.from({ length: 3 }, () => emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1 }] }).remoteOrderId);
    const first = await connector.fetchOrders(null, poll);
    expect(first.more).toBe(true);
    const restarted = createEbayConnectorWith(credentials, contextFor(clock, []), { orderPageSize: 2 });
    const second = await restarted.fetchOrders(first.cursor, poll);
    expect([...first.orders, ...second.orders].map((order) => order.remoteOrderId)).toEqual(placed);
    expect(second.more).toBe(false);
    const fresh = await restarted.fetchOrders('{"not":"a cursor"}\u0000', poll);
    expect(fresh.orders.map((order) => order.remoteOrderId)).toEqual(placed.slice(0, 2));
  });

  it('asks eBay from its own clock, not a far-off local one', async () => {
    const { emulator, credentials, clock } = await world();
    emulator.control.seedItems(items);
    emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1 }] });
    const ahead = { ms: clock.ms + 400 * 86_400_000 };
    const connector = createEbayConnector(credentials, contextFor(ahead, []));
    const page = await connector.fetchOrders(null, poll);
    expect(page.orders).toHaveLength(1);
  });

  it('skips an order it cannot read exactly, keeps the rest of the page, and cleans a NUL out of a name instead of losing the order', async () => {
    const { emulator, connector } = await world();
    emulator.control.seedItems(items);
    emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1, unitPriceCents: 1e15 }], buyerName: 'Troppo Caro' });
    emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1 }], buyerName: 'Nul\u0000Name' });
    emulator.control.placeOrder({ lines: [{ sku: 'TAZZA', quantity: 1 }], buyerName: 'Giulia Verdi' });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = await connector.fetchOrders(null, poll);
    expect(page.orders.map((order) => order.buyerName)).toEqual(['NulName', 'Giulia Verdi']);
    expect(logged).toHaveBeenCalledOnce();
  });
});

describe('eBay connector: failures', () => {
  it('429 with Retry-After becomes retry rate-limited with the wait', async () => {
    const { emulator, connector } = await world();
    await connector.listListings(null);
    emulator.control.injectFault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 30 });
    const error = await caught(connector.listListings(null));
    expect(error).toMatchObject({ disposition: 'retry', problem: 'rate-limited', status: 429, retryAfterMs: 30_000 });
  });

  it('a 429 on one SKU’s offer read fails the whole stock call (the account waits); a 5xx there fails that SKU only', async () => {
    const { emulator, credentials, clock } = await world();
    emulator.control.seedItems(items);
    const listings = await allListings(createEbayConnector(credentials, contextFor(clock, [])));
    const fresh = () => createEbayConnector(credentials, contextFor(clock, []));
    const updates = listings.map((listing) => ({ mapping: mappingOf(listing), quantity: 1 }));
    emulator.control.injectFault({ kind: 'rate-limit', count: 1, pathIncludes: '/offer', retryAfterSeconds: 2 });
    expect(await caught(fresh().setQuantities(updates))).toMatchObject({ disposition: 'retry', problem: 'rate-limited', retryAfterMs: 2000 });
    emulator.control.injectFault({ kind: 'status', count: 1, pathIncludes: '/offer', status: 502 });
    const outcomes = await fresh().setQuantities(updates);
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['retry', 'applied', 'applied']);
  });

  it('5xx, a timeout and a dropped connection are retry', async () => {
    const { emulator, connector } = await world({}, { timeoutMs: 300 });
    await connector.listListings(null);
    emulator.control.injectFault({ kind: 'status', count: 1, status: 503 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'remote-error', status: 503 });
    emulator.control.injectFault({ kind: 'timeout', count: 1, delayMs: 2000 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'timeout' });
    emulator.control.injectFault({ kind: 'drop', count: 1 });
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unreachable' });
    expect((await connector.listListings(null)).listings).toEqual([]);
  });

  it('refreshes an expired token once, transparently; a revoked grant is auth token-expired', async () => {
    const { emulator, connector, clock } = await world();
    emulator.control.seedItems(items);
    await connector.listListings(null);
    expect(emulator.control.requestCount({ pathIncludes: 'oauth2/token' })).toBe(1);
    emulator.control.expireTokens();
    expect((await connector.listListings(null)).listings).toHaveLength(3);
    expect(emulator.control.requestCount({ pathIncludes: 'oauth2/token' })).toBe(2);
    clock.ms += 2 * 3600_000;
    expect((await connector.listListings(null)).listings).toHaveLength(3);
    expect(emulator.control.requestCount({ pathIncludes: 'oauth2/token' })).toBe(3);
    emulator.control.revokeGrant();
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'auth', problem: 'token-expired' });
  });
});

describe('eBay connector: hostile answers', () => {
  async function hostile(answer: (path: string) => { status: number; body: string; type?: string }) {
    const server = createServer((request, response) => {
      const path = request.url ?? '';
      const reply = path.startsWith('/identity/') ? { status: 200, body: JSON.stringify({ access_token: 'token', expires_in: 7200 }) } : answer(path);
      response.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
      response.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const credentials = ebayCredentialsSchema.parse({ kind: 'ebay', apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh', merchantLocationKey: 'loc' });
    return createEbayConnector(credentials, contextFor({ ms: Date.now() }, []));
  }

  it('an HTML page instead of JSON is unexpected-answer, never a crash', async () => {
    const connector = await hostile(() => ({ status: 200, body: '<html><body>Maintenance</body></html>', type: 'text/html' }));
    expect(await caught(connector.listListings(null))).toMatchObject({ disposition: 'retry', problem: 'unexpected-answer' });
    const notFound = await hostile(() => ({ status: 404, body: '<html>Not Found</html>', type: 'text/html' }));
    expect(await caught(notFound.listListings(null))).toMatchObject({ disposition: 'auth', problem: 'not-found' });
  });

  it('NUL bytes, 1e308 quantities and missing fields: items skipped or quantities unknown, orders skipped', async () => {
    const connector = await hostile((path) => {
      if (path.startsWith('/sell/inventory/v1/inventory_item')) {
        return { status: 200, body: JSON.stringify({ total: 3, inventoryItems: [{ sku: 'BAD\u0000SKU' }, { sku: 'HUGE', availability: { shipToLocationAvailability: { quantity: 1e308 } } }, { product: {} }], next: 'https://evil.example/steal' }) };
      }
      if (path.startsWith('/sell/inventory/v1/offer')) {
        return { status: 200, body: JSON.stringify({ offers: [{ offerId: 'O1', status: 'PUBLISHED', availableQuantity: 1e308 }] }) };
      }
      const line = { lineItemId: 'L1', sku: 'A', quantity: 1, lineItemCost: { value: '1.00', currency: 'EUR' } };
      const order = (overrides: object) => ({ orderId: '1-2-3', creationDate: '2026-05-01T10:00:00.000Z', lastModifiedDate: '2026-05-01T10:00:00.000Z', orderFulfillmentStatus: 'NOT_STARTED', pricingSummary: { total: { value: '1.00', currency: 'EUR' } }, lineItems: [line], ...overrides });
      const orders = [
        { orderId: 'X\u0000', lineItems: [] },
        { orderId: '1-2-3' },
        null,
        'text',
        order({ pricingSummary: { total: { value: '1e308', currency: 'EUR' } } }),
        order({ lineItems: [{ ...line, quantity: 1e308 }] }),
        order({ lineItems: [{ ...line, lineItemCost: { value: '0.001', currency: 'EUR' } }] }),
        order({ lineItems: [{ ...line, lineItemCost: { value: '1.00', currency: 'USD' } }] }),
        order({ orderId: 'OK-1' }),
      ];
      return { status: 200, body: JSON.stringify({ orders, total: orders.length }) };
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = await connector.listListings(null);
    expect(page.listings.map((listing) => [listing.sku, listing.quantity])).toEqual([['HUGE', null]]);
    expect(page.next).toBeNull();
    const orders = await connector.fetchOrders(null, { overlapMs: 0, lookBackMs: 86_400_000 });
    expect(orders.orders.map((order) => [order.remoteOrderId, order.totalCents])).toEqual([['OK-1', 100]]);
    expect(orders.more).toBe(false);
  });

  it('a bulk answer without per-SKU results is unexpected-answer', async () => {
    const connector = await hostile((path) =>
      path.startsWith('/sell/inventory/v1/offer') ? { status: 200, body: JSON.stringify({ offers: [{ offerId: 'O1', status: 'PUBLISHED', availableQuantity: 1 }] }) } : { status: 200, body: JSON.stringify({ nothing: true }) },
    );
    const mapping: ChannelMappingRef = { variantId: 'v1', sku: 'A', barcode: null, remoteProductId: 'A', remoteVariantId: 'A', remoteStockId: null, remoteOfferId: 'O1' };
    expect(await caught(connector.setQuantities([{ mapping, quantity: 2 }]))).toMatchObject({ disposition: 'retry', problem: 'unexpected-answer' });
  });
});
