/**
 * @module
 * The dashboard's reads: live head-office rows, and the pre-aggregated tables (takings, products,
 * categories, payments, VAT) and stock levels, filtered by organisation. A view of stores reads the
 * day/week/month roll-ups (rollup-reads.ts); one narrowed to a register or cashier, the daily rows.
 */
import { vatOverClosures } from '@cassa/shared';
import type { DashboardView, StockRowView, VatCode } from '@cassa/shared';
import type { DashboardFilter, HeadOfficeStorage } from '../head-office-storage';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';
import { rollupDashboard, rollupStoreTotals, storeTotalsOf } from './rollup-reads';

/** Narrowed to a register or cashier: the daily rows keep those; the roll-ups are per store only. */
const byRegister = (filter: DashboardFilter): boolean => filter.deviceId !== undefined || filter.cashierId !== undefined;

/**
 * The VAT table: each store's business day is one fiscal closure, so VAT is the scorporo of that
 * day's gross per rate (the shared rule, the same as the till's Z), and a day of several stores is
 * the sum of their closures. The stored per-receipt net and VAT columns are not read: adding
 * receipts' VAT drifts from the Z by a cent per receipt.
 */
function vatByDay(rows: readonly Record<string, unknown>[]): DashboardView['vat'][number][] {
  const days = new Map<string, { closure: string; vatCode: VatCode; grossCents: number }[]>();
  for (const r of rows) {
    const day = String(r.business_day);
    const closures = days.get(day) ?? [];
    closures.push({ closure: String(r.store_id), vatCode: String(r.vat_code) as VatCode, grossCents: toNumber(r.gross) });
    days.set(day, closures);
  }
  return [...days].flatMap(([businessDay, closures]) => vatOverClosures(closures).map((g) => ({ businessDay, ...g })));
}

/** A variant's product name, SKU and barcodes from its product's stored row; the id when the product is gone. */
export function variantLabel(productData: string | null, variantId: string): { productName: string; sku: string; barcodes: readonly string[] } {
  const product = productData === null ? null : (JSON.parse(productData) as { name: string; variants: { id: string; sku: string; barcodes?: string[] }[] });
  const variant = product?.variants.find((v) => v.id === variantId);
  return { productName: product?.name ?? variantId, sku: variant?.sku ?? '', barcodes: variant?.barcodes ?? [] };
}

function filterSql(filter: DashboardFilter, params: SqlValue[]): string {
  let sql = ' AND business_day >= ? AND business_day <= ?';
  params.push(filter.from, filter.to);
  if (filter.storeIds !== null) {
    if (filter.storeIds.length === 0) return `${sql} AND 1 = 0`;
    sql += ` AND store_id IN (${filter.storeIds.map(() => '?').join(', ')})`;
    params.push(...filter.storeIds);
  }
  if (filter.deviceId !== undefined) {
    sql += ' AND device_id = ?';
    params.push(filter.deviceId);
  }
  if (filter.cashierId !== undefined) {
    sql += ' AND cashier_id = ?';
    params.push(filter.cashierId);
  }
  return sql;
}

export type DashboardReads = Pick<HeadOfficeStorage, 'readRows' | 'storeTotals' | 'dashboard' | 'stock'>;

export function createDashboardReads(db: SqlDatabase): DashboardReads {
  const reads: DashboardReads = {
    async readRows(organisationId, entity) {
      const rows = await db.query<{ data: string }>(
        'SELECT data FROM sync_rows WHERE organisation_id = ? AND entity = ? AND data IS NOT NULL ORDER BY row_key',
        [organisationId, entity],
      );
      return rows.map((r) => JSON.parse(r.data) as unknown);
    },
    async storeTotals(organisationId, filter) {
      if (!byRegister(filter)) return rollupStoreTotals(db, organisationId, filter);
      const params: SqlValue[] = [organisationId];
      const where = filterSql(filter, params);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT store_id, SUM(total_cents) AS total, SUM(tickets) AS tickets, SUM(returns) AS returns, SUM(voids) AS voids, SUM(items_milli) AS items
         FROM agg_sales_daily WHERE organisation_id = ?${where} GROUP BY store_id ORDER BY store_id`,
        params,
      );
      return storeTotalsOf(rows);
    },
    async dashboard(organisationId, filter) {
      if (!byRegister(filter)) return rollupDashboard(db, organisationId, filter, vatByDay);
      const run = async (sql: (where: string) => string): Promise<Record<string, unknown>[]> => {
        const params: SqlValue[] = [organisationId];
        const where = filterSql(filter, params);
        return db.query<Record<string, unknown>>(sql(where), params);
      };
      // Independent reads: PostgreSQL runs them on separate pooled connections at once (the
      // slowest sets the pace, not their sum); SQLite still runs them one after another.
      const hourlyQuery = run(
        (w) => `SELECT hour, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_sales_hourly WHERE organisation_id = ?${w} GROUP BY hour ORDER BY hour`,
      );
      const dailyQuery = run(
        (w) =>
          `SELECT business_day, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_sales_daily WHERE organisation_id = ?${w} GROUP BY business_day ORDER BY business_day`,
      );
      // Reached only narrowed to a register or cashier: the per-register product rows.
      const productTable = 'agg_products_register_daily';
      const productsQuery = run(
        (w) =>
          `SELECT product_id, MAX(description) AS description, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
           FROM ${productTable} WHERE organisation_id = ?${w} GROUP BY product_id ORDER BY total DESC, product_id LIMIT 20`,
      );
      const categoriesQuery = run(
        (w) =>
          `SELECT category_id, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
           FROM ${productTable} WHERE organisation_id = ?${w} GROUP BY category_id ORDER BY total DESC, category_id LIMIT 50`,
      );
      const paymentsQuery = run(
        (w) =>
          `SELECT method, SUM(payments) AS payments, SUM(amount_cents) AS amount FROM agg_payments_daily WHERE organisation_id = ?${w} GROUP BY method ORDER BY method`,
      );
      const vatQuery = run(
        (w) =>
          `SELECT business_day, store_id, vat_code, SUM(gross_cents) AS gross
           FROM agg_vat_daily WHERE organisation_id = ?${w} GROUP BY business_day, store_id, vat_code ORDER BY business_day, store_id, vat_code`,
      );
      const [stores, hourly, daily, products, categories, payments, vat] = await Promise.all([
        reads.storeTotals(organisationId, filter),
        hourlyQuery,
        dailyQuery,
        productsQuery,
        categoriesQuery,
        paymentsQuery,
        vatQuery,
      ]);
      return {
        from: filter.from,
        to: filter.to,
        stores,
        hourly: hourly.map((r) => ({ hour: toNumber(r.hour), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
        daily: daily.map((r) => ({ businessDay: String(r.business_day), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
        topProducts: products.map((r) => ({
          productId: String(r.product_id),
          description: String(r.description),
          quantityMilli: toNumber(r.quantity),
          totalCents: toNumber(r.total),
        })),
        categoryTotals: categories.map((r) => ({ categoryId: String(r.category_id), quantityMilli: toNumber(r.quantity), totalCents: toNumber(r.total) })),
        payments: payments.map((r) => ({ method: String(r.method), payments: toNumber(r.payments), amountCents: toNumber(r.amount) })),
        vat: vatByDay(vat),
      };
    },
    async stock(organisationId, query) {
      const params: SqlValue[] = [organisationId];
      let where = '';
      if (query.storeIds !== null) {
        if (query.storeIds.length === 0) return [];
        where += ` AND l.store_id IN (${query.storeIds.map(() => '?').join(', ')})`;
        params.push(...query.storeIds);
      }
      if (query.atMostMilli !== undefined) {
        where += ' AND l.on_hand_milli <= ?';
        params.push(query.atMostMilli);
      }
      const search = query.search?.trim().toLowerCase() ?? '';
      if (search !== '') {
        // A coarse match on the product's stored JSON here (% and _ only widen it; a backslash
        // would be PostgreSQL's escape, so it matches any one character); the exact one (name,
        // this variant's SKU or barcodes) below, so a hit on another field or variant is dropped.
        where += ' AND LOWER(r.data) LIKE ?';
        params.push(`%${search.replace(/\\/g, '_')}%`);
      }
      const rows = await db.query<{ store_id: string; variant_id: string; on_hand_milli: unknown; data: string | null }>(
        `SELECT l.store_id, l.variant_id, l.on_hand_milli, r.data FROM stock_levels l
         LEFT JOIN variants v ON v.organisation_id = l.organisation_id AND v.variant_id = l.variant_id
         LEFT JOIN sync_rows r ON r.organisation_id = l.organisation_id AND r.stream = 'catalogue' AND r.entity = 'product' AND r.row_key = v.product_id
         WHERE l.organisation_id = ?${where} ORDER BY l.on_hand_milli, l.store_id, l.variant_id LIMIT 2000`,
        params,
      );
      const views: StockRowView[] = [];
      for (const r of rows) {
        const { productName, sku, barcodes } = variantLabel(r.data, r.variant_id);
        if (search !== '' && ![productName, sku, ...barcodes].some((text) => text.toLowerCase().includes(search))) continue;
        views.push({ storeId: r.store_id, variantId: r.variant_id, productName, sku, onHandMilli: toNumber(r.on_hand_milli) });
      }
      return views;
    },
  };
  return reads;
}
