/**
 * @module
 * What a sales channel plugs into head office with (issue 18). A connector speaks one remote API
 * and nothing else: it does not queue, retry, wait out rate limits or touch the database. The
 * framework (`channel-worker.ts`) owns all of that, so every channel gets the same durability.
 *
 * Failures: a call that fails as a whole throws `ChannelCallError` with its disposition:
 * - `retry`: 429, 5xx, a timeout, a dropped connection (with the remote's `Retry-After` if given);
 * - `auth`: the credentials or the token were refused after one refresh (the account stops until
 *   the owner fixes them);
 * - `refused`: the remote answered that this request is wrong (validation 4xx): retrying the same
 *   request cannot help, so the job becomes a dead letter and the queue moves on;
 * - `not-found`: the remote id is gone (a recreated combination, a deleted listing): the mapping
 *   is resolved again by SKU or barcode.
 * A batch call that partly succeeds answers per item instead (`QuantityOutcome`).
 */
import type { ChannelCredentials, ChannelKind, ChannelOrder, ChannelProblem, Product } from '@cassa/shared';

export type ChannelDisposition = 'retry' | 'auth' | 'refused' | 'not-found';

export class ChannelCallError extends Error {
  constructor(
    readonly disposition: ChannelDisposition,
    readonly problem: ChannelProblem,
    /** The remote's own words, for the owner and the dead-letter list (at most 500 characters). */
    readonly detail: string,
    readonly options: { readonly status?: number | null; readonly retryAfterMs?: number | null } = {},
  ) {
    super(`${problem}: ${detail}`);
    this.name = 'ChannelCallError';
  }
  get status(): number | null {
    return this.options.status ?? null;
  }
  get retryAfterMs(): number | null {
    return this.options.retryAfterMs ?? null;
  }
}

/** One sellable remote item: a PrestaShop combination (or a product without any), an Amazon listing, an eBay inventory item with its offers. */
export interface RemoteListing {
  readonly remoteProductId: string;
  /** PrestaShop id_product_attribute ('0' for a product without combinations); an Amazon or eBay SKU's own id is its SKU. */
  readonly remoteVariantId: string;
  /** The seller SKU (PrestaShop `reference`). */
  readonly sku: string | null;
  /** EAN-13 or UPC as the remote holds it. */
  readonly barcode: string | null;
  /** The quantity the remote shows buyers now, in units; null when it does not say. */
  readonly quantity: number | null;
  /** PrestaShop's stock_available id (the row a quantity is written to). */
  readonly remoteStockId: string | null;
  /** eBay's offer ids (comma-separated when several). */
  readonly remoteOfferId: string | null;
  readonly title: string;
}

export interface ListingPage {
  readonly listings: readonly RemoteListing[];
  /** Null on the last page. */
  readonly next: string | null;
}

/** The link between a Cassa variant and a remote item, as the framework holds it. */
export interface ChannelMappingRef {
  readonly variantId: string;
  readonly sku: string;
  readonly barcode: string | null;
  readonly remoteProductId: string;
  readonly remoteVariantId: string;
  readonly remoteStockId: string | null;
  readonly remoteOfferId: string | null;
}

export interface QuantityUpdate {
  readonly mapping: ChannelMappingRef;
  /** The absolute available-to-sell, in units, never negative. */
  readonly quantity: number;
}

/**
 * Per item of a stock call: `applied`; `accepted` (queued by the remote, e.g. Amazon's ACCEPTED:
 * the reconciliation reads it back); `not-found` (re-resolve); `refused` (a dead letter);
 * `retry` (only this item failed for a passing reason).
 */
export type QuantityOutcome =
  | { readonly variantId: string; readonly result: 'applied' | 'accepted' | 'not-found' }
  | { readonly variantId: string; readonly result: 'refused' | 'retry'; readonly problem: ChannelProblem; readonly detail: string; readonly retryAfterMs?: number | null };

export interface OrderPage {
  readonly orders: readonly ChannelOrder[];
  /** The cursor to ask with next time (the connector's own format). Stored with the page's orders, in one transaction. */
  readonly cursor: string;
  /** True when the remote has more right now: the framework asks again at once (rate permitting). */
  readonly more: boolean;
}

export interface ConnectionTest {
  readonly ok: boolean;
  readonly problem: ChannelProblem | null;
  readonly detail: string;
  /** On success, what the channel reported (version, item count, seller name). */
  readonly summary: string;
}

/** What the framework gives a connector: the network, the clock, and the rate limiter. */
export interface ConnectorContext {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  /**
   * Waits for a token of the account's bucket for `operation` (a key of `channelLimits[kind].rates`,
   * else `default`). Call it before every request.
   */
  readonly take: (operation: string) => Promise<void>;
  /** Tells the limiter what rate the remote says applies (Amazon's `x-amzn-RateLimit-Limit`). */
  readonly observeRate: (operation: string, perSecond: number) => void;
  /** Per-request deadline in milliseconds (connectors abort a request that takes longer). */
  readonly timeoutMs: number;
}

/** A product with the stock to publish, for channels that can create items (PrestaShop). */
export interface PublishRequest {
  readonly product: Product;
  /** Units per variant id. */
  readonly quantities: Readonly<Record<string, number>>;
}

export interface PublishResult {
  readonly remoteProductId: string;
  /** The remote item each variant became. */
  readonly listings: readonly RemoteListing[];
}

export interface ChannelConnector {
  readonly kind: ChannelKind;
  testConnection(): Promise<ConnectionTest>;
  /** Every remote item, a page at a time (for the first link and the nightly reconciliation). */
  listListings(page: string | null): Promise<ListingPage>;
  /** Sets absolute quantities; at most `channelLimits[kind].quantityBatch` updates per call. */
  setQuantities(updates: readonly QuantityUpdate[]): Promise<QuantityOutcome[]>;
  /**
   * Orders created or changed since `cursor` (null: the first poll, which looks back
   * `lookBackMs`), each in its latest state. The connector applies `overlapMs` to time-based
   * cursors; the framework dedupes on the remote order id.
   */
  fetchOrders(cursor: string | null, options: { readonly overlapMs: number; readonly lookBackMs: number }): Promise<OrderPage>;
  /** PrestaShop only: creates the product with its combinations. */
  publish?(request: PublishRequest): Promise<PublishResult>;
}

export type ConnectorFactory<C extends ChannelCredentials = ChannelCredentials> = (credentials: C, context: ConnectorContext) => ChannelConnector;
