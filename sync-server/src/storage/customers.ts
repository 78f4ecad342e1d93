/**
 * @module
 * The chain's customers at head office (issue 17). `customers` holds one row per customer of an
 * organisation, projected from the `customer` records tills push and from head office's edits;
 * each change is also written as a row of the `customers` stream, so every till of every store
 * pulls it like the catalogue.
 *
 * A customer edited at two places: the version with the latest `updatedAt` wins, per record (a
 * till's record without `updatedAt` counts from its `createdAt`; on a tie the version already held
 * stays). `mergedInto` is head office's alone: a till's edit never clears it.
 *
 * Merges: a merged customer keeps its row with `merged_into` = the final survivor (a merge into a
 * customer that was itself merged earlier is refused; merging a survivor later re-points every
 * customer merged into it, so one hop always reaches the survivor). Sales stay immutable records
 * with the customer id the till wrote (`sales.customer_id`); head office resolves a sale's customer
 * through this alias, so a sale pushed a week after the merge by a till that was offline counts
 * for the survivor too.
 */
import { CassaError, emailKey, formatDocumentNumber, phoneKey, taxCodeKey } from '@cassa/shared';
import type {
  ChainCustomer,
  ChainCustomerSale,
  CustomerDuplicateGroup,
  CustomerEdit,
  CustomerRecord,
  HeadOfficeCustomer,
  SaleRecord,
} from '@cassa/shared';
import { toNumber } from './sql-database';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database';
import { bumpStream } from './sql-sync/head-office-writes';
import type { TouchedStream } from './storage';
import { iso, rowLock } from './sql-sync/sql-helpers';
import { mergeCustomerLedgers } from './ledgers';

interface CustomerRow extends SqlRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  tax_code: string | null;
  vat_number: string | null;
  created_at: string;
  updated_at: string;
  merged_into: string | null;
}

const CUSTOMER_COLUMNS = 'c.id, c.name, c.phone, c.email, c.tax_code, c.vat_number, c.created_at, c.updated_at, c.merged_into';

function chainCustomerOf(row: CustomerRow): ChainCustomer {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    taxCode: row.tax_code,
    vatNumber: row.vat_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mergedInto: row.merged_into,
  };
}

/**
 * Writes the customer's row and its stream row (a new change number: tills pull it). With
 * `onlyIfNewer` the row is written only over an older version (two pushes of one customer at once
 * on PostgreSQL: the later commit cannot bring an older version back); false when it was not.
 */
async function writeCustomer(tx: SqlExecutor, organisationId: string, customer: ChainCustomer, now: Date, onlyIfNewer = false): Promise<boolean> {
  const written = await tx.query(
    `INSERT INTO customers (organisation_id, id, name, phone, email, tax_code, vat_number, phone_key, email_key, tax_code_key, created_at, updated_at, merged_into)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (organisation_id, id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
       tax_code = excluded.tax_code, vat_number = excluded.vat_number, phone_key = excluded.phone_key, email_key = excluded.email_key,
       tax_code_key = excluded.tax_code_key, updated_at = excluded.updated_at, merged_into = excluded.merged_into${onlyIfNewer ? ' WHERE customers.updated_at < excluded.updated_at' : ''}
     RETURNING id`,
    [
      organisationId,
      customer.id,
      customer.name,
      customer.phone,
      customer.email,
      customer.taxCode,
      customer.vatNumber,
      phoneKey(customer.phone),
      emailKey(customer.email),
      taxCodeKey(customer.taxCode),
      customer.createdAt,
      customer.updatedAt,
      customer.mergedInto,
    ],
  );
  if (written.length === 0) return false;
  const changeNo = await bumpStream(tx, organisationId, 'customers');
  await tx.query(
    `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
     VALUES (?, 'customers', 'customer', ?, '', ?, ?, ?)
     ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
    [organisationId, customer.id, changeNo, JSON.stringify(customer), iso(now)],
  );
  return true;
}

async function customerRow(tx: SqlExecutor, organisationId: string, id: string): Promise<CustomerRow | null> {
  const rows = await tx.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.organisation_id = ? AND c.id = ?`, [organisationId, id]);
  return rows[0] ?? null;
}

/**
 * A till's `customer` record, kept when it is newer than the version held (see the module notes).
 * True when it changed the customer (tills are then told to pull).
 */
export async function projectPushedCustomer(tx: SqlExecutor, organisationId: string, record: CustomerRecord, now: Date): Promise<boolean> {
  const held = await customerRow(tx, organisationId, record.id);
  const updatedAt = record.updatedAt ?? record.createdAt;
  if (held && held.updated_at >= updatedAt) return false;
  return writeCustomer(
    tx,
    organisationId,
    {
      id: record.id,
      name: record.name,
      phone: record.phone,
      email: record.email,
      taxCode: record.taxCode,
      vatNumber: record.vatNumber,
      createdAt: held?.created_at ?? record.createdAt,
      updatedAt,
      mergedInto: held?.merged_into ?? null,
    },
    now,
    true,
  );
}

/** The survivor a customer id stands for now (itself when it was never merged or is unknown). */
async function survivorOf(tx: SqlExecutor, organisationId: string, id: string): Promise<string> {
  let current = id;
  // Merges are kept one hop deep; the bound only guards against a loop written by hand.
  for (let hop = 0; hop < 20; hop += 1) {
    const row = await customerRow(tx, organisationId, current);
    if (!row?.merged_into) return current;
    current = row.merged_into;
  }
  return current;
}

/** SQL for "the sale's customer is :survivor or one merged into it" (two parameters: org, survivor, survivor). */
const SALES_OF_SURVIVOR = `s.customer_id IN (SELECT m.id FROM customers m WHERE m.organisation_id = s.organisation_id AND (m.id = ? OR m.merged_into = ?))`;

/** The customers as head office shows them, each with the sales of its survivor (one statement per 1,000 survivors). */
async function headOfficeCustomers(tx: SqlExecutor, organisationId: string, rows: readonly CustomerRow[]): Promise<HeadOfficeCustomer[]> {
  const survivors = rows.map((row) => row.merged_into ?? row.id);
  const unique = [...new Set(survivors)];
  const totals: { survivor: string; n: unknown; total: unknown }[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const slice = unique.slice(i, i + 500);
    const inList = slice.map(() => '?').join(', ');
    // The survivors and the customers merged into them, by the primary key and the merged_into index.
    totals.push(
      ...(await tx.query<{ survivor: string; n: unknown; total: unknown }>(
        `SELECT m.survivor, COUNT(*) AS n, COALESCE(SUM(CASE WHEN s.kind = 'sale' THEN s.total_cents ELSE -s.total_cents END), 0) AS total
         FROM (SELECT c.id, COALESCE(c.merged_into, c.id) AS survivor FROM customers c
               WHERE c.organisation_id = ? AND (c.id IN (${inList}) OR c.merged_into IN (${inList}))) m
         JOIN sales s ON s.organisation_id = ? AND s.customer_id = m.id
         GROUP BY m.survivor`,
        [organisationId, ...slice, ...slice, organisationId],
      )),
    );
  }
  const bySurvivor = new Map(totals.map((t) => [t.survivor, t]));
  return rows.map((row) => {
    const t = bySurvivor.get(row.merged_into ?? row.id);
    return { ...chainCustomerOf(row), salesCount: toNumber(t?.n ?? 0), salesTotalCents: toNumber(t?.total ?? 0) };
  });
}

export interface CustomerMergeOutcome {
  readonly survivor: HeadOfficeCustomer;
  readonly merged: string[];
  readonly salesMoved: number;
  /** The streams tills must pull: customers, and ledgers when store credit or points moved. */
  readonly touched: TouchedStream[];
}

export interface CustomerStorage {
  get(organisationId: string, id: string): Promise<HeadOfficeCustomer | null>;
  /** Customers standing alone (not merged) whose name, phone, email or codice fiscale match; name order. */
  search(organisationId: string, query: string, limit: number): Promise<HeadOfficeCustomer[]>;
  /** Head office's edit: the latest version from now on (its `updatedAt` is `now`). NOT_FOUND for another organisation's id. */
  save(organisationId: string, edit: CustomerEdit, now: Date): Promise<HeadOfficeCustomer>;
  duplicates(organisationId: string, limit: number): Promise<CustomerDuplicateGroup[]>;
  merge(organisationId: string, survivorId: string, otherIds: readonly string[], now: Date): Promise<CustomerMergeOutcome>;
  /** The customer's survivor and its purchases in every store, newest first. */
  history(organisationId: string, customerId: string, limit: number): Promise<{ customerId: string; sales: ChainCustomerSale[] }>;
}

/**
 * Moves the merged customer's store credit and points to the survivor, inside the merge's
 * transaction, answering the streams it touched (the ledgers' rule, storage/ledgers.ts).
 */
function mergeLedgers(tx: SqlExecutor, organisationId: string, fromId: string, toId: string, now: Date): Promise<TouchedStream[]> {
  return mergeCustomerLedgers(tx, organisationId, fromId, toId, now);
}

async function mergeInTransaction(tx: SqlExecutor, lock: string, organisationId: string, survivorId: string, otherIds: readonly string[], now: Date): Promise<CustomerMergeOutcome> {
  // Two merges at once (A into B, B into A) take the rows' locks in one order: the second waits
  // and then sees the first's outcome (PostgreSQL; SQLite writes one transaction at a time).
  for (const id of [...new Set([survivorId, ...otherIds])].sort()) {
    await tx.query(`SELECT id FROM customers WHERE organisation_id = ? AND id = ?${lock}`, [organisationId, id]);
  }
  const survivor = await customerRow(tx, organisationId, survivorId);
  if (!survivor) throw new CassaError('NOT_FOUND', `No customer ${survivorId}`, { customerId: survivorId });
  if (survivor.merged_into !== null) {
    throw new CassaError('CONFLICT', `Customer ${survivorId} was merged into ${survivor.merged_into}: merge into that one`, { reason: 'customer-merged', customerId: survivorId, mergedInto: survivor.merged_into });
  }
  const others = [...new Set(otherIds)];
  if (others.includes(survivorId)) throw new CassaError('VALIDATION', 'A customer cannot be merged into itself', { reason: 'merge-into-itself', customerId: survivorId });
  const at = iso(now);
  const merged: string[] = [];
  let salesMoved = 0;
  const touched = new Map<string, TouchedStream>([['customers', { stream: 'customers', storeId: null }]]);
  for (const otherId of others) {
    const other = await customerRow(tx, organisationId, otherId);
    if (!other) throw new CassaError('NOT_FOUND', `No customer ${otherId}`, { customerId: otherId });
    if (other.merged_into === survivorId) continue;
    if (other.merged_into !== null) {
      throw new CassaError('CONFLICT', `Customer ${otherId} was already merged into ${other.merged_into}`, { reason: 'customer-merged', customerId: otherId, mergedInto: other.merged_into });
    }
    const sales = await tx.query<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM sales s WHERE s.organisation_id = ? AND ${SALES_OF_SURVIVOR}`,
      [organisationId, otherId, otherId],
    );
    salesMoved += toNumber(sales[0]?.n);
    // Those merged into this one before now point at the survivor: one hop reaches it.
    const earlier = await tx.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.organisation_id = ? AND c.merged_into = ?`, [organisationId, otherId]);
    for (const row of [other, ...earlier]) {
      await writeCustomer(tx, organisationId, { ...chainCustomerOf(row), mergedInto: survivorId, updatedAt: at > row.updated_at ? at : row.updated_at }, now);
      merged.push(row.id);
    }
    for (const t of await mergeLedgers(tx, organisationId, otherId, survivorId, now)) touched.set(t.stream, t);
  }
  const [view] = await headOfficeCustomers(tx, organisationId, [survivor]);
  return { survivor: view!, merged, salesMoved, touched: [...touched.values()] };
}

async function duplicateGroups(db: SqlExecutor, organisationId: string, limit: number): Promise<CustomerDuplicateGroup[]> {
  const groups: CustomerDuplicateGroup[] = [];
  const kinds = [
    { match: 'phone', column: 'phone_key' },
    { match: 'email', column: 'email_key' },
    { match: 'tax-code', column: 'tax_code_key' },
  ] as const;
  for (const { match, column } of kinds) {
    const keys = await db.query<{ k: string }>(
      `SELECT ${column} AS k FROM customers WHERE organisation_id = ? AND merged_into IS NULL AND ${column} IS NOT NULL
       GROUP BY ${column} HAVING COUNT(*) > 1 ORDER BY ${column} LIMIT ?`,
      [organisationId, limit - groups.length],
    );
    for (const { k } of keys) {
      const rows = await db.query<CustomerRow>(
        `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.organisation_id = ? AND c.merged_into IS NULL AND c.${column} = ? ORDER BY c.created_at, c.id LIMIT 20`,
        [organisationId, k],
      );
      groups.push({ match, key: k, customers: await headOfficeCustomers(db, organisationId, rows) });
    }
    if (groups.length >= limit) break;
  }
  return groups;
}

export function createCustomerStorage(db: SqlDatabase): CustomerStorage {
  return {
    async get(organisationId, id) {
      const row = await customerRow(db, organisationId, id);
      return row ? ((await headOfficeCustomers(db, organisationId, [row]))[0] ?? null) : null;
    },
    async search(organisationId, query, limit) {
      const text = query.trim();
      const like = `%${text.toLowerCase().replace(/[%_\\]/g, '')}%`;
      const rows = await db.query<CustomerRow>(
        `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.organisation_id = ? AND c.merged_into IS NULL
           AND (? = '' OR LOWER(c.name) LIKE ? OR c.email_key LIKE ? OR c.phone_key = ? OR c.tax_code_key = ?)
         ORDER BY LOWER(c.name), c.id LIMIT ?`,
        [organisationId, text, like, like, phoneKey(text) ?? '', taxCodeKey(text) ?? '', limit],
      );
      return headOfficeCustomers(db, organisationId, rows);
    },
    save(organisationId, edit, now) {
      return db.transaction(async (tx) => {
        const held = await customerRow(tx, organisationId, edit.id);
        if (!held) throw new CassaError('NOT_FOUND', `No customer ${edit.id}`, { customerId: edit.id });
        if (held.merged_into !== null) {
          throw new CassaError('CONFLICT', `Customer ${edit.id} was merged into ${held.merged_into}: edit that one`, { reason: 'customer-merged', customerId: edit.id, mergedInto: held.merged_into });
        }
        const at = iso(now);
        const customer: ChainCustomer = {
          ...chainCustomerOf(held),
          name: edit.name,
          phone: edit.phone || null,
          email: edit.email || null,
          taxCode: edit.taxCode,
          vatNumber: edit.vatNumber,
          // Never behind the version held: a till clock ahead of ours must not make this edit lose.
          updatedAt: at > held.updated_at ? at : new Date(Date.parse(held.updated_at) + 1).toISOString(),
        };
        await writeCustomer(tx, organisationId, customer, now);
        const [view] = await headOfficeCustomers(tx, organisationId, [{ ...held, ...rowOf(customer) }]);
        return view!;
      });
    },
    duplicates: (organisationId, limit) => duplicateGroups(db, organisationId, limit),
    merge(organisationId, survivorId, otherIds, now) {
      return db.transaction((tx) => mergeInTransaction(tx, rowLock(db), organisationId, survivorId, otherIds, now));
    },
    async history(organisationId, customerId, limit) {
      const survivor = await survivorOf(db, organisationId, customerId);
      const rows = await db.query<{ id: string; kind: string; store_id: string; store_name: string | null; completed_at: string; total_cents: unknown; data: string }>(
        `SELECT s.id, s.kind, s.store_id, st.name AS store_name, s.completed_at, s.total_cents, s.data FROM sales s
         LEFT JOIN stores st ON st.organisation_id = s.organisation_id AND st.id = s.store_id
         WHERE s.organisation_id = ? AND (s.customer_id = ? OR ${SALES_OF_SURVIVOR})
         ORDER BY s.completed_at DESC, s.id LIMIT ?`,
        [organisationId, survivor, survivor, survivor, limit],
      );
      return {
        customerId: survivor,
        sales: rows.map((row) => {
          const sale = JSON.parse(row.data) as Pick<SaleRecord, 'zNumber' | 'documentNumber'>;
          return {
            saleId: row.id,
            kind: row.kind as ChainCustomerSale['kind'],
            storeId: row.store_id,
            storeName: row.store_name ?? row.store_id,
            documentNumber: formatDocumentNumber(sale.zNumber, sale.documentNumber),
            completedAt: row.completed_at,
            totalCents: toNumber(row.total_cents),
          };
        }),
      };
    },
  };
}

function rowOf(customer: ChainCustomer): CustomerRow {
  return {
    id: customer.id,
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    tax_code: customer.taxCode,
    vat_number: customer.vatNumber,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    merged_into: customer.mergedInto,
  };
}

/** Customers pushed before head office projected them (migration 16): projected once, in push order. */
export async function backfillCustomers(tx: SqlExecutor): Promise<void> {
  const rows = await tx.query<{ organisation_id: string; data: string }>(
    "SELECT organisation_id, data FROM till_documents WHERE record_type = 'customer' ORDER BY received_at",
  );
  const now = new Date();
  for (const row of rows) await projectPushedCustomer(tx, row.organisation_id, JSON.parse(row.data) as CustomerRecord, now);
}
