/**
 * @module
 * Head office's tables for sales channels (issue 18, migration 18), the same SQL on SQLite and
 * PostgreSQL. Every key starts with the organisation.
 */

export const channelsSchema = `
CREATE TABLE channel_accounts (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  store_ids TEXT NOT NULL,
  safety_buffer INTEGER NOT NULL,
  credentials TEXT NOT NULL,
  credentials_key_id TEXT NOT NULL,
  credential_hints TEXT NOT NULL,
  last_stock_push_at TEXT,
  last_order_pull_at TEXT,
  last_reconcile_at TEXT,
  last_problem TEXT,
  last_problem_detail TEXT,
  last_problem_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  disconnected_at TEXT,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE channel_mappings (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  state TEXT NOT NULL,
  remote_product_id TEXT,
  remote_variant_id TEXT,
  remote_stock_id TEXT,
  remote_offer_id TEXT,
  remote_sku TEXT,
  detail TEXT NOT NULL,
  last_pushed_quantity INTEGER,
  last_pushed_at TEXT,
  last_seen_quantity INTEGER,
  last_seen_at TEXT,
  revisions_day TEXT,
  revisions INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, variant_id)
);
CREATE INDEX channel_mappings_by_remote ON channel_mappings (organisation_id, account_id, remote_product_id, remote_variant_id);
CREATE TABLE channel_remote_items (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  remote_product_id TEXT NOT NULL,
  remote_variant_id TEXT NOT NULL,
  sku TEXT,
  barcode_key TEXT,
  barcode TEXT,
  quantity INTEGER,
  remote_stock_id TEXT,
  remote_offer_id TEXT,
  title TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, remote_product_id, remote_variant_id)
);
CREATE INDEX channel_remote_items_by_sku ON channel_remote_items (organisation_id, account_id, sku);
CREATE INDEX channel_remote_items_by_barcode ON channel_remote_items (organisation_id, account_id, barcode_key);
CREATE TABLE channel_jobs (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  due_at TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_problem TEXT,
  last_detail TEXT,
  claimed_by TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, kind, job_key)
);
CREATE INDEX channel_jobs_due ON channel_jobs (due_at);
CREATE TABLE channel_dead_letters (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  problem TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote_status INTEGER,
  state TEXT NOT NULL,
  first_failed_at TEXT NOT NULL,
  last_failed_at TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX channel_dead_letters_by_account ON channel_dead_letters (organisation_id, account_id, state);
CREATE TABLE channel_cursors (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, stream)
);
CREATE TABLE channel_orders (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  remote_order_id TEXT NOT NULL,
  id TEXT NOT NULL,
  dedupe_key TEXT,
  reference TEXT NOT NULL,
  status TEXT NOT NULL,
  duplicate_of TEXT,
  store_id TEXT,
  placed_at TEXT NOT NULL,
  remote_updated_at TEXT NOT NULL,
  business_day TEXT NOT NULL,
  total_cents BIGINT NOT NULL,
  currency TEXT NOT NULL,
  data TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, remote_order_id)
);
CREATE UNIQUE INDEX channel_orders_by_id ON channel_orders (organisation_id, id);
CREATE INDEX channel_orders_by_dedupe ON channel_orders (organisation_id, account_id, dedupe_key);
CREATE INDEX channel_orders_by_day ON channel_orders (organisation_id, business_day);
CREATE TABLE channel_reservations (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  remote_order_id TEXT NOT NULL,
  remote_line_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, remote_order_id, remote_line_id)
);
CREATE INDEX channel_reservations_by_store ON channel_reservations (organisation_id, store_id, variant_id, state)
`;
