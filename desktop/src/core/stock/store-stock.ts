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
 * Applies one pulled change. Head office keys a row `storeId/variantId` (one `sync_rows` row per
 * store and variant) and sends a store's rows to its tills only; a till still checks the key names
 * its own store, so it never shows a figure that is not its shop's. A bare variant id (or
 * `storeId:variantId`) is taken too. The variant comes from the row itself; a tombstone has only
 * the key.
 */
export function applyStoreStockChange(db: Db, storeId: string, key: string, data: StoreStockRow | null): void {
  const variantId = variantOfKey(storeId, key, data?.variantId ?? null);
  if (variantId === null) return;
  if (!data) {
    cachedStatement(db, 'DELETE FROM store_stock WHERE variant_id = ?').run(variantId);
    return;
  }
  cachedStatement(
    db,
    `INSERT INTO store_stock (variant_id, head_office_milli, reserved_milli, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (variant_id) DO UPDATE SET head_office_milli = excluded.head_office_milli, reserved_milli = excluded.reserved_milli, updated_at = excluded.updated_at`,
  ).run(variantId, data.headOfficeMilli, data.reservedMilli, data.updatedAt);
}

/** The variant a key is this store's row for, or null when it is another store's. */
function variantOfKey(storeId: string, key: string, rowVariant: string | null): string | null {
  for (const separator of ['/', ':']) {
    const prefix = `${storeId}${separator}`;
    if (key.startsWith(prefix) && (rowVariant === null || key === prefix + rowVariant)) return key.slice(prefix.length);
  }
  if (rowVariant !== null) return key === rowVariant ? rowVariant : null;
  // A tombstone keyed with another store's prefix matches no variant of this till's in practice:
  // variant ids carry no store prefix.
  return key;
}

/** Head office's part for one variant (zeros when it sent none). */
export function storeStockOf(db: Db, variantId: string): { headOfficeMilli: number; reservedMilli: number } {
  const row = cachedStatement(db, 'SELECT head_office_milli, reserved_milli FROM store_stock WHERE variant_id = ?').get(variantId) as
    | { head_office_milli: number; reserved_milli: number }
    | undefined;
  return { headOfficeMilli: row?.head_office_milli ?? 0, reservedMilli: row?.reserved_milli ?? 0 };
}
