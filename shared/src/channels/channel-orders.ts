/**
 * @module
 * An order from a channel as head office stores it, whatever the channel: every connector turns
 * its remote's order into this, and head office imports it once per channel account and remote
 * order id.
 */
import { z } from 'zod';
import { MAX_AMOUNT_CENTS, MAX_QUANTITY_MILLI, text } from '../records/limits';

/**
 * `open`: to ship (its stock is reserved); `shipped`: gone (the reservation became a stock
 * movement); `cancelled`: before shipping (the reservation is released, the takings reversed);
 * `refunded`: money returned after shipping (takings reversed, stock unchanged: goods that come
 * back are received at a store like any return).
 */
export const channelOrderStatuses = ['open', 'shipped', 'cancelled', 'refunded'] as const;
export const channelOrderStatusSchema = z.enum(channelOrderStatuses);
export type ChannelOrderStatus = z.infer<typeof channelOrderStatusSchema>;

const cents = z.number().int().min(-MAX_AMOUNT_CENTS).max(MAX_AMOUNT_CENTS);

export const channelOrderLineSchema = z.object({
  /** The remote's line id (PrestaShop order_detail id, Amazon OrderItemId, eBay lineItemId). */
  remoteLineId: text().min(1).max(120),
  /** The seller SKU (PrestaShop reference) the line names, if any. */
  sku: text().max(120).nullable(),
  /** EAN/UPC the line names, if any. */
  barcode: text().max(64).nullable(),
  /** The remote product and variant ids (PrestaShop id_product / product_attribute_id). */
  remoteProductId: text().max(120).nullable(),
  remoteVariantId: text().max(120).nullable(),
  title: text().max(300),
  quantity: z.number().int().positive().max(Math.floor(MAX_QUANTITY_MILLI / 1000)),
  /** What the buyer paid per unit, VAT included. */
  unitPriceCents: cents,
  /** The line's total, VAT included (quantity × unit price less the line's discounts). */
  totalCents: cents,
});
export type ChannelOrderLine = z.infer<typeof channelOrderLineSchema>;

export const channelOrderSchema = z.object({
  remoteOrderId: text().min(1).max(120),
  /**
   * Two remote orders with one dedupe key are one purchase: PrestaShop core can make two orders
   * from one cart (PrestaShop #17266, #11115), so its connector gives `id_cart`. Null: none.
   */
  dedupeKey: text().max(120).nullable(),
  /** The reference the buyer sees (PrestaShop reference, Amazon order id, eBay order id). */
  reference: text().max(120),
  status: channelOrderStatusSchema,
  /** UTC ISO instants. */
  placedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  currency: text().min(3).max(3),
  lines: z.array(channelOrderLineSchema).max(500),
  /** Shipping and everything else the buyer paid besides the lines, VAT included. */
  shippingCents: cents,
  totalCents: cents,
  buyerName: text().max(200),
});
export type ChannelOrder = z.infer<typeof channelOrderSchema>;
