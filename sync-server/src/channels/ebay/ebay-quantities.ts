/**
 * @module
 * Absolute quantities to eBay with `POST /sell/inventory/v1/bulk_update_price_quantity`: up to 25
 * SKUs a call, each with its item quantity and every offer's `availableQuantity`, so the listing
 * (the smaller of the two, reference §3) shows exactly the figure. Never a PUT of the inventory
 * item (it replaces the whole item) nor of its group (a SKU left out drops out of the listing).
 *
 * Quantity 0 on a single-SKU listing: eBay is reported [U] to refuse it (25004), so the connector
 * withdraws the offer instead and publishes it again when stock returns. A variation of a group
 * takes 0 in the bulk call (it stays in the listing as sold out). This relists an offer the seller
 * withdrew by hand once Cassa has stock for it: unlink the item in Cassa to keep it off eBay.
 */
import { ChannelCallError } from '../connector';
import type { QuantityOutcome, QuantityUpdate } from '../connector';
import { classifyStatus, ebayErrors, isGone } from './ebay-errors';
import type { EbayHttp } from './ebay-http';
import type { OfferBook, OfferState } from './ebay-offers';

const BULK_PATH = '/sell/inventory/v1/bulk_update_price_quantity';
export const EBAY_BULK_LIMIT = 25;
/** [U] third-party code: "quantity must be a valid number greater than 0". */
const ZERO_REFUSED = 25004;

function ebaySku(update: QuantityUpdate): string {
  return update.mapping.remoteVariantId;
}

function isVariation(update: QuantityUpdate): boolean {
  return update.mapping.remoteProductId !== update.mapping.remoteVariantId;
}

function failed(variantId: string, error: ChannelCallError): QuantityOutcome {
  if (error.disposition === 'not-found') return { variantId, result: 'not-found' };
  if (error.disposition === 'retry') return { variantId, result: 'retry', problem: error.problem, detail: error.detail, retryAfterMs: error.retryAfterMs };
  return { variantId, result: 'refused', problem: error.problem, detail: error.detail };
}

/**
 * Whether a failed call concerns this SKU only. Signing in and rate limits concern the whole
 * account: the call fails as a whole so the framework waits, instead of hammering eBay with
 * the rest of the batch.
 */
function perItem(error: unknown): error is ChannelCallError {
  return error instanceof ChannelCallError && error.disposition !== 'auth' && error.problem !== 'rate-limited';
}

function outcomeOfEntries(variantId: string, entries: readonly BulkEntry[]): QuantityOutcome {
  if (entries.length === 0) return { variantId, result: 'retry', problem: 'unexpected-answer', detail: 'eBay did not answer for this SKU' };
  const bad = entries.find((entry) => entry.statusCode < 200 || entry.statusCode >= 300);
  if (bad === undefined) return { variantId, result: 'applied' };
  const body = { errors: bad.errors };
  if (isGone(bad.statusCode, body) || bad.statusCode === 404) return { variantId, result: 'not-found' };
  const error = classifyStatus(bad.statusCode, body, '', null, new Date());
  return failed(variantId, error);
}

interface BulkEntry {
  readonly sku: string | null;
  readonly offerId: string | null;
  readonly statusCode: number;
  readonly errors: unknown;
}

function readEntries(body: unknown): BulkEntry[] | null {
  const responses = typeof body === 'object' && body !== null ? (body as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(responses)) return null;
  return responses.flatMap((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const { sku, offerId, statusCode, errors } = raw as Record<string, unknown>;
    if (typeof statusCode !== 'number' || !Number.isSafeInteger(statusCode)) return [];
    return [{ sku: typeof sku === 'string' ? sku : null, offerId: typeof offerId === 'string' ? offerId : null, statusCode, errors: Array.isArray(errors) ? errors : [] }];
  });
}

export class EbayQuantities {
  constructor(
    private readonly http: EbayHttp,
    private readonly offers: OfferBook,
  ) {}

  async set(updates: readonly QuantityUpdate[]): Promise<QuantityOutcome[]> {
    const outcomes = new Map<string, QuantityOutcome>();
    for (let start = 0; start < updates.length; start += EBAY_BULK_LIMIT) {
      for (const outcome of await this.setBatch(updates.slice(start, start + EBAY_BULK_LIMIT))) outcomes.set(outcome.variantId, outcome);
    }
    return updates.filter((update, index) => updates.findIndex((other) => other.mapping.variantId === update.mapping.variantId) === index).map((update) => outcomes.get(update.mapping.variantId) as QuantityOutcome);
  }

  private async setBatch(updates: readonly QuantityUpdate[]): Promise<QuantityOutcome[]> {
    const outcomes: QuantityOutcome[] = [];
    const toBulk: { update: QuantityUpdate; state: OfferState }[] = [];
    for (const update of updates) {
      const variantId = update.mapping.variantId;
      const quantity = Math.max(0, Math.floor(update.quantity));
      let state: OfferState | null;
      try {
        state = await this.offers.of(ebaySku(update));
      } catch (error) {
        if (perItem(error)) {
          outcomes.push(failed(variantId, error));
          continue;
        }
        throw error;
      }
      if (state === null) {
        outcomes.push({ variantId, result: 'not-found' });
      } else if (this.alreadyShows(update, state, quantity)) {
        // eBay shows this figure already (as far as the last read or write tells): a revision
        // would only spend one of the listing's 250 a day. The nightly reconciliation reads
        // every offer afresh, so a change made on eBay meanwhile is still found.
        outcomes.push({ variantId, result: 'applied' });
      } else if (quantity === 0 && !isVariation(update)) {
        outcomes.push(await this.withdraw(update, state));
      } else {
        toBulk.push({ update: { ...update, quantity }, state });
      }
    }
    if (toBulk.length > 0) outcomes.push(...(await this.bulk(toBulk)));
    return outcomes;
  }

  private alreadyShows(update: QuantityUpdate, state: OfferState, quantity: number): boolean {
    if (state.offerIds.length === 0) return false;
    const live = state.publishedIds.length === state.offerIds.length;
    if (quantity === 0 && !isVariation(update)) return state.publishedIds.length === 0;
    return live && state.availableQuantity === quantity;
  }

  private async bulk(batch: readonly { update: QuantityUpdate; state: OfferState }[]): Promise<QuantityOutcome[]> {
    const requests = batch.map(({ update, state }) => ({
      sku: ebaySku(update),
      shipToLocationAvailability: { quantity: update.quantity },
      ...(state.offerIds.length === 0 ? {} : { offers: state.offerIds.slice(0, EBAY_BULK_LIMIT).map((offerId) => ({ offerId, availableQuantity: update.quantity })) }),
    }));
    const answer = await this.http.call('default', 'POST', BULK_PATH, { json: { requests } });
    const entries = readEntries(answer.body);
    if (entries === null) throw this.http.unexpected(answer);
    const outcomes: QuantityOutcome[] = [];
    for (const { update, state } of batch) {
      const sku = ebaySku(update);
      const mine = entries.filter((entry) => entry.sku === sku || (entry.offerId !== null && state.offerIds.includes(entry.offerId)));
      let outcome = outcomeOfEntries(update.mapping.variantId, mine);
      if (outcome.result === 'not-found') this.offers.forget(sku);
      if (outcome.result === 'refused' && mine.some((entry) => ebayErrors({ errors: entry.errors }).some((error) => error.errorId === ZERO_REFUSED))) {
        outcome = await this.withdraw(update, state);
      } else if (outcome.result === 'applied' && update.quantity > 0) {
        outcome = await this.publishWithdrawn(update, state);
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Ends the live listing of a SKU at 0 (eBay refuses 0 on a single-SKU listing [U]). */
  private async withdraw(update: QuantityUpdate, state: OfferState): Promise<QuantityOutcome> {
    const variantId = update.mapping.variantId;
    const sku = ebaySku(update);
    for (const offerId of state.publishedIds) {
      try {
        await this.http.call('default', 'POST', `/sell/inventory/v1/offer/${encodeURIComponent(offerId)}/withdraw`);
      } catch (error) {
        if (!perItem(error)) throw error;
        this.offers.forget(sku);
        // What we knew was stale (the offer was already ended): that is the state we wanted.
        const fresh = error.disposition === 'refused' ? await this.offers.of(sku).catch(() => null) : null;
        if (fresh !== null && fresh.publishedIds.length === 0) return { variantId, result: 'applied' };
        return failed(variantId, error);
      }
    }
    this.offers.remember(sku, { ...state, publishedIds: [], availableQuantity: 0 });
    return { variantId, result: 'applied' };
  }

  /** Lists again what a 0 withdrew, once the quantity is back above 0. */
  private async publishWithdrawn(update: QuantityUpdate, state: OfferState): Promise<QuantityOutcome> {
    const variantId = update.mapping.variantId;
    const sku = ebaySku(update);
    const withdrawn = state.offerIds.filter((offerId) => !state.publishedIds.includes(offerId));
    for (const offerId of isVariation(update) ? [] : withdrawn) {
      try {
        await this.http.call('default', 'POST', `/sell/inventory/v1/offer/${encodeURIComponent(offerId)}/publish`);
      } catch (error) {
        if (!perItem(error)) throw error;
        this.offers.forget(sku);
        return failed(variantId, error);
      }
    }
    this.offers.remember(sku, { ...state, publishedIds: isVariation(update) ? state.publishedIds : state.offerIds, availableQuantity: update.quantity });
    return { variantId, result: 'applied' };
  }
}
