/**
 * @module
 * Issue 19: the sales of a range of business days as the ERP's "corrispettivi" need them, with the
 * fiscal document head office holds for each (projected by sql-sync/fiscal-projections.ts). Every
 * stored sale is read, flagged or not, because the dashboard's aggregates add every stored sale
 * too (sql-sync/push-runs.ts): the figures must agree to the cent.
 */
import type { SaleRecord, StockMovementRecord } from '@cassa/shared';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

export interface DayTakingsSaleRow {
  readonly storeId: string;
  readonly registerId: string;
  readonly businessDay: string;
  readonly sale: SaleRecord;
  /** The sale's fiscal document, where the register's device issued one. */
  readonly fiscal: { readonly serial: string; readonly zNumber: number } | null;
}

export interface DayTakingsRange {
  readonly from: string;
  readonly to: string;
  /** Null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
}

export interface StockMovementOfDays {
  readonly storeId: string;
  readonly registerId: string;
  readonly movement: StockMovementRecord;
}

export interface DayTakingsReads {
  /** Ordered by store, register, business day and sale id: a stable order for byte-stable exports. */
  salesOfDays(organisationId: string, range: DayTakingsRange): Promise<DayTakingsSaleRow[]>;
  /**
   * Stock movements whose time lies between these calendar dates by its text (a movement's time
   * keeps the till's offset): the caller widens the range by a day each side and keeps those whose
   * business day, in the store's zone, falls in it.
   */
  movementsBetween(organisationId: string, range: DayTakingsRange): Promise<StockMovementOfDays[]>;
}

export function createDayTakingsReads(db: SqlDatabase): DayTakingsReads {
  return {
    async salesOfDays(organisationId, range) {
      const params: SqlValue[] = [organisationId, range.from, range.to];
      let stores = '';
      if (range.storeIds !== null) {
        if (range.storeIds.length === 0) return [];
        stores = ` AND s.store_id IN (${range.storeIds.map(() => '?').join(', ')})`;
        params.push(...range.storeIds);
      }
      const rows = await db.query<{ store_id: string; device_id: string; business_day: string; data: string; serial: string | null; z_number: unknown }>(
        `SELECT s.store_id, s.device_id, s.business_day, s.data, d.serial, d.z_number FROM sales s
         LEFT JOIN fiscal_documents d ON d.organisation_id = s.organisation_id AND d.sale_id = s.id
         WHERE s.organisation_id = ? AND s.business_day >= ? AND s.business_day <= ?${stores}
         ORDER BY s.store_id, s.device_id, s.business_day, s.id`,
        params,
      );
      return rows.map((row) => ({
        storeId: row.store_id,
        registerId: row.device_id,
        businessDay: row.business_day,
        sale: JSON.parse(row.data) as SaleRecord,
        fiscal: row.serial === null || row.serial === undefined ? null : { serial: row.serial, zNumber: toNumber(row.z_number) },
      }));
    },
    async movementsBetween(organisationId, range) {
      const params: SqlValue[] = [organisationId, range.from, `${range.to}\uffff`];
      let stores = '';
      if (range.storeIds !== null) {
        if (range.storeIds.length === 0) return [];
        stores = ` AND store_id IN (${range.storeIds.map(() => '?').join(', ')})`;
        params.push(...range.storeIds);
      }
      const rows = await db.query<{ store_id: string; device_id: string; data: string }>(
        `SELECT store_id, device_id, data FROM stock_movements WHERE organisation_id = ? AND at >= ? AND at <= ?${stores}`,
        params,
      );
      return rows.map((row) => ({ storeId: row.store_id, registerId: row.device_id, movement: JSON.parse(row.data) as StockMovementRecord }));
    },
  };
}
