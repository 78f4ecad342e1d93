/**
 * @module
 * Head office's part of this store's stock (issue 18, the `store-stock` stream): what it booked at
 * this store itself (an online order shipped from the shop, a transfer leg it booked) and what it
 * holds for online orders not yet shipped. The till never books these into its own ledger (they
 * would go up again through the outbox); it adds them when it shows a figure:
 * on hand = own level + head office's, available = on hand − reserved.
 */
import type { StoreStockRow } from '@cassa/shared';
import type { Db } from '../store/database';
import { cachedStatement } from '../store/statement-cache';

/** A variant's stock as the till shows it, in thousandths of a unit. */
export interface TillStockFigures {
  /** The till's own level plus what head office booked at this store. */
  readonly onHandMilli: number;
  /** Held for online orders not yet shipped. */
  readonly reservedMilli: number;
  /** On hand less reserved: what the counter may still sell without taking an online order's goods. */
  readonly availableMilli: number;
}

/** The one rule for the figures, used by every place that shows stock. */
export function tillStockFigures(ownMilli: number, headOfficeMilli: number, reservedMilli: number): TillStockFigures {
  const onHandMilli = ownMilli + headOfficeMilli;
  return { onHandMilli, reservedMilli, availableMilli: onHandMilli - reservedMilli };
}

/**
 * SQL columns for the figures over `sl` (stock_levels) and `ss` (store_stock), both LEFT JOINed
 * on the variant: the same rule as `tillStockFigures`, for lists filtered and sorted in SQL.
 */
export const onHandSql = '(coalesce(sl.on_hand_milli, 0) + coalesce(ss.head_office_milli, 0))';
export const reservedSql = 'coalesce(ss.reserved_milli, 0)';
export const availableSql = `(${onHandSql} - ${reservedSql})`;

/**
 * Applies one pulled change. The row key is the variant id (head office sends a store's rows to
 * its tills only); a key written `storeId:variantId` is accepted too, and one for another store
 * is ignored, so a till never shows a figure that is not its shop's.
 */
export function applyStoreStockChange(db: Db, storeId: string, key: string, data: StoreStockRow | null): void {
  const split = key.indexOf(':');
  const keyStore = split >= 0 ? key.slice(0, split) : null;
  const keyVariant = split >= 0 ? key.slice(split + 1) : key;
  if (keyStore !== null && keyStore !== storeId) return;
  if (!data) {
    cachedStatement(db, 'DELETE FROM store_stock WHERE variant_id = ?').run(keyVariant);
    return;
  }
  cachedStatement(
    db,
    `INSERT INTO store_stock (variant_id, head_office_milli, reserved_milli, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (variant_id) DO UPDATE SET head_office_milli = excluded.head_office_milli, reserved_milli = excluded.reserved_milli, updated_at = excluded.updated_at`,
  ).run(data.variantId, data.headOfficeMilli, data.reservedMilli, data.updatedAt);
}

/** Head office's part for one variant (zeros when it sent none). */
export function storeStockOf(db: Db, variantId: string): { headOfficeMilli: number; reservedMilli: number } {
  const row = cachedStatement(db, 'SELECT head_office_milli, reserved_milli FROM store_stock WHERE variant_id = ?').get(variantId) as
    | { head_office_milli: number; reserved_milli: number }
    | undefined;
  return { headOfficeMilli: row?.head_office_milli ?? 0, reservedMilli: row?.reserved_milli ?? 0 };
}
