/**
 * @module
 * "Test connection" for an Amazon account, one step at a time so the owner learns which part is
 * wrong: the LWA exchange (wrong client id/secret → auth refused; revoked refresh token → token
 * expired; wrong token address → unreachable or not found), then a one-item listings search (the
 * endpoint and the Listings role), then a one-order search (the Orders role; it spends one of
 * searchOrders' 20-request burst).
 */
import type { AmazonCredentials } from '@cassa/shared';
import { ChannelCallError, type ConnectionTest } from '../connector';
import type { LwaTokens } from './lwa-token';
import type { SpApiClient } from './sp-api-client';

export async function testAmazonConnection(credentials: AmazonCredentials, tokens: LwaTokens, client: SpApiClient): Promise<ConnectionTest> {
  try {
    await tokens.refresh();
  } catch (error) {
    return failed(error, 'Login with Amazon');
  }
  let listings = 0;
  try {
    const answer = await client.call({
      bucket: 'listings',
      method: 'GET',
      path: `listings/2021-08-01/items/${encodeURIComponent(credentials.sellerId)}`,
      query: { marketplaceIds: credentials.marketplaceId, pageSize: '1' },
    });
    const count = (answer as { numberOfResults?: unknown } | null)?.numberOfResults;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      return { ok: false, problem: 'unexpected-answer', detail: 'searchListingsItems answered without numberOfResults', summary: '' };
    }
    listings = count;
  } catch (error) {
    return failed(error, 'Listings');
  }
  // Measured on Amazon's clock (learnt from the listings answer): a `*Before` closer than two minutes is refused.
  const now = client.remoteNow();
  try {
    await client.call({
      bucket: 'searchOrders',
      method: 'GET',
      path: 'orders/2026-01-01/orders',
      query: {
        lastUpdatedAfter: new Date(now.getTime() - 24 * 3_600_000).toISOString(),
        lastUpdatedBefore: new Date(now.getTime() - 150_000).toISOString(),
        marketplaceIds: credentials.marketplaceId,
        maxResultsPerPage: '1',
      },
    });
  } catch (error) {
    return failed(error, 'Orders');
  }
  return { ok: true, problem: null, detail: '', summary: `Seller ${credentials.sellerId}, marketplace ${credentials.marketplaceId}: ${listings} listings` };
}

function failed(error: unknown, step: string): ConnectionTest {
  if (!(error instanceof ChannelCallError)) throw error;
  // A 404 from the listings search means the address is not SP-API (or not this region's).
  return { ok: false, problem: error.problem, detail: `${step}: ${error.detail}`, summary: '' };
}
