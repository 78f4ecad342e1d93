/**
 * @module
 * Issue 19: what the public API reads, a page at a time by key-set (the page's last sort key, never
 * OFFSET): a row inserted while an integrator pages cannot shift a page boundary, so every row that
 * existed throughout is seen exactly once. Each read takes the organisation and filters by it, and
 * the key's stores (null: every store) where rows belong to one.
 */
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

/** Where the previous page ended: the sort key of its last row, as the read defines it. */
export type PageAfter = readonly string[] | null;

export interface PageQuery {
  readonly after: PageAfter;
  /** Rows wanted; the read fetches one more to know whether a next page exists. */
  readonly limit: number;
}

export interface Page<T> {
  readonly rows: T[];
  /** The last row's sort key when more rows follow; null at the end. */
  readonly next: readonly string[] | null;
}

export interface StockLevelRow {
  readonly storeId: string;
  readonly variantId: string;
  readonly onHandMilli: number;
  readonly reservedMilli: number;
  readonly updatedAt: string;
}

/** The fiscal device's document for a sale, where its register has one (`fiscal_documents`). */
export interface SaleFiscalDocument {
  readonly serial: string;
  readonly zNumber: number;
  readonly documentNumber: number;
  readonly documentDate: string;
  readonly documentTime: string;
  readonly amountCents: number;
  readonly source: string;
}

export interface SaleRow {
  readonly fiscalDocument: SaleFiscalDocument | null;
  readonly businessDay: string;
  readonly receivedAt: string;
  readonly flagged: boolean;
  readonly data: unknown;
}

export interface CustomerRow {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly taxCode: string | null;
  readonly vatNumber: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PublicReadStorage {
  /** Products (with variants and barcodes) by id; `updatedSince` keeps those written since. */
  products(organisationId: string, page: PageQuery, filter: { updatedSince: string | null }): Promise<Page<unknown>>;
  /** Store prices by store, then variant. */
  storePrices(organisationId: string, storeIds: readonly string[] | null, page: PageQuery): Promise<Page<unknown>>;
  /** On hand and held for channel orders, by store, then variant. */
  stockLevels(organisationId: string, storeIds: readonly string[] | null, page: PageQuery): Promise<Page<StockLevelRow>>;
  /** Sales by completion time, then id, of business days `from`…`to` inclusive. */
  sales(organisationId: string, storeIds: readonly string[] | null, days: { from: string; to: string }, page: PageQuery): Promise<Page<SaleRow>>;
  /** Customers by id; merged duplicates are left out (their survivor stands for them). */
  customers(organisationId: string, page: PageQuery): Promise<Page<CustomerRow>>;
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** `(a > ?) OR (a = ? AND b > ?)` … for the sort columns, with their values. */
function after(columns: readonly string[], values: PageAfter): { sql: string; params: SqlValue[] } {
  if (values === null || values.length !== columns.length) return { sql: '', params: [] };
  const ors: string[] = [];
  const params: SqlValue[] = [];
  for (let i = 0; i < columns.length; i++) {
    const equal = columns.slice(0, i).map((c) => `${c} = ?`);
    ors.push(`(${[...equal, `${columns[i]} > ?`].join(' AND ')})`);
    params.push(...values.slice(0, i + 1));
  }
  return { sql: ` AND (${ors.join(' OR ')})`, params };
}

function storesIn(column: string, storeIds: readonly string[] | null): { sql: string; params: SqlValue[] } {
  if (storeIds === null) return { sql: '', params: [] };
  // An empty list matches nothing (a key limited to stores that were all deleted).
  if (storeIds.length === 0) return { sql: ' AND 1 = 0', params: [] };
  return { sql: ` AND ${column} IN (${marks(storeIds.length)})`, params: [...storeIds] };
}

function paged<R, T>(rows: R[], limit: number, key: (row: R) => string[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { rows: kept.map(map), next: more && last !== undefined ? key(last) : null };
}

export function createPublicReadStorage(db: SqlDatabase): PublicReadStorage {
  return {
    async products(organisationId, page, filter) {
      const from = after(['row_key'], page.after);
      const since = filter.updatedSince === null ? { sql: '', params: [] } : { sql: ' AND updated_at >= ?', params: [filter.updatedSince] };
      const rows = await db.query<{ row_key: string; data: string }>(
        `SELECT row_key, data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND data IS NOT NULL${since.sql}${from.sql}
         ORDER BY row_key LIMIT ?`,
        [organisationId, ...since.params, ...from.params, page.limit + 1],
      );
      return paged(rows, page.limit, (r) => [r.row_key], (r) => JSON.parse(r.data) as unknown);
    },
    async storePrices(organisationId, storeIds, page) {
      const from = after(['store_id', 'row_key'], page.after);
      const stores = storesIn('store_id', storeIds);
      const rows = await db.query<{ store_id: string; row_key: string; data: string }>(
        `SELECT store_id, row_key, data FROM sync_rows WHERE organisation_id = ? AND entity = 'store-price' AND data IS NOT NULL${stores.sql}${from.sql}
         ORDER BY store_id, row_key LIMIT ?`,
        [organisationId, ...stores.params, ...from.params, page.limit + 1],
      );
      return paged(rows, page.limit, (r) => [r.store_id, r.row_key], (r) => JSON.parse(r.data) as unknown);
    },
    async stockLevels(organisationId, storeIds, page) {
      const from = after(['l.store_id', 'l.variant_id'], page.after);
      const stores = storesIn('l.store_id', storeIds);
      const rows = await db.query<{ store_id: string; variant_id: string; on_hand_milli: unknown; held: unknown; updated_at: string }>(
        `SELECT l.store_id, l.variant_id, l.on_hand_milli, l.updated_at,
           (SELECT SUM(r.quantity_milli) FROM channel_reservations r
             WHERE r.organisation_id = l.organisation_id AND r.store_id = l.store_id AND r.variant_id = l.variant_id AND r.state = 'held') AS held
         FROM stock_levels l WHERE l.organisation_id = ?${stores.sql}${from.sql}
         ORDER BY l.store_id, l.variant_id LIMIT ?`,
        [organisationId, ...stores.params, ...from.params, page.limit + 1],
      );
      return paged(
        rows,
        page.limit,
        (r) => [r.store_id, r.variant_id],
        (r) => ({ storeId: r.store_id, variantId: r.variant_id, onHandMilli: toNumber(r.on_hand_milli), reservedMilli: toNumber(r.held ?? 0), updatedAt: r.updated_at }),
      );
    },
    async sales(organisationId, storeIds, days, page) {
      const from = after(['s.completed_at', 's.id'], page.after);
      const stores = storesIn('s.store_id', storeIds);
      const rows = await db.query<{
        id: string;
        completed_at: string;
        business_day: string;
        received_at: string;
        flagged: unknown;
        data: string;
        serial: string | null;
        z_number: unknown;
        document_number: unknown;
        document_date: string | null;
        document_time: string | null;
        amount_cents: unknown;
        source: string | null;
      }>(
        `SELECT s.id, s.completed_at, s.business_day, s.received_at, s.flagged, s.data,
           f.serial, f.z_number, f.document_number, f.document_date, f.document_time, f.amount_cents, f.source
         FROM sales s LEFT JOIN fiscal_documents f ON f.organisation_id = s.organisation_id AND f.sale_id = s.id
         WHERE s.organisation_id = ? AND s.business_day >= ? AND s.business_day <= ?${stores.sql}${from.sql}
         ORDER BY s.completed_at, s.id LIMIT ?`,
        [organisationId, days.from, days.to, ...stores.params, ...from.params, page.limit + 1],
      );
      return paged(
        rows,
        page.limit,
        (r) => [r.completed_at, r.id],
        (r) => ({
          businessDay: r.business_day,
          receivedAt: r.received_at,
          flagged: toNumber(r.flagged) !== 0,
          data: JSON.parse(r.data) as unknown,
          fiscalDocument:
            r.serial === null
              ? null
              : {
                  serial: r.serial,
                  zNumber: toNumber(r.z_number),
                  documentNumber: toNumber(r.document_number),
                  documentDate: r.document_date ?? '',
                  documentTime: r.document_time ?? '',
                  amountCents: toNumber(r.amount_cents),
                  source: r.source ?? '',
                },
        }),
      );
    },
    async customers(organisationId, page) {
      const from = after(['id'], page.after);
      const rows = await db.query<{
        id: string;
        name: string;
        phone: string | null;
        email: string | null;
        tax_code: string | null;
        vat_number: string | null;
        created_at: string;
        updated_at: string;
      }>(
        `SELECT id, name, phone, email, tax_code, vat_number, created_at, updated_at FROM customers
         WHERE organisation_id = ? AND merged_into IS NULL${from.sql} ORDER BY id LIMIT ?`,
        [organisationId, ...from.params, page.limit + 1],
      );
      return paged(
        rows,
        page.limit,
        (r) => [r.id],
        (r) => ({ id: r.id, name: r.name, phone: r.phone, email: r.email, taxCode: r.tax_code, vatNumber: r.vat_number, createdAt: r.created_at, updatedAt: r.updated_at }),
      );
    },
  };
}
