/**
 * @module
 * Small reads and helpers the sync storage modules share.
 */
import type { SaleRecord } from '@cassa/shared';
import { DEFAULT_TIME_ZONE } from '@cassa/shared';
import type { SqlDatabase, SqlExecutor, SqlRow } from '../sql-database';

export function iso(date: Date): string {
  return date.toISOString();
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * An organisation's rows whose key is among `ids` (deduplicated), read in slices: a push or a
 * backfill page can name more ids than a statement may take parameters.
 */
export async function rowsAmong<T extends SqlRow>(tx: SqlExecutor, ids: readonly string[], sql: (inList: string) => string, organisationId: string): Promise<T[]> {
  const unique = [...new Set(ids)];
  const rows: T[] = [];
  for (let i = 0; i < unique.length; i += 1000) {
    const slice = unique.slice(i, i + 1000);
    rows.push(...(await tx.query<T>(sql(placeholders(slice)), [organisationId, ...slice])));
  }
  return rows;
}

/** Row locks for a read that decides a write: PostgreSQL's FOR UPDATE; SQLite's write transaction already holds the only lock. */
export function rowLock(db: SqlDatabase): string {
  return db.dialect === 'postgres' ? ' FOR UPDATE' : '';
}

export async function storeTimeZone(tx: SqlExecutor, organisationId: string, storeId: string): Promise<string> {
  const rows = await tx.query<{ time_zone: string }>('SELECT time_zone FROM stores WHERE organisation_id = ? AND id = ?', [
    organisationId,
    storeId,
  ]);
  return rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** Each product's category as the catalogue has it now; products without one are left out. */
export async function categoriesOf(tx: SqlExecutor, organisationId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  // The engine reads the one field out of each product's JSON: parsing whole products in
  // JavaScript, once per product per push, showed in ingest profiles.
  const category = tx.dialect === 'postgres' ? "(data::jsonb)->>'categoryId'" : "data->>'$.categoryId'";
  const rows = await rowsAmong<{ row_key: string; category_id: string | null }>(
    tx,
    productIds,
    (inList) => `SELECT row_key, ${category} AS category_id FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key IN (${inList}) AND data IS NOT NULL`,
    organisationId,
  );
  const result = new Map<string, string>();
  for (const row of rows) if (row.category_id) result.set(row.row_key, row.category_id);
  return result;
}

/** Categories of the products of a page of stored sales, per organisation. */
export async function categoriesOfSales(
  tx: SqlExecutor,
  sales: readonly { row: { organisation_id: string }; sale: SaleRecord }[],
): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  for (const org of new Set(sales.map((s) => s.row.organisation_id))) {
    const ids = sales.filter((s) => s.row.organisation_id === org).flatMap((s) => s.sale.lines.map((l) => l.productId));
    result.set(org, await categoriesOf(tx, org, ids));
  }
  return result;
}
