/**
 * @module
 * What the connector knows of each SKU's offers: their ids and whether they are live. Learnt from
 * the listing pages, from `GET /offer?sku=` and from its own withdraw and publish calls, and kept
 * for the connector's life, so a quantity push needs no read unless the state is unknown (after a
 * restart, or for a SKU never listed).
 */
import { z } from 'zod';
import type { EbayHttp } from './ebay-http';
import { classifyStatus, isGone } from './ebay-errors';

export interface OfferState {
  readonly offerIds: readonly string[];
  /** Offers currently published (a listing buyers see). */
  readonly publishedIds: readonly string[];
  /** The listing quantity buyers see: the smaller of the item's and the offer's (reference §3). */
  readonly availableQuantity: number | null;
}

const offerSchema = z
  .object({
    offerId: z.string().min(1).max(100),
    status: z.string().optional(),
    availableQuantity: z.unknown().optional(),
  })
  .loose();
const offersSchema = z.object({ offers: z.array(z.unknown()).max(1000).optional() }).loose();

/** A quantity as eBay reports it, or null when it is not a sane whole number (1e308, -1, "5"). */
export function saneQuantity(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1_000_000_000 ? value : null;
}

export function offerStateOf(offers: readonly unknown[]): OfferState {
  const parsed = offers.flatMap((offer) => {
    const result = offerSchema.safeParse(offer);
    return result.success && !result.data.offerId.includes('\u0000') ? [result.data] : [];
  });
  const published = parsed.filter((offer) => offer.status === 'PUBLISHED');
  const quantities = published.map((offer) => saneQuantity(offer.availableQuantity)).filter((quantity): quantity is number => quantity !== null);
  return {
    offerIds: parsed.map((offer) => offer.offerId),
    publishedIds: published.map((offer) => offer.offerId),
    availableQuantity: quantities.length === 0 ? null : Math.min(...quantities),
  };
}

export class OfferBook {
  private readonly known = new Map<string, OfferState>();

  constructor(private readonly http: EbayHttp) {}

  remember(sku: string, state: OfferState): void {
    this.known.set(sku, state);
  }

  forget(sku: string): void {
    this.known.delete(sku);
  }

  cached(sku: string): OfferState | undefined {
    return this.known.get(sku);
  }

  /** The SKU's offers, read from eBay when unknown; null when eBay has no such SKU. */
  async of(sku: string): Promise<OfferState | null> {
    return this.known.get(sku) ?? this.read(sku);
  }

  /** The SKU's offers as eBay has them now (the listing pages always read afresh: the seller may have changed them). */
  async read(sku: string): Promise<OfferState | null> {
    const answer = await this.http.call('default', 'GET', `/sell/inventory/v1/offer?sku=${encodeURIComponent(sku)}`, { ok: (status) => (status >= 200 && status < 300) || status === 404 });
    if (answer.status === 404) {
      if (isGone(answer.status, answer.body)) {
        this.known.delete(sku);
        return null;
      }
      throw classifyStatus(answer.status, answer.body, answer.raw, answer.retryAfter, this.http.context.now());
    }
    const parsed = offersSchema.safeParse(answer.body);
    if (!parsed.success) throw this.http.unexpected(answer);
    const state = offerStateOf(parsed.data.offers ?? []);
    this.known.set(sku, state);
    return state;
  }
}
