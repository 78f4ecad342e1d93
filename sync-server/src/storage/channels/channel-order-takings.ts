/**
 * @module
 * A channel's order as head-office takings: a SaleRecord-shaped value the dashboard's aggregates
 * take like a till's sale, under the channel account's id as its "store" and register and the
 * cashier `online`. Nothing of it goes to the `sales` table: that is the list of fiscal documents
 * the registers issued (Z and document numbers, the fiscal page reads it), and an online order is
 * not one; the channel's orders have their own list (`channels.orders`).
 *
 * VAT follows the one rule (`vatBreakdown`, as the receipt and the Z): lines grouped by the
 * matched product's code, the VAT extracted once per group. What the order holds besides its
 * lines (shipping, an order-level discount) is accessory to the goods and takes the VAT code of
 * its largest line (DPR 633/72 art. 12); a line no variant matches is taken at the standard 22 %.
 * The organisation's VAT stays the sum of each closure's scorporo: the channel's business day is
 * one closure, like a store's (`agg_vat_store_days`).
 */
import type { ChannelOrder, SaleRecord, VatCode } from '@cassa/shared';
import { vatBreakdown } from '@cassa/shared';
import type { MatchedVariant } from './channel-order-lines';

/** The cashier every channel's takings are filed under. */
export const ONLINE_CASHIER = 'online';
/** The VAT code of what no Cassa product names (the standard rate). */
const UNKNOWN_VAT: VatCode = '22';

/** The order's takings at import: every figure positive, the VAT by the shared rule. */
export function orderTakings(accountId: string, orderId: string, order: ChannelOrder, matches: readonly (MatchedVariant | null)[]): SaleRecord {
  const vatLines = order.lines.map((line, i) => ({ grossCents: line.totalCents, vatCode: matches[i]?.vatCode ?? UNKNOWN_VAT }));
  const largest = [...vatLines].sort((a, b) => b.grossCents - a.grossCents)[0];
  const rest = order.totalCents - vatLines.reduce((sum, l) => sum + l.grossCents, 0);
  if (rest !== 0) vatLines.push({ grossCents: rest, vatCode: largest?.vatCode ?? UNKNOWN_VAT });
  const lines: SaleRecord['lines'] = [];
  order.lines.forEach((line, i) => {
    const match = matches[i];
    if (!match) return;
    lines.push({
      lineId: `${orderId}:${i}`,
      productId: match.productId,
      variantId: match.variantId,
      sku: match.sku,
      description: line.title || match.productName,
      vatCode: match.vatCode,
      quantityMilli: line.quantity * 1000,
      unitPriceCents: line.unitPriceCents,
      discountCents: Math.max(0, line.unitPriceCents * line.quantity - line.totalCents),
      totalCents: line.totalCents,
    });
  });
  return {
    id: orderId,
    kind: 'sale',
    storeId: accountId,
    deviceId: accountId,
    shiftId: accountId,
    zNumber: 1,
    documentNumber: 1,
    originalSaleId: null,
    cashierId: ONLINE_CASHIER,
    customerId: null,
    completedAt: order.placedAt,
    lines,
    // Paid to the channel, not into a drawer: no payment row (the dashboard's payments are the registers').
    payments: [],
    changeCents: 0,
    roundingCents: 0,
    totalCents: order.totalCents,
    vatBreakdown: vatBreakdown(vatLines).map((g) => ({ ...g })),
  };
}

/**
 * What takes the takings back: a cancelled order is voided (its ticket no longer counts), a
 * refunded one is a return (the sale happened, the money went back). Every figure negated, so the
 * two add up to zero in every table.
 */
export function reversedTakings(takings: SaleRecord, kind: 'post-void' | 'return', at: string): SaleRecord {
  return {
    ...takings,
    id: `${takings.id}:${kind}`,
    kind,
    originalSaleId: takings.id,
    completedAt: at,
    lines: takings.lines.map((l) => ({ ...l, lineId: `${l.lineId}:${kind}`, quantityMilli: -l.quantityMilli, totalCents: -l.totalCents, originalLineId: l.lineId })),
    totalCents: -takings.totalCents,
    vatBreakdown: takings.vatBreakdown.map((g) => ({ vatCode: g.vatCode, grossCents: -g.grossCents, netCents: -g.netCents, vatCents: -g.vatCents })),
  };
}
