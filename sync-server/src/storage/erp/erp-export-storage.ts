/**
 * @module
 * Issue 19: the ERP export profiles and the exports made (migration 22). Every read and write
 * filters by the organisation: another organisation's profile or export id finds nothing.
 */
import type { ExportLayout } from '@cassa/shared';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

export interface ErpExportProfileRow {
  readonly organisationId: string;
  readonly id: string;
  readonly name: string;
  readonly layout: ExportLayout;
  /** Null: every store. */
  readonly storeIds: readonly string[] | null;
  /** `HH:MM` in the first store's zone; null: no schedule. */
  readonly scheduleTime: string | null;
  readonly lastScheduledDay: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ErpExportRow {
  readonly id: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly dataset: string;
  readonly format: string;
  readonly fromDay: string;
  readonly toDay: string;
  readonly storeIds: readonly string[] | null;
  readonly fileName: string;
  readonly checksum: string;
  readonly rowCount: number;
  readonly byteCount: number;
  /** A head-office user's id, `schedule`, or `api:<key id>`. */
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ErpExportPage {
  readonly exports: ErpExportRow[];
  /** The cursor of the next page, or null at the end. */
  readonly next: string | null;
}

export interface ErpExportStorage {
  saveProfile(profile: ErpExportProfileRow): Promise<void>;
  profile(organisationId: string, id: string): Promise<ErpExportProfileRow | null>;
  profiles(organisationId: string): Promise<ErpExportProfileRow[]>;
  /** Every organisation's scheduled profiles, for the schedule's tick. */
  scheduledProfiles(): Promise<ErpExportProfileRow[]>;
  /** True when this call claimed the day (a second server, or a second tick, finds it taken). */
  claimScheduledDay(organisationId: string, id: string, day: string): Promise<boolean>;
  deleteProfile(organisationId: string, id: string): Promise<boolean>;
  recordExport(organisationId: string, row: ErpExportRow, content: string): Promise<void>;
  /** Newest first; `after` is the previous page's cursor; `storeIds` keeps exports of those stores only. */
  exports(organisationId: string, query: { limit: number; after: string | null; profileId?: string }): Promise<ErpExportPage>;
  exportFile(organisationId: string, id: string): Promise<{ row: ErpExportRow; content: string } | null>;
}

const PROFILE_COLUMNS = 'organisation_id, id, name, layout, store_ids, schedule_time, last_scheduled_day, created_at, updated_at';
const EXPORT_COLUMNS = 'id, profile_id, profile_name, dataset, format, from_day, to_day, store_ids, file_name, checksum, row_count, byte_count, created_by, created_at';

function profileOf(r: Record<string, unknown>): ErpExportProfileRow {
  return {
    organisationId: String(r.organisation_id),
    id: String(r.id),
    name: String(r.name),
    layout: JSON.parse(String(r.layout)) as ExportLayout,
    storeIds: JSON.parse(String(r.store_ids)) as string[] | null,
    scheduleTime: (r.schedule_time as string | null) ?? null,
    lastScheduledDay: (r.last_scheduled_day as string | null) ?? null,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function exportOf(r: Record<string, unknown>): ErpExportRow {
  return {
    id: String(r.id),
    profileId: String(r.profile_id),
    profileName: String(r.profile_name),
    dataset: String(r.dataset),
    format: String(r.format),
    fromDay: String(r.from_day),
    toDay: String(r.to_day),
    storeIds: JSON.parse(String(r.store_ids)) as string[] | null,
    fileName: String(r.file_name),
    checksum: String(r.checksum),
    rowCount: toNumber(r.row_count),
    byteCount: toNumber(r.byte_count),
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
  };
}

/** A page cursor: the last row's time and id, so rows made in the same millisecond are neither lost nor repeated. */
const cursorOf = (row: ErpExportRow): string => Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');

function parseCursor(cursor: string): [string, string] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' ? [value[0], value[1]] : null;
  } catch {
    return null;
  }
}

export function createErpExportStorage(db: SqlDatabase): ErpExportStorage {
  return {
    async saveProfile(p) {
      await db.query(
        `INSERT INTO erp_export_profiles (${PROFILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (organisation_id, id) DO UPDATE SET name = excluded.name, layout = excluded.layout, store_ids = excluded.store_ids,
           schedule_time = excluded.schedule_time, last_scheduled_day = excluded.last_scheduled_day, updated_at = excluded.updated_at`,
        [p.organisationId, p.id, p.name, JSON.stringify(p.layout), JSON.stringify(p.storeIds), p.scheduleTime, p.lastScheduledDay, p.createdAt, p.updatedAt],
      );
    },
    async profile(organisationId, id) {
      const rows = await db.query(`SELECT ${PROFILE_COLUMNS} FROM erp_export_profiles WHERE organisation_id = ? AND id = ?`, [organisationId, id]);
      return rows[0] ? profileOf(rows[0]) : null;
    },
    async profiles(organisationId) {
      const rows = await db.query(`SELECT ${PROFILE_COLUMNS} FROM erp_export_profiles WHERE organisation_id = ? ORDER BY created_at, id`, [organisationId]);
      return rows.map(profileOf);
    },
    async scheduledProfiles() {
      const rows = await db.query(`SELECT ${PROFILE_COLUMNS} FROM erp_export_profiles WHERE schedule_time IS NOT NULL ORDER BY organisation_id, id`, []);
      return rows.map(profileOf);
    },
    async claimScheduledDay(organisationId, id, day) {
      const rows = await db.query(
        `UPDATE erp_export_profiles SET last_scheduled_day = ? WHERE organisation_id = ? AND id = ? AND (last_scheduled_day IS NULL OR last_scheduled_day < ?) RETURNING id`,
        [day, organisationId, id, day],
      );
      return rows.length > 0;
    },
    async deleteProfile(organisationId, id) {
      const rows = await db.query('DELETE FROM erp_export_profiles WHERE organisation_id = ? AND id = ? RETURNING id', [organisationId, id]);
      return rows.length > 0;
    },
    async recordExport(organisationId, row, content) {
      await db.query(
        `INSERT INTO erp_exports (organisation_id, ${EXPORT_COLUMNS}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          organisationId,
          row.id,
          row.profileId,
          row.profileName,
          row.dataset,
          row.format,
          row.fromDay,
          row.toDay,
          JSON.stringify(row.storeIds),
          row.fileName,
          row.checksum,
          row.rowCount,
          row.byteCount,
          row.createdBy,
          row.createdAt,
          content,
        ],
      );
    },
    async exports(organisationId, query) {
      const params: SqlValue[] = [organisationId];
      let where = '';
      if (query.profileId !== undefined) {
        where += ' AND profile_id = ?';
        params.push(query.profileId);
      }
      if (query.after !== null) {
        const cursor = parseCursor(query.after);
        if (cursor === null) return { exports: [], next: null };
        where += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
        params.push(cursor[0], cursor[0], cursor[1]);
      }
      const rows = await db.query(`SELECT ${EXPORT_COLUMNS} FROM erp_exports WHERE organisation_id = ?${where} ORDER BY created_at DESC, id DESC LIMIT ?`, [
        ...params,
        query.limit + 1,
      ]);
      const page = rows.slice(0, query.limit).map(exportOf);
      const last = page[page.length - 1];
      return { exports: page, next: rows.length > query.limit && last ? cursorOf(last) : null };
    },
    async exportFile(organisationId, id) {
      const rows = await db.query(`SELECT ${EXPORT_COLUMNS}, content FROM erp_exports WHERE organisation_id = ? AND id = ?`, [organisationId, id]);
      const row = rows[0];
      return row ? { row: exportOf(row), content: String(row.content) } : null;
    },
  };
}
