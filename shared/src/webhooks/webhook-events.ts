/**
 * @module
 * The events head office sends to integrators' webhook endpoints (issue 19), declared once: the
 * server writes them, the page lists them, the README documents them. Every message is a Standard
 * Webhooks 1.0 envelope (`type`, `timestamp`, `data`); its `id` (the `webhook-id` header) is the
 * event's own and stays the same on every retry and every manual redelivery, so a receiver dedupes
 * on it. Amounts are integer cents, quantities thousandths (`_milli`), times UTC ISO.
 * `data.version` grows with every event of one resource (a sale, a variant's stock in a store, a
 * product), so a receiver that sees an older version after a newer one can drop it.
 */
import { z } from 'zod';

export const webhookEventTypes = ['sale.completed', 'sale.returned', 'stock.changed', 'product.changed', 'day.closed'] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.output<typeof webhookEventTypeSchema>;

const cents = z.number().int();
const version = z.number().int().positive();

/** `sale.completed` (kind `sale`) and `sale.returned` (kind `return` or `post-void`, naming the original sale when known). */
export const saleEventDataSchema = z.object({
  saleId: z.string(),
  storeId: z.string(),
  deviceId: z.string(),
  /** A post-void cancels a sale just made; it is sent as `sale.returned` too. */
  kind: z.enum(['sale', 'return', 'post-void']),
  originalSaleId: z.string().nullable(),
  completedAt: z.string(),
  totalCents: cents,
  /** Per VAT code as the till computed it (the rows the dashboard sums). */
  vat: z.array(z.object({ vatCode: z.string(), grossCents: cents, netCents: cents, vatCents: cents })),
  lines: z.array(z.object({ variantId: z.string(), quantityMilli: z.number().int(), totalCents: cents })),
  version,
});

/** A variant's stock in one store after a change (a sale, a movement, a transfer). */
export const stockEventDataSchema = z.object({ storeId: z.string(), variantId: z.string(), onHandMilli: z.number().int(), version });

/** A product written or deleted at head office (catalogue page, import, API). */
export const productEventDataSchema = z.object({ productId: z.string(), deleted: z.boolean(), variantIds: z.array(z.string()), version });

/**
 * A register closed its day (its Z): the shift record every till pushes at closing, in Italy and
 * elsewhere (the fiscal device's own closure, where there is one, follows as its own document).
 */
export const dayClosedEventDataSchema = z.object({
  shiftId: z.string(),
  storeId: z.string(),
  deviceId: z.string(),
  zNumber: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string(),
  salesCount: z.number().int(),
  expectedCashCents: cents,
  countedCashCents: cents,
  varianceCents: cents,
  version,
});

export const webhookEventDataSchemas = {
  'sale.completed': saleEventDataSchema,
  'sale.returned': saleEventDataSchema,
  'stock.changed': stockEventDataSchema,
  'product.changed': productEventDataSchema,
  'day.closed': dayClosedEventDataSchema,
} as const satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventData<T extends WebhookEventType> = z.output<(typeof webhookEventDataSchemas)[T]>;

/** The body of every delivery; `id` equals the `webhook-id` header. */
export const webhookEnvelopeSchema = z.object({
  id: z.string(),
  type: z.union([webhookEventTypeSchema, z.literal('webhook.test')]),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.output<typeof webhookEnvelopeSchema>;

/** Which resource an event is about: events of one resource reach an endpoint in order. */
export function webhookResourceKey(type: WebhookEventType, data: Record<string, unknown>): string {
  switch (type) {
    case 'sale.completed':
    case 'sale.returned':
      return `sale:${String(data['saleId'])}`;
    case 'stock.changed':
      return `stock:${String(data['storeId'])}:${String(data['variantId'])}`;
    case 'product.changed':
      return `product:${String(data['productId'])}`;
    case 'day.closed':
      return `day:${String(data['storeId'])}:${String(data['deviceId'])}`;
  }
}
