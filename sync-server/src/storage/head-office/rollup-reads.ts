/**
 * @module
 * The dashboard read from the day, week and month roll-ups (schema 13) when it is not narrowed to
 * one register or cashier: each figure sums at most ~40 period rows per store (or per organisation
 * when every store is shown), so a year costs about what a month does. The answer is the one the
 * daily tables give; only a product renamed or moved to another category within a period may be
 * labelled by its newest name where the daily rows would show the greatest, and a product moved to
 * another category counts each sale under the category it had when the sale arrived.
 */
import { addDays, VAT_CODES } from '@cassa/shared';
import type { StoreTotals } from '@cassa/shared';
import type { DashboardData, DashboardFilter } from '../head-office-storage';
import { dayPeriod, periodsCovering } from '../day-spans';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

type Row = Record<string, unknown>;

/** The organisation's own rows ('') when every store is shown, else the stores asked for. */
function storeSql(filter: DashboardFilter, params: SqlValue[], perStore: boolean): string {
  if (filter.storeIds === null) return perStore ? " AND store_id <> ''" : " AND store_id = ''";
  if (filter.storeIds.length === 0) return ' AND 1 = 0';
  params.push(...filter.storeIds);
  return ` AND store_id IN (${filter.storeIds.map(() => '?').join(', ')})`;
}

function periodSql(filter: DashboardFilter, params: SqlValue[]): string {
  const periods = periodsCovering(filter.from, filter.to);
  if (periods.length === 0) return ' AND 1 = 0';
  params.push(...periods);
  return ` AND period IN (${periods.map(() => '?').join(', ')})`;
}

/** Beyond this many days the daily curve scans its range instead of naming each day (bound parameters). */
const MAX_NAMED_DAYS = 1000;

/** The day rows of the range: each named (one index seek per day and store), or the range for a very long one. */
function daysSql(filter: DashboardFilter, params: SqlValue[]): string {
  const days: string[] = [];
  for (let day = filter.from; day <= filter.to && days.length <= MAX_NAMED_DAYS; day = addDays(day, 1)) days.push(dayPeriod(day));
  if (days.length === 0) return ' AND 1 = 0';
  if (days.length > MAX_NAMED_DAYS) {
    params.push(dayPeriod(filter.from), dayPeriod(filter.to));
    return ' AND period >= ? AND period <= ?';
  }
  params.push(...days);
  return ` AND period IN (${days.map(() => '?').join(', ')})`;
}

export async function rollupStoreTotals(db: SqlDatabase, organisationId: string, filter: DashboardFilter): Promise<StoreTotals[]> {
  const params: SqlValue[] = [organisationId];
  const where = periodSql(filter, params) + storeSql(filter, params, true);
  const rows = await db.query<Row>(
    `SELECT store_id, SUM(total_cents) AS total, SUM(tickets) AS tickets, SUM(returns) AS returns, SUM(voids) AS voids, SUM(items_milli) AS items
     FROM agg_sales_spans WHERE organisation_id = ?${where} GROUP BY store_id ORDER BY store_id`,
    params,
  );
  return storeTotalsOf(rows);
}

/** Rows of `store_id, total, tickets, returns, voids, items` sums, from daily rows or roll-ups alike. */
export function storeTotalsOf(rows: readonly Record<string, unknown>[]): StoreTotals[] {
  return rows.map((r) => ({
    storeId: String(r.store_id),
    takingsCents: toNumber(r.total),
    tickets: toNumber(r.tickets),
    returns: toNumber(r.returns),
    voids: toNumber(r.voids),
    itemsMilli: toNumber(r.items),
  }));
}

const VAT_ORDER = new Map<string, number>(VAT_CODES.map((code, i) => [code, i]));

/**
 * The VAT table per day: the organisation's rows are already the closure rule's sums; a choice of
 * stores sums its store days by that rule (`vatByDay`), a few rows per store and day.
 */
async function vatRows(
  db: SqlDatabase,
  organisationId: string,
  filter: DashboardFilter,
  vatByDay: (rows: readonly Row[]) => DashboardData['vat'][number][],
): Promise<DashboardData['vat'][number][]> {
  if (filter.storeIds === null) {
    const rows = await db.query<Row>(
      `SELECT business_day, vat_code, gross_cents, net_cents, vat_cents FROM agg_vat_days
       WHERE organisation_id = ? AND business_day >= ? AND business_day <= ? ORDER BY business_day`,
      [organisationId, filter.from, filter.to],
    );
    const views = rows.map((r) => ({
      businessDay: String(r.business_day),
      vatCode: String(r.vat_code),
      grossCents: toNumber(r.gross_cents),
      netCents: toNumber(r.net_cents),
      vatCents: toNumber(r.vat_cents),
    }));
    // The closure rule lists codes in VAT_CODES order (22, 10, 5, 4, N1…), not text order.
    return views.sort((a, b) => (a.businessDay === b.businessDay ? (VAT_ORDER.get(a.vatCode) ?? 0) - (VAT_ORDER.get(b.vatCode) ?? 0) : a.businessDay < b.businessDay ? -1 : 1));
  }
  const params: SqlValue[] = [organisationId, filter.from, filter.to];
  const where = storeSql(filter, params, true);
  const rows = await db.query<Row>(
    `SELECT business_day, store_id, vat_code, gross_cents AS gross FROM agg_vat_store_days
     WHERE organisation_id = ? AND business_day >= ? AND business_day <= ?${where} ORDER BY business_day, store_id, vat_code`,
    params,
  );
  return vatByDay(rows);
}

/**
 * The 20 best sellers, then the labels of those 20 only: the ranking is the one costly sum of the
 * dashboard (a row per product and period), and comparing every row's text for MAX(description)
 * under PostgreSQL's collation cost as much again.
 */
async function topProducts(run: (sql: (where: string) => string, extra?: readonly string[]) => Promise<Row[]>): Promise<DashboardData['topProducts']> {
  const ranked = await run(
    (w) =>
      `SELECT product_id, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
       FROM agg_products_spans WHERE organisation_id = ?${w} GROUP BY product_id ORDER BY total DESC, product_id LIMIT 20`,
  );
  const ids = ranked.map((r) => String(r.product_id));
  if (ids.length === 0) return [];
  const labels = await run(
    (w) => `SELECT product_id, MAX(description) AS description FROM agg_products_spans WHERE organisation_id = ?${w} AND product_id IN (${ids.map(() => '?').join(', ')}) GROUP BY product_id`,
    ids,
  );
  const label = new Map(labels.map((r) => [String(r.product_id), String(r.description)]));
  return ranked.map((r) => ({ productId: String(r.product_id), description: label.get(String(r.product_id)) ?? '', quantityMilli: toNumber(r.quantity), totalCents: toNumber(r.total) }));
}

export async function rollupDashboard(
  db: SqlDatabase,
  organisationId: string,
  filter: DashboardFilter,
  vatByDay: (rows: readonly Row[]) => DashboardData['vat'][number][],
): Promise<DashboardData> {
  const run = async (sql: (where: string) => string, extra: readonly string[] = []): Promise<Row[]> => {
    const params: SqlValue[] = [organisationId];
    const where = periodSql(filter, params) + storeSql(filter, params, false);
    return db.query<Row>(sql(where), [...params, ...extra]);
  };
  const dailyParams: SqlValue[] = [organisationId];
  const dailyWhere = daysSql(filter, dailyParams) + storeSql(filter, dailyParams, false);
  // Independent reads: PostgreSQL runs them on separate pooled connections at once.
  const [stores, hourly, daily, products, categories, payments, vat] = await Promise.all([
    rollupStoreTotals(db, organisationId, filter),
    run((w) => `SELECT hour, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_hourly_spans WHERE organisation_id = ?${w} GROUP BY hour ORDER BY hour`),
    db.query<Row>(
      `SELECT period, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_sales_spans
       WHERE organisation_id = ?${dailyWhere} GROUP BY period ORDER BY period`,
      dailyParams,
    ),
    topProducts(run),
    run(
      (w) =>
        `SELECT category_id, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
         FROM agg_category_spans WHERE organisation_id = ?${w} GROUP BY category_id ORDER BY total DESC, category_id LIMIT 50`,
    ),
    run((w) => `SELECT method, SUM(payments) AS payments, SUM(amount_cents) AS amount FROM agg_payments_spans WHERE organisation_id = ?${w} GROUP BY method ORDER BY method`),
    vatRows(db, organisationId, filter, vatByDay),
  ]);
  return {
    from: filter.from,
    to: filter.to,
    stores,
    hourly: hourly.map((r) => ({ hour: toNumber(r.hour), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
    daily: daily.map((r) => ({ businessDay: String(r.period).slice(1), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
    topProducts: products,
    categoryTotals: categories.map((r) => ({ categoryId: String(r.category_id), quantityMilli: toNumber(r.quantity), totalCents: toNumber(r.total) })),
    payments: payments.map((r) => ({ method: String(r.method), payments: toNumber(r.payments), amountCents: toNumber(r.amount) })),
    vat,
  };
}
