/**
 * @module
 * Organisations, registers and their pairing: codes, device tokens, revocation.
 */
import { CassaError } from '@cassa/shared';
import type { DeviceInfo, Organisation } from '@cassa/shared';
import { assertRegisterSeat } from '../head-office-storage';
import { HEAD_OFFICE_DEVICE } from '../stock-transfers';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlExecutor } from '../sql-database';
import type { SyncStorage } from '../storage';
import { iso, rowLock } from './sql-helpers';

function deviceIdTaken(): CassaError {
  return new CassaError(
    'NOT_AUTHORISED',
    'This register id is already paired: only that register, presenting its current device token, can pair it again',
    { reason: 'device-id-taken' },
  );
}

/**
 * A register id may be taken by a pairing only when no organisation has seen it, or when the
 * caller proves it is that register with a token issued to it here. Register ids are not
 * secrets (a till shows its own), so the id alone proves nothing. True when the id is known.
 */
async function assertMayTakeDeviceId(tx: SqlExecutor, lock: string, organisationId: string, deviceId: string, proofTokenHash: string | null): Promise<boolean> {
  if (deviceId === HEAD_OFFICE_DEVICE) throw deviceIdTaken();
  const owners = await tx.query<{ organisation_id: string }>(`SELECT organisation_id FROM devices WHERE id = ?${lock}`, [deviceId]);
  if (owners.length === 0) return false;
  // Another organisation's register stays there, whatever the caller holds.
  if (owners.some((o) => o.organisation_id !== organisationId)) throw deviceIdTaken();
  if (proofTokenHash === null) throw deviceIdTaken();
  const proof = await tx.query('SELECT 1 AS one FROM device_tokens WHERE token_hash = ? AND organisation_id = ? AND device_id = ?', [
    proofTokenHash,
    organisationId,
    deviceId,
  ]);
  if (proof.length === 0) throw deviceIdTaken();
  return true;
}

/** A code made for one register pairs that register id and no other. */
async function assertCodeIsFor(tx: SqlExecutor, lock: string, organisationId: string, forDeviceId: string, deviceId: string): Promise<true> {
  const rows = await tx.query(`SELECT 1 AS one FROM devices WHERE organisation_id = ? AND id = ?${lock}`, [organisationId, deviceId]);
  if (deviceId !== forDeviceId || rows.length === 0) {
    throw new CassaError('NOT_AUTHORISED', 'This pairing code was made for another register', { reason: 'code-for-another-register' });
  }
  return true;
}

export type DeviceStorage = Pick<
  SyncStorage,
  | 'createOrganisation'
  | 'getOrganisation'
  | 'storeExists'
  | 'createPairingCode'
  | 'redeemPairingCode'
  | 'authenticateDevice'
  | 'revokeDevice'
  | 'listDevices'
  | 'highWaterMark'
>;

export function createDeviceStorage(db: SqlDatabase): DeviceStorage {
  const lock = rowLock(db);
  return {
    async createOrganisation(input, now): Promise<Organisation> {
      const rows = await db.query<{ id: string }>(
        'INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id',
        [input.id, input.name, iso(now)],
      );
      if (rows.length === 0) throw new CassaError('CONFLICT', `Organisation ${input.id} already exists`);
      return { id: input.id, name: input.name };
    },
    async getOrganisation(id) {
      const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ?', [id]);
      const row = rows[0];
      return row ? { id: row.id, name: row.name } : null;
    },
    async storeExists(organisationId, storeId) {
      const rows = await db.query('SELECT 1 AS one FROM stores WHERE organisation_id = ? AND id = ?', [organisationId, storeId]);
      return rows.length > 0;
    },
    async createPairingCode(input, now) {
      await db.query(
        'INSERT INTO pairing_codes (code_hash, organisation_id, store_id, created_at, expires_at, for_device_id) VALUES (?, ?, ?, ?, ?, ?)',
        [input.codeHash, input.organisationId, input.storeId, iso(now), iso(input.expiresAt), input.forDeviceId ?? null],
      );
    },
    redeemPairingCode(input) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ organisation_id: string; store_id: string; for_device_id: string | null }>(
          `UPDATE pairing_codes SET used_at = ?, device_id = ?
           WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING organisation_id, store_id, for_device_id`,
          [iso(input.now), input.deviceId, input.codeHash, iso(input.now)],
        );
        const row = rows[0];
        if (!row) return null;
        const known =
          row.for_device_id === null
            ? await assertMayTakeDeviceId(tx, lock, row.organisation_id, input.deviceId, input.proofTokenHash)
            : await assertCodeIsFor(tx, lock, row.organisation_id, row.for_device_id, input.deviceId);
        await assertRegisterSeat(tx, row.organisation_id, input.deviceId);
        if (known) {
          // The register proved it is itself: it keeps its high-water mark (its outbox numbering
          // goes on), moves to the code's store, and every token it held before stops working.
          await tx.query(
            'UPDATE devices SET store_id = ?, name = ?, paired_at = ?, revoked_at = NULL WHERE organisation_id = ? AND id = ?',
            [row.store_id, input.deviceName, iso(input.now), row.organisation_id, input.deviceId],
          );
          await tx.query('DELETE FROM device_tokens WHERE organisation_id = ? AND device_id = ?', [row.organisation_id, input.deviceId]);
        } else {
          const inserted = await tx.query(
            `INSERT INTO devices (organisation_id, id, store_id, name, high_water_mark, paired_at) VALUES (?, ?, ?, ?, 0, ?)
             ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
            [row.organisation_id, input.deviceId, row.store_id, input.deviceName, iso(input.now)],
          );
          // Another pairing of the same new id committed first: this one proves nothing.
          if (inserted.length === 0) throw deviceIdTaken();
        }
        await tx.query('INSERT INTO device_tokens (token_hash, organisation_id, device_id) VALUES (?, ?, ?)', [
          input.tokenHash,
          row.organisation_id,
          input.deviceId,
        ]);
        return { organisationId: row.organisation_id, storeId: row.store_id, deviceId: input.deviceId, repaired: known };
      });
    },
    async authenticateDevice(tokenHash) {
      const rows = await db.query<{ organisation_id: string; id: string; store_id: string }>(
        `SELECT d.organisation_id, d.id, d.store_id FROM device_tokens t
         JOIN devices d ON d.organisation_id = t.organisation_id AND d.id = t.device_id
         WHERE t.token_hash = ? AND d.revoked_at IS NULL`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.id } : null;
    },
    revokeDevice(organisationId, deviceId, now) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ id: string }>(
          'UPDATE devices SET revoked_at = ? WHERE organisation_id = ? AND id = ? AND revoked_at IS NULL RETURNING id',
          [iso(now), organisationId, deviceId],
        );
        // The tokens stay, dead (authentication needs a live register): the last one is how the
        // till proves who it is when it is paired again with a new code.
        return rows.length > 0;
      });
    },
    async listDevices(organisationId): Promise<DeviceInfo[]> {
      const rows = await db.query<{
        id: string;
        store_id: string;
        name: string;
        high_water_mark: unknown;
        paired_at: string;
        revoked_at: string | null;
        last_seen_at: string | null;
      }>(
        'SELECT id, store_id, name, high_water_mark, paired_at, revoked_at, last_seen_at FROM devices WHERE organisation_id = ? ORDER BY paired_at, id',
        [organisationId],
      );
      return rows.map((r) => ({
        id: r.id,
        storeId: r.store_id,
        name: r.name,
        highWaterMark: toNumber(r.high_water_mark),
        pairedAt: r.paired_at,
        revokedAt: r.revoked_at,
        lastSeenAt: r.last_seen_at,
      }));
    },
    async highWaterMark(principal) {
      const rows = await db.query<{ high_water_mark: unknown }>(
        'SELECT high_water_mark FROM devices WHERE organisation_id = ? AND id = ?',
        [principal.organisationId, principal.deviceId],
      );
      return toNumber(rows[0]?.high_water_mark);
    },
  };
}
