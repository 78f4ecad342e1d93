/**
 * @module
 * A sale as a till's SaleCompletion records it (one unit of each product, paid by card) and one
 * stock movement per line, for the benchmarks that push or replicate till-shaped records.
 */
import { computeTicket } from '@cassa/shared';
import type { Product, SaleRecord, StockMovementRecord } from '@cassa/shared';

export interface BenchSaleOptions {
  readonly id: string;
  readonly at: Date;
  readonly storeId: string;
  readonly deviceId: string;
  readonly shiftId: string;
  readonly cashierId: string;
  readonly documentNumber: number;
  /** The id of the stock movement of line `i`. */
  readonly movementId: (i: number) => string;
}

export function benchSale(products: readonly Product[], o: BenchSaleOptions): { sale: SaleRecord; movements: StockMovementRecord[] } {
  const completedAt = o.at.toISOString();
  const inputs = products.map((p, i) => ({ lineId: `${o.id}-${i}`, quantityMilli: 1000, unitPriceCents: p.priceCents, vatCode: p.vatCode, discount: null }));
  const due = computeTicket(inputs, null, [], { cashRounding: false, fiscalDevice: false });
  const totals = computeTicket(inputs, null, [{ method: 'card', amountCents: due.totalCents }], { cashRounding: false, fiscalDevice: false });
  const sale: SaleRecord = {
    id: o.id,
    kind: 'sale',
    storeId: o.storeId,
    deviceId: o.deviceId,
    shiftId: o.shiftId,
    zNumber: 1,
    documentNumber: o.documentNumber,
    originalSaleId: null,
    cashierId: o.cashierId,
    customerId: null,
    completedAt,
    lines: products.map((p, i) => ({
      lineId: `${o.id}-${i}`,
      productId: p.id,
      variantId: p.variants[0]!.id,
      sku: p.variants[0]!.sku,
      description: p.name,
      vatCode: p.vatCode,
      quantityMilli: 1000,
      unitPriceCents: p.priceCents,
      discountCents: totals.lines[i]!.discountCents,
      totalCents: totals.lines[i]!.totalCents,
    })),
    payments: [{ method: 'card', amountCents: totals.totalCents, reference: null }],
    changeCents: totals.changeCents,
    roundingCents: totals.roundingCents,
    totalCents: totals.totalCents,
    vatBreakdown: [...totals.vatBreakdown],
  };
  const movements: StockMovementRecord[] = sale.lines.map((line, i) => ({
    id: o.movementId(i),
    storeId: o.storeId,
    deviceId: o.deviceId,
    variantId: line.variantId,
    deltaMilli: -line.quantityMilli,
    reason: 'sale',
    referenceId: sale.id,
    userId: o.cashierId,
    at: completedAt,
  }));
  return { sale, movements };
}
