/**
 * @module
 * Head office's tables for the SAP Business One link (issue 19, migration 24), the same SQL on
 * SQLite and PostgreSQL. Every key starts with the organisation.
 * - `sap_links`: a link's settings (mappings, JSON), its sealed credentials and the items cursor;
 * - `sap_runs`: each item import and day send, with its problems (JSON), for the status page;
 * - `sap_days`: what was sent of a store's day: the SAP DocEntries, and a lease while a send runs,
 *   so two sends of one day never post side by side.
 */
export const sapSchema = `
CREATE TABLE sap_links (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  settings TEXT NOT NULL,
  credentials TEXT NOT NULL,
  credentials_key_id TEXT NOT NULL,
  credential_hints TEXT NOT NULL,
  items_cursor TEXT,
  last_items_run_at TEXT,
  last_days_run_at TEXT,
  last_problem TEXT,
  last_problem_detail TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE sap_runs (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  link_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT,
  written INTEGER NOT NULL,
  problems TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX sap_runs_by_link ON sap_runs (organisation_id, link_id, started_at);
CREATE TABLE sap_days (
  organisation_id TEXT NOT NULL,
  link_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  reference TEXT NOT NULL,
  state TEXT NOT NULL,
  lease_until TEXT,
  invoice_doc_entry BIGINT,
  credit_note_doc_entry BIGINT,
  payment_doc_entries TEXT NOT NULL,
  gross_cents BIGINT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, link_id, store_id, business_day)
);
`;
