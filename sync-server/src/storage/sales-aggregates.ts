/**
 * @module
 * Keeps the dashboard's daily and hourly tables current. Called inside the transaction that
 * stores a pushed sale, so the aggregates never disagree with the sales table. Returns and
 * post-voids carry negative totals and quantities, so adding them subtracts; a post-void also
 * takes back the ticket it cancels.
 */
import type { SaleRecord, StockMovementRecord } from '@cassa/shared';
import type { SqlExecutor, SqlValue } from './sql-database';

function upsert(table: string, keys: readonly string[], sums: readonly string[], extra: readonly string[] = [], rows = 1): string {
  const columns = [...keys, ...sums, ...extra];
  const set = [...sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`), ...extra.map((c) => `${c} = excluded.${c}`)];
  const values = Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

/**
 * One statement for all of a sale's rows of one table: on PostgreSQL each statement is a round
 * trip, and a ten-line sale made twenty of them for products alone. The rows must have distinct
 * keys (one statement may not update a row twice), which the callers' grouping guarantees.
 */
const UPSERT_CHUNK = 200;

function upsertMany(table: string, keys: readonly string[], sums: readonly string[], extra: readonly string[] = []) {
  const byCount = new Map<number, string>();
  return async (tx: SqlExecutor, rows: readonly (readonly SqlValue[])[]): Promise<void> => {
    // Chunks keep a very long sale under the engines' bound-parameter limits.
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      const chunk = rows.slice(start, start + UPSERT_CHUNK);
      let sql = byCount.get(chunk.length);
      if (sql === undefined) {
        sql = upsert(table, keys, sums, extra, chunk.length);
        byCount.set(chunk.length, sql);
      }
      await tx.query(sql, chunk.flat());
    }
  };
}

const dailySql = upsert(
  'agg_sales_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id'],
  ['tickets', 'returns', 'voids', 'items_milli', 'total_cents'],
);
const hourlySql = upsert(
  'agg_sales_hourly',
  ['organisation_id', 'business_day', 'hour', 'store_id', 'device_id', 'cashier_id'],
  ['tickets', 'total_cents'],
);
const productRows = upsertMany(
  'agg_products_daily',
  ['organisation_id', 'business_day', 'store_id', 'product_id'],
  ['quantity_milli', 'total_cents'],
  ['category_id', 'description'],
);
const productByRegisterRows = upsertMany(
  'agg_products_register_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'product_id'],
  ['quantity_milli', 'total_cents'],
  ['category_id', 'description'],
);
const paymentRows = upsertMany(
  'agg_payments_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'method'],
  ['payments', 'amount_cents'],
);
const vatRows = upsertMany(
  'agg_vat_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'vat_code'],
  ['gross_cents', 'net_cents', 'vat_cents'],
);
const stockSql = upsert('stock_levels', ['organisation_id', 'store_id', 'variant_id'], ['on_hand_milli'], ['updated_at']);

export interface SaleScope {
  readonly organisationId: string;
  readonly storeId: string;
  readonly deviceId: string;
  readonly businessDay: string;
  readonly hour: number;
}

/** One entry per product of the sale, in product id order. */
function productTotals(sale: SaleRecord): [string, { quantity: number; total: number; description: string }][] {
  const byProduct = new Map<string, { quantity: number; total: number; description: string }>();
  for (const line of sale.lines) {
    const entry = byProduct.get(line.productId) ?? { quantity: 0, total: 0, description: line.description };
    entry.quantity += line.quantityMilli;
    entry.total += line.totalCents;
    byProduct.set(line.productId, entry);
  }
  return [...byProduct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The per-register, per-cashier product rows; also used alone to fill them for older sales. */
export async function addSaleProductsByRegister(
  tx: SqlExecutor,
  scope: Omit<SaleScope, 'hour'>,
  sale: SaleRecord,
  categoryOf: ReadonlyMap<string, string>,
): Promise<void> {
  const { organisationId: org, storeId: store, deviceId: device, businessDay: day } = scope;
  await productByRegisterRows(
    tx,
    productTotals(sale).map(([productId, entry]) => [org, day, store, device, sale.cashierId, productId, entry.quantity, entry.total, categoryOf.get(productId) ?? '', entry.description]),
  );
}

export async function addSaleToAggregates(
  tx: SqlExecutor,
  scope: SaleScope,
  sale: SaleRecord,
  categoryOf: ReadonlyMap<string, string>,
): Promise<void> {
  const { organisationId: org, storeId: store, deviceId: device, businessDay: day, hour } = scope;
  const cashier = sale.cashierId;
  const tickets = sale.kind === 'sale' ? 1 : sale.kind === 'post-void' ? -1 : 0;
  const items = sale.lines.reduce((sum, line) => sum + line.quantityMilli, 0);
  await tx.query(dailySql, [
    org,
    day,
    store,
    device,
    cashier,
    tickets,
    sale.kind === 'return' ? 1 : 0,
    sale.kind === 'post-void' ? 1 : 0,
    items,
    sale.totalCents,
  ]);
  await tx.query(hourlySql, [org, day, hour, store, device, cashier, tickets, sale.totalCents]);

  // Tills of one store share these rows: a fixed order means two pushes cannot deadlock on them.
  await productRows(
    tx,
    productTotals(sale).map(([productId, entry]) => [org, day, store, productId, entry.quantity, entry.total, categoryOf.get(productId) ?? '', entry.description]),
  );
  await addSaleProductsByRegister(tx, scope, sale, categoryOf);

  // Cash is counted net of the change handed back: the drawer holds what the sale took.
  const byMethod = new Map<string, { count: number; amount: number }>();
  for (const payment of sale.payments) {
    const entry = byMethod.get(payment.method) ?? { count: 0, amount: 0 };
    entry.count += sale.kind === 'sale' ? 1 : 0;
    entry.amount += payment.amountCents;
    byMethod.set(payment.method, entry);
  }
  if (sale.changeCents !== 0) {
    const cash = byMethod.get('cash') ?? { count: 0, amount: 0 };
    cash.amount -= sale.changeCents;
    byMethod.set('cash', cash);
  }
  await paymentRows(
    tx,
    [...byMethod].map(([method, entry]) => [org, day, store, device, cashier, method, entry.count, entry.amount]),
  );

  const byVat = new Map<string, { gross: number; net: number; vat: number }>();
  for (const row of sale.vatBreakdown) {
    const entry = byVat.get(row.vatCode) ?? { gross: 0, net: 0, vat: 0 };
    entry.gross += row.grossCents;
    entry.net += row.netCents;
    entry.vat += row.vatCents;
    byVat.set(row.vatCode, entry);
  }
  await vatRows(
    tx,
    [...byVat].map(([code, entry]) => [org, day, store, device, cashier, code, entry.gross, entry.net, entry.vat]),
  );
}

export async function addStockMovement(tx: SqlExecutor, organisationId: string, storeId: string, movement: StockMovementRecord, now: string): Promise<void> {
  await tx.query(stockSql, [organisationId, storeId, movement.variantId, movement.deltaMilli, now]);
}
