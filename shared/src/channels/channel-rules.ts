/**
 * @module
 * The rules every channel obeys, written once for head office, its connectors and the tests that
 * check them: what quantity a channel may sell, how long to wait before trying again, and how far
 * back each poll for orders looks.
 */
import type { ChannelKind } from './channel-accounts';

/** A variant's stock at one store as head office holds it, in thousandths of a unit. */
export interface StoreStock {
  readonly storeId: string;
  readonly onHandMilli: number;
  /** Held for online orders not yet shipped (every channel's). */
  readonly reservedMilli: number;
}

/**
 * The available-to-sell quantity pushed to a channel, in whole units, never negative: on hand
 * minus reserved, summed over the stores the owner picked for it, minus its safety buffer. A
 * store that sells below zero counts as zero, so one store's oversell never hides another's
 * shelf. Always an absolute figure: a lost or repeated push cannot drift.
 */
export function availableToSell(stock: readonly StoreStock[], storeIds: readonly string[], safetyBuffer: number): number {
  const picked = new Set(storeIds);
  let milli = 0;
  for (const row of stock) {
    if (!picked.has(row.storeId)) continue;
    milli += Math.max(0, row.onHandMilli - row.reservedMilli);
  }
  return Math.max(0, Math.floor(milli / 1000) - Math.max(0, safetyBuffer));
}

/** How long orders are looked for again behind the last cursor (state changes arrive late). */
export const CHANNEL_ORDER_OVERLAP_MS = 10 * 60_000;
/** Orders are polled this often at most per account (each channel also caps its own rate). */
export const CHANNEL_ORDER_POLL_MS = 60_000;
/** A stock change waits this long for more changes to the same SKU before it is sent. */
export const CHANNEL_STOCK_COALESCE_MS = 300;
/** The full reconciliation runs once a night, at this hour of the shop's time zone. */
export const CHANNEL_RECONCILE_HOUR = 3;
/** Attempts before a job that keeps failing for a passing reason becomes a dead letter. */
export const CHANNEL_MAX_ATTEMPTS = 12;
/** The longest wait between two attempts of one job. */
export const CHANNEL_MAX_BACKOFF_MS = 30 * 60_000;

/**
 * Each channel's published caps. `rates` are per operation and seller (requests per second and
 * burst); `quantityBatch` is how many SKUs one stock call may carry.
 * - PrestaShop documents no limits; 5 rps is our own politeness to a shop's web server.
 * - Amazon SP-API: listings patch 5 rps burst 5; getOrders 0.0167 rps burst 20; searchOrders
 *   (2026-01-01) 0.0056 rps; getOrderItems 0.5 rps (the models' x-amzn-api rate notes).
 * - eBay: bulk_update_price_quantity takes one SKU's offers (25 at most) per entry and 25 entries;
 *   a listing may be revised 250 times a day.
 */
export const channelLimits: Readonly<
  Record<ChannelKind, { readonly rates: Readonly<Record<string, { readonly perSecond: number; readonly burst: number }>>; readonly quantityBatch: number; readonly revisionsPerDay: number | null }>
> = {
  prestashop: { rates: { default: { perSecond: 5, burst: 10 } }, quantityBatch: 1, revisionsPerDay: null },
  amazon: {
    rates: {
      listings: { perSecond: 5, burst: 5 },
      getOrders: { perSecond: 0.0167, burst: 20 },
      searchOrders: { perSecond: 0.0056, burst: 20 },
      getOrderItems: { perSecond: 0.5, burst: 30 },
      token: { perSecond: 1, burst: 5 },
    },
    quantityBatch: 1,
    revisionsPerDay: null,
  },
  ebay: {
    rates: { default: { perSecond: 5, burst: 10 }, token: { perSecond: 1, burst: 5 } },
    quantityBatch: 25,
    revisionsPerDay: 250,
  },
};

/**
 * The wait before attempt `attempt + 1` of a failed call: the remote's own `Retry-After` when it
 * gave one (never less), otherwise exponential from one second with full jitter (`random` in
 * [0, 1)), capped at `CHANNEL_MAX_BACKOFF_MS`.
 */
export function channelRetryDelayMs(attempt: number, retryAfterMs: number | null, random: number): number {
  const exponential = Math.min(CHANNEL_MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = Math.floor(exponential / 2 + (exponential / 2) * Math.min(Math.max(random, 0), 1));
  if (retryAfterMs !== null && retryAfterMs > 0) return Math.min(Math.max(retryAfterMs, jittered / 4), CHANNEL_MAX_BACKOFF_MS * 4);
  return jittered;
}

/**
 * Reads an HTTP `Retry-After` (seconds or an HTTP date) into milliseconds from `now`; null when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
