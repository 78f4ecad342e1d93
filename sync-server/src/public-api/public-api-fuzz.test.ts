/**
 * The public API fuzzed (issue 19), SQLite only (no storage behaviour differs here): a seeded
 * generator sends every procedure of `publicApiContract` malformed JSON, wrong types, huge numbers,
 * NUL bytes, unknown fields and bad paths, with a good, missing, garbled, wrong or revoked key.
 * Every answer must be a worded 4xx (or a success), never a 5xx. Also the per-key rate limit, on
 * a hand-moved clock.
 */
import { inputInQuery, publicApiContract } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test-support/seeded-random';
import { seedTenant, sqliteEngine, withServer } from '../../test/fixtures';
import { createApiKeysService } from '../head-office/services/api-keys';

const NASTY: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  9_007_199_254_740_993,
  1.5,
  '',
  'a\u0000b',
  '\u0000',
  'x'.repeat(70_000),
  '2026-11-26',
  '2026-13-45',
  '9999-12-31',
  'acme-fuzz-store-1',
  'acme-fuzz-p1-v1',
  '../../etc/passwd',
  '\ud800',
  '💥',
  [],
  [1, 'a', null],
  {},
  { nested: { deeper: [1, 2, 3] } },
  [{ variantId: 'acme-fuzz-p1-v1', deltaMilli: 1 }],
  [{ variantId: 'acme-fuzz-p1-v1', countedMilli: 1e15 }],
];

const BROKEN_BODIES = ['{', '{"a":', 'null', '[]', '"text"', '{"a":1}}', '\u0000', '{"lines": [' + '['.repeat(200) + ']}'];

/** A lone surrogate cannot be encoded: sent as its raw (invalid UTF-8) bytes instead. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

describe('the public API, fuzzed', () => {
  it('answers every malformed or unauthenticated request with a 4xx, never a 5xx', async () => {
    await withServer(
      sqliteEngine,
      async (server) => {
        const t = await seedTenant(server, 'acme-fuzz');
        const keys = createApiKeysService({ storage: server.storage, now: () => new Date() });
        const good = (await keys.create(t.organisationId, 'owner', { name: 'all', scopes: ['read', 'catalogue-write', 'stock-write'] })).secret;
        const limited = (await keys.create(t.organisationId, 'owner', { name: 'one store', scopes: ['read', 'stock-write'], storeIds: [t.storeId] })).secret;
        const revoked = await keys.create(t.organisationId, 'owner', { name: 'old', scopes: ['read'] });
        await keys.revoke(t.organisationId, revoked.key.id);
        const authorizations = [`Bearer ${good}`, `Bearer ${good}`, `Bearer ${limited}`, `Bearer ${revoked.secret}`, `Bearer ${good.slice(0, -2)}xx`, 'Bearer', 'Basic Zm9vOmJhcg==', `Bearer ${good} extra`, `bearer   ${limited}`, ''];
        const random = seededRandom(19);
        const failures: string[] = [];
        let sent = 0;
        const statuses = new Map<number, number>();
        for (const [name, procedure] of Object.entries(publicApiContract)) {
          for (let i = 0; i < 50; i++) {
            let authorization = random() < 0.6 ? `Bearer ${good}` : pick(random, authorizations);
            const path = procedure.path.replace(/:([A-Za-z_]+)/g, () => enc(String(pick(random, NASTY))).slice(0, 2000));
            const fields: Record<string, unknown> = {};
            for (const field of Object.keys(procedure.input.shape)) if (random() < 0.7) fields[field] = pick(random, NASTY);
            if (random() < 0.3) fields[`unknown${i}`] = pick(random, NASTY);
            let url = `/api/v1${path}`;
            const init: RequestInit & { headers: Record<string, string> } = { method: procedure.method, headers: {} };
            if (authorization) init.headers['authorization'] = authorization;
            if (inputInQuery(procedure.method)) {
              const query = Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 3000)}`);
              url += `?${query.join('&')}`;
            } else {
              init.headers['content-type'] = random() < 0.9 ? 'application/json' : 'text/plain';
              init.body = random() < 0.2 ? pick(random, BROKEN_BODIES) : JSON.stringify(fields);
              if (random() < 0.3) init.headers['idempotency-key'] = pick(random, ['k', 'k k', 'x'.repeat(300), `fuzz-${i}`]);
            }
            const res = await server.app.request(url, init);
            sent++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500) failures.push(`${procedure.method} ${url.slice(0, 200)} → ${res.status} ${(await res.text()).slice(0, 200)}`);
            else if (res.status >= 400) {
              const body = (await res.json()) as { ok: boolean; error: { message: string } };
              expect(body.ok).toBe(false);
              expect(body.error.message.length).toBeGreaterThan(0);
            }
          }
        }
        expect(failures).toEqual([]);
        expect(sent).toBeGreaterThanOrEqual(300);
        // The generator reaches past the door: refusals of every kind, and some requests served.
        for (const status of [200, 400, 401, 403]) expect(statuses.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
      },
      { publicApi: { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } } },
    );
  }, 60_000);

  it('rate-limits each key on its own: 429 with Retry-After, then served again once the bucket refills', async () => {
    let clock = 1_000;
    const bucketClock = { now: () => clock, sleep: () => Promise.reject(new Error('the API never waits for a token')) };
    await withServer(
      sqliteEngine,
      async (server) => {
        const t = await seedTenant(server, 'acme-rate');
        const keys = createApiKeysService({ storage: server.storage, now: () => new Date() });
        const one = (await keys.create(t.organisationId, 'owner', { name: 'one', scopes: ['read'] })).secret;
        const two = (await keys.create(t.organisationId, 'owner', { name: 'two', scopes: ['read'] })).secret;
        const get = (key: string) => server.app.request('/api/v1/customers', { headers: { authorization: `Bearer ${key}` } });
        expect((await get(one)).status).toBe(200);
        expect((await get(one)).status).toBe(200);
        const limited = await get(one);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('2');
        expect(((await limited.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('api-rate-limited');
        expect((await get(two)).status).toBe(200);
        clock += 2_000;
        expect((await get(one)).status).toBe(200);
      },
      { publicApi: { rateLimit: { perSecond: 0.5, burst: 2 }, bucketClock } },
    );
  });
});
