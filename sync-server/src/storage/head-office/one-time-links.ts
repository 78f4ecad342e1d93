/**
 * @module
 * Links used once: setup tokens (the first account of an organisation, or an invitation) and
 * password resets. Only hashes of the tokens are stored.
 */
import type { HeadOfficeStorage } from '../head-office-storage';
import type { SqlDatabase } from '../sql-database';
import { iso, userOf } from './rows';

export type OneTimeLinkStorage = Pick<
  HeadOfficeStorage,
  | 'createSetupToken'
  | 'redeemSetupToken'
  | 'peekSetupToken'
  | 'createPasswordReset'
  | 'peekPasswordReset'
  | 'redeemPasswordReset'
>;

export function createOneTimeLinkStorage(db: SqlDatabase): OneTimeLinkStorage {
  const links: OneTimeLinkStorage = {
    async createSetupToken(input) {
      await db.query('INSERT INTO ho_setup_tokens (token_hash, email, organisation_id, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)', [
        input.tokenHash,
        input.email,
        input.organisationId,
        iso(input.expiresAt),
      ]);
    },
    async redeemSetupToken(tokenHash, now) {
      const rows = await db.query<{ email: string; organisation_id: string | null }>(
        'UPDATE ho_setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email, organisation_id',
        [iso(now), tokenHash, iso(now)],
      );
      const row = rows[0];
      return row ? { email: row.email, organisationId: row.organisation_id } : null;
    },
    async peekSetupToken(tokenHash, now) {
      const rows = await db.query<{ email: string }>(
        'SELECT email FROM ho_setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
        [tokenHash, iso(now)],
      );
      return rows[0] ? { email: rows[0].email } : null;
    },
    async createPasswordReset(input) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_password_resets WHERE organisation_id = ? AND user_id = ?', [input.organisationId, input.userId]);
        await tx.query('INSERT INTO ho_password_resets (token_hash, organisation_id, user_id, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)', [
          input.tokenHash,
          input.organisationId,
          input.userId,
          iso(input.expiresAt),
        ]);
      });
    },
    async peekPasswordReset(tokenHash, now) {
      const rows = await db.query(
        `SELECT u.* FROM ho_password_resets r JOIN ho_users u ON u.organisation_id = r.organisation_id AND u.id = r.user_id
         WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?`,
        [tokenHash, iso(now)],
      );
      return rows[0] ? userOf(rows[0]) : null;
    },
    redeemPasswordReset(tokenHash, passwordHash, now) {
      return db.transaction(async (tx) => {
        const used = await tx.query<{ organisation_id: string; user_id: string }>(
          'UPDATE ho_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING organisation_id, user_id',
          [iso(now), tokenHash, iso(now)],
        );
        const link = used[0];
        if (!link) return null;
        const rows = await tx.query('UPDATE ho_users SET password_hash = ? WHERE organisation_id = ? AND id = ? RETURNING *', [passwordHash, link.organisation_id, link.user_id]);
        if (!rows[0]) return null;
        // A reset ends every session: whoever knew the old password is signed out.
        await tx.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [link.organisation_id, link.user_id]);
        return userOf(rows[0]);
      });
    },
  };
  return links;
}
