/**
 * @module
 * Keeps the dashboard's daily and hourly tables current. Called inside the transaction that
 * stores a pushed sale, so the aggregates never disagree with the sales table. Returns and
 * post-voids carry negative totals and quantities, so adding them subtracts; a post-void also
 * takes back the ticket it cancels.
 */
import type { SaleRecord, StockMovementRecord } from '@cassa/shared';
import type { SqlExecutor, SqlValue } from './sql-database';

function upsert(table: string, keys: readonly string[], sums: readonly string[], extra: readonly string[] = []): string {
  const columns = [...keys, ...sums, ...extra];
  const set = [...sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`), ...extra.map((c) => `${c} = excluded.${c}`)];
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
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
const productSql = upsert(
  'agg_products_daily',
  ['organisation_id', 'business_day', 'store_id', 'product_id'],
  ['quantity_milli', 'total_cents'],
  ['category_id', 'description'],
);
const productByRegisterSql = upsert(
  'agg_products_register_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'product_id'],
  ['quantity_milli', 'total_cents'],
  ['category_id', 'description'],
);
const paymentSql = upsert(
  'agg_payments_daily',
  ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'method'],
  ['payments', 'amount_cents'],
);
const vatSql = upsert(
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
  for (const [productId, entry] of productTotals(sale)) {
    const params: SqlValue[] = [org, day, store, device, sale.cashierId, productId, entry.quantity, entry.total, categoryOf.get(productId) ?? '', entry.description];
    await tx.query(productByRegisterSql, params);
  }
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
  for (const [productId, entry] of productTotals(sale)) {
    const params: SqlValue[] = [org, day, store, productId, entry.quantity, entry.total, categoryOf.get(productId) ?? '', entry.description];
    await tx.query(productSql, params);
  }
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
  for (const [method, entry] of byMethod) {
    await tx.query(paymentSql, [org, day, store, device, cashier, method, entry.count, entry.amount]);
  }

  for (const row of sale.vatBreakdown) {
    await tx.query(vatSql, [org, day, store, device, cashier, row.vatCode, row.grossCents, row.netCents, row.vatCents]);
  }
}

export async function addStockMovement(tx: SqlExecutor, organisationId: string, storeId: string, movement: StockMovementRecord, now: string): Promise<void> {
  await tx.query(stockSql, [organisationId, storeId, movement.variantId, movement.deltaMilli, now]);
}
