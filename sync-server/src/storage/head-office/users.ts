/**
 * @module
 * Head-office user accounts: one per email per organisation, every read and write by organisation.
 */
import { CassaError } from '@cassa/shared';
import type { HeadOfficeStorage } from '../head-office-storage';
import type { SqlDatabase, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';
import { countSeats } from './plans';
import { iso, userOf } from './rows';

export type HeadOfficeUsers = Pick<
  HeadOfficeStorage,
  | 'countAllUsers'
  | 'soleOrganisationWithoutUsers'
  | 'countUsers'
  | 'createUser'
  | 'findUserByEmail'
  | 'findUsersByEmail'
  | 'getUser'
  | 'listUsers'
  | 'updateUser'
  | 'deleteUser'
>;

export function createHeadOfficeUsers(db: SqlDatabase): HeadOfficeUsers {
  const users: HeadOfficeUsers = {
    async countAllUsers() {
      const rows = await db.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM ho_users');
      return toNumber(rows[0]?.n);
    },
    async soleOrganisationWithoutUsers() {
      const rows = await db.query<{ id: string }>('SELECT id FROM organisations ORDER BY id LIMIT 2');
      if (rows.length !== 1 || !rows[0]) return null;
      return (await users.countUsers(rows[0].id)) === 0 ? rows[0].id : null;
    },
    countUsers: (organisationId) => countSeats(db, organisationId, 'users'),
    async createUser(user, now) {
      await db.transaction(async (tx) => {
        const taken = await tx.query('SELECT 1 AS one FROM ho_users WHERE organisation_id = ? AND email = ?', [user.organisationId, user.email]);
        if (taken.length > 0) throw new CassaError('CONFLICT', `${user.email} already has an account`, { reason: 'email-taken', email: user.email });
        await tx.query(
          `INSERT INTO ho_users (organisation_id, id, email, name, password_hash, role, store_ids, failed_logins, locked_until, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)`,
          [user.organisationId, user.id, user.email, user.name, user.passwordHash, user.role, JSON.stringify(user.storeIds), iso(now)],
        );
      });
    },
    async findUserByEmail(email) {
      return (await users.findUsersByEmail(email, 1))[0] ?? null;
    },
    async findUsersByEmail(email, limit) {
      const rows = await db.query('SELECT * FROM ho_users WHERE email = ? ORDER BY created_at, organisation_id, id LIMIT ?', [email, limit]);
      return rows.map(userOf);
    },
    async getUser(organisationId, id) {
      const rows = await db.query('SELECT * FROM ho_users WHERE organisation_id = ? AND id = ?', [organisationId, id]);
      return rows[0] ? userOf(rows[0]) : null;
    },
    async listUsers(organisationId) {
      const rows = await db.query('SELECT * FROM ho_users WHERE organisation_id = ? ORDER BY email', [organisationId]);
      return rows.map(userOf);
    },
    async updateUser(organisationId, id, patch) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (patch.name !== undefined) {
        sets.push('name = ?');
        params.push(patch.name);
      }
      if (patch.role !== undefined) {
        sets.push('role = ?');
        params.push(patch.role);
      }
      if (patch.storeIds !== undefined) {
        sets.push('store_ids = ?');
        params.push(JSON.stringify(patch.storeIds));
      }
      if (patch.passwordHash !== undefined) {
        sets.push('password_hash = ?');
        params.push(patch.passwordHash);
      }
      if (sets.length === 0) return (await users.getUser(organisationId, id)) !== null;
      const rows = await db.query(`UPDATE ho_users SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ? RETURNING id`, [
        ...params,
        organisationId,
        id,
      ]);
      return rows.length > 0;
    },
    async deleteUser(organisationId, id) {
      return db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [organisationId, id]);
        const rows = await tx.query('DELETE FROM ho_users WHERE organisation_id = ? AND id = ? RETURNING id', [organisationId, id]);
        return rows.length > 0;
      });
    },
  };
  return users;
}
