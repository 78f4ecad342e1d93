/**
 * @module
 * Stores and registers as head office sees them: names, time zones, and what each register
 * reports about itself (version, queue, clock skew, how far it has pulled each stream).
 */
import type { HeadOfficeStorage } from '../head-office-storage';
import { DEFAULT_TIME_ZONE } from '@cassa/shared';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';
import { iso } from './rows';

export type RegisterStorage = Pick<
  HeadOfficeStorage,
  | 'listStores'
  | 'setStoreTimeZone'
  | 'listRegisters'
  | 'renameRegister'
  | 'recordDeviceReport'
  | 'recordDevicePull'
>;

export function createRegisterStorage(db: SqlDatabase): RegisterStorage {
  const registers: RegisterStorage = {
    async listStores(organisationId) {
      const rows = await db.query<{ id: string; name: string; time_zone: string; data: string | null }>(
        `SELECT s.id, s.name, s.time_zone, r.data FROM stores s
         LEFT JOIN sync_rows r ON r.organisation_id = s.organisation_id AND r.stream = 'stores' AND r.entity = 'store' AND r.row_key = s.id
         WHERE s.organisation_id = ? ORDER BY s.name, s.id`,
        [organisationId],
      );
      return rows
        .filter((r) => r.data !== null)
        .map((r) => {
          const data = JSON.parse(r.data ?? '{}') as { addressLines?: string[]; vatNumber?: string };
          return { id: r.id, name: r.name, timeZone: r.time_zone ?? DEFAULT_TIME_ZONE, addressLines: data.addressLines ?? [], vatNumber: data.vatNumber ?? '' };
        });
    },
    async setStoreTimeZone(organisationId, storeId, timeZone) {
      await db.query('UPDATE stores SET time_zone = ? WHERE organisation_id = ? AND id = ?', [timeZone, organisationId, storeId]);
    },
    async listRegisters(organisationId) {
      const devices = await db.query<Record<string, unknown>>(
        `SELECT id, store_id, name, high_water_mark, paired_at, revoked_at, last_seen_at, last_pull_at, app_version, queue_length, clock_skew_ms
         FROM devices WHERE organisation_id = ? ORDER BY paired_at, id`,
        [organisationId],
      );
      const positions = await db.query<{ device_id: string; stream: string; change_no: unknown; pulled_at: string }>(
        'SELECT device_id, stream, change_no, pulled_at FROM device_stream_positions WHERE organisation_id = ?',
        [organisationId],
      );
      const heads = await db.query<{ stream: string; head: unknown }>('SELECT stream, head FROM stream_heads WHERE organisation_id = ?', [
        organisationId,
      ]);
      const headOf = new Map(heads.map((h) => [h.stream, toNumber(h.head)]));
      const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));
      return devices.map((d) => ({
        id: String(d.id),
        storeId: String(d.store_id),
        name: String(d.name),
        pairedAt: String(d.paired_at),
        revokedAt: (d.revoked_at as string | null) ?? null,
        lastSeenAt: (d.last_seen_at as string | null) ?? null,
        lastPullAt: (d.last_pull_at as string | null) ?? null,
        appVersion: (d.app_version as string | null) ?? null,
        queueLength: nullableNumber(d.queue_length),
        clockSkewMs: nullableNumber(d.clock_skew_ms),
        highWaterMark: toNumber(d.high_water_mark),
        streams: positions
          .filter((p) => p.device_id === d.id)
          .map((p) => ({ stream: p.stream, position: toNumber(p.change_no), head: headOf.get(p.stream) ?? 0, pulledAt: p.pulled_at }))
          .sort((a, b) => a.stream.localeCompare(b.stream)),
      }));
    },
    async renameRegister(organisationId, deviceId, name) {
      const rows = await db.query('UPDATE devices SET name = ? WHERE organisation_id = ? AND id = ? RETURNING id', [name, organisationId, deviceId]);
      return rows.length > 0;
    },
    async recordDeviceReport(organisationId, deviceId, report) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (report.clockSkewMs !== undefined) {
        sets.push('clock_skew_ms = ?');
        params.push(Math.round(report.clockSkewMs));
      }
      if (report.appVersion !== undefined) {
        sets.push('app_version = ?');
        params.push(report.appVersion.slice(0, 64));
      }
      if (report.queueLength !== undefined) {
        sets.push('queue_length = ?');
        params.push(report.queueLength);
      }
      if (sets.length === 0) return;
      await db.query(`UPDATE devices SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ?`, [...params, organisationId, deviceId]);
    },
    async recordDevicePull(organisationId, deviceId, stream, changeNo, now) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO device_stream_positions (organisation_id, device_id, stream, change_no, pulled_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (organisation_id, device_id, stream) DO UPDATE SET change_no = excluded.change_no, pulled_at = excluded.pulled_at`,
          [organisationId, deviceId, stream, changeNo, iso(now)],
        );
        await tx.query('UPDATE devices SET last_pull_at = ? WHERE organisation_id = ? AND id = ?', [iso(now), organisationId, deviceId]);
      });
    },
  };
  return registers;
}
