/**
 * @module
 * Issue 19: the public API's keys and the stored answers of idempotent writes. A key is looked up
 * by its id on every request (no cache), so a revoked key is refused at once by every process
 * sharing the database. `last_used_at` is written at most once a minute per key: a busy
 * integrator costs one cheap conditional UPDATE a minute, not one write per request.
 */
import type { ApiKeyScope } from '@cassa/shared';
import type { SqlDatabase } from '../sql-database';
import { toNumber } from '../sql-database';

export interface ApiKeyRow {
  readonly organisationId: string;
  readonly id: string;
  readonly name: string;
  readonly secretHash: string;
  readonly scopes: readonly ApiKeyScope[];
  /** Null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export type NewApiKey = Omit<ApiKeyRow, 'revokedAt' | 'lastUsedAt'>;

/** A write's stored answer; `status` null while the first request with this key still runs. */
export interface StoredIdempotentAnswer {
  readonly requestHash: string;
  readonly status: number | null;
  readonly response: string | null;
}

export interface ApiKeyStorage {
  create(key: NewApiKey): Promise<void>;
  list(organisationId: string): Promise<ApiKeyRow[]>;
  /** Any organisation's key by id: the id comes from the bearer token, the organisation from the key. */
  find(id: string): Promise<ApiKeyRow | null>;
  /** False when the organisation has no such key; revoking twice keeps the first time. */
  revoke(organisationId: string, id: string, now: Date): Promise<boolean>;
  /** Records use at most once per `everyMs`. */
  touch(id: string, now: Date, everyMs: number): Promise<void>;
  /** Claims `idempotencyKey` for a new request; when it was claimed before, what was stored. */
  claimIdempotency(keyId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<StoredIdempotentAnswer | null>;
  storeIdempotentAnswer(keyId: string, idempotencyKey: string, status: number, response: string): Promise<void>;
  /** The request failed before it changed anything: the key may be used again. */
  releaseIdempotency(keyId: string, idempotencyKey: string): Promise<void>;
  /** Forgets answers claimed before `before`; returns how many. */
  purgeIdempotency(before: Date): Promise<number>;
}

type KeyRow = {
  organisation_id: string;
  id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  store_ids: string | null;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
};

const columns = 'organisation_id, id, name, secret_hash, scopes, store_ids, created_by, created_at, revoked_at, last_used_at';

function fromRow(row: KeyRow): ApiKeyRow {
  return {
    organisationId: row.organisation_id,
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as ApiKeyScope[],
    storeIds: row.store_ids === null ? null : (JSON.parse(row.store_ids) as string[]),
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function createApiKeyStorage(db: SqlDatabase): ApiKeyStorage {
  return {
    async create(key) {
      await db.query(
        `INSERT INTO api_keys (organisation_id, id, name, secret_hash, scopes, store_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [key.organisationId, key.id, key.name, key.secretHash, JSON.stringify(key.scopes), key.storeIds === null ? null : JSON.stringify(key.storeIds), key.createdBy, key.createdAt],
      );
    },
    async list(organisationId) {
      const rows = await db.query<KeyRow>(`SELECT ${columns} FROM api_keys WHERE organisation_id = ? ORDER BY created_at DESC, id`, [organisationId]);
      return rows.map(fromRow);
    },
    async find(id) {
      const rows = await db.query<KeyRow>(`SELECT ${columns} FROM api_keys WHERE id = ?`, [id]);
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async revoke(organisationId, id, now) {
      await db.query('UPDATE api_keys SET revoked_at = ? WHERE organisation_id = ? AND id = ? AND revoked_at IS NULL', [now.toISOString(), organisationId, id]);
      const rows = await db.query('SELECT 1 AS one FROM api_keys WHERE organisation_id = ? AND id = ?', [organisationId, id]);
      return rows.length > 0;
    },
    async touch(id, now, everyMs) {
      const threshold = new Date(now.getTime() - everyMs).toISOString();
      await db.query('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [now.toISOString(), id, threshold]);
    },
    async claimIdempotency(keyId, idempotencyKey, requestHash, now) {
      // The primary key decides between two requests racing with one key: one inserts, the other reads.
      const inserted = await db.query(
        `INSERT INTO api_idempotency (key_id, idempotency_key, request_hash, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key_id, idempotency_key) DO NOTHING RETURNING key_id`,
        [keyId, idempotencyKey, requestHash, now.toISOString()],
      );
      if (inserted.length > 0) return null;
      const rows = await db.query<{ request_hash: string; status: unknown; response: string | null }>(
        'SELECT request_hash, status, response FROM api_idempotency WHERE key_id = ? AND idempotency_key = ?',
        [keyId, idempotencyKey],
      );
      const row = rows[0];
      // Purged between the two statements: treat as claimed by someone else, still running.
      if (!row) return { requestHash, status: null, response: null };
      return { requestHash: row.request_hash, status: row.status === null ? null : toNumber(row.status), response: row.response };
    },
    async storeIdempotentAnswer(keyId, idempotencyKey, status, response) {
      await db.query('UPDATE api_idempotency SET status = ?, response = ? WHERE key_id = ? AND idempotency_key = ?', [status, response, keyId, idempotencyKey]);
    },
    async releaseIdempotency(keyId, idempotencyKey) {
      await db.query('DELETE FROM api_idempotency WHERE key_id = ? AND idempotency_key = ? AND status IS NULL', [keyId, idempotencyKey]);
    },
    async purgeIdempotency(before) {
      const rows = await db.query('DELETE FROM api_idempotency WHERE created_at < ? RETURNING key_id', [before.toISOString()]);
      return rows.length;
    },
  };
}
