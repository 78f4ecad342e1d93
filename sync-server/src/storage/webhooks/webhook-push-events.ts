/**
 * @module
 * What a till's push tells webhook endpoints (issue 19): a stored sale is `sale.completed`, a
 * stored return or post-void `sale.returned`, a stored shift (the register's Z, pushed at closing)
 * `day.closed`, and every (store, variant) whose stock the push moved `stock.changed` with the
 * quantity after the push. A record the push had already stored (a re-sent op) makes no event.
 */
import type { SaleRecord, ShiftRecord } from '@cassa/shared';
import { rowsAmong } from '../sql-sync/sql-helpers';
import { toNumber } from '../sql-database';
import type { SqlExecutor } from '../sql-database';
import type { NewWebhookEvent } from './webhook-outbox';

export function saleEvent(sale: SaleRecord): NewWebhookEvent {
  const data = {
    saleId: sale.id,
    storeId: sale.storeId,
    deviceId: sale.deviceId,
    kind: sale.kind,
    originalSaleId: sale.originalSaleId,
    completedAt: sale.completedAt,
    totalCents: sale.totalCents,
    vat: sale.vatBreakdown.map((row) => ({ vatCode: row.vatCode, grossCents: row.grossCents, netCents: row.netCents, vatCents: row.vatCents })),
    lines: sale.lines.map((line) => ({ variantId: line.variantId, quantityMilli: line.quantityMilli, totalCents: line.totalCents })),
  };
  return sale.kind === 'sale' ? { type: 'sale.completed', data } : { type: 'sale.returned', data };
}

export function dayClosedEvent(shift: ShiftRecord): NewWebhookEvent {
  return {
    type: 'day.closed',
    data: {
      shiftId: shift.id,
      storeId: shift.storeId,
      deviceId: shift.deviceId,
      zNumber: shift.zNumber,
      openedAt: shift.openedAt,
      closedAt: shift.closedAt,
      salesCount: shift.salesCount,
      expectedCashCents: shift.expectedCashCents,
      countedCashCents: shift.countedCashCents,
      varianceCents: shift.varianceCents,
    },
  };
}

/** `stock.changed` for each distinct pair (a store and a variant), with the quantity the caller's transaction now holds. */
export async function stockEvents(tx: SqlExecutor, organisationId: string, pairs: readonly { readonly storeId: string; readonly variantId: string }[]): Promise<NewWebhookEvent[]> {
  if (pairs.length === 0) return [];
  const variantIds = [...new Set(pairs.map((p) => p.variantId))];
  const rows = await rowsAmong<{ store_id: string; variant_id: string; on_hand_milli: unknown }>(
    tx,
    variantIds,
    (inList) => `SELECT store_id, variant_id, on_hand_milli FROM stock_levels WHERE organisation_id = ? AND variant_id IN (${inList})`,
    organisationId,
  );
  const onHand = new Map(rows.map((r) => [`${r.store_id}\u0000${r.variant_id}`, toNumber(r.on_hand_milli)]));
  const unique = [...new Map(pairs.map((p) => [`${p.storeId}\u0000${p.variantId}`, { storeId: p.storeId, variantId: p.variantId }])).values()];
  const sorted = unique.sort((a, b) => (a.storeId === b.storeId ? a.variantId.localeCompare(b.variantId) : a.storeId.localeCompare(b.storeId)));
  return sorted.map((p) => ({ type: 'stock.changed', data: { storeId: p.storeId, variantId: p.variantId, onHandMilli: onHand.get(`${p.storeId}\u0000${p.variantId}`) ?? 0 } }));
}
