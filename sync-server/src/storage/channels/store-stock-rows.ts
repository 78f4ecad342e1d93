/**
 * @module
 * The `store-stock` stream (issue 18): per store and variant, what head office knows about the
 * store's stock that its tills cannot know from their own movements: the movements head office
 * booked itself there (transfer legs, shipped online orders) and the units held for online orders
 * not yet shipped. Written by whoever changes either, in that change's transaction, so a till that
 * pulls never sees a reservation without the order that made it.
 *
 * Keyed `storeId/variantId`, not the variant id alone: `sync_rows` holds one row per organisation,
 * stream, entity and key, and two stores selling one variant need two rows. Each row is sent only
 * to its store's tills (`store_id`, like `transfers`); the till reads the variant from the row's
 * `variantId`.
 */
import type { StoreStockRow } from '@cassa/shared';
import { MAX_QUANTITY_MILLI } from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlExecutor } from '../sql-database';
import { bumpStream } from '../sql-sync/head-office-writes';

/** The device id head office books its own movements under (`stock-transfers.ts` HEAD_OFFICE_DEVICE). */
const HEAD_OFFICE_DEVICE = 'head-office';

export interface StoreVariant {
  readonly storeId: string;
  readonly variantId: string;
}

/** The `sync_rows` key of a store's row for a variant. */
export function storeStockKey(storeId: string, variantId: string): string {
  return `${storeId}/${variantId}`;
}

/** Each pair once, in one order (store, then variant), so two transactions lock rows alike. */
function distinct(pairs: readonly StoreVariant[]): StoreVariant[] {
  const byKey = new Map<string, StoreVariant>();
  for (const pair of pairs) byKey.set(`${pair.storeId}\u0000${pair.variantId}`, { storeId: pair.storeId, variantId: pair.variantId });
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pair]) => pair);
}

/**
 * Within the row schema's bounds: a till refuses a whole pulled page for one row out of them, and
 * a million units booked or held at one store is already beyond any shop.
 */
function bounded(milli: number): number {
  return Math.max(-MAX_QUANTITY_MILLI, Math.min(MAX_QUANTITY_MILLI, milli));
}

/** The row of one store and variant as the tables hold it now (inside the caller's transaction). */
export async function readStoreStock(tx: SqlExecutor, organisationId: string, pair: StoreVariant, now: Date): Promise<StoreStockRow> {
  const booked = await tx.query<{ total: unknown }>(
    'SELECT SUM(delta_milli) AS total FROM stock_movements WHERE organisation_id = ? AND store_id = ? AND variant_id = ? AND device_id = ?',
    [organisationId, pair.storeId, pair.variantId, HEAD_OFFICE_DEVICE],
  );
  const held = await tx.query<{ total: unknown }>(
    "SELECT SUM(quantity_milli) AS total FROM channel_reservations WHERE organisation_id = ? AND store_id = ? AND variant_id = ? AND state = 'held'",
    [organisationId, pair.storeId, pair.variantId],
  );
  return {
    variantId: pair.variantId,
    headOfficeMilli: bounded(toNumber(booked[0]?.total)),
    reservedMilli: bounded(toNumber(held[0]?.total)),
    updatedAt: now.toISOString(),
  };
}

/**
 * Rewrites the `store-stock` row of each (store, variant) from the tables, in the caller's
 * transaction: the figures are read, not added to, so a row is right however many changes touched
 * it. One stream bump for the lot.
 */
export async function writeStoreStockRows(tx: SqlExecutor, organisationId: string, pairs: readonly StoreVariant[], now: Date): Promise<void> {
  const rows = distinct(pairs);
  if (rows.length === 0) return;
  const head = await bumpStream(tx, organisationId, 'store-stock', rows.length);
  let changeNo = head - rows.length;
  for (const pair of rows) {
    const row = await readStoreStock(tx, organisationId, pair, now);
    changeNo += 1;
    await tx.query(
      `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
       VALUES (?, 'store-stock', 'store-stock', ?, ?, ?, ?, ?)
       ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
      [organisationId, storeStockKey(pair.storeId, pair.variantId), pair.storeId, changeNo, JSON.stringify(row), row.updatedAt],
    );
  }
}
