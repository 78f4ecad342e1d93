/**
 * @module
 * Keeps the dashboard's daily and hourly tables and stock levels current. Collected while a push
 * stores its records and written before that transaction commits, so the aggregates never
 * disagree with the sales table. Returns and
 * post-voids carry negative totals and quantities, so adding them subtracts; a post-void also
 * takes back the ticket it cancels.
 *
 * Beside the daily rows, the roll-ups the dashboard reads over long ranges: each daily row a batch
 * changed is also added, at flush, to its business day's, ISO week's and month's rows (`day-spans`),
 * once for its store and once for the whole organisation (store_id ''), and each sale's VAT gross
 * to the store's day; the organisation's
 * VAT per day follows from those store days by the closure rule (see `addVatDays`).
 */
import type { SaleRecord, StockMovementRecord, VatCode } from '@cassa/shared';
import { changeIntoDrawerCents, extractVat } from '@cassa/shared';
import { periodsOf } from './day-spans';
import { insertMany } from './multi-row';
import type { ColumnType, MultiRowTable } from './multi-row';
import type { SqlExecutor, SqlValue } from './sql-database';
import { toNumber } from './sql-database';

/** The multi-row upsert of a table: sums added to what the row holds, extra columns replaced. */
function upsertInto(spec: AggregateTable, returning: readonly string[] = []): MultiRowTable {
  const set = [...spec.sums.map((c) => `${c} = ${spec.table}.${c} + excluded.${c}`), ...spec.extra.map((c) => `${c} = excluded.${c}`)];
  return {
    table: spec.table,
    columns: [...spec.keys, ...spec.sums, ...spec.extra],
    types: [...spec.keys.map((c): ColumnType => (c === 'hour' ? 'integer' : 'text')), ...spec.sums.map((): ColumnType => 'bigint'), ...spec.extra.map((): ColumnType => 'text')],
    suffix: ` ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET ${set.join(', ')}${returning.length > 0 ? ` RETURNING ${returning.join(', ')}` : ''}`,
  };
}

interface AggregateTable {
  readonly table: string;
  readonly keys: readonly string[];
  /** Added to what the row holds. */
  readonly sums: readonly string[];
  /** Replaced by the newest value. */
  readonly extra: readonly string[];
}

interface PendingRow {
  readonly key: readonly SqlValue[];
  sums: number[];
  extra: readonly SqlValue[];
  /** When it was last added to (the batch's addition count). */
  addedAt: number;
}

const table = (name: string, keys: string[], sums: string[], extra: string[] = []): AggregateTable => ({ table: name, keys, sums, extra });

/** Flushed in this order, always: with each table's rows sorted too, locks are taken in one global order. */
const TABLES = {
  daily: table('agg_sales_daily', ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id'], ['tickets', 'returns', 'voids', 'items_milli', 'total_cents']),
  hourly: table('agg_sales_hourly', ['organisation_id', 'business_day', 'hour', 'store_id', 'device_id', 'cashier_id'], ['tickets', 'total_cents']),
  products: table('agg_products_daily', ['organisation_id', 'business_day', 'store_id', 'product_id'], ['quantity_milli', 'total_cents'], ['category_id', 'description']),
  productsByRegister: table(
    'agg_products_register_daily',
    ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'product_id'],
    ['quantity_milli', 'total_cents'],
    ['category_id', 'description'],
  ),
  payments: table('agg_payments_daily', ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'method'], ['payments', 'amount_cents']),
  vat: table('agg_vat_daily', ['organisation_id', 'business_day', 'store_id', 'device_id', 'cashier_id', 'vat_code'], ['gross_cents', 'net_cents', 'vat_cents']),
  // Keyed (organisation, period, store) in its table: the per-store totals of every store seek by period.
  salesSpans: table('agg_sales_spans', ['organisation_id', 'store_id', 'period'], ['tickets', 'returns', 'voids', 'items_milli', 'total_cents']),
  hourlySpans: table('agg_hourly_spans', ['organisation_id', 'store_id', 'period', 'hour'], ['tickets', 'total_cents']),
  productSpans: table('agg_products_spans', ['organisation_id', 'store_id', 'period', 'product_id'], ['quantity_milli', 'total_cents'], ['category_id', 'description']),
  categorySpans: table('agg_category_spans', ['organisation_id', 'store_id', 'period', 'category_id'], ['quantity_milli', 'total_cents']),
  paymentSpans: table('agg_payments_spans', ['organisation_id', 'store_id', 'period', 'method'], ['payments', 'amount_cents']),
  vatStoreDays: table('agg_vat_store_days', ['organisation_id', 'business_day', 'store_id', 'vat_code'], ['gross_cents']),
  stock: table('stock_levels', ['organisation_id', 'store_id', 'variant_id'], ['on_hand_milli'], ['updated_at']),
} as const;

/**
 * A row's key as one text: its parts joined by U+0000, which no stored text may hold (records and
 * head-office input refuse it), so two different keys never give the same text. Cheaper than
 * JSON for the millions of additions of a catch-up.
 */
function rowId(key: readonly SqlValue[]): string {
  return key.join('\u0000');
}

/**
 * The aggregate rows a transaction changes, summed in memory and written at the end, a few
 * multi-row upserts per table. On PostgreSQL each statement is a round trip: a push of 500 ops
 * used to make thousands. Tills of one store share the product and stock rows, so they are
 * written in one global order (table, then key): two pushes cannot lock A then B and B then A.
 */
export class AggregateBatch {
  private readonly pending = new Map<AggregateTable, Map<string, PendingRow>>();
  /** Counts additions, so a roll-up row derived from several rows takes the newest one's extra columns. */
  private additions = 0;

  add(into: AggregateTable, key: readonly SqlValue[], sums: readonly number[], extra: readonly SqlValue[] = []): void {
    let rows = this.pending.get(into);
    if (!rows) {
      rows = new Map();
      this.pending.set(into, rows);
    }
    // A catch-up adds a million times: keys as one text, sums added in place.
    const id = rowId(key);
    const row = rows.get(id);
    const added = ++this.additions;
    if (row) {
      for (let i = 0; i < sums.length; i++) row.sums[i] = (row.sums[i] ?? 0) + (sums[i] ?? 0);
      row.extra = extra;
      row.addedAt = added;
    } else rows.set(id, { key, sums: [...sums], extra, addedAt: added });
  }

  /**
   * The roll-ups follow from the daily rows: each daily row adds to its day's, week's and month's
   * row, for its store and for the organisation (''). Derived once per batch from the rows already
   * summed, not once per sale: a push of 180 sales adds to some 1,200 product rows, not 22,000.
   */
  private addRollUps(): void {
    const derive = (from: AggregateTable, into: AggregateTable, dayAt: number, storeAt: number, dims: (row: PendingRow) => readonly SqlValue[], sums: (row: PendingRow) => readonly number[], extra?: (row: PendingRow) => readonly SqlValue[]) => {
      const rows = [...(this.pending.get(from)?.values() ?? [])].sort((a, b) => a.addedAt - b.addedAt);
      for (const row of rows) {
        const [org] = row.key;
        for (const period of periodsOf(String(row.key[dayAt]))) {
          for (const store of [row.key[storeAt] ?? '', '']) this.add(into, [org ?? '', store, period, ...dims(row)], sums(row), extra?.(row));
        }
      }
    };
    // Keys: daily (org, day, store, device, cashier); hourly (org, day, hour, store, …); products (org, day, store, product); payments (org, day, store, device, cashier, method).
    derive(TABLES.daily, TABLES.salesSpans, 1, 2, () => [], (r) => r.sums);
    derive(TABLES.hourly, TABLES.hourlySpans, 1, 3, (r) => [r.key[2] ?? 0], (r) => r.sums);
    derive(TABLES.products, TABLES.productSpans, 1, 2, (r) => [r.key[3] ?? ''], (r) => r.sums, (r) => r.extra);
    derive(TABLES.products, TABLES.categorySpans, 1, 2, (r) => [r.extra[0] ?? ''], (r) => r.sums);
    derive(TABLES.payments, TABLES.paymentSpans, 1, 2, (r) => [r.key[5] ?? ''], (r) => r.sums);
  }

  async flush(tx: SqlExecutor): Promise<void> {
    this.addRollUps();
    const storeVat: Record<string, unknown>[] = [];
    for (const spec of Object.values(TABLES)) {
      const rows = this.pending.get(spec);
      if (!rows || rows.size === 0) continue;
      // The default sort compares the key texts natively, code unit by code unit (as `<` would).
      const sorted = [...rows.keys()].sort().map((id) => {
        const row = rows.get(id)!;
        return [...row.key, ...row.sums, ...row.extra];
      });
      // The store days' new VAT gross comes back from the upsert itself, under its row lock.
      const returning = spec === TABLES.vatStoreDays ? [...spec.keys, ...spec.sums] : [];
      storeVat.push(...(await insertMany(tx, upsertInto(spec, returning), sorted)));
    }
    await addVatDays(tx, storeVat, this.pending.get(TABLES.vatStoreDays) ?? new Map());
    this.pending.clear();
  }
}

const VAT_DAYS = table('agg_vat_days', ['organisation_id', 'business_day', 'vat_code'], ['gross_cents', 'net_cents', 'vat_cents']);

/**
 * The organisation's VAT per day is the sum over its stores of each store day's scorporo (the
 * closure rule, `vatOverClosures`), which is not linear in the gross. So each store day this
 * batch changed adds the change of its own scorporo: extractVat(after) - extractVat(before), the
 * before being the returned gross less what this batch added. The changes telescope to the rule's
 * figure, and being added (not recomputed from a read) they stay exact when pushes of several
 * stores commit at once on PostgreSQL.
 */
async function addVatDays(tx: SqlExecutor, returned: readonly Record<string, unknown>[], added: ReadonlyMap<string, { sums: number[] }>): Promise<void> {
  const days = new Map<string, { key: SqlValue[]; sums: number[] }>();
  for (const r of returned) {
    const [org, day, store, code] = [String(r.organisation_id), String(r.business_day), String(r.store_id), String(r.vat_code) as VatCode];
    const after = toNumber(r.gross_cents);
    const delta = added.get(rowId([org, day, store, code]))?.sums[0] ?? 0;
    const now = extractVat(after, code);
    const before = extractVat(after - delta, code);
    const id = rowId([org, day, code]);
    const row = days.get(id) ?? { key: [org, day, code], sums: [0, 0, 0] };
    row.sums = [(row.sums[0] ?? 0) + delta, (row.sums[1] ?? 0) + now.netCents - before.netCents, (row.sums[2] ?? 0) + now.vatCents - before.vatCents];
    days.set(id, row);
  }
  const sorted = [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => [...row.key, ...row.sums]);
  await insertMany(tx, upsertInto(VAT_DAYS), sorted);
}

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
export function addSaleProductsByRegister(
  batch: AggregateBatch,
  scope: Omit<SaleScope, 'hour'>,
  sale: SaleRecord,
  categoryOf: ReadonlyMap<string, string>,
): void {
  const { organisationId: org, storeId: store, deviceId: device, businessDay: day } = scope;
  for (const [productId, entry] of productTotals(sale)) {
    batch.add(TABLES.productsByRegister, [org, day, store, device, sale.cashierId, productId], [entry.quantity, entry.total], [categoryOf.get(productId) ?? '', entry.description]);
  }
}

export function addSaleToAggregates(batch: AggregateBatch, scope: SaleScope, sale: SaleRecord, categoryOf: ReadonlyMap<string, string>): void {
  const { organisationId: org, storeId: store, deviceId: device, businessDay: day, hour } = scope;
  const cashier = sale.cashierId;
  const tickets = sale.kind === 'sale' ? 1 : sale.kind === 'post-void' ? -1 : 0;
  const items = sale.lines.reduce((sum, line) => sum + line.quantityMilli, 0);
  const returns = sale.kind === 'return' ? 1 : 0;
  const voids = sale.kind === 'post-void' ? 1 : 0;
  batch.add(TABLES.daily, [org, day, store, device, cashier], [tickets, returns, voids, items, sale.totalCents]);
  batch.add(TABLES.hourly, [org, day, hour, store, device, cashier], [tickets, sale.totalCents]);
  for (const [productId, entry] of productTotals(sale)) {
    const category = categoryOf.get(productId) ?? '';
    batch.add(TABLES.products, [org, day, store, productId], [entry.quantity, entry.total], [category, entry.description]);
  }
  addSaleProductsByRegister(batch, scope, sale, categoryOf);

  // Cash is counted net of the change: out on a sale, back in on a refund (shared drawer-cash.ts,
  // the till's Z follows the same rule), so the dashboard's cash is the drawers'.
  for (const payment of sale.payments) {
    batch.add(TABLES.payments, [org, day, store, device, cashier, payment.method], [sale.kind === 'sale' ? 1 : 0, payment.amountCents]);
  }
  if (sale.changeCents !== 0) {
    batch.add(TABLES.payments, [org, day, store, device, cashier, 'cash'], [0, changeIntoDrawerCents(sale.kind, sale.changeCents)]);
  }

  for (const row of sale.vatBreakdown) {
    batch.add(TABLES.vat, [org, day, store, device, cashier, row.vatCode], [row.grossCents, row.netCents, row.vatCents]);
    batch.add(TABLES.vatStoreDays, [org, day, store, row.vatCode], [row.grossCents]);
  }
}

export function addStockMovement(batch: AggregateBatch, organisationId: string, storeId: string, movement: StockMovementRecord, now: string): void {
  batch.add(TABLES.stock, [organisationId, storeId, movement.variantId], [movement.deltaMilli], [now]);
}
