/**
 * The public API (`/api/v1`, issue 19) on both engines, as an integrator sees it: keys made at head
 * office, scopes, store limits, key-set paging while rows are added, idempotent writes (repeated,
 * changed, concurrent), a revoked key, and another organisation's ids.
 */
import type { Product } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { serverPerSuite } from '../../../test-support/engine-server';
import { ownerSession } from '../../../test-support/head-office-session';
import { engines, jsonRequest, op, product, sale, seedTenant, versions } from '../../test/fixtures';
import type { Tenant } from '../../test/fixtures';
import { FiscalDay, SERIAL } from '../../test/fiscal-fixtures';
import type { SyncServer } from '../index';
import { createApiKeysService } from '../head-office/services/api-keys';
import { IDEMPOTENCY_TTL_MS } from './public-api-routes';
import { readDayTakings } from '../erp/day-takings';
import { push as pushErpSales, saleRecord } from '../../test/erp-fixtures';

interface Answer {
  readonly status: number;
  readonly body: { ok: boolean; data?: any; error?: { code: string; message: string; details?: any } };
  readonly headers: Headers;
}

async function call(server: SyncServer, key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await server.app.request(`/api/v1${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'], headers: res.headers };
}

async function makeKey(server: SyncServer, organisationId: string, scopes: ('read' | 'catalogue-write' | 'stock-write')[], storeIds: string[] | null = null): Promise<string> {
  const keys = createApiKeysService({ storage: server.storage, now: () => new Date() });
  return (await keys.create(organisationId, 'owner-1', { name: 'test', scopes, storeIds })).secret;
}

async function pushSales(server: SyncServer, t: Tenant, sales: { id: string; completedAt: string }[], from = 1): Promise<void> {
  const variantId = `${t.organisationId.replace(/-org$/, '')}-p1-v1`;
  const ops = sales.map((s, i) => op(from + i, sale({ id: s.id, storeId: t.storeId, deviceId: t.till.deviceId, variantId, completedAt: s.completedAt })));
  const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops }, t.till.authorization));
  expect(res.status).toBe(200);
}

async function allPages(server: SyncServer, key: string, path: string, between?: (page: number) => Promise<void>): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await call(server, key, 'GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    expect(answer.status).toBe(200);
    items.push(...answer.body.data.items);
    cursor = answer.body.data.nextCursor;
    if (cursor === null) return items;
    await between?.(page);
  }
  throw new Error('paging never ended');
}

describe.each(engines)('the public API on $name', (engine) => {
  const suite = serverPerSuite(engine.name);

  it('keys: made by the owner at head office, shown once, listed without secret, revoked at once', async () => {
    const owner = await ownerSession(suite.baseUrl);
    const created = await owner.client.call('apiKeys.create', { name: 'Gestionale', scopes: ['read'] });
    expect(created.secret).toMatch(/^cassa_live_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const listed = await owner.client.call('apiKeys.list', {});
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(-43));
    expect(listed.map((k) => k.id)).toContain(created.key.id);
    const server = suite.server;
    expect((await call(server, created.secret, 'GET', '/customers')).status).toBe(200);
    // The hash is stored, never the secret.
    const row = await server.storage.apiKeys.find(created.key.id);
    expect(row?.secretHash).not.toContain(created.secret.slice(-43));
    expect(row?.lastUsedAt).not.toBeNull();
    await owner.client.call('apiKeys.revoke', { keyId: created.key.id });
    const refused = await call(server, created.secret, 'GET', '/customers');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.details?.reason).toBe('api-key-revoked');
    // A wrong secret for a real id, a garbled header, none at all.
    const wrong = created.secret.slice(0, -1) + (created.secret.endsWith('A') ? 'B' : 'A');
    expect((await call(server, wrong, 'GET', '/customers')).status).toBe(401);
    expect((await call(server, 'nonsense', 'GET', '/customers')).status).toBe(401);
    expect((await call(server, null, 'GET', '/customers')).body.error?.details?.reason).toBe('api-key-missing');
  });

  it('scopes: a read key cannot write; a store-limited key cannot write the catalogue or reach another store', async () => {
    const server = suite.server;
    const t = await seedTenant(server, `scope-${engine.name}`);
    const reader = await makeKey(server, t.organisationId, ['read']);
    const writer = await makeKey(server, t.organisationId, ['read', 'catalogue-write', 'stock-write']);
    const limited = await makeKey(server, t.organisationId, ['read', 'catalogue-write', 'stock-write'], [t.storeId]);
    const p: Product = product(`${t.organisationId}-new`);
    const refusedRead = await call(server, reader, 'PUT', `/products/${p.id}`, p);
    expect(refusedRead.status).toBe(403);
    expect(refusedRead.body.error?.details).toMatchObject({ reason: 'api-scope', scope: 'catalogue-write' });
    expect((await call(server, limited, 'PUT', `/products/${p.id}`, p)).body.error?.details?.reason).toBe('api-store-limited');
    expect((await call(server, writer, 'PUT', `/products/${p.id}`, p)).status).toBe(200);
    const variantId = p.variants[0]!.id;
    expect((await allPages(server, reader, '/products')).find((x) => x.id === p.id)).toEqual(p);
    // Store prices: the limited key sets its store's, not the other's; a null removes it.
    expect((await call(server, limited, 'PUT', `/stores/${t.storeId}/prices/${variantId}`, { priceCents: 199 })).status).toBe(200);
    expect((await call(server, limited, 'PUT', `/stores/${t.otherStoreId}/prices/${variantId}`, { priceCents: 199 })).status).toBe(403);
    expect(await allPages(server, reader, '/store-prices')).toEqual([{ storeId: t.storeId, variantId, priceCents: 199 }]);
    await call(server, writer, 'PUT', `/stores/${t.storeId}/prices/${variantId}`, { priceCents: null });
    expect(await allPages(server, reader, '/store-prices')).toEqual([]);
    // Stock: the limited key books at its store, not at the other.
    const adjust = (storeId: string, id: string) => ({ id, reason: 'adjustment', reference: 'count-1', lines: [{ variantId, countedMilli: 5000 }] });
    expect((await call(server, limited, 'POST', `/stores/${t.otherStoreId}/stock-adjustments`, adjust(t.otherStoreId, 'a1'))).body.error?.details?.reason).toBe('api-store');
    const booked = await call(server, limited, 'POST', `/stores/${t.storeId}/stock-adjustments`, adjust(t.storeId, 'a1'));
    expect(booked.status).toBe(201);
    expect(booked.body.data.movements[0]).toMatchObject({ deltaMilli: 5000, reason: 'adjustment', referenceId: 'count-1', deviceId: 'head-office' });
    await call(server, writer, 'POST', `/stores/${t.otherStoreId}/stock-adjustments`, { id: 'a2', reason: 'goods-received', lines: [{ variantId, deltaMilli: 2000 }] });
    // Reads: the limited key sees its store only, and is refused the other by name.
    const limitedStock = await allPages(server, limited, '/stock');
    expect(new Set(limitedStock.map((r) => r.storeId))).toEqual(new Set([t.storeId]));
    expect((await call(server, limited, 'GET', `/stock?storeId=${t.otherStoreId}`)).status).toBe(403);
    const all = await allPages(server, writer, '/stock');
    expect(all.find((r) => r.storeId === t.otherStoreId && r.variantId === variantId)).toMatchObject({ onHandMilli: 2000, reservedMilli: 0, availableMilli: 2000 });
    // A count books the difference to what is on hand: counting 5 again books nothing more.
    const again = await call(server, writer, 'POST', `/stores/${t.storeId}/stock-adjustments`, { id: 'a3', reason: 'adjustment', lines: [{ variantId, countedMilli: 5000 }] });
    expect(again.body.data.movements[0].deltaMilli).toBe(0);
    // The same adjustment id twice is refused, worded.
    expect((await call(server, limited, 'POST', `/stores/${t.storeId}/stock-adjustments`, adjust(t.storeId, 'a1'))).status).toBe(409);
  });

  it('paging: every product exactly once while products are added, limit at most 500, cursors bound to their key', async () => {
    const server = suite.server;
    const t = await seedTenant(server, `page-${engine.name}`);
    const initial = Array.from({ length: 23 }, (_, i) => product(`${t.organisationId}-x${String(i).padStart(2, '0')}`));
    await server.admin.upsertProducts(t.organisationId, initial);
    const key = await makeKey(server, t.organisationId, ['read']);
    const other = await makeKey(server, t.organisationId, ['read']);
    let added = 0;
    const items = await allPages(server, key, '/products?limit=5', async (page) => {
      // Rows land before and after the cursor while the integrator pages.
      await server.admin.upsertProducts(t.organisationId, [product(`${t.organisationId}-a${page}`), product(`${t.organisationId}-z${page}`)]);
      added += 2;
    });
    const ids = items.map((p) => p.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of initial) expect(ids.filter((id) => id === p.id)).toHaveLength(1);
    expect(added).toBeGreaterThan(0);
    const first = await call(server, key, 'GET', '/products?limit=2');
    const cursor = first.body.data.nextCursor as string;
    expect((await call(server, other, 'GET', `/products?limit=2&cursor=${encodeURIComponent(cursor)}`)).body.error?.details?.reason).toBe('api-cursor');
    const forged = Buffer.from(JSON.stringify(['zzz'])).toString('base64url') + '.' + cursor.split('.')[1];
    expect((await call(server, key, 'GET', `/products?cursor=${encodeURIComponent(forged)}`)).status).toBe(400);
    expect((await call(server, key, 'GET', '/products?limit=501')).status).toBe(400);
    expect((await call(server, key, 'GET', '/products?limit=0')).status).toBe(400);
  });

  it('sales: by business day and store, with lines and payments, paged', async () => {
    const server = suite.server;
    const t = await seedTenant(server, `sales-${engine.name}`);
    await pushSales(server, t, [
      { id: 's1', completedAt: '2026-11-26T10:15:00+01:00' },
      { id: 's2', completedAt: '2026-11-26T11:15:00+01:00' },
      { id: 's3', completedAt: '2026-11-27T09:00:00+01:00' },
    ]);
    const key = await makeKey(server, t.organisationId, ['read']);
    const day = await allPages(server, key, '/sales?from=2026-11-26&to=2026-11-26&limit=1');
    expect(day.map((s) => s.sale.id)).toEqual(['s1', 's2']);
    expect(day[0]).toMatchObject({ businessDay: '2026-11-26', sale: { payments: [{ method: 'cash', amountCents: 250 }], lines: [{ quantityMilli: 1000 }] } });
    expect((await allPages(server, key, `/sales?from=2026-11-01&to=2026-11-30&storeId=${t.otherStoreId}`)).length).toBe(0);
    expect(day[0].fiscalDocument).toBeNull();
    // A fiscal register's sale carries its device's document.
    const fiscal = new FiscalDay({ storeId: t.storeId, deviceId: t.till.deviceId, variantId: `${t.organisationId.replace(/-org$/, '')}-p1-v1` }, 7, '2026-11-28', '2026-11-28T10:00:00Z');
    const issued = fiscal.sell('f1', [{ vatCode: '22', quantityMilli: 1000, unitPriceCents: 500, discountCents: 0 }]);
    const [document] = fiscal.documentRecords();
    const ops = [op(4, { type: 'sale', record: issued.sale }), op(5, { type: 'fiscal-document', record: document! })];
    expect((await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops }, t.till.authorization))).status).toBe(200);
    const withDocument = await allPages(server, key, '/sales?from=2026-11-28&to=2026-11-28');
    expect(withDocument.map((s) => s.fiscalDocument)).toEqual([expect.objectContaining({ serial: SERIAL, zNumber: 7, documentNumber: 1, amountCents: issued.document.amountCents })]);
    expect((await call(server, key, 'GET', '/sales?from=2026-11-30&to=2026-11-01')).status).toBe(400);
    expect((await call(server, key, 'GET', '/sales?from=2026-02-30&to=2026-03-01')).status).toBe(400);
  });

  it('takings: each register day as the ERP export and the dashboard read it, limited to the key’s stores', async () => {
    const server = suite.server;
    const t = await seedTenant(server, `takings-${engine.name}`);
    const till = { organisationId: t.organisationId, storeId: t.storeId, deviceId: t.till.deviceId };
    await pushErpSales(server, till, [
      saleRecord(till, { id: 'k1', lines: [{ vatCode: '22', grossCents: 1_220 }, { vatCode: '4', grossCents: 520 }], at: '2026-11-20T09:15:00Z' }),
      saleRecord(till, { id: 'k2', kind: 'return', lines: [{ vatCode: '22', grossCents: 610 }], method: 'card', at: '2026-11-20T22:30:00Z' }),
      saleRecord(till, { id: 'k3', lines: [{ vatCode: '10', grossCents: 250 }], at: '2026-11-21T08:00:00Z' }),
    ]);
    const key = await makeKey(server, t.organisationId, ['read']);
    const answer = await call(server, key, 'GET', '/takings?from=2026-11-20&to=2026-11-21');
    expect(answer.status).toBe(200);
    // The one read the corrispettivi export and SAP use, as JSON.
    expect(answer.body.data).toEqual(JSON.parse(JSON.stringify(await readDayTakings(server.storage, t.organisationId, { from: '2026-11-20', to: '2026-11-21', storeIds: null }))));
    expect(answer.body.data.map((d: any) => [d.businessDay, d.net.documents, d.net.grossCents])).toEqual([
      ['2026-11-20', 2, 1_130],
      ['2026-11-21', 1, 250],
    ]);
    const dashboard = await server.storage.headOffice.dashboard(t.organisationId, { from: '2026-11-20', to: '2026-11-20', storeIds: [t.storeId] });
    expect(answer.body.data[0].net.vat).toEqual(dashboard.vat.map(({ vatCode, grossCents, netCents, vatCents }) => ({ vatCode, grossCents, netCents, vatCents })));
    // A key of the other store sees none of it, and may not ask for this store.
    const other = await makeKey(server, t.organisationId, ['read'], [t.otherStoreId]);
    expect((await call(server, other, 'GET', '/takings?from=2026-11-20&to=2026-11-21')).body.data).toEqual([]);
    expect((await call(server, other, 'GET', `/takings?from=2026-11-20&to=2026-11-21&storeId=${t.storeId}`)).status).toBe(403);
    expect((await call(server, key, 'GET', '/takings?from=2026-01-01&to=2026-12-31')).status).toBe(400);
  });

  it("idempotency: a repeat answers the stored answer, another body is refused, concurrent repeats book once", async () => {
    const server = suite.server;
    const t = await seedTenant(server, `idem-${engine.name}`);
    const key = await makeKey(server, t.organisationId, ['read', 'stock-write']);
    const variantId = `${t.organisationId.replace(/-org$/, '')}-p1-v1`;
    const body = { id: 'delivery-7', reason: 'goods-received', reference: 'DDT-7', lines: [{ variantId, deltaMilli: 3000 }] };
    const path = `/stores/${t.storeId}/stock-adjustments`;
    const first = await call(server, key, 'POST', path, body, { 'Idempotency-Key': 'k-1' });
    const repeat = await call(server, key, 'POST', path, body, { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    const changed = await call(server, key, 'POST', path, { ...body, lines: [{ variantId, deltaMilli: 4000 }] }, { 'Idempotency-Key': 'k-1' });
    expect(changed.status).toBe(409);
    expect(changed.body.error?.details?.reason).toBe('idempotency-mismatch');
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => call(server, key, 'POST', path, { ...body, id: 'delivery-8' }, { 'Idempotency-Key': 'k-2' })),
    );
    for (const answer of racing) expect([201, 409]).toContain(answer.status);
    expect(racing.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    const stock = await allPages(server, key, `/stock?storeId=${t.storeId}`);
    // Booked once each: 3 + 3, whatever the race.
    expect(stock.find((r) => r.variantId === variantId)?.onHandMilli).toBe(6000);
  });

  it('idempotent answers are kept 24 hours, then the key may be used again', async () => {
    const keys = suite.server.storage.apiKeys;
    // Long before any other test's rows (claimed at the real time), so only this one can go.
    const at = new Date('2020-01-01T10:00:00Z');
    expect(await keys.claimIdempotency('key-ttl', 'k', 'hash-1', at)).toBeNull();
    await keys.storeIdempotentAnswer('key-ttl', 'k', 201, '{"ok":true}');
    expect(await keys.claimIdempotency('key-ttl', 'k', 'hash-1', at)).toEqual({ requestHash: 'hash-1', status: 201, response: '{"ok":true}' });
    // The server purges what was claimed before now − 24 h: an hour later, this answer stays.
    const purgeAt = (now: Date) => keys.purgeIdempotency(new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    expect(await purgeAt(new Date(at.getTime() + 3_600_000))).toBe(0);
    expect(await purgeAt(new Date(at.getTime() + IDEMPOTENCY_TTL_MS + 1))).toBe(1);
    expect(await keys.claimIdempotency('key-ttl', 'k', 'hash-2', at)).toBeNull();
    // A request that failed before answering leaves the key free for a retry.
    await keys.releaseIdempotency('key-ttl', 'k');
    expect(await keys.claimIdempotency('key-ttl', 'k', 'hash-3', at)).toBeNull();
  });

  it("another organisation's ids: refused or empty, never its data", async () => {
    const server = suite.server;
    const mine = await seedTenant(server, `mine-${engine.name}`);
    const theirs = await seedTenant(server, `theirs-${engine.name}`);
    const key = await makeKey(server, mine.organisationId, ['read', 'catalogue-write', 'stock-write']);
    const theirVariant = `${theirs.organisationId.replace(/-org$/, '')}-p1-v1`;
    await pushSales(server, theirs, [{ id: 'theirs-1', completedAt: '2026-11-26T10:15:00+01:00' }]);
    expect((await allPages(server, key, `/stock?storeId=${theirs.storeId}`)).length).toBe(0);
    expect((await allPages(server, key, `/sales?from=2026-11-01&to=2026-11-30&storeId=${theirs.storeId}`)).length).toBe(0);
    const products = await allPages(server, key, '/products');
    expect(products.some((p) => p.id.startsWith(theirs.organisationId.replace(/-org$/, '')))).toBe(false);
    expect((await call(server, key, 'POST', `/stores/${theirs.storeId}/stock-adjustments`, { id: 'x', reason: 'adjustment', lines: [{ variantId: theirVariant, deltaMilli: 1 }] })).status).toBe(404);
    expect((await call(server, key, 'POST', `/stores/${mine.storeId}/stock-adjustments`, { id: 'y', reason: 'adjustment', lines: [{ variantId: theirVariant, deltaMilli: 1 }] })).status).toBe(404);
    expect((await call(server, key, 'PUT', `/stores/${theirs.storeId}/prices/${theirVariant}`, { priceCents: 100 })).status).toBe(404);
  });
});
