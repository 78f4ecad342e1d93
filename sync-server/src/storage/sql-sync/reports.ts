/**
 * @module
 * The admin's reads over what tills pushed: daily totals, flagged records, audit chain heads and
 * record counts, per organisation.
 */
import type { AuditHeadView, DailySalesQuery, DailySalesTotal, ProblemRecordView } from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlValue } from '../sql-database';
import type { RecordCounts, SyncStorage } from '../storage';

export type Reports = Pick<SyncStorage, 'dailySalesTotals' | 'listProblems' | 'auditHeads' | 'recordCounts'>;

export function createReports(db: SqlDatabase): Reports {
  return {
    async dailySalesTotals(organisationId, query: DailySalesQuery): Promise<DailySalesTotal[]> {
      const params: SqlValue[] = [organisationId, query.from, query.to];
      let storeFilter = '';
      if (query.storeId !== undefined) {
        storeFilter = ' AND store_id = ?';
        params.push(query.storeId);
      }
      const rows = await db.query<{
        store_id: string;
        business_day: string;
        sales: unknown;
        returns: unknown;
        voids: unknown;
        total: unknown;
        flagged: unknown;
      }>(
        `SELECT store_id, business_day,
           SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS sales,
           SUM(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) AS returns,
           SUM(CASE WHEN kind = 'post-void' THEN 1 ELSE 0 END) AS voids,
           SUM(total_cents) AS total,
           SUM(flagged) AS flagged
         FROM sales WHERE organisation_id = ? AND business_day >= ? AND business_day <= ?${storeFilter}
         GROUP BY store_id, business_day ORDER BY business_day, store_id`,
        params,
      );
      return rows.map((r) => ({
        storeId: r.store_id,
        businessDay: r.business_day,
        salesCount: toNumber(r.sales),
        returnsCount: toNumber(r.returns),
        voidsCount: toNumber(r.voids),
        totalCents: toNumber(r.total),
        flaggedCount: toNumber(r.flagged),
      }));
    },
    async listProblems(organisationId, limit): Promise<ProblemRecordView[]> {
      const rows = await db.query<{
        device_id: string;
        seq: unknown;
        record_type: string;
        record_id: string;
        problems: string;
        received_at: string;
        payload: string | null;
      }>(
        `SELECT o.device_id, o.seq, o.record_type, o.record_id, o.problems, o.received_at, s.payload
         FROM device_ops o LEFT JOIN set_aside_ops s ON s.organisation_id = o.organisation_id AND s.device_id = o.device_id AND s.seq = o.seq
         WHERE o.organisation_id = ? AND o.status = 'flagged' ORDER BY o.received_at DESC, o.seq DESC LIMIT ?`,
        [organisationId, limit],
      );
      return rows.map((r) => ({
        deviceId: r.device_id,
        seq: toNumber(r.seq),
        recordType: r.record_type,
        recordId: r.record_id,
        problems: JSON.parse(r.problems) as string[],
        receivedAt: r.received_at,
        setAside: r.payload !== null,
        payload: r.payload,
      }));
    },
    async auditHeads(organisationId): Promise<AuditHeadView[]> {
      const rows = await db.query<{ device_id: string; sequence: unknown; hash: string; entries: unknown; breaks: unknown; updated_at: string }>(
        'SELECT device_id, sequence, hash, entries, breaks, updated_at FROM audit_heads WHERE organisation_id = ? ORDER BY device_id',
        [organisationId],
      );
      return rows.map((r) => ({
        deviceId: r.device_id,
        sequence: toNumber(r.sequence),
        hash: r.hash,
        entries: toNumber(r.entries),
        breaks: toNumber(r.breaks),
        updatedAt: r.updated_at,
      }));
    },
    async recordCounts(organisationId): Promise<RecordCounts> {
      const rows = await db.query<{ ops: unknown; sales: unknown; movements: unknown; documents: unknown; flagged: unknown }>(
        `SELECT
           (SELECT COUNT(*) FROM device_ops WHERE organisation_id = ?) AS ops,
           (SELECT COUNT(*) FROM sales WHERE organisation_id = ?) AS sales,
           (SELECT COUNT(*) FROM stock_movements WHERE organisation_id = ?) AS movements,
           (SELECT COUNT(*) FROM till_documents WHERE organisation_id = ?) AS documents,
           (SELECT COUNT(*) FROM device_ops WHERE organisation_id = ? AND status = 'flagged') AS flagged`,
        [organisationId, organisationId, organisationId, organisationId, organisationId],
      );
      const row = rows[0];
      return {
        ops: toNumber(row?.ops),
        sales: toNumber(row?.sales),
        stockMovements: toNumber(row?.movements),
        documents: toNumber(row?.documents),
        flagged: toNumber(row?.flagged),
      };
    },
  };
}
