/**
 * @module
 * "Test connection" for an eBay account: a fresh token (the address, the client id and secret,
 * the refresh token and its scopes), then one read of the inventory and one of the orders (each
 * scope really works). The first failure is the answer, worded by its problem.
 */
import type { ConnectionTest } from '../connector';
import { ChannelCallError } from '../connector';
import { classifyNetworkError } from './ebay-errors';
import type { EbayHttp } from './ebay-http';

export async function testEbayConnection(http: EbayHttp): Promise<ConnectionTest> {
  try {
    await http.refreshToken();
    const items = await http.call('default', 'GET', '/sell/inventory/v1/inventory_item?limit=1&offset=0');
    await http.call('default', 'GET', '/sell/fulfillment/v1/order?limit=1');
    const total = (items.body as { total?: unknown } | null)?.total;
    const count = typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : null;
    return {
      ok: true,
      problem: null,
      detail: '',
      summary: `eBay ${http.credentials.marketplaceId}${count === null ? '' : ` · ${count} inventory items / articoli in inventario`}`,
    };
  } catch (error) {
    const failure = error instanceof ChannelCallError ? error : classifyNetworkError(error);
    return { ok: false, problem: failure.problem, detail: failure.detail, summary: '' };
  }
}
