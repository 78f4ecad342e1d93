/**
 * @module
 * What signing in keeps: sessions, and the failed attempts counted per key (an address or an
 * account) to slow down password guessing.
 */
import type { HeadOfficeStorage } from '../head-office-storage';
import type { SqlDatabase } from '../sql-database';
import { toNumber } from '../sql-database';
import { iso } from './rows';

export type SignInStorage = Pick<
  HeadOfficeStorage,
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'deleteUserSessions'
  | 'countFailures'
  | 'recordFailures'
  | 'clearFailures'
>;

export function createSignInStorage(db: SqlDatabase): SignInStorage {
  const signIn: SignInStorage = {
    async createSession(input) {
      await db.query(
        'INSERT INTO ho_sessions (token_hash, organisation_id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        [input.tokenHash, input.organisationId, input.userId, input.csrfToken, iso(input.now), iso(input.expiresAt)],
      );
    },
    async getSession(tokenHash, now) {
      const rows = await db.query<{ organisation_id: string; user_id: string; csrf_token: string; expires_at: string }>(
        'SELECT organisation_id, user_id, csrf_token, expires_at FROM ho_sessions WHERE token_hash = ? AND expires_at > ?',
        [tokenHash, iso(now)],
      );
      const row = rows[0];
      return row ? { organisationId: row.organisation_id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
    },
    async deleteSession(tokenHash) {
      await db.query('DELETE FROM ho_sessions WHERE token_hash = ?', [tokenHash]);
    },
    async deleteUserSessions(organisationId, userId) {
      await db.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [organisationId, userId]);
    },
    async countFailures(keyHash, since) {
      const [row] = await db.query<{ n: unknown; latest: string | null }>(
        'SELECT COUNT(*) AS n, MAX(at) AS latest FROM ho_login_attempts WHERE address_hash = ? AND at >= ?',
        [keyHash, iso(since)],
      );
      return { count: toNumber(row?.n), latest: row?.latest ? new Date(row.latest) : null };
    },
    async recordFailures(keyHashes, now, since) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_login_attempts WHERE at < ?', [iso(since)]);
        for (const keyHash of keyHashes) await tx.query('INSERT INTO ho_login_attempts (address_hash, at) VALUES (?, ?)', [keyHash, iso(now)]);
      });
    },
    async clearFailures(keyHash) {
      await db.query('DELETE FROM ho_login_attempts WHERE address_hash = ?', [keyHash]);
    },
  };
  return signIn;
}
