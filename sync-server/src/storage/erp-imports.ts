/**
 * @module
 * Head office's storage for imports from the ERP (issue 19, migration 23): which stores each of the
 * ERP's price lists prices, how the ERP's VAT codes map onto Cassa's, and a record of each import
 * that wrote. Every key starts with the organisation: another organisation's list code finds nothing.
 */
import type { ErpImportKind, VatCode } from '@cassa/shared';
import { erpVatKey } from '@cassa/shared';
import type { SqlDatabase } from './sql-database';
import { toNumber } from './sql-database';

export const erpImportsSchema = `
CREATE TABLE erp_price_lists (
  organisation_id TEXT NOT NULL,
  list_code TEXT NOT NULL,
  store_ids TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, list_code)
);
CREATE TABLE erp_vat_codes (
  organisation_id TEXT NOT NULL,
  erp_code TEXT NOT NULL,
  vat_code TEXT NOT NULL,
  PRIMARY KEY (organisation_id, erp_code)
);
CREATE TABLE erp_import_runs (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_written INTEGER NOT NULL,
  rows_refused INTEGER NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX erp_import_runs_by_time ON erp_import_runs (organisation_id, at);
`;

export interface ErpPriceListLink {
  readonly listCode: string;
  /** Empty: the whole chain (the products' own price). */
  readonly storeIds: readonly string[];
}

export interface ErpImportRun {
  readonly id: string;
  readonly at: string;
  readonly kind: ErpImportKind;
  readonly format: string;
  readonly fileName: string;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRefused: number;
}

export interface ErpImportStorage {
  priceLists(organisationId: string): Promise<ErpPriceListLink[]>;
  /** `null` removes the link. */
  setPriceList(organisationId: string, listCode: string, storeIds: readonly string[] | null, now: Date): Promise<void>;
  /** ERP code (as {@link erpVatKey} reduces it) → Cassa's code. */
  vatCodes(organisationId: string): Promise<Record<string, VatCode>>;
  setVatCode(organisationId: string, erpCode: string, vatCode: VatCode | null): Promise<void>;
  recordRun(organisationId: string, run: ErpImportRun): Promise<void>;
  /** The latest runs, newest first. */
  runs(organisationId: string, limit: number): Promise<ErpImportRun[]>;
}

export function createErpImportStorage(db: SqlDatabase): ErpImportStorage {
  return {
    async priceLists(organisationId) {
      const rows = await db.query<{ list_code: string; store_ids: string }>(
        'SELECT list_code, store_ids FROM erp_price_lists WHERE organisation_id = ? ORDER BY list_code',
        [organisationId],
      );
      return rows.map((row) => ({ listCode: row.list_code, storeIds: JSON.parse(row.store_ids) as string[] }));
    },
    async setPriceList(organisationId, listCode, storeIds, now) {
      if (storeIds === null) {
        await db.query('DELETE FROM erp_price_lists WHERE organisation_id = ? AND list_code = ?', [organisationId, listCode]);
        return;
      }
      await db.query(
        `INSERT INTO erp_price_lists (organisation_id, list_code, store_ids, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (organisation_id, list_code) DO UPDATE SET store_ids = excluded.store_ids, updated_at = excluded.updated_at`,
        [organisationId, listCode, JSON.stringify([...new Set(storeIds)].sort()), now.toISOString()],
      );
    },
    async vatCodes(organisationId) {
      const rows = await db.query<{ erp_code: string; vat_code: string }>(
        'SELECT erp_code, vat_code FROM erp_vat_codes WHERE organisation_id = ? ORDER BY erp_code',
        [organisationId],
      );
      return Object.fromEntries(rows.map((row) => [row.erp_code, row.vat_code as VatCode]));
    },
    async setVatCode(organisationId, erpCode, vatCode) {
      const key = erpVatKey(erpCode);
      if (vatCode === null) {
        await db.query('DELETE FROM erp_vat_codes WHERE organisation_id = ? AND erp_code = ?', [organisationId, key]);
        return;
      }
      await db.query(
        `INSERT INTO erp_vat_codes (organisation_id, erp_code, vat_code) VALUES (?, ?, ?)
         ON CONFLICT (organisation_id, erp_code) DO UPDATE SET vat_code = excluded.vat_code`,
        [organisationId, key, vatCode],
      );
    },
    async recordRun(organisationId, run) {
      await db.query(
        `INSERT INTO erp_import_runs (organisation_id, id, at, kind, format, file_name, rows_read, rows_written, rows_refused)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [organisationId, run.id, run.at, run.kind, run.format, run.fileName, run.rowsRead, run.rowsWritten, run.rowsRefused],
      );
    },
    async runs(organisationId, limit) {
      const rows = await db.query(
        `SELECT id, at, kind, format, file_name, rows_read, rows_written, rows_refused FROM erp_import_runs
         WHERE organisation_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
        [organisationId, limit],
      );
      return rows.map((row) => ({
        id: String(row.id),
        at: String(row.at),
        kind: row.kind as ErpImportKind,
        format: String(row.format),
        fileName: String(row.file_name),
        rowsRead: toNumber(row.rows_read),
        rowsWritten: toNumber(row.rows_written),
        rowsRefused: toNumber(row.rows_refused),
      }));
    },
  };
}
