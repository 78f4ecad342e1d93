import type { ChannelCredentials } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { readAllListings } from './channel-link';
import { createChannelRuntime, MAX_TAKE_WAIT_MS } from './channel-runtime';
import { ChannelCallError } from './connector';
import type { ChannelConnector, ConnectorContext, ListingPage } from './connector';
import { createCredentialsVault } from './credentials-vault';
import type { BucketClock } from './token-bucket';

const amazon: ChannelCredentials = {
  kind: 'amazon',
  endpoint: 'https://sellingpartnerapi-eu.amazon.com',
  tokenUrl: 'https://api.amazon.com/auth/o2/token',
  clientId: 'client',
  clientSecret: 'secret-secret-secret',
  refreshToken: 'Atzr|refresh-refresh',
  sellerId: 'A1SELLER',
  marketplaceId: 'APJ6JRA9NG5V4',
  productType: 'PRODUCT',
};

/** A connector that only hands its context out, on a clock the test moves. */
function contextOf(clock: BucketClock): ConnectorContext {
  let captured: ConnectorContext | null = null;
  const runtime = createChannelRuntime({
    storage: null as never,
    vault: createCredentialsVault(`k1:${Buffer.alloc(32, 7).toString('base64')}`),
    now: () => new Date(),
    bucketClock: clock,
    connectorFor: (_credentials, context) => {
      captured = context;
      return { kind: 'amazon' } as ChannelConnector;
    },
  });
  runtime.connectorForCredentials(amazon);
  if (!captured) throw new Error('no context');
  return captured;
}

describe('the channel runtime', () => {
  it('gives a job back instead of holding it for minutes on a rate limit (Amazon searchOrders refills one call in 3 minutes)', async () => {
    let now = 0;
    const slept: number[] = [];
    const context = contextOf({ now: () => now, sleep: async (ms) => void slept.push(ms) });
    // The burst (20) goes at once.
    for (let i = 0; i < 20; i++) await context.take('searchOrders');
    const refused = await context.take('searchOrders').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChannelCallError);
    const error = refused as ChannelCallError;
    expect([error.disposition, error.problem]).toEqual(['retry', 'rate-limited']);
    expect(error.retryAfterMs).toBeGreaterThan(170_000);
    expect(slept).toEqual([]);
    // Once the bucket has refilled, the call goes: nothing was taken by the refusal.
    now += error.retryAfterMs!;
    await context.take('searchOrders');
    // A short wait (listings, 5 a second) is still waited out in place.
    for (let i = 0; i < 6; i++) await context.take('listings');
    expect(slept.length).toBe(1);
    expect(slept[0]).toBeLessThanOrEqual(MAX_TAKE_WAIT_MS);
  });

  it('a listing read waits out a passing refusal and goes on from the same page', async () => {
    const asked: (string | null)[] = [];
    let refusedOnce = false;
    const connector = {
      kind: 'prestashop',
      async listListings(page: string | null): Promise<ListingPage> {
        asked.push(page);
        if (page === '2' && !refusedOnce) {
          refusedOnce = true;
          throw new ChannelCallError('retry', 'rate-limited', 'Too Many Requests', { status: 429, retryAfterMs: 1_000 });
        }
        const listing = (id: string) => ({ remoteProductId: id, remoteVariantId: '0', sku: `SKU-${id}`, barcode: null, quantity: 1, remoteStockId: null, remoteOfferId: null, title: id });
        return page === null ? { listings: [listing('1')], next: '2' } : { listings: [listing('2')], next: null };
      },
    } as unknown as ChannelConnector;
    const items = await readAllListings(connector);
    expect(items.map((i) => i.sku)).toEqual(['SKU-1', 'SKU-2']);
    expect(asked).toEqual([null, '2', '2']);
    // A refusal that retrying cannot help still fails the read at once.
    const refusing = { kind: 'prestashop', listListings: async () => Promise.reject(new ChannelCallError('auth', 'auth-refused', 'bad key')) } as unknown as ChannelConnector;
    await expect(readAllListings(refusing)).rejects.toMatchObject({ disposition: 'auth' });
  });
});
