/**
 * @module
 * Versioned schema migrations for both engines. The DDL is plain enough to be the same text on
 * SQLite and PostgreSQL; a migration that needs engine-specific SQL gives both. Every table that
 * holds an organisation's data has `organisation_id` first in its primary key, so on Citus each
 * can be `create_distributed_table(…, 'organisation_id')` and co-located; `device_tokens` and
 * `pairing_codes` are looked up by hash before the organisation is known and would be reference
 * tables.
 */
import type { Product } from '@cassa/shared';
import { barcodeKey, CassaError, fiscalDocumentRecordSchema, ledgerEntryRecordSchema } from '@cassa/shared';
import { dashboardRollupsScript, fillVatDays } from './dashboard-rollups';
import { projectFiscalDocument } from './sql-sync/fiscal-projections';
// Issue 17, customers everywhere
import { backfillCustomers } from './customers';
import { LedgerPushBatch } from './ledgers';
import { channelsSchema } from './channels/channels-schema';
import { channelFrameworkSchema } from './channels/channel-framework-schema';
// Issue 19, the public API's keys
import { apiKeysSchema } from './api-keys/api-keys-schema';
// Issue 19, ERP imports
import { erpImportsSchema } from './erp-imports';
// Issue 19, ERP exports
import { erpExportsSchema } from './erp/erp-exports-schema';
// Issue 19, webhooks
import { webhooksSchema } from './webhooks/webhooks-schema';
// Issue 19, the SAP Business One link
import { sapSchema } from './sap/sap-schema';
import type { SqlDatabase, SqlExecutor } from './sql-database';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
  /** A backfill that needs the shared rules (run after the SQL, in the same transaction). */
  readonly backfill?: (tx: SqlExecutor) => Promise<void>;
}

const initialSchema = `
CREATE TABLE server_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE stores (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE devices (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  name TEXT NOT NULL,
  high_water_mark BIGINT NOT NULL DEFAULT 0,
  paired_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE device_tokens (
  token_hash TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL
);
CREATE TABLE pairing_codes (
  code_hash TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  device_id TEXT
);
CREATE TABLE device_ops (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  op_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  status TEXT NOT NULL,
  problems TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id, seq)
);
CREATE TABLE sales (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  business_day TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  total_cents BIGINT NOT NULL,
  data TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  problems TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX sales_by_store_day ON sales (organisation_id, store_id, business_day);
CREATE TABLE stock_movements (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  delta_milli BIGINT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  problems TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX stock_by_store_variant ON stock_movements (organisation_id, store_id, variant_id);
CREATE TABLE till_documents (
  organisation_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  data TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  problems TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, record_type, id)
);
CREATE TABLE stream_heads (
  organisation_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  head BIGINT NOT NULL,
  horizon BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, stream)
);
CREATE TABLE sync_rows (
  organisation_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  entity TEXT NOT NULL,
  row_key TEXT NOT NULL,
  store_id TEXT NOT NULL,
  change_no BIGINT NOT NULL,
  data TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, stream, entity, row_key)
);
CREATE INDEX sync_rows_by_change ON sync_rows (organisation_id, stream, change_no);
CREATE TABLE variants (
  organisation_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (organisation_id, variant_id)
)
`;

/**
 * Head office: its people and sessions, plans (seats), store time zones, what registers report
 * about themselves, and the sales aggregates kept current in the push transaction so the
 * dashboard never scans sale lines. Business days are the store's local date (`time_zone`).
 */
const headOfficeSchema = `
ALTER TABLE stores ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Rome';
ALTER TABLE devices ADD COLUMN clock_skew_ms BIGINT;
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN queue_length BIGINT;
ALTER TABLE devices ADD COLUMN last_pull_at TEXT;
CREATE TABLE device_stream_positions (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  change_no BIGINT NOT NULL,
  pulled_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id, stream)
);
CREATE TABLE organisation_plans (
  organisation_id TEXT PRIMARY KEY,
  plan TEXT NOT NULL,
  max_registers INTEGER NOT NULL,
  max_users INTEGER NOT NULL
);
CREATE TABLE ho_users (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  store_ids TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE UNIQUE INDEX ho_users_by_email ON ho_users (email);
CREATE TABLE ho_sessions (
  token_hash TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE ho_setup_tokens (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  organisation_id TEXT,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE agg_sales_daily (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  tickets BIGINT NOT NULL,
  returns BIGINT NOT NULL,
  voids BIGINT NOT NULL,
  items_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, device_id, cashier_id)
);
CREATE TABLE agg_sales_hourly (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  hour INTEGER NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  tickets BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, hour, store_id, device_id, cashier_id)
);
CREATE TABLE agg_products_daily (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  category_id TEXT NOT NULL,
  description TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, product_id)
);
CREATE TABLE agg_payments_daily (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  method TEXT NOT NULL,
  payments BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, device_id, cashier_id, method)
);
CREATE TABLE agg_vat_daily (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  vat_code TEXT NOT NULL,
  gross_cents BIGINT NOT NULL,
  net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, device_id, cashier_id, vat_code)
);
CREATE TABLE stock_levels (
  organisation_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  on_hand_milli BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, store_id, variant_id)
)
`;

/**
 * Stock sent from one store to another. Sending books the transfer-out at the source at once;
 * the goods are in transit until the destination receives them (transfer-in there) or the sender
 * cancels (they go back on the source's shelf). Both legs are ordinary stock movements.
 */
const stockTransfersSchema = `
CREATE TABLE stock_transfers (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  from_store_id TEXT NOT NULL,
  to_store_id TEXT NOT NULL,
  status TEXT NOT NULL,
  lines TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  closed_by TEXT,
  closed_at TEXT,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX stock_transfers_by_time ON stock_transfers (organisation_id, created_at)
`;

/**
 * Products and categories per register and cashier, read only when the dashboard is filtered by
 * one of them (the unfiltered view keeps reading the smaller per-store table). Filled on ingest;
 * sales stored before this table existed are added once at start (`backfillProductsByRegister`).
 */
const productsByRegisterSchema = `
CREATE TABLE agg_products_register_daily (
  organisation_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  category_id TEXT NOT NULL,
  description TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, business_day, store_id, device_id, cashier_id, product_id)
);
CREATE INDEX agg_products_by_device ON agg_products_register_daily (organisation_id, device_id, business_day);
CREATE INDEX agg_products_by_cashier ON agg_products_register_daily (organisation_id, cashier_id, business_day)
`;

/** Sign-in attempts per (hashed) address, shared by every server process on the database. */
const loginAttemptsSchema = `
CREATE TABLE ho_login_attempts (
  address_hash TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ho_login_attempts_by_address ON ho_login_attempts (address_hash, at);
CREATE INDEX ho_login_attempts_by_time ON ho_login_attempts (at)
`;

/** One-time password-reset links, by their hash: from the owner's users page or the CLI. */
const passwordResetsSchema = `
CREATE TABLE ho_password_resets (
  token_hash TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX ho_password_resets_by_user ON ho_password_resets (organisation_id, user_id)
`;

/**
 * A head-office email is unique within its organisation only: one owner adding a user must not
 * learn that the email has an account elsewhere. Sign-in tries that email's accounts in turn.
 */
const emailPerOrganisationSchema = `
DROP INDEX ho_users_by_email;
CREATE UNIQUE INDEX ho_users_by_organisation_email ON ho_users (organisation_id, email);
CREATE INDEX ho_users_by_email ON ho_users (email)
`;

/**
 * Every server start (a "boot") and the stream heads it found. A pull cursor carries the boot that
 * issued it; a cursor is good only up to the head a later boot found, so after a restore from a
 * backup (whose heads are lower) a till's cursor past the restored head resets even when head
 * office has since reused those change numbers. Boots lost with the restore are unknown: reset.
 */
const serverBootsSchema = `
CREATE TABLE server_boots (
  id TEXT PRIMARY KEY,
  ordinal BIGINT NOT NULL,
  started_at TEXT NOT NULL
);
CREATE INDEX server_boots_by_ordinal ON server_boots (ordinal);
CREATE TABLE server_boot_heads (
  organisation_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  boot_id TEXT NOT NULL,
  head BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, stream, boot_id)
)
`;

/**
 * Ops the server could not apply (a record no schema accepts, or one the database refused), kept
 * whole for head office to look at: the till's queue moved on past them. And the head of each
 * register's audit chain as pushed, so a rewritten or cut chain shows as a break.
 */
const setAsideAndAuditHeadsSchema = `
CREATE TABLE set_aside_ops (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  op_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  problem TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id, seq)
);
CREATE TABLE audit_heads (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  hash TEXT NOT NULL,
  entries BIGINT NOT NULL,
  breaks BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id)
);
CREATE INDEX device_ops_flagged ON device_ops (organisation_id, received_at) WHERE status = 'flagged'
`;

// One barcode, one product, whatever form the label prints: each product's codes by normalised
// key (shared `barcodeKey`), unique per organisation. Clashes already in an upgraded database are
// listed in barcode_clashes (the first product in key order keeps the code) instead of failing.
const barcodeKeysSchema = `
CREATE TABLE product_barcodes (
  organisation_id TEXT NOT NULL,
  barcode_key TEXT NOT NULL,
  code TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (organisation_id, barcode_key)
);
CREATE INDEX product_barcodes_by_product ON product_barcodes (organisation_id, product_id);
CREATE TABLE barcode_clashes (
  organisation_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  code TEXT NOT NULL,
  barcode_key TEXT NOT NULL,
  kept_product_id TEXT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, product_id, code)
)
`;

async function backfillBarcodeKeys(tx: SqlExecutor): Promise<void> {
  const foundAt = new Date().toISOString();
  let after = { organisationId: '', key: '' };
  for (;;) {
    const page = await tx.query<{ organisation_id: string; row_key: string; data: string }>(
      `SELECT organisation_id, row_key, data FROM sync_rows
       WHERE entity = 'product' AND data IS NOT NULL AND (organisation_id > ? OR (organisation_id = ? AND row_key > ?))
       ORDER BY organisation_id, row_key LIMIT 1000`,
      [after.organisationId, after.organisationId, after.key],
    );
    for (const row of page) {
      const product = JSON.parse(row.data) as Pick<Product, 'variants'>;
      for (const code of new Set(product.variants.flatMap((v) => v.barcodes))) {
        const key = barcodeKey(code);
        const held = await tx.query<{ product_id: string }>('SELECT product_id FROM product_barcodes WHERE organisation_id = ? AND barcode_key = ?', [row.organisation_id, key]);
        const holder = held[0]?.product_id;
        if (holder === undefined) {
          await tx.query('INSERT INTO product_barcodes (organisation_id, barcode_key, code, product_id) VALUES (?, ?, ?, ?)', [row.organisation_id, key, code, row.row_key]);
        } else if (holder !== row.row_key) {
          await tx.query(
            `INSERT INTO barcode_clashes (organisation_id, product_id, code, barcode_key, kept_product_id, found_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (organisation_id, product_id, code) DO NOTHING`,
            [row.organisation_id, row.row_key, code, key, holder, foundAt],
          );
        }
      }
    }
    const last = page.at(-1);
    if (!last) return;
    after = { organisationId: last.organisation_id, key: last.row_key };
  }
}

/**
 * Issue 16: what head office reads of the till's fiscal device, projected from the fiscal records
 * kept whole in till_documents. A sale's documento commerciale by sale; the device's daily
 * closures by (serial, Z), which no re-push can duplicate; the latest status per register (by the
 * time the till read it, so a replayed older status never hides a newer one); and since when a
 * register has had a fiscal device, so its later sales without a document show as waiting.
 */
const fiscalSchema = `
CREATE TABLE fiscal_documents (
  organisation_id TEXT NOT NULL,
  sale_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  serial TEXT NOT NULL,
  z_number BIGINT NOT NULL,
  document_number BIGINT NOT NULL,
  document_date TEXT NOT NULL,
  document_time TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (organisation_id, sale_id)
);
CREATE INDEX fiscal_documents_by_z ON fiscal_documents (organisation_id, serial, z_number, document_number);
CREATE TABLE fiscal_closures (
  organisation_id TEXT NOT NULL,
  serial TEXT NOT NULL,
  z_number BIGINT NOT NULL,
  record_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  shift_id TEXT NOT NULL,
  closure_date TEXT NOT NULL,
  closure_time TEXT NOT NULL,
  daily_amount_cents BIGINT NOT NULL,
  data TEXT NOT NULL,
  head_office_totals TEXT,
  totals_match INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, serial, z_number)
);
CREATE INDEX fiscal_closures_by_device ON fiscal_closures (organisation_id, device_id, closure_date);
CREATE TABLE fiscal_status (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  serial TEXT,
  status TEXT NOT NULL,
  last_closure_date TEXT,
  reported_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id)
);
CREATE TABLE fiscal_registers (
  organisation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  since TEXT NOT NULL,
  PRIMARY KEY (organisation_id, device_id)
)
`;

/** Documents stored before the projection existed (only those not flagged, as a push would). */
async function backfillFiscalDocuments(tx: SqlExecutor): Promise<void> {
  const rows = await tx.query<{ organisation_id: string; device_id: string; data: string }>(
    "SELECT organisation_id, device_id, data FROM till_documents WHERE record_type = 'fiscal-document' AND flagged = 0",
  );
  for (const row of rows) {
    const parsed = fiscalDocumentRecordSchema.safeParse(JSON.parse(row.data));
    if (parsed.success) await projectFiscalDocument(tx, row.organisation_id, row.device_id, parsed.data);
  }
}

// Chain ledgers (issue 17, ledger area): vouchers, gift cards, store credit and loyalty points.
// Every entry once per organisation and id (applied 0: stored but moved nothing, e.g. it claimed
// another store); an account's balance is their sum, kept here with what each register's entries
// it includes; a hold is a reservation a till made before taking a payment.
const ledgersSchema = `
CREATE TABLE ledger_entries (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  account TEXT NOT NULL,
  amount BIGINT NOT NULL,
  reason TEXT NOT NULL,
  authorisation TEXT NOT NULL,
  reservation_id TEXT,
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  sale_id TEXT,
  user_id TEXT,
  customer_id TEXT,
  at TEXT NOT NULL,
  op_seq BIGINT NOT NULL,
  applied INTEGER NOT NULL,
  overspend INTEGER NOT NULL,
  seen_by TEXT,
  seen_at TEXT,
  received_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (organisation_id, kind, account, at);
CREATE TABLE ledger_accounts (
  organisation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  account TEXT NOT NULL,
  balance BIGINT NOT NULL,
  offline_limit BIGINT,
  customer_id TEXT,
  includes TEXT NOT NULL,
  overspent INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, kind, account)
);
CREATE INDEX ledger_accounts_by_customer ON ledger_accounts (organisation_id, customer_id);
CREATE TABLE ledger_holds (
  organisation_id TEXT NOT NULL,
  reservation_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  account TEXT NOT NULL,
  amount BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (organisation_id, reservation_id)
);
CREATE INDEX ledger_holds_by_account ON ledger_holds (organisation_id, kind, account, state)
`;
/**
 * Issue 17, customers everywhere: the chain's customers projected from the `customer` records
 * tills push and from head office's edits (storage/customers.ts), with the keys duplicates are
 * found by, and each sale's customer as the till wrote it (resolved through `merged_into`).
 */
const customersTable = `
CREATE TABLE customers (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  tax_code TEXT,
  vat_number TEXT,
  phone_key TEXT,
  email_key TEXT,
  tax_code_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  merged_into TEXT,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX customers_by_phone ON customers (organisation_id, phone_key);
CREATE INDEX customers_by_email ON customers (organisation_id, email_key);
CREATE INDEX customers_by_tax_code ON customers (organisation_id, tax_code_key);
CREATE INDEX customers_by_survivor ON customers (organisation_id, merged_into);
ALTER TABLE sales ADD COLUMN customer_id TEXT;
CREATE INDEX sales_by_customer ON sales (organisation_id, customer_id)`;
const customersSchema = {
  sqlite: `${customersTable};
UPDATE sales SET customer_id = json_extract(data, '$.customerId')`,
  postgres: `${customersTable};
UPDATE sales SET customer_id = (data::jsonb)->>'customerId'`,
};
// Stock across stores (issue 17): what a till counted when it received a transfer by scanning.
/**
 * A transfer a till received: the quantities it counted (JSON variant → thousandths, null until a
 * till receives it), the register that did, and what head office had to set right (a transfer
 * received at head office and at a till, received twice, or received after it was cancelled).
 */
const transferReceiptsSchema = `
ALTER TABLE stock_transfers ADD COLUMN received_lines TEXT;
ALTER TABLE stock_transfers ADD COLUMN received_by_device TEXT;
ALTER TABLE stock_transfers ADD COLUMN problem TEXT
`;

/**
 * Ledger entries pushed before the ledger existed (kept whole in till_documents): applied now, in
 * the order they arrived, as a push would have (only those not flagged; each once).
 */
async function backfillLedgerEntries(tx: SqlExecutor): Promise<void> {
  const rows = await tx.query<{ organisation_id: string; store_id: string; device_id: string; data: string }>(
    "SELECT organisation_id, store_id, device_id, data FROM till_documents WHERE record_type = 'ledger-entry' AND flagged = 0 ORDER BY received_at, id",
  );
  const now = new Date();
  for (const row of rows) {
    const parsed = ledgerEntryRecordSchema.safeParse(JSON.parse(row.data));
    if (!parsed.success) continue;
    const ops = await tx.query<{ seq: unknown }>(
      "SELECT MAX(seq) AS seq FROM device_ops WHERE organisation_id = ? AND device_id = ? AND record_type = 'ledger-entry' AND record_id = ?",
      [row.organisation_id, row.device_id, parsed.data.id],
    );
    const principal = { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.device_id };
    const batch = await LedgerPushBatch.open(tx, principal, [parsed.data], now);
    await batch.apply(tx, principal, Number(ops[0]?.seq ?? 0), parsed.data, [], now);
    await batch.flush(tx, row.organisation_id, now);
  }
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sqlite: initialSchema, postgres: initialSchema },
  { version: 2, name: 'head-office', sqlite: headOfficeSchema, postgres: headOfficeSchema },
  {
    version: 3,
    name: 'variants-by-product',
    // A product write replaces its variants; without this each write scanned every variant of
    // the organisation, and a large catalogue could not be loaded at all.
    sqlite: 'CREATE INDEX IF NOT EXISTS variants_by_product ON variants (organisation_id, product_id);',
    postgres: 'CREATE INDEX IF NOT EXISTS variants_by_product ON variants (organisation_id, product_id);',
  },
  { version: 4, name: 'stock-transfers', sqlite: stockTransfersSchema, postgres: stockTransfersSchema },
  { version: 5, name: 'products-by-register', sqlite: productsByRegisterSchema, postgres: productsByRegisterSchema },
  { version: 6, name: 'login-attempts', sqlite: loginAttemptsSchema, postgres: loginAttemptsSchema },
  { version: 7, name: 'password-resets', sqlite: passwordResetsSchema, postgres: passwordResetsSchema },
  { version: 8, name: 'email-per-organisation', sqlite: emailPerOrganisationSchema, postgres: emailPerOrganisationSchema },
  { version: 9, name: 'server-boots', sqlite: serverBootsSchema, postgres: serverBootsSchema },
  { version: 10, name: 'set-aside-ops-and-audit-heads', sqlite: setAsideAndAuditHeadsSchema, postgres: setAsideAndAuditHeadsSchema },
  {
    version: 11,
    // A code head office makes for one known register (its till lost its token): it pairs that
    // register id only, without the token proof other codes need for a known id.
    name: 'register-pairing-codes',
    sqlite: 'ALTER TABLE pairing_codes ADD COLUMN for_device_id TEXT',
    postgres: 'ALTER TABLE pairing_codes ADD COLUMN for_device_id TEXT',
  },
  { version: 12, name: 'barcode-keys', sqlite: barcodeKeysSchema, postgres: barcodeKeysSchema, backfill: backfillBarcodeKeys },
  // Day, week and month roll-ups, so the dashboard over a month or a year reads tens of rows per
  // figure, not a row per day and register (dashboard-rollups.ts); filled from the daily tables.
  { version: 13, name: 'dashboard-rollups', sqlite: dashboardRollupsScript('sqlite'), postgres: dashboardRollupsScript('postgres'), backfill: fillVatDays },
  { version: 14, name: 'fiscal-devices', sqlite: fiscalSchema, postgres: fiscalSchema, backfill: backfillFiscalDocuments },
  // Issue 17, ledger area.
  { version: 15, name: 'chain-ledgers', sqlite: ledgersSchema, postgres: ledgersSchema, backfill: backfillLedgerEntries },
  // Issue 17, customers everywhere
  { version: 16, name: 'chain-customers', ...customersSchema, backfill: backfillCustomers },
  // Stock across stores (issue 17)
  { version: 17, name: 'transfer-receipts', sqlite: transferReceiptsSchema, postgres: transferReceiptsSchema },
  // Issue 18, sales channels.
  { version: 18, name: 'sales-channels', sqlite: channelsSchema, postgres: channelsSchema },
  // Issue 18, the channel framework's job revisions and manual links.
  { version: 19, name: 'channel-framework', sqlite: channelFrameworkSchema, postgres: channelFrameworkSchema },
  // Issue 19, the public API's keys and idempotent answers.
  { version: 20, name: 'api-keys', sqlite: apiKeysSchema, postgres: apiKeysSchema },
  // Issue 19, webhooks: endpoints, the event outbox, deliveries and their log.
  { version: 21, name: 'webhooks', sqlite: webhooksSchema, postgres: webhooksSchema },
  // Issue 19, ERP exports: profiles and the exports made.
  { version: 22, name: 'erp-exports', sqlite: erpExportsSchema, postgres: erpExportsSchema },
  // Issue 19, ERP imports: price-list links, VAT code mapping, import runs.
  { version: 23, name: 'erp-imports', sqlite: erpImportsSchema, postgres: erpImportsSchema },
  // Issue 19, the SAP Business One link (links, runs, days sent).
  { version: 24, name: 'sap-b1-link', sqlite: sapSchema, postgres: sapSchema },
];

/** The highest version (not the list's length: versions need not be the positions). */
export const LATEST_DATABASE_VERSION = Math.max(0, ...migrations.map((m) => m.version));

function statements(script: string): string[] {
  return script
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Brings the database up to this build's schema. Refuses (DATABASE_TOO_NEW) a database written by
 * a newer build: running old code on it could lose the columns that build relies on.
 */
export async function migrate(db: SqlDatabase, available: readonly Migration[] = migrations): Promise<number> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const latest = Math.max(0, ...available.map((m) => m.version));
  return db.transaction(async (tx) => {
    // Two servers starting together against one PostgreSQL must not both migrate.
    if (db.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(424242)');
    const rows = await tx.query<{ version: unknown }>('SELECT MAX(version) AS version FROM schema_migrations');
    const current = Number(rows[0]?.version ?? 0);
    if (current > latest) {
      throw new CassaError(
        'DATABASE_TOO_NEW',
        `The database is at schema version ${current}, but this server knows only up to ${latest}: upgrade the server`,
        { databaseVersion: current, supportedVersion: latest },
      );
    }
    for (const migration of available) {
      if (migration.version <= current) continue;
      const script = db.dialect === 'postgres' ? migration.postgres : migration.sqlite;
      for (const sql of statements(script)) await tx.query(sql);
      if (migration.backfill) await migration.backfill(tx);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    }
    return latest;
  });
}
