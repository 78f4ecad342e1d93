/**
 * @module
 * Head office's tables for ERP exports (issue 19, migration 22), the same SQL on SQLite and
 * PostgreSQL: the organisation's export profiles (a column map, stores, an optional daily time),
 * and each export made, kept whole with its checksum so a download is the file that was made.
 */
export const erpExportsSchema = `
CREATE TABLE erp_export_profiles (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  layout TEXT NOT NULL,
  store_ids TEXT NOT NULL,
  schedule_time TEXT,
  last_scheduled_day TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE erp_exports (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  profile_name TEXT NOT NULL,
  dataset TEXT NOT NULL,
  format TEXT NOT NULL,
  from_day TEXT NOT NULL,
  to_day TEXT NOT NULL,
  store_ids TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  checksum TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX erp_exports_by_time ON erp_exports (organisation_id, created_at, id);
`;
