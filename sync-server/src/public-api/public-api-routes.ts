/**
 * @module
 * The public API's HTTP face (issue 19), mounted at `/api/v1`: every request carries an API key
 * (`Authorization: Bearer cassa_live_<id>_<secret>`), checked against the database each time so a
 * revoked key is refused at once by every process; then the key's rate limit; then, for a write
 * with an `Idempotency-Key`, the stored answer of an earlier identical request. Procedures are
 * served from `publicApiContract` by the one contract adapter, after their scope and store rule.
 */
import { createHash } from 'node:crypto';
import { CassaError, publicApiContract } from '@cassa/shared';
import type { PublicApiAccess } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readStorableJson } from '../http-support';
import { serveContract } from '../http/serve-contract';
import type { BucketClock } from '../channels/token-bucket';
import { realBucketClock } from '../channels/token-bucket';
import type { ApiKeyRow } from '../storage/api-keys';
import { parseApiKey, secretMatches } from '../head-office/services/api-keys';
import { DEFAULT_KEY_RATE_LIMIT, createKeyRateLimiter } from './key-rate-limit';
import type { KeyRateLimit } from './key-rate-limit';
import { publicApiHandlers } from './public-api-handlers';
import type { PublicApiCall } from './public-api-handlers';
import type { PublicApiDeps } from './public-api-deps';

export const PUBLIC_API_BASE = '/api/v1';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a write's answer is kept for a repeat with the same `Idempotency-Key`. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** `last_used_at` is written at most this often per key and process. */
const TOUCH_EVERY_MS = 60_000;

export type PublicApiEnv = { Variables: { apiKey: ApiKeyRow } };

export interface PublicApiOptions {
  readonly rateLimit?: KeyRateLimit;
  /** The rate limit's clock (tests move it by hand). */
  readonly bucketClock?: BucketClock;
}

function refuse(reason: 'api-key-missing' | 'api-key-invalid' | 'api-key-revoked'): never {
  const message = { 'api-key-missing': 'The API key is missing', 'api-key-invalid': 'Unknown or wrong API key', 'api-key-revoked': 'This API key was revoked' }[reason];
  throw new CassaError('NOT_AUTHENTICATED', message, { reason });
}

async function authenticate(deps: PublicApiDeps, c: Context): Promise<ApiKeyRow> {
  const header = c.req.header('authorization');
  if (!header) return refuse('api-key-missing');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const parsed = match ? parseApiKey(match[1] as string) : null;
  if (!parsed) return refuse('api-key-invalid');
  const key = await deps.storage.apiKeys.find(parsed.id);
  if (!key || !secretMatches(parsed.secret, key.secretHash)) return refuse('api-key-invalid');
  if (key.revokedAt !== null) return refuse('api-key-revoked');
  return key;
}

function checkScope(key: ApiKeyRow, access: PublicApiAccess): void {
  if (!key.scopes.includes(access.scope)) throw new CassaError('NOT_AUTHORISED', `This API key lacks the ${access.scope} permission`, { reason: 'api-scope', scope: access.scope });
  if (access.stores === 'organisation' && key.storeIds !== null) throw new CassaError('NOT_AUTHORISED', 'A store-limited API key may not do this', { reason: 'api-store-limited' });
}

function checkStores(key: ApiKeyRow, access: PublicApiAccess, input: unknown): void {
  if (access.stores !== 'input' || key.storeIds === null) return;
  const storeId = (input as { storeId?: unknown }).storeId;
  if (typeof storeId !== 'string') throw new CassaError('INTERNAL', 'A store-checked procedure needs a storeId input');
  if (!key.storeIds.includes(storeId)) throw new CassaError('NOT_AUTHORISED', `This API key may not use store ${storeId}`, { reason: 'api-store', storeId });
}

/** The request as the key's idempotency sees it: same method, path and body text, same request. */
function requestHash(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\u0000${path}\u0000${body}`).digest('hex');
}

/**
 * A write with an `Idempotency-Key` runs once per key: the first claims it, a repeat with the same
 * request gets the stored answer (with `Idempotent-Replayed: true`), a repeat with another request
 * is refused (409), and one arriving while the first still runs is told to retry (409). A server
 * error is not kept: the request may be tried again with the same key.
 */
function idempotency(deps: PublicApiDeps): MiddlewareHandler<PublicApiEnv> {
  return async (c, next) => {
    const idempotencyKey = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method === 'GET' || idempotencyKey === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) throw new CassaError('VALIDATION', 'An Idempotency-Key is 1 to 255 visible ASCII characters');
    const key = c.get('apiKey');
    const hash = requestHash(c.req.method, c.req.path, await c.req.text());
    const stored = await deps.storage.apiKeys.claimIdempotency(key.id, idempotencyKey, hash, deps.now());
    if (stored !== null) {
      if (stored.requestHash !== hash) throw new CassaError('CONFLICT', 'This Idempotency-Key was used with another request', { reason: 'idempotency-mismatch' });
      if (stored.status === null || stored.response === null) throw new CassaError('CONFLICT', 'A request with this Idempotency-Key is still running', { reason: 'idempotency-in-progress' });
      c.header('Idempotent-Replayed', 'true');
      return c.body(stored.response, stored.status as ContentfulStatusCode, { 'content-type': 'application/json' });
    }
    try {
      await next();
    } catch (error) {
      await deps.storage.apiKeys.releaseIdempotency(key.id, idempotencyKey);
      throw error;
    }
    if (c.res.status >= 500) await deps.storage.apiKeys.releaseIdempotency(key.id, idempotencyKey);
    else await deps.storage.apiKeys.storeIdempotentAnswer(key.id, idempotencyKey, c.res.status, await c.res.clone().text());
  };
}

export function createPublicApiRoutes(deps: PublicApiDeps, options: PublicApiOptions = {}): Hono<PublicApiEnv> {
  const app = new Hono<PublicApiEnv>();
  const limiter = createKeyRateLimiter(options.rateLimit ?? DEFAULT_KEY_RATE_LIMIT, options.bucketClock ?? realBucketClock);
  const touched = new Map<string, number>();
  let lastPurge = 0;

  app.use('*', async (c, next) => {
    const key = await authenticate(deps, c);
    const waitMs = limiter.take(key.id);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      c.header('Retry-After', String(seconds));
      throw new CassaError('RATE_LIMITED', `Too many requests with this API key: try again in ${seconds} s`, { reason: 'api-rate-limited', seconds });
    }
    const now = deps.now().getTime();
    if (now - (touched.get(key.id) ?? 0) >= TOUCH_EVERY_MS) {
      touched.set(key.id, now);
      await deps.storage.apiKeys.touch(key.id, deps.now(), TOUCH_EVERY_MS);
    }
    // Old answers go an hour at a time, on a request: no timer to run or stop.
    if (now - lastPurge >= 3_600_000) {
      lastPurge = now;
      await deps.storage.apiKeys.purgeIdempotency(new Date(now - IDEMPOTENCY_TTL_MS));
    }
    c.set('apiKey', key);
    return next();
  });
  app.use('*', idempotency(deps));

  serveContract(app, publicApiContract, publicApiHandlers(deps), {
    readBody: (c) => readStorableJson(c),
    authenticate: (c, procedure) => checkScope(c.get('apiKey'), procedure.access),
    context: (c, procedure, input): PublicApiCall => {
      const key = c.get('apiKey');
      checkStores(key, procedure.access, input);
      return { organisationId: key.organisationId, keyId: key.id, storeIds: key.storeIds, keyHash: key.secretHash };
    },
  });
  return app;
}
