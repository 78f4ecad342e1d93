/**
 * @module
 * Schema 13: the dashboard's roll-ups (see `day-spans` and `sales-aggregates`), created and filled
 * from the daily tables in the same migration, so an upgraded or restored head office answers
 * from them at once and agrees with its daily rows. The fill is set-based SQL (the week's Monday
 * is the one engine-specific expression); the organisation's VAT per day needs the shared closure
 * rule, so it is computed here, one organisation-day at a time.
 */
import type { VatCode } from '@cassa/shared';
import { vatOverClosures } from '@cassa/shared';
import type { SqlExecutor } from './sql-database';
import { toNumber } from './sql-database';

const SPAN_TABLES = `
CREATE TABLE agg_sales_spans (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period TEXT NOT NULL,
  tickets BIGINT NOT NULL,
  returns BIGINT NOT NULL,
  voids BIGINT NOT NULL,
  items_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, period, store_id)
);
CREATE TABLE agg_hourly_spans (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period TEXT NOT NULL,
  hour INTEGER NOT NULL,
  tickets BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, store_id, period, hour)
);
CREATE TABLE agg_products_spans (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  category_id TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (organisation_id, store_id, period, product_id)
);
CREATE TABLE agg_category_spans (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period TEXT NOT NULL,
  category_id TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, store_id, period, category_id)
);
CREATE TABLE agg_payments_spans (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period TEXT NOT NULL,
  method TEXT NOT NULL,
  payments BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, store_id, period, method)
);
CREATE TABLE agg_vat_store_days (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  vat_code TEXT NOT NULL,
  gross_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, vat_code)
);
CREATE TABLE agg_vat_days (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  vat_code TEXT NOT NULL,
  gross_cents BIGINT NOT NULL,
  net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, vat_code)
)`;

type Dialect = 'sqlite' | 'postgres';

function periodExpressions(dialect: Dialect): readonly string[] {
  const monday = dialect === 'postgres' ? "to_char(date_trunc('week', business_day::date), 'YYYY-MM-DD')" : "date(business_day, '-6 days', 'weekday 1')";
  return ["'D' || business_day", `'W' || ${monday}`, "'M' || substr(business_day, 1, 7) || '-01'"];
}

/** One span table filled from its daily table: each period, per store and for the organisation (''). */
function fillSpans(dialect: Dialect, into: string, from: string, dims: readonly string[], sums: readonly string[], labels: readonly string[] = []): string[] {
  const columns = ['organisation_id', 'store_id', 'period', ...dims, ...sums, ...labels].join(', ');
  // A renamed product's label: the daily rows hold each day's newest; the fill keeps the greatest.
  const values = [...dims, ...sums.map((c) => `SUM(${c})`), ...labels.map((c) => `MAX(${c})`)].join(', ');
  return periodExpressions(dialect).flatMap((period) =>
    [
      ['store_id', 'store_id, '],
      ["''", ''],
    ].map(
      ([store, groupStore]) =>
        `INSERT INTO ${into} (${columns}) SELECT organisation_id, ${store}, ${period}, ${values} FROM ${from} GROUP BY organisation_id, ${groupStore}${period}${dims.map((d) => `, ${d}`).join('')}`,
    ),
  );
}

/** The DDL and set-based fill of schema 13, as one script for the migration runner. */
export function dashboardRollupsScript(dialect: Dialect): string {
  return [
    SPAN_TABLES,
    ...fillSpans(dialect, 'agg_sales_spans', 'agg_sales_daily', [], ['tickets', 'returns', 'voids', 'items_milli', 'total_cents']),
    ...fillSpans(dialect, 'agg_hourly_spans', 'agg_sales_hourly', ['hour'], ['tickets', 'total_cents']),
    ...fillSpans(dialect, 'agg_products_spans', 'agg_products_daily', ['product_id'], ['quantity_milli', 'total_cents'], ['category_id', 'description']),
    ...fillSpans(dialect, 'agg_category_spans', 'agg_products_daily', ['category_id'], ['quantity_milli', 'total_cents']),
    ...fillSpans(dialect, 'agg_payments_spans', 'agg_payments_daily', ['method'], ['payments', 'amount_cents']),
    `INSERT INTO agg_vat_store_days (organisation_id, business_day, store_id, vat_code, gross_cents)
     SELECT organisation_id, business_day, store_id, vat_code, SUM(gross_cents) FROM agg_vat_daily GROUP BY organisation_id, business_day, store_id, vat_code`,
  ].join(';\n');
}

/** The organisation's VAT per day from the store days just filled, by the closure rule, a page of days at a time. */
export async function fillVatDays(tx: SqlExecutor): Promise<void> {
  let after = { org: '', day: '' };
  for (;;) {
    const days = await tx.query<{ organisation_id: string; business_day: string }>(
      `SELECT DISTINCT organisation_id, business_day FROM agg_vat_store_days WHERE organisation_id > ? OR (organisation_id = ? AND business_day > ?)
       ORDER BY organisation_id, business_day LIMIT 200`,
      [after.org, after.org, after.day],
    );
    const last = days.at(-1);
    if (!last) return;
    const rows = await tx.query<{ organisation_id: string; business_day: string; store_id: string; vat_code: string; gross_cents: unknown }>(
      `SELECT organisation_id, business_day, store_id, vat_code, gross_cents FROM agg_vat_store_days
       WHERE (organisation_id > ? OR (organisation_id = ? AND business_day > ?)) AND (organisation_id < ? OR (organisation_id = ? AND business_day <= ?))`,
      [after.org, after.org, after.day, last.organisation_id, last.organisation_id, last.business_day],
    );
    const byDay = new Map<string, { closure: string; vatCode: VatCode; grossCents: number }[]>();
    for (const r of rows) {
      const id = JSON.stringify([r.organisation_id, r.business_day]);
      const closures = byDay.get(id) ?? [];
      closures.push({ closure: r.store_id, vatCode: r.vat_code as VatCode, grossCents: toNumber(r.gross_cents) });
      byDay.set(id, closures);
    }
    for (const [id, closures] of byDay) {
      const [org, day] = JSON.parse(id) as [string, string];
      for (const g of vatOverClosures(closures)) {
        await tx.query('INSERT INTO agg_vat_days (organisation_id, business_day, vat_code, gross_cents, net_cents, vat_cents) VALUES (?, ?, ?, ?, ?, ?)', [
          org,
          day,
          g.vatCode,
          g.grossCents,
          g.netCents,
          g.vatCents,
        ]);
      }
    }
    after = { org: last.organisation_id, day: last.business_day };
  }
}
