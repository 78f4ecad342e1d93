/**
 * @module
 * API keys for the public API (issue 19), apart from HTTP. A key reads `cassa_live_<id>_<secret>`:
 * the id finds the row, the secret (256 random bits) is kept only as its SHA-256 and compared in
 * constant time. A random secret that long cannot be guessed, so a slow password hash would only
 * cost every request time. Revoking sets `revoked_at`; the key is checked on every request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { ApiKeyCreated, ApiKeyScope, ApiKeyView } from '@cassa/shared';
import type { ApiKeyRow } from '../../storage/api-keys';
import type { SyncStorage } from '../../storage/storage';

export const API_KEY_PREFIX = 'cassa_live_';

export function hashApiSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `cassa_live_<16 hex>_<base64url>` → its parts; null for anything else. */
export function parseApiKey(token: string): { id: string; secret: string } | null {
  if (!token.startsWith(API_KEY_PREFIX)) return null;
  const rest = token.slice(API_KEY_PREFIX.length);
  const match = /^([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(rest);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

/** Whether `secret` is the one whose hash is stored, in time independent of where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashApiSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function apiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: [...row.scopes],
    storeIds: row.storeIds === null ? null : [...row.storeIds],
    prefix: `${API_KEY_PREFIX}${row.id}_`,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export interface ApiKeysService {
  list(organisationId: string): Promise<ApiKeyView[]>;
  create(organisationId: string, userId: string, input: { name: string; scopes: readonly ApiKeyScope[]; storeIds?: readonly string[] | null | undefined }): Promise<ApiKeyCreated>;
  revoke(organisationId: string, keyId: string): Promise<ApiKeyView>;
}

export function createApiKeysService(deps: { readonly storage: SyncStorage; readonly now: () => Date }): ApiKeysService {
  const keys = deps.storage.apiKeys;
  return {
    async list(organisationId) {
      return (await keys.list(organisationId)).map(apiKeyView);
    },
    async create(organisationId, userId, input) {
      const storeIds = input.storeIds ? [...new Set(input.storeIds)] : null;
      if (storeIds) {
        const known = new Set((await deps.storage.headOffice.listStores(organisationId)).map((s) => s.id));
        const unknown = storeIds.filter((id) => !known.has(id));
        if (unknown.length > 0) throw new CassaError('NOT_FOUND', `No store ${unknown.join(', ')}`, { storeIds: unknown });
      }
      const id = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const row: ApiKeyRow = {
        organisationId,
        id,
        name: input.name,
        secretHash: hashApiSecret(secret),
        scopes: [...new Set(input.scopes)],
        storeIds,
        createdBy: userId,
        createdAt: deps.now().toISOString(),
        revokedAt: null,
        lastUsedAt: null,
      };
      await keys.create(row);
      return { key: apiKeyView(row), secret: `${API_KEY_PREFIX}${id}_${secret}` };
    },
    async revoke(organisationId, keyId) {
      if (!(await keys.revoke(organisationId, keyId, deps.now()))) throw new CassaError('NOT_FOUND', `No API key ${keyId}`);
      const row = await keys.find(keyId);
      if (!row || row.organisationId !== organisationId) throw new CassaError('NOT_FOUND', `No API key ${keyId}`);
      return apiKeyView(row);
    },
  };
}
