import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, customer, engines, jsonRequest, op, product, sale, seedTenant, sqliteEngine, versions, withServer } from '../test/fixtures';

interface ErrorBody {
  ok: false;
  error: { code: string; message: string; details?: unknown };
}

async function errorOf(res: Response): Promise<ErrorBody['error']> {
  const body = (await res.json()) as ErrorBody;
  expect(body.ok).toBe(false);
  return body.error;
}

const adminAuth = `Bearer ${ADMIN_TOKEN}`;

describe('sync server HTTP', () => {
  it('answers /healthz and serves an OpenAPI document built from the schemas', async () => {
    await withServer(sqliteEngine, async (server) => {
      const health = await server.app.request('/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, data: { status: 'ok', engine: 'sqlite', protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } });
      expect(health.headers.get('cassa-protocol-version')).toBe(String(PROTOCOL_VERSION));
      const doc = (await (await server.app.request('/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/pair', '/v1/push', '/v1/pull', '/v1/events', '/healthz']));
      expect(JSON.stringify(doc.paths['/v1/push']?.post?.requestBody)).toContain('opId');
    });
  });

  it('pushes and pulls over HTTP with a device token', async () => {
    await withServer(sqliteEngine, async (server) => {
      const t = await seedTenant(server);
      const pushed = await server.app.request(
        '/v1/push',
        jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops: [op(1, sale({ id: 's1', storeId: t.storeId, deviceId: t.till.deviceId, variantId: 'acme-p1-v1' }))] }, t.till.authorization),
      );
      expect(pushed.status).toBe(200);
      expect(await pushed.json()).toMatchObject({ ok: true, data: { highWaterMark: 1, results: [{ seq: 1, status: 'applied' }] } });
      const pulled = await server.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'catalogue', cursor: null }, t.till.authorization));
      expect(pulled.status).toBe(200);
      expect(await pulled.json()).toMatchObject({ ok: true, data: { kind: 'changes', snapshot: true, hasMore: false } });
      const me = await server.app.request('/v1/device', { headers: { authorization: t.till.authorization } });
      expect(await me.json()).toMatchObject({ ok: true, data: { deviceId: t.till.deviceId, storeId: t.storeId, highWaterMark: 1 } });
      const daily = await server.app.request(`/v1/admin/organisations/${t.organisationId}/sales/daily?from=2026-11-01&to=2026-11-30`, { headers: { authorization: adminAuth } });
      expect(await daily.json()).toMatchObject({ ok: true, data: [{ storeId: t.storeId, businessDay: '2026-11-26', salesCount: 1, totalCents: 250 }] });
    });
  });

  it('a pairing code works once', async () => {
    await withServer(sqliteEngine, async (server) => {
      const org = await server.admin.createOrganisation({ id: 'o', name: 'O' });
      await server.admin.upsertStore(org.id, { id: 's', name: 'S', addressLines: [], vatNumber: '' });
      const res = await server.app.request('/v1/admin/organisations/o/stores/s/pairing-codes', jsonRequest('POST', { ttlMinutes: 10 }, adminAuth));
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: { code: string } };
      const pair = () => server.app.request('/v1/pair', jsonRequest('POST', { ...versions, code: data.code.toLowerCase(), deviceName: 'Cassa' }));
      expect((await pair()).status).toBe(200);
      const again = await pair();
      expect(again.status).toBe(401);
      expect((await errorOf(again)).code).toBe('NOT_AUTHENTICATED');
      const unknownStore = await server.app.request('/v1/admin/organisations/o/stores/nope/pairing-codes', jsonRequest('POST', {}, adminAuth));
      expect(unknownStore.status).toBe(404);
    });
  });

  it('an expired pairing code is refused', async () => {
    let now = new Date('2026-11-26T10:00:00Z');
    await withServer(
      sqliteEngine,
      async (server) => {
        const org = await server.admin.createOrganisation({ id: 'o', name: 'O' });
        await server.admin.upsertStore(org.id, { id: 's', name: 'S', addressLines: [], vatNumber: '' });
        const { code } = await server.admin.createPairingCode('o', 's', { ttlMinutes: 5 });
        now = new Date('2026-11-26T10:06:00Z');
        const res = await server.app.request('/v1/pair', jsonRequest('POST', { ...versions, code, deviceName: 'Cassa' }));
        expect(res.status).toBe(401);
      },
      { now: () => now },
    );
  });

  describe('versions', () => {
    it('answers SYNC_VERSION_MISMATCH with both versions to an older or newer till', async () => {
      await withServer(sqliteEngine, async (server) => {
        const t = await seedTenant(server);
        const newer = await server.app.request(
          '/v1/push',
          jsonRequest('POST', { protocolVersion: PROTOCOL_VERSION + 1, schemaVersion: 1, deviceId: t.till.deviceId, ops: 'whatever v2 sends' }, t.till.authorization),
        );
        expect(newer.status).toBe(426);
        const error = await errorOf(newer);
        expect(error.code).toBe('SYNC_VERSION_MISMATCH');
        expect(error.details).toEqual({
          serverProtocolVersion: PROTOCOL_VERSION,
          serverSchemaVersion: SCHEMA_VERSION,
          serverMinSchemaVersion: 1,
          clientProtocolVersion: PROTOCOL_VERSION + 1,
          clientSchemaVersion: 1,
          upgrade: 'server',
        });
        const older = await server.app.request('/v1/pull', jsonRequest('POST', { protocolVersion: 0, schemaVersion: 0, stream: 'catalogue', cursor: null }, t.till.authorization));
        expect(older.status).toBe(426);
        expect((await errorOf(older)).details).toMatchObject({ clientProtocolVersion: 0, upgrade: 'client' });
        const missing = await server.app.request('/v1/pull', jsonRequest('POST', { stream: 'catalogue', cursor: null }, t.till.authorization));
        expect(missing.status).toBe(426);
        const events = await server.app.request('/v1/events?protocolVersion=9&schemaVersion=1', { headers: { authorization: t.till.authorization } });
        expect(events.status).toBe(426);
      });
    });
  });

  describe.each(engines)('security on $name', (engine) => {
    it('refuses requests without a token, with a bad token or with a revoked token', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const body = { ...versions, stream: 'catalogue', cursor: null };
        for (const authorization of [undefined, 'Bearer nope', 'Basic abc', `Bearer ${t.till.deviceToken}x`]) {
          const res = await server.app.request('/v1/pull', jsonRequest('POST', body, authorization));
          expect(res.status).toBe(401);
          expect((await errorOf(res)).code).toBe('NOT_AUTHENTICATED');
        }
        expect((await server.app.request('/v1/pull', jsonRequest('POST', body, t.till.authorization))).status).toBe(200);
        const revoke = await server.app.request(`/v1/admin/organisations/${t.organisationId}/devices/${t.till.deviceId}`, { method: 'DELETE', headers: { authorization: adminAuth } });
        expect(revoke.status).toBe(200);
        expect((await server.app.request('/v1/pull', jsonRequest('POST', body, t.till.authorization))).status).toBe(401);
        expect((await server.app.request('/v1/events?protocolVersion=1&schemaVersion=1', { headers: { authorization: t.till.authorization } })).status).toBe(401);
      });
    });

    it("never lets a device write as another device, store or organisation", async () => {
      await withServer(engine, async (server) => {
        const a = await seedTenant(server, 'a');
        const b = await seedTenant(server, 'b');
        // a's token with b's device id: refused outright.
        const asOther = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: b.till.deviceId, ops: [op(1, customer('c1'))] }, a.till.authorization));
        expect(asOther.status).toBe(403);
        expect((await errorOf(asOther)).code).toBe('NOT_AUTHORISED');
        // a's own device id, but a sale claiming b's organisation store: stored under a's store, flagged.
        const claim = await server.app.request(
          '/v1/push',
          jsonRequest('POST', { ...versions, deviceId: a.till.deviceId, ops: [op(1, sale({ id: 'x', storeId: b.storeId, deviceId: b.till.deviceId, variantId: 'a-p1-v1' }))] }, a.till.authorization),
        );
        expect(await claim.json()).toMatchObject({ data: { results: [{ status: 'flagged', problems: [`store-mismatch:${b.storeId}`, `device-mismatch:${b.till.deviceId}`] }] } });
        expect(await server.admin.dailySalesTotals(b.organisationId, { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
        expect((await server.admin.dailySalesTotals(a.organisationId, { from: '2026-01-01', to: '2026-12-31' }))[0]?.storeId).toBe(a.storeId);
        // Head office cannot put a price on another organisation's store through its own.
        const crossPrice = await server.app.request(
          `/v1/admin/organisations/${a.organisationId}/changes`,
          jsonRequest('POST', { changes: [{ entity: 'store-price', data: { storeId: b.storeId, variantId: 'b-p1-v1', priceCents: 1 } }] }, adminAuth),
        );
        expect(crossPrice.status).toBe(404);
        // A pulled cursor from one organisation shows nothing of another when replayed by it.
        const pulled = (await (await server.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'catalogue', cursor: null }, b.till.authorization))).json()) as {
          data: { changes: { key: string }[] };
        };
        expect(pulled.data.changes.map((c) => c.key).sort()).toEqual(['b-p1', 'b-p2']);
      });
    });
  });

  it('closes the admin routes without the admin token, or when none is configured', async () => {
    await withServer(sqliteEngine, async (server) => {
      const t = await seedTenant(server);
      for (const authorization of [undefined, t.till.authorization, 'Bearer wrong']) {
        const res = await server.app.request('/v1/admin/organisations', jsonRequest('POST', { name: 'X' }, authorization));
        expect(res.status).toBe(401);
      }
    });
    await withServer(
      sqliteEngine,
      async (server) => {
        const res = await server.app.request('/v1/admin/organisations', jsonRequest('POST', { name: 'X' }, 'Bearer '));
        expect(res.status).toBe(401);
      },
      { adminToken: '' },
    );
  });

  it('answers 413 to an oversized body and 400 to malformed ones, never 5xx', async () => {
    await withServer(
      sqliteEngine,
      async (server) => {
        const t = await seedTenant(server);
        const big = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, padding: 'x'.repeat(5_000) }, t.till.authorization));
        expect(big.status).toBe(413);
        expect((await errorOf(big)).code).toBe('PAYLOAD_TOO_LARGE');
        // Without content-length the limit is enforced while reading the stream.
        const chunked = await server.app.request('/v1/push', {
          method: 'POST',
          headers: { authorization: t.till.authorization, 'content-type': 'application/json' },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('x'.repeat(5_000)));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
        expect(chunked.status).toBe(413);
        const malformed = ['{"protocolVersion": 1,', '', 'null', '[]', '"text"', '{"protocolVersion":1,"schemaVersion":1,"deviceId":"x","ops":[{"seq":-1}]}'];
        for (const body of malformed) {
          const res = await server.app.request('/v1/push', jsonRequest('POST', body, t.till.authorization));
          expect(res.status, body).toBe(400);
          expect((await errorOf(res)).code).toBe('VALIDATION');
        }
        const badQuery = await server.app.request(`/v1/admin/organisations/${t.organisationId}/sales/daily?from=yesterday`, { headers: { authorization: adminAuth } });
        expect(badQuery.status).toBe(400);
        const badStream = await server.app.request(`/v1/admin/organisations/${t.organisationId}/streams/nope/purge-tombstones`, jsonRequest('POST', { upToChange: 1 }, adminAuth));
        expect(badStream.status).toBe(400);
        const unknown = await server.app.request('/v1/nope');
        expect(unknown.status).toBe(404);
        const badProduct = await server.app.request(
          `/v1/admin/organisations/${t.organisationId}/changes`,
          jsonRequest('POST', { changes: [{ entity: 'product', data: { ...product('p'), variants: [] } }] }, adminAuth),
        );
        expect(badProduct.status).toBe(400);
      },
      { maxBodyBytes: 4_096 },
    );
  });

  it('answers SYNC_OUT_OF_ORDER with the expected seq over HTTP', async () => {
    await withServer(sqliteEngine, async (server) => {
      const t = await seedTenant(server);
      const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops: [op(2, customer('c2'))] }, t.till.authorization));
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toMatchObject({ code: 'SYNC_OUT_OF_ORDER', details: { expectedSeq: 1, receivedSeq: 2, highWaterMark: 0 } });
    });
  });
});
