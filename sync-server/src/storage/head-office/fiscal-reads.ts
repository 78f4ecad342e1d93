/**
 * @module
 * What head office reads of the registers' fiscal devices (issue 16), from the tables the push
 * projects them into (migration 14, sql-sync/fiscal-projections.ts): a day's sales with their
 * documents, one sale, the devices' closures and their latest status.
 */
import type { FiscalClosureRecord, FiscalDocumentView, FiscalStatus, FiscalVatTotals, SaleRecord, SaleSummaryView } from '@cassa/shared';
import { formatDocumentNumber } from '@cassa/shared';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

export interface SalesQuery {
  readonly day: string;
  /** Null: every store. */
  readonly storeIds: readonly string[] | null;
  readonly deviceId?: string;
  readonly limit: number;
}

export interface FiscalStatusRow {
  readonly deviceId: string;
  readonly serial: string | null;
  readonly status: FiscalStatus;
  readonly reportedAt: string;
  readonly lastClosureDate: string | null;
}

export interface FiscalClosureRow {
  readonly record: FiscalClosureRecord;
  readonly deviceId: string;
  readonly storeId: string;
  readonly headOfficeTotals: FiscalVatTotals | null;
  readonly totalsMatch: boolean;
}

export interface SaleDetailRow {
  readonly summary: SaleSummaryView;
  readonly record: SaleRecord;
  readonly problems: string[];
}

export interface FiscalReads {
  salesOfDay(organisationId: string, query: SalesQuery): Promise<SaleSummaryView[]>;
  sale(organisationId: string, saleId: string): Promise<SaleDetailRow | null>;
  fiscalClosures(organisationId: string, deviceIds: readonly string[], limit: number): Promise<FiscalClosureRow[]>;
  fiscalStatuses(organisationId: string): Promise<FiscalStatusRow[]>;
}

const SALE_COLUMNS = `s.id, s.kind, s.store_id, s.device_id, s.completed_at, s.business_day, s.total_cents, s.flagged,
  d.serial, d.z_number, d.document_number, d.document_date, d.document_time, d.amount_cents, d.source, r.since`;
const SALE_JOINS = `FROM sales s
  LEFT JOIN fiscal_documents d ON d.organisation_id = s.organisation_id AND d.sale_id = s.id
  LEFT JOIN fiscal_registers r ON r.organisation_id = s.organisation_id AND r.device_id = s.device_id`;

function summaryOf(row: Record<string, unknown>): SaleSummaryView {
  const document: FiscalDocumentView | null =
    row.serial === null || row.serial === undefined
      ? null
      : {
          serial: String(row.serial),
          zNumber: toNumber(row.z_number),
          documentNumber: toNumber(row.document_number),
          number: formatDocumentNumber(toNumber(row.z_number), toNumber(row.document_number)),
          date: String(row.document_date),
          time: String(row.document_time),
          amountCents: toNumber(row.amount_cents),
          source: row.source as FiscalDocumentView['source'],
        };
  const since = (row.since as string | null) ?? null;
  // A register's sales from the time it first spoke of a fiscal device on: those await a document.
  const fiscalRegister = since !== null && Date.parse(String(row.completed_at)) >= Date.parse(since);
  return {
    id: String(row.id),
    kind: row.kind as SaleSummaryView['kind'],
    storeId: String(row.store_id),
    deviceId: String(row.device_id),
    completedAt: String(row.completed_at),
    businessDay: String(row.business_day),
    totalCents: toNumber(row.total_cents),
    flagged: toNumber(row.flagged) !== 0,
    fiscalState: document ? 'issued' : fiscalRegister ? 'awaiting' : 'none',
    document,
  };
}

export function createFiscalReads(db: SqlDatabase): FiscalReads {
  return {
    async salesOfDay(organisationId, query) {
      const where = ['s.organisation_id = ?', 's.business_day = ?'];
      const params: SqlValue[] = [organisationId, query.day];
      if (query.storeIds !== null) {
        if (query.storeIds.length === 0) return [];
        where.push(`s.store_id IN (${query.storeIds.map(() => '?').join(', ')})`);
        params.push(...query.storeIds);
      }
      if (query.deviceId !== undefined) {
        where.push('s.device_id = ?');
        params.push(query.deviceId);
      }
      const rows = await db.query(`SELECT ${SALE_COLUMNS} ${SALE_JOINS} WHERE ${where.join(' AND ')} ORDER BY s.completed_at DESC, s.id LIMIT ?`, [
        ...params,
        query.limit,
      ]);
      return rows.map(summaryOf);
    },
    async sale(organisationId, saleId) {
      const rows = await db.query(`SELECT ${SALE_COLUMNS}, s.data, s.problems ${SALE_JOINS} WHERE s.organisation_id = ? AND s.id = ?`, [organisationId, saleId]);
      const row = rows[0];
      if (!row) return null;
      return { summary: summaryOf(row), record: JSON.parse(String(row.data)) as SaleRecord, problems: JSON.parse(String(row.problems)) as string[] };
    },
    async fiscalClosures(organisationId, deviceIds, limit) {
      if (deviceIds.length === 0) return [];
      const rows = await db.query<{ data: string; device_id: string; store_id: string; head_office_totals: string | null; totals_match: unknown }>(
        `SELECT data, device_id, store_id, head_office_totals, totals_match FROM fiscal_closures
         WHERE organisation_id = ? AND device_id IN (${deviceIds.map(() => '?').join(', ')})
         ORDER BY closure_date DESC, closure_time DESC, z_number DESC LIMIT ?`,
        [organisationId, ...deviceIds, limit],
      );
      return rows.map((row) => ({
        record: JSON.parse(row.data) as FiscalClosureRecord,
        deviceId: row.device_id,
        storeId: row.store_id,
        headOfficeTotals: row.head_office_totals === null ? null : (JSON.parse(row.head_office_totals) as FiscalVatTotals),
        totalsMatch: toNumber(row.totals_match) !== 0,
      }));
    },
    async fiscalStatuses(organisationId) {
      const rows = await db.query<{ device_id: string; serial: string | null; status: string; reported_at: string; last_closure_date: string | null }>(
        'SELECT device_id, serial, status, reported_at, last_closure_date FROM fiscal_status WHERE organisation_id = ?',
        [organisationId],
      );
      return rows.map((row) => ({
        deviceId: row.device_id,
        serial: row.serial,
        status: JSON.parse(row.status) as FiscalStatus,
        reportedAt: row.reported_at,
        lastClosureDate: row.last_closure_date,
      }));
    },
  };
}
