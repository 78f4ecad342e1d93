/**
 * @module
 * Orders from the CURRENT Orders API (`searchOrders`, GET /orders/2026-01-01/orders; v0 is
 * deprecated, to be gone by 2027-03-27 per the SP-API changelog, reference §2). The 2026-01-01
 * order carries its items, so no getOrderItems call per order is needed.
 *
 * - Polls on `lastUpdatedAfter`: `createdAfter` misses status changes (amzn/selling-partner-api-docs #688).
 * - Always sends `lastUpdatedBefore`, at least two minutes and a half before now: a `*Before`
 *   closer than two minutes is InvalidInput (the model; selling-partner-api-docs #326), and the
 *   extra half minute absorbs a clock a little ahead of Amazon's.
 * - A page token only continues its own query (same window) and dies after 24 h: the cursor keeps
 *   the window with the token; a refused token restarts the window.
 * - Only merchant-fulfilled orders (`fulfilledBy=MERCHANT`): Cassa's stock feeds the MFN
 *   quantity; FBA orders ship from Amazon's warehouses.
 * - Refunds are not an order status in either model: a refunded order stays SHIPPED here (known
 *   gap; the Finances API would tell).
 */
import { channelOrderSchema, type AmazonCredentials, type ChannelOrder, type ChannelOrderStatus } from '@cassa/shared';
import { z } from 'zod';
import { ChannelCallError, type OrderPage } from '../connector';
import { cutAt, remoteDetail, unexpectedAnswer } from './amazon-errors';
import { centsOf } from './amazon-money';
import type { SpApiClient } from './sp-api-client';

const BEFORE_MARGIN_MS = 150_000;
/** Orders older than two years are not returned (reference §2); asking further back is pointless. */
const OLDEST_MS = 2 * 365 * 24 * 3_600_000 - 24 * 3_600_000;

const cursorSchema = z.object({
  v: z.literal(1),
  after: z.iso.datetime(),
  before: z.iso.datetime().nullable(),
  token: z.string().max(8192).nullable(),
});
type OrdersCursor = z.infer<typeof cursorSchema>;

const money = z.object({ amount: z.unknown(), currencyCode: z.string() }).passthrough();
const breakdowns = z.array(z.object({ type: z.string(), subtotal: money }).passthrough()).optional();
const orderSchema = z
  .object({
    orderId: z.string(),
    createdTime: z.string(),
    lastUpdatedTime: z.string(),
    buyer: z.object({ buyerName: z.string().optional() }).passthrough().optional(),
    proceeds: z.object({ grandTotal: money.optional(), breakdowns }).passthrough().optional(),
    fulfillment: z.object({ fulfillmentStatus: z.string(), fulfilledBy: z.string().optional() }).passthrough().optional(),
    orderItems: z.array(
      z
        .object({
          orderItemId: z.string(),
          quantityOrdered: z.unknown(),
          product: z
            .object({
              asin: z.string().optional(),
              title: z.string().optional(),
              sellerSku: z.string().optional(),
              price: z.object({ unitPrice: money.optional() }).passthrough().optional(),
            })
            .passthrough(),
          proceeds: z.object({ proceedsTotal: money.optional(), breakdowns }).passthrough().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

const pageSchema = z.object({
  orders: z.array(z.unknown()),
  pagination: z.object({ nextToken: z.string().optional() }).passthrough().optional(),
});

/** The model's FulfillmentStatus; UNFULFILLABLE will never ship, so its stock is released [U]. */
const statusOf: Readonly<Record<string, ChannelOrderStatus>> = {
  PENDING_AVAILABILITY: 'open',
  PENDING: 'open',
  UNSHIPPED: 'open',
  PARTIALLY_SHIPPED: 'open',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
  UNFULFILLABLE: 'cancelled',
};

export interface OrdersOptions {
  readonly overlapMs: number;
  readonly lookBackMs: number;
  /** Orders per page (1–100, default 100). */
  readonly pageSize: number;
  readonly log: (message: string) => void;
}

export async function fetchOrders(client: SpApiClient, credentials: AmazonCredentials, cursorText: string | null, options: OrdersOptions): Promise<OrderPage> {
  const cursor = readCursor(cursorText, client.remoteNow(), options);
  const window = cursor.token !== null && cursor.before !== null ? { after: cursor.after, before: cursor.before } : { after: cursor.after, before: latestBefore(client.remoteNow()) };
  if (Date.parse(window.before) <= Date.parse(window.after)) {
    // Polled again within the margin: nothing can be asked yet.
    return { orders: [], cursor: JSON.stringify({ v: 1, after: window.after, before: null, token: null } satisfies OrdersCursor), more: false };
  }
  let answer: unknown;
  const offsetBefore = client.clockOffset();
  try {
    answer = await search(client, credentials, window, cursor.token, options.pageSize);
  } catch (error) {
    if (!(error instanceof ChannelCallError) || error.disposition !== 'refused') throw error;
    const restart = { orders: [], cursor: JSON.stringify({ v: 1, after: window.after, before: null, token: null } satisfies OrdersCursor), more: true };
    // An expired or refused page token: start the same window over (the overlap dedupes).
    if (cursor.token !== null) {
      options.log(`Amazon refused the page token (${error.detail}); the window starting ${window.after} is read again`);
      return restart;
    }
    // Our clock is ahead of Amazon's, so the window's end was too close: the refusal's own Date
    // header taught the client Amazon's time; ask again at once with a window that fits.
    if (Math.abs(client.clockOffset() - offsetBefore) > 30_000) {
      options.log(`Amazon's clock differs from ours by more than 30 s (${error.detail}); the window is measured on Amazon's time`);
      // A first poll looks back from Amazon's now, not from our wrong one.
      const after = cursorText === null ? readCursor(null, client.remoteNow(), options).after : window.after;
      return { ...restart, cursor: JSON.stringify({ v: 1, after, before: null, token: null } satisfies OrdersCursor) };
    }
    throw error;
  }
  const page = pageSchema.safeParse(answer);
  if (!page.success) throw unexpectedAnswer('searchOrders answered an unexpected shape', JSON.stringify(answer));
  const orders: ChannelOrder[] = [];
  for (const raw of page.data.orders) {
    const mapped = toChannelOrder(raw);
    if (typeof mapped === 'string') options.log(`Amazon order skipped: ${mapped}`);
    else if (mapped !== null) orders.push(mapped);
  }
  const nextToken = page.data.pagination?.nextToken;
  if (nextToken !== undefined && nextToken !== '') {
    return { orders, cursor: JSON.stringify({ v: 1, after: window.after, before: window.before, token: nextToken } satisfies OrdersCursor), more: true };
  }
  const nextAfter = new Date(Math.max(Date.parse(window.after), Date.parse(window.before) - Math.max(0, options.overlapMs))).toISOString();
  return { orders, cursor: JSON.stringify({ v: 1, after: nextAfter, before: null, token: null } satisfies OrdersCursor), more: false };
}

function search(client: SpApiClient, credentials: AmazonCredentials, window: { after: string; before: string }, token: string | null, pageSize: number): Promise<unknown> {
  return client.call({
    bucket: 'searchOrders',
    method: 'GET',
    path: 'orders/2026-01-01/orders',
    query: {
      lastUpdatedAfter: window.after,
      lastUpdatedBefore: window.before,
      marketplaceIds: credentials.marketplaceId,
      fulfilledBy: 'MERCHANT',
      includedData: ['BUYER', 'PROCEEDS', 'FULFILLMENT'],
      maxResultsPerPage: String(Math.min(100, Math.max(1, Math.floor(pageSize)))),
      paginationToken: token ?? undefined,
    },
  });
}

function latestBefore(now: Date): string {
  return new Date(now.getTime() - BEFORE_MARGIN_MS).toISOString();
}

function readCursor(text: string | null, now: Date, options: OrdersOptions): OrdersCursor {
  const oldest = now.getTime() - OLDEST_MS;
  const fresh = (): OrdersCursor => ({ v: 1, after: new Date(Math.max(oldest, now.getTime() - Math.max(0, options.lookBackMs))).toISOString(), before: null, token: null });
  if (text === null) return fresh();
  let parsed: z.ZodSafeParseResult<OrdersCursor>;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = cursorSchema.safeParse(null);
  }
  if (!parsed.success) {
    options.log(`Amazon orders cursor unreadable (${cutAt(text, 80)}): looking back again`);
    return fresh();
  }
  const after = Math.max(oldest, Date.parse(parsed.data.after));
  return { ...parsed.data, after: new Date(after).toISOString() };
}

/** The order as Cassa stores it; a string says why it was skipped; null: not ours to import. */
export function toChannelOrder(raw: unknown): ChannelOrder | string | null {
  const parsed = orderSchema.safeParse(raw);
  if (!parsed.success) return `unexpected order shape (${remoteDetail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')).slice(0, 200)})`;
  const order = parsed.data;
  const id = order.orderId;
  if (order.fulfillment?.fulfilledBy === 'AMAZON') return null;
  const status = statusOf[order.fulfillment?.fulfillmentStatus ?? ''];
  if (status === undefined) return `${cutAt(id, 40)}: unknown fulfilment status ${cutAt(String(order.fulfillment?.fulfillmentStatus), 40)}`;
  const placedAt = isoOf(order.createdTime);
  const updatedAt = isoOf(order.lastUpdatedTime);
  if (placedAt === null || updatedAt === null) return `${cutAt(id, 40)}: unreadable dates`;

  let currency: string | null = order.proceeds?.grandTotal?.currencyCode ?? null;
  const lines: ChannelOrder['lines'] = [];
  for (const item of order.orderItems) {
    const quantity = item.quantityOrdered;
    // A cancelled item can come back with nothing ordered: nothing to reserve or count.
    if (quantity === 0) continue;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) return `${cutAt(id, 40)}: item ${cutAt(item.orderItemId, 40)} has quantity ${cutAt(String(quantity), 40)}`;
    const unitPrice = item.product.price?.unitPrice;
    const unitCents = centsOf(unitPrice?.amount);
    if (unitPrice === undefined || unitCents === null) return `${cutAt(id, 40)}: item ${cutAt(item.orderItemId, 40)} has no readable price`;
    currency ??= unitPrice.currencyCode;
    if (unitPrice.currencyCode !== currency) return `${cutAt(id, 40)}: items in two currencies`;
    // The line's total is the proceeds' ITEM subtotal (discounts included) when Amazon gives it.
    const itemSubtotal = item.proceeds?.breakdowns?.find((entry) => entry.type === 'ITEM')?.subtotal;
    const totalCents = itemSubtotal === undefined ? unitCents * quantity : centsOf(itemSubtotal.amount);
    if (totalCents === null || !Number.isSafeInteger(totalCents)) return `${cutAt(id, 40)}: item ${cutAt(item.orderItemId, 40)} has an unreadable total`;
    const sku = item.product.sellerSku === undefined ? null : item.product.sellerSku;
    lines.push({
      remoteLineId: item.orderItemId,
      sku,
      barcode: null,
      remoteProductId: item.product.asin ?? null,
      remoteVariantId: sku,
      title: cutAt(remoteDetail(item.product.title ?? sku ?? item.orderItemId), 300),
      quantity,
      unitPriceCents: unitCents,
      totalCents,
    });
  }
  const linesCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const grandTotal = order.proceeds?.grandTotal;
  const totalCents = grandTotal === undefined ? linesCents : centsOf(grandTotal.amount);
  if (totalCents === null) return `${cutAt(id, 40)}: unreadable order total`;
  const candidate = {
    remoteOrderId: id,
    dedupeKey: null,
    reference: id,
    status,
    placedAt,
    updatedAt,
    currency: currency ?? 'EUR',
    lines,
    // Everything the buyer paid besides the lines (shipping, gift wrap, COD fee), as one figure.
    shippingCents: totalCents - linesCents,
    totalCents,
    buyerName: cutAt(remoteDetail(order.buyer?.buyerName ?? ''), 200),
  };
  const checked = channelOrderSchema.safeParse(candidate);
  if (!checked.success) return `${cutAt(remoteDetail(id), 40)}: ${remoteDetail(checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')).slice(0, 200)}`;
  return checked.data;
}

function isoOf(value: string): string | null {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
