/**
 * @module
 * One-off fills of the aggregate tables for sales stored before those tables existed, done on the
 * first start of the version that added them.
 */
import type { SaleRecord } from '@cassa/shared';
import { DEFAULT_TIME_ZONE, localDayAndHour } from '@cassa/shared';
import { AggregateBatch, addSaleProductsByRegister, addSaleToAggregates } from '../sales-aggregates';
import { toNumber } from '../sql-database';
import type { SqlDatabase } from '../sql-database';
import { categoriesOfSales } from './sql-helpers';

/**
 * Sales stored before the head-office tables existed (schema 1) get their local business day and
 * their aggregates once, on the first start of this version; later sales are aggregated on ingest.
 */
export async function backfillAggregates(db: SqlDatabase): Promise<void> {
  const done = await db.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'aggregates'");
  if (done[0]?.value === '1') return;
  await db.transaction(async (tx) => {
    const again = await tx.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'aggregates'");
    if (again[0]?.value === '1') return;
    const tables = ['agg_sales_daily', 'agg_sales_hourly', 'agg_products_daily', 'agg_products_register_daily', 'agg_payments_daily', 'agg_vat_daily', 'stock_levels'];
    const rollups = ['agg_sales_spans', 'agg_hourly_spans', 'agg_products_spans', 'agg_category_spans', 'agg_payments_spans', 'agg_vat_store_days', 'agg_vat_days'];
    for (const table of [...tables, ...rollups]) {
      await tx.query(`DELETE FROM ${table}`);
    }
    const zones = new Map<string, string>();
    for (const row of await tx.query<{ organisation_id: string; id: string; time_zone: string }>('SELECT organisation_id, id, time_zone FROM stores')) {
      zones.set(`${row.organisation_id}\u0000${row.id}`, row.time_zone);
    }
    let after = { org: '', id: '' };
    for (;;) {
      const sales = await tx.query<{ organisation_id: string; id: string; store_id: string; device_id: string; data: string }>(
        `SELECT organisation_id, id, store_id, device_id, data FROM sales WHERE organisation_id > ? OR (organisation_id = ? AND id > ?)
         ORDER BY organisation_id, id LIMIT 500`,
        [after.org, after.org, after.id],
      );
      if (sales.length === 0) break;
      const parsed = sales.map((row) => ({ row, sale: JSON.parse(row.data) as SaleRecord }));
      const categories = await categoriesOfSales(tx, parsed);
      const batch = new AggregateBatch();
      for (const { row, sale } of parsed) {
        const { day, hour } = localDayAndHour(sale.completedAt, zones.get(`${row.organisation_id}\u0000${row.store_id}`) ?? DEFAULT_TIME_ZONE);
        await tx.query('UPDATE sales SET business_day = ? WHERE organisation_id = ? AND id = ?', [day, row.organisation_id, row.id]);
        const scope = { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.device_id, businessDay: day, hour };
        addSaleToAggregates(batch, scope, sale, categories.get(row.organisation_id) ?? new Map());
      }
      await batch.flush(tx);
      const last = sales.at(-1);
      if (!last) break;
      after = { org: last.organisation_id, id: last.id };
    }
    const movements = await tx.query<{ organisation_id: string; store_id: string; variant_id: string; total: unknown }>(
      'SELECT organisation_id, store_id, variant_id, SUM(delta_milli) AS total FROM stock_movements GROUP BY organisation_id, store_id, variant_id',
    );
    const now = new Date().toISOString();
    for (const m of movements) {
      await tx.query('INSERT INTO stock_levels (organisation_id, store_id, variant_id, on_hand_milli, updated_at) VALUES (?, ?, ?, ?, ?)', [
        m.organisation_id,
        m.store_id,
        m.variant_id,
        toNumber(m.total),
        now,
      ]);
    }
    await tx.query("INSERT INTO server_meta (key, value) VALUES ('aggregates', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  });
}

/**
 * Sales stored before the per-register product table existed (schema 4 and older) are added to
 * it once, with the categories the catalogue has at that moment. Rebuilt from scratch, so a start
 * interrupted halfway simply does it again.
 */
export async function backfillProductsByRegister(db: SqlDatabase): Promise<void> {
  const key = 'aggregates-products-register';
  const done = await db.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]);
  if (done[0]?.value === '1') return;
  await db.transaction(async (tx) => {
    const again = await tx.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]);
    if (again[0]?.value === '1') return;
    await tx.query('DELETE FROM agg_products_register_daily');
    let after = { org: '', id: '' };
    for (;;) {
      const sales = await tx.query<{ organisation_id: string; id: string; store_id: string; device_id: string; business_day: string; data: string }>(
        `SELECT organisation_id, id, store_id, device_id, business_day, data FROM sales WHERE organisation_id > ? OR (organisation_id = ? AND id > ?)
         ORDER BY organisation_id, id LIMIT 500`,
        [after.org, after.org, after.id],
      );
      const last = sales.at(-1);
      if (!last) break;
      const parsed = sales.map((row) => ({ row, sale: JSON.parse(row.data) as SaleRecord }));
      const categories = await categoriesOfSales(tx, parsed);
      const batch = new AggregateBatch();
      for (const { row, sale } of parsed) {
        const scope = { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.device_id, businessDay: row.business_day };
        addSaleProductsByRegister(batch, scope, sale, categories.get(row.organisation_id) ?? new Map());
      }
      await batch.flush(tx);
      after = { org: last.organisation_id, id: last.id };
    }
    await tx.query('INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, '1']);
  });
}
