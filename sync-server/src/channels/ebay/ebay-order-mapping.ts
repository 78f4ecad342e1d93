/**
 * @module
 * An eBay Fulfillment order as Cassa's `ChannelOrder`, field by field from the OAS3 (APIs-guru
 * openapi-directory `APIs/ebay.com/sell-fulfillment/v1.20.0`): amounts are decimal strings with
 * a currency and become integer cents exactly (no floating point); status from
 * `cancelStatus.cancelState` (CANCELED), `paymentSummary.refunds` / `orderPaymentStatus`
 * (FULLY_REFUNDED) and `orderFulfillmentStatus` (FULFILLED: shipped; NOT_STARTED, IN_PROGRESS:
 * open). An order that cannot be read exactly is refused with a reason, never guessed.
 */
import { channelOrderSchema } from '@cassa/shared';
import type { ChannelOrder, ChannelOrderStatus } from '@cassa/shared';
import { z } from 'zod';
import { cleanDetail } from './ebay-errors';

const amountSchema = z.object({ value: z.string().max(40), currency: z.string().length(3) }).loose();

const lineSchema = z
  .object({
    lineItemId: z.string().min(1),
    sku: z.string().optional(),
    legacyItemId: z.string().optional(),
    title: z.string().optional(),
    quantity: z.number().int().positive(),
    lineItemCost: amountSchema,
    discountedLineItemCost: amountSchema.optional(),
  })
  .loose();

export const ebayOrderSchema = z
  .object({
    orderId: z.string().min(1),
    creationDate: z.string(),
    lastModifiedDate: z.string(),
    orderFulfillmentStatus: z.string(),
    orderPaymentStatus: z.string().optional(),
    buyer: z.object({ username: z.string().optional(), buyerRegistrationAddress: z.object({ fullName: z.string().optional() }).loose().optional() }).loose().optional(),
    pricingSummary: z.object({ total: amountSchema }).loose(),
    cancelStatus: z
      .object({ cancelState: z.string().optional(), cancelRequests: z.array(z.object({ cancelRequestState: z.string().optional() }).loose()).optional() })
      .loose()
      .optional(),
    paymentSummary: z.object({ refunds: z.array(z.object({ refundStatus: z.string().optional(), amount: amountSchema.optional() }).loose()).optional() }).loose().optional(),
    lineItems: z.array(lineSchema).min(1).max(500),
  })
  .loose();
export type EbayOrder = z.infer<typeof ebayOrderSchema>;

/** "12.50" → 1250 exactly; more than two decimals only when they are zeros; null otherwise. */
export function amountToCents(value: string): number | null {
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (match === null) return null;
  const decimals = (match[3] ?? '').padEnd(2, '0');
  if (/[^0]/.test(decimals.slice(2))) return null;
  const cents = Number(match[2]) * 100 + Number(decimals.slice(0, 2));
  return Number.isSafeInteger(cents) ? (match[1] === '-' ? -cents : cents) : null;
}

function isoOf(value: string): string | null {
  const at = Date.parse(value);
  return Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(value) ? null : new Date(at).toISOString();
}

/** Whether the cancellation is complete: the order's state, or (getOrder) a completed request. */
export function isCancelled(order: EbayOrder): boolean {
  return order.cancelStatus?.cancelState === 'CANCELED' || (order.cancelStatus?.cancelRequests ?? []).some((request) => request.cancelRequestState === 'COMPLETED');
}

function statusOf(order: EbayOrder, totalCents: number): ChannelOrderStatus {
  if (isCancelled(order)) return 'cancelled';
  const refunded = (order.paymentSummary?.refunds ?? []).filter((refund) => refund.refundStatus === 'REFUNDED').reduce((sum, refund) => sum + (amountToCents(refund.amount?.value ?? '') ?? 0), 0);
  // A partial refund leaves the sale standing (Cassa books the returned goods as a return).
  if (order.orderPaymentStatus === 'FULLY_REFUNDED' || (totalCents > 0 && refunded >= totalCents)) return 'refunded';
  return order.orderFulfillmentStatus === 'FULFILLED' ? 'shipped' : 'open';
}

export type MappedOrder = { readonly ok: true; readonly order: ChannelOrder } | { readonly ok: false; readonly reason: string };

export function mapEbayOrder(raw: unknown): MappedOrder {
  const parsed = ebayOrderSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `not an eBay order: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}` };
  const order = parsed.data;
  const currency = order.pricingSummary.total.currency;
  const totalCents = amountToCents(order.pricingSummary.total.value);
  const placedAt = isoOf(order.creationDate);
  const updatedAt = isoOf(order.lastModifiedDate);
  if (totalCents === null) return { ok: false, reason: `order ${order.orderId}: unreadable total ${order.pricingSummary.total.value}` };
  if (placedAt === null || updatedAt === null) return { ok: false, reason: `order ${order.orderId}: unreadable dates` };
  const lines: ChannelOrder['lines'][number][] = [];
  for (const line of order.lineItems) {
    const cost = line.discountedLineItemCost ?? line.lineItemCost;
    const lineCents = amountToCents(cost.value);
    if (lineCents === null || cost.currency !== currency) return { ok: false, reason: `order ${order.orderId}: line ${line.lineItemId} has an unreadable amount` };
    const sku = line.sku !== undefined && line.sku !== '' ? line.sku : null;
    lines.push({
      remoteLineId: line.lineItemId,
      sku,
      barcode: null,
      remoteProductId: line.legacyItemId ?? null,
      remoteVariantId: sku,
      title: cleanDetail(line.title ?? sku ?? line.lineItemId).slice(0, 300),
      quantity: line.quantity,
      unitPriceCents: Math.round(lineCents / line.quantity),
      totalCents: lineCents,
    });
  }
  const linesCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const candidate: ChannelOrder = {
    remoteOrderId: order.orderId,
    dedupeKey: null,
    reference: order.orderId,
    status: statusOf(order, totalCents),
    placedAt,
    updatedAt,
    currency,
    lines,
    // Shipping and whatever else the buyer paid besides the lines: the rest of the total.
    shippingCents: totalCents - linesCents,
    totalCents,
    // Free text is cleaned, not a reason to lose an order: a NUL byte in a name is dropped.
    buyerName: cleanDetail(order.buyer?.buyerRegistrationAddress?.fullName ?? order.buyer?.username ?? '').slice(0, 200),
  };
  const checked = channelOrderSchema.safeParse(candidate);
  if (!checked.success) return { ok: false, reason: `order ${order.orderId}: ${checked.error.issues[0]?.path.join('.') ?? ''} ${checked.error.issues[0]?.message ?? ''}` };
  return { ok: true, order: checked.data };
}
