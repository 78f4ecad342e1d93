/**
 * @module
 * Orders in from `GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[from..]` (grammar
 * checked against eBay's OAS3; `[`, `]` percent-encoded as it asks), oldest created first,
 * `limit` up to 200 with a zero-based `offset`. The cursor (JSON) keeps the window's start fixed
 * while its pages are read, then moves to the latest `lastModifiedDate` seen, so state changes
 * are caught; each new window starts `overlapMs` earlier. Times are eBay's clock (its answers'
 * `Date`), so a till server with a wrong clock neither asks for the future nor skips orders.
 *
 * getOrders returns `cancelStatus.cancelRequests` always empty (OAS3: "Use the getOrder call
 * instead"), so an order whose `cancelState` is not NONE_REQUESTED is read again with getOrder.
 */
import { z } from 'zod';
import { consoleLogger } from '../../http-support';
import type { OrderPage } from '../connector';
import type { ChannelOrder } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import { cleanDetail } from './ebay-errors';
import type { EbayHttp } from './ebay-http';
import { mapEbayOrder } from './ebay-order-mapping';

const ORDERS_PATH = '/sell/fulfillment/v1/order';
/** getOrders returns nothing older than two years (OAS3); stay a day inside. */
const MAX_LOOK_BACK_MS = 729 * 86_400_000;

const cursorSchema = z.object({
  v: z.literal(1),
  /** The latest lastModifiedDate of a finished window (null: none yet). */
  since: z.iso.datetime().nullable(),
  /** The running window's filter start and how far it has been read. */
  from: z.iso.datetime(),
  offset: z.number().int().min(0).max(10_000_000),
  maxSeen: z.iso.datetime().nullable(),
});
type OrderCursor = z.infer<typeof cursorSchema>;

const pageSchema = z.object({ orders: z.array(z.unknown()).max(1000).optional(), next: z.string().optional() }).loose();

function readCursor(cursor: string | null): OrderCursor | null {
  if (cursor === null) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** eBay's timestamp format, milliseconds and Z. */
function ebayTime(ms: number): string {
  return new Date(ms).toISOString();
}

function modifiedOf(raw: unknown): number | null {
  const value = typeof raw === 'object' && raw !== null ? (raw as { lastModifiedDate?: unknown }).lastModifiedDate : undefined;
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

function cancelStateOf(raw: unknown): string | null {
  const status = typeof raw === 'object' && raw !== null ? (raw as { cancelStatus?: { cancelState?: unknown } }).cancelStatus : undefined;
  return typeof status?.cancelState === 'string' ? status.cancelState : null;
}

export class EbayOrders {
  constructor(
    private readonly http: EbayHttp,
    private readonly pageSize: number,
  ) {}

  private windowStart(previous: OrderCursor | null, options: { readonly overlapMs: number; readonly lookBackMs: number }): number {
    const now = this.http.remoteNow().getTime();
    const oldest = now - MAX_LOOK_BACK_MS;
    const since = previous?.since === null || previous === null ? now - options.lookBackMs : Date.parse(previous.since) - options.overlapMs;
    return Math.min(now - 1000, Math.max(oldest, since));
  }

  /** getOrder for an order with a cancellation: getOrders never lists the requests. */
  private async withCancellation(raw: unknown): Promise<unknown> {
    const state = cancelStateOf(raw);
    const orderId = typeof raw === 'object' && raw !== null ? (raw as { orderId?: unknown }).orderId : undefined;
    if (state === null || state === 'NONE_REQUESTED' || typeof orderId !== 'string' || orderId === '' || orderId.length > 120) return raw;
    try {
      const answer = await this.http.call('default', 'GET', `${ORDERS_PATH}/${encodeURIComponent(orderId)}`);
      return answer.body ?? raw;
    } catch (error) {
      // The order vanished between the two reads: keep what getOrders said.
      if (error instanceof ChannelCallError && error.disposition === 'not-found') return raw;
      throw error;
    }
  }

  async fetch(cursor: string | null, options: { readonly overlapMs: number; readonly lookBackMs: number }): Promise<OrderPage> {
    await this.http.learnRemoteClock();
    const previous = readCursor(cursor);
    const running = previous !== null && previous.offset > 0 ? previous : null;
    const from = running !== null ? Date.parse(running.from) : this.windowStart(previous, options);
    const offset = running?.offset ?? 0;
    const query = new URLSearchParams({ filter: `lastmodifieddate:[${ebayTime(from)}..]`, limit: String(this.pageSize), offset: String(offset) });
    const answer = await this.http.call('default', 'GET', `${ORDERS_PATH}?${query.toString()}`);
    const parsed = pageSchema.safeParse(answer.body);
    if (!parsed.success) throw this.http.unexpected(answer);
    const rawOrders = parsed.data.orders ?? [];
    const orders: ChannelOrder[] = [];
    let maxSeen = running?.maxSeen === null || running === null ? null : Date.parse(running.maxSeen);
    const ceiling = this.http.remoteNow().getTime() + 86_400_000;
    for (const raw of rawOrders) {
      const modified = modifiedOf(raw);
      if (modified !== null && modified <= ceiling && (maxSeen === null || modified > maxSeen)) maxSeen = modified;
      const mapped = mapEbayOrder(await this.withCancellation(raw));
      if (mapped.ok) orders.push(mapped.order);
      else consoleLogger('ebay: skipped an order eBay sent: %s', undefined, [cleanDetail(mapped.reason)]);
    }
    const more = parsed.data.next !== undefined && parsed.data.next !== '' && rawOrders.length > 0;
    const previousSince = previous?.since ?? null;
    const next: OrderCursor = more
      ? { v: 1, since: previousSince, from: ebayTime(from), offset: offset + rawOrders.length, maxSeen: maxSeen === null ? null : ebayTime(maxSeen) }
      : { v: 1, since: ebayTime(Math.max(maxSeen ?? from, previousSince === null ? from : Date.parse(previousSince))), from: ebayTime(from), offset: 0, maxSeen: null };
    return { orders, cursor: JSON.stringify(next), more };
  }
}
