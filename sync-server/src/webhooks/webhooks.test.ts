/**
 * Webhooks end to end on both engines (issue 19): a till's push, head office's catalogue writes, stock transfers
 * and their events in the outbox of the same transaction; delivery to the receiver emulator,
 * which checks signatures and timestamps by the spec and dedupes by id; retries over more than a
 * day on 5xx, timeouts and dropped connections (a fake clock, the worker driven by `runOnce()`);
 * order per resource across retries; at least once when a worker dies holding a lease; manual
 * redelivery under the same id; an endpoint disabled after five days of failures and re-enabled;
 * another organisation's endpoint ids; private addresses refused.
 */
import { randomBytes } from 'node:crypto';
import { createCredentialsVault } from '../channels/credentials-vault';
import { webhookSecretBox } from './webhook-secret-box';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '@cassa/sync-server/channel-emulators';
import type { RunningWebhookReceiver } from '@cassa/sync-server/channel-emulators';
import { engines, op, product, sale, seedTenant, serverPerTest, stockMovement } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { refusal, testOrganisation } from '../../test/head-office-world';
import { createSyncServer } from '../index';
import { createWebhooksService } from '../head-office/services/webhooks';
import { openSqlStorage } from '../storage/sql-storage';
import { openDatabase } from '../storage/open-storage';
import type { SqlDatabase, SqlExecutor } from '../storage/sql-database';
import { createWebhookSender } from './webhook-sender';
import { createWebhookWorker } from './webhook-worker';

const HOUR = 3600_000;

const box = webhookSecretBox(createCredentialsVault(`k1:${randomBytes(32).toString('base64')}`));

describe.each(engines)('webhooks on $name', (engine: Engine) => {
  let clock = new Date('2026-12-04T10:00:00Z');
  const now = () => clock;
  const start = serverPerTest(engine, { now, webhooks: { worker: false }, channels: false });
  let receiver: RunningWebhookReceiver | null = null;
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
  });

  async function world(eventTypes: ('sale.completed' | 'sale.returned' | 'stock.changed' | 'product.changed' | 'day.closed')[] = ['sale.completed', 'sale.returned', 'stock.changed', 'product.changed', 'day.closed']) {
    clock = new Date('2026-12-04T10:00:00Z');
    const server = await start();
    const tenant = await seedTenant(server);
    const org = await testOrganisation(server, 'Other');
    const owner = { organisationId: tenant.organisationId, id: 'acme-owner', email: 'o@acme.example.it', name: 'Owner', passwordHash: 'unused', role: 'owner' as const, storeIds: [] };
    await server.storage.headOffice.createUser(owner, clock);
    const user = { ...owner, failedLogins: 0, lockedUntil: null };
    const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 1_500 });
    // Sealed under a server key, as head office with CASSA_CHANNEL_KEYS keeps them.
    const service = createWebhooksService({ storage: server.storage, now, sender, allowPrivate: true, box });
    const created = await service.create(user, { url: 'http://127.0.0.1:1/placeholder', description: 'ERP', eventTypes });
    receiver = await startWebhookReceiver({ secrets: [created.secret], now });
    await service.update(user, { endpointId: created.endpoint.id, url: receiver.url });
    const worker = (id: string) => createWebhookWorker({ storage: server.storage.webhooks, sender, box, now, workerId: id });
    const principal = { organisationId: tenant.organisationId, storeId: tenant.storeId, deviceId: tenant.till.deviceId };
    return { server, tenant, other: org, user, service, endpointId: created.endpoint.id, secret: created.secret, receiver, worker, principal };
  }

  const types = (r: RunningWebhookReceiver) => r.received.map((m) => m.type);
  const bodyOf = (r: RunningWebhookReceiver, i: number) => JSON.parse(r.received[i]!.body) as { id: string; type: string; data: Record<string, unknown> };

  it('a push’s sale, return, stock and closed day reach the endpoint signed, with amounts in cents and a version', async () => {
    const w = await world();
    const { deviceId } = w.principal;
    const results = await w.server.storage.applyPushOps(
      w.principal,
      [
        op(1, sale({ id: 's1', storeId: w.tenant.storeId, deviceId, variantId: 'acme-p1-v1', totalCents: 1234 })),
        op(2, stockMovement({ id: 'm1', storeId: w.tenant.storeId, deviceId, variantId: 'acme-p1-v1' })),
        op(3, sale({ id: 'r1', storeId: w.tenant.storeId, deviceId, variantId: 'acme-p1-v1', totalCents: -1234, kind: 'return' })),
        op(4, {
          type: 'shift',
          record: {
            id: 'shift-1',
            storeId: w.tenant.storeId,
            deviceId,
            zNumber: 7,
            openedAt: '2026-12-04T07:00:00Z',
            openedBy: 'user-1',
            floatCents: 10_000,
            closedAt: '2026-12-04T19:00:00Z',
            closedBy: 'user-1',
            cashMovements: [],
            countedDenominations: {},
            countedCashCents: 10_000,
            expectedCashCents: 10_000,
            varianceCents: 0,
            salesCount: 2,
            salesTotalCents: 0,
          },
        }),
      ],
      clock,
    );
    expect(results.map((r) => r.status)).not.toContain('duplicate');
    expect(await w.worker('w1').runOnce()).toEqual({ attempted: 4, delivered: 4, failed: 0 });
    expect(types(w.receiver)).toEqual(['sale.completed', 'sale.returned', 'day.closed', 'stock.changed']);
    expect(bodyOf(w.receiver, 2).data).toMatchObject({ shiftId: 'shift-1', zNumber: 7, salesCount: 2, countedCashCents: 10_000 });
    expect(bodyOf(w.receiver, 0).data).toMatchObject({ saleId: 's1', storeId: w.tenant.storeId, kind: 'sale', totalCents: 1234 });
    expect(bodyOf(w.receiver, 3).data).toMatchObject({ variantId: 'acme-p1-v1', onHandMilli: -1000 });
    const versions = w.receiver.received.map((_, i) => bodyOf(w.receiver, i).data['version'] as number);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    // The body's id is the webhook-id header.
    expect(w.receiver.received.map((m) => m.id)).toEqual(w.receiver.received.map((_, i) => bodyOf(w.receiver, i).id));
    // The same ops pushed again make no new event.
    await w.server.storage.applyPushOps(w.principal, [op(1, sale({ id: 's1', storeId: w.tenant.storeId, deviceId, variantId: 'acme-p1-v1', totalCents: 1234 }))], clock);
    expect(await w.worker('w1').runOnce()).toEqual({ attempted: 0, delivered: 0, failed: 0 });
  });

  it('a transfer between stores tells the stock of both, each leg in its own transaction', async () => {
    const w = await world(['stock.changed']);
    const { storeId, otherStoreId } = w.tenant;
    const sent = await w.server.storage.stockTransfers.create({ organisationId: w.tenant.organisationId, id: 'tr-1', userId: 'acme-owner', now: clock, fromStoreId: storeId, toStoreId: otherStoreId, note: '', lines: [{ variantId: 'acme-p1-v1', quantityMilli: 2000 }] });
    await w.server.storage.stockTransfers.close(w.tenant.organisationId, sent.id, 'receive', 'acme-owner', clock);
    expect(await w.worker('w1').runOnce()).toEqual({ attempted: 2, delivered: 2, failed: 0 });
    expect(w.receiver.received.map((m) => (JSON.parse(m.body) as { data: object }).data)).toMatchObject([
      { storeId, variantId: 'acme-p1-v1', onHandMilli: -2000 },
      { storeId: otherStoreId, variantId: 'acme-p1-v1', onHandMilli: 2000 },
    ]);
  });

  it('retries through 5xx storms, timeouts and dropped connections for over a day, keeping the id', async () => {
    const w = await world(['product.changed']);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p1', ['acme-p1-v1', 'acme-p1-v2'])]);
    w.receiver.fault({ kind: 'status', count: 4, status: 503 });
    w.receiver.fault({ kind: 'drop', count: 1 });
    w.receiver.fault({ kind: 'slow', count: 1, delayMs: 2_500 });
    const worker = w.worker('w1');
    const rounds: number[] = [];
    for (let i = 0; i < 7; i++) {
      const round = await worker.runOnce();
      rounds.push(round.delivered);
      // Nothing is due before its time.
      expect((await worker.runOnce()).attempted).toBe(0);
      clock = new Date(clock.getTime() + 14 * HOUR);
    }
    expect(rounds).toEqual([0, 0, 0, 0, 0, 0, 1]);
    const ids = new Set(w.receiver.requests.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(w.receiver.received).toHaveLength(1);
    const log = await w.service.deliveries(w.user, w.endpointId, 0, 50);
    expect(log.total).toBe(7);
    expect(log.rows.map((r) => r.status)).toEqual([204, null, null, 503, 503, 503, 503]);
    expect(log.rows[1]!.excerpt).toMatch(/timeout/);
    const [endpoint] = await w.service.list(w.user);
    expect(endpoint).toMatchObject({ status: 'active', failingSince: null, pending: 0 });
  });

  it('keeps one resource’s events in order across retries, while others go ahead', async () => {
    const w = await world(['product.changed']);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p1', ['acme-p1-v1'])]);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p1', ['acme-p1-v1', 'acme-p1-v9'])]);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p2')]);
    w.receiver.fault({ kind: 'status', count: 1, status: 500 });
    const worker = w.worker('w1');
    // The first p1 event fails; the second waits behind it; p2 is delivered.
    expect(await worker.runOnce()).toEqual({ attempted: 2, delivered: 1, failed: 1 });
    // The failed one is due again in 5 s, not before.
    const waiting = await w.server.storage.webhooks.deliveries(w.tenant.organisationId, w.endpointId);
    expect(waiting.filter((d) => d.state === 'pending').map((d) => [d.attempts, d.nextAt])).toEqual([
      [1, new Date(clock.getTime() + 5_000).toISOString()],
      [0, clock.toISOString()],
    ]);
    clock = new Date(clock.getTime() + 4_999);
    expect((await worker.runOnce()).attempted).toBe(0);
    clock = new Date(clock.getTime() + 1);
    expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    const p1 = w.receiver.received.map((m) => JSON.parse(m.body) as { data: { productId: string; variantIds: string[] } }).filter((b) => b.data.productId === 'acme-p1');
    expect(p1.map((b) => b.data.variantIds)).toEqual([['acme-p1-v1'], ['acme-p1-v1', 'acme-p1-v9']]);
  });

  it('delivers at least once when a worker dies holding the lease, and redelivery keeps the id', async () => {
    const w = await world(['product.changed']);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p1')]);
    // A worker claims and dies before sending.
    const taken = await w.server.storage.webhooks.claim('dead-worker', clock, 60_000, 10);
    expect(taken).toHaveLength(1);
    const live = w.worker('w2');
    expect((await live.runOnce()).attempted).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect(await live.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    // The dead worker's late settle changes nothing.
    expect(await w.server.storage.webhooks.settle(taken[0]!, 'dead-worker', { ok: false, status: 500, durationMs: 1, excerpt: 'late' }, clock, new Date(0), clock)).toBe(false);
    const eventId = w.receiver.received[0]!.id;
    await w.service.redeliver(w.user, w.endpointId, eventId);
    expect(await live.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(w.receiver.requests.map((r) => [r.id, r.outcome])).toEqual([
      [eventId, 'accepted'],
      [eventId, 'duplicate'],
    ]);
    expect(await refusal(w.service.redeliver(w.user, w.endpointId, 'msg_unknown'))).toMatchObject({ code: 'NOT_FOUND' });
    // Thirty days on, the delivered event and its log are pruned; a new event still flows.
    clock = new Date(clock.getTime() + 31 * 24 * HOUR);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p2')]);
    expect(await w.worker('w3').runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect((await w.server.storage.webhooks.deliveries(w.tenant.organisationId, w.endpointId)).map((d) => d.state)).toEqual(['delivered']);
    expect((await w.service.deliveries(w.user, w.endpointId, 0, 10)).total).toBe(1);
  });

  it('disables an endpoint failing for five days, says so, and re-enabling delivers what waited', async () => {
    const w = await world(['product.changed']);
    await w.server.admin.upsertProducts(w.tenant.organisationId, [product('acme-p1')]);
    w.receiver.fault({ kind: 'status', count: 1000, status: 502 });
    const worker = w.worker('w1');
    const started = clock.getTime();
    while ((await w.service.list(w.user))[0]!.status === 'active') {
      await worker.runOnce();
      clock = new Date(clock.getTime() + 14 * HOUR);
      expect(clock.getTime() - started).toBeLessThan(7 * 24 * HOUR);
    }
    const [disabled] = await w.service.list(w.user);
    expect(disabled).toMatchObject({ status: 'disabled', pending: 1 });
    expect(Date.parse(disabled!.disabledAt!) - Date.parse(disabled!.failingSince!)).toBeGreaterThanOrEqual(5 * 24 * HOUR);
    // Disabled: nothing is tried, however long it waits.
    clock = new Date(clock.getTime() + 48 * HOUR);
    expect((await worker.runOnce()).attempted).toBe(0);
    // Pausing and resuming do not re-enable it.
    expect((await w.service.update(w.user, { endpointId: w.endpointId, paused: false })).status).toBe('disabled');
    w.receiver.setSecrets([w.secret]);
    await w.receiver.close();
    receiver = await startWebhookReceiver({ secrets: [w.secret], now });
    await w.service.update(w.user, { endpointId: w.endpointId, url: receiver.url });
    expect((await w.service.reenable(w.user, w.endpointId)).status).toBe('active');
    expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
  });

  it('another organisation’s endpoint ids are not found; private addresses are refused', async () => {
    const w = await world();
    const stranger = w.other.owner;
    const calls = [
      () => w.service.update(stranger, { endpointId: w.endpointId, description: 'x' }),
      () => w.service.remove(stranger, w.endpointId),
      () => w.service.rotateSecret(stranger, w.endpointId),
      () => w.service.test(stranger, w.endpointId),
      () => w.service.deliveries(stranger, w.endpointId, 0, 10),
      () => w.service.redeliver(stranger, w.endpointId, 'msg_x'),
      () => w.service.reenable(stranger, w.endpointId),
    ];
    for (const call of calls) expect(await refusal(call())).toMatchObject({ code: 'NOT_FOUND' });
    expect(await w.service.list(stranger)).toEqual([]);
    expect(await refusal(w.service.create(w.other.chainManager, { url: 'https://erp.example.com/hooks', description: '', eventTypes: ['day.closed'] }))).toMatchObject({ code: 'NOT_AUTHORISED' });
    const strict = createWebhooksService({ storage: w.server.storage, now, sender: createWebhookSender({ allowPrivate: false }), allowPrivate: false, box });
    for (const url of ['http://127.0.0.1:8080/hooks', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://10.1.2.3/h', 'http://localhost/h']) {
      expect(await refusal(strict.create(w.user, { url, description: '', eventTypes: ['day.closed'] }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'webhook-address-refused' } });
    }
    expect(await refusal(strict.update(w.user, { endpointId: w.endpointId, url: 'http://192.168.1.10/h' }))).toMatchObject({ code: 'VALIDATION' });
  });

  it('a rotated secret and the test send: both signatures go, the receiver with the old secret still accepts', async () => {
    const w = await world();
    const rotated = await w.service.rotateSecret(w.user, w.endpointId);
    expect(rotated.secret).not.toBe(w.secret);
    expect(rotated.endpoint.secretHint).toBe(`whsec_••••${rotated.secret.slice(-4)}`);
    expect(rotated.endpoint.previousSecretUntil).toBe(new Date(clock.getTime() + 24 * HOUR).toISOString());
    // The receiver still holds only the old secret.
    expect(await w.service.test(w.user, w.endpointId)).toMatchObject({ ok: true, status: 204 });
    expect(w.receiver.received[0]!.type).toBe('webhook.test');
    clock = new Date(clock.getTime() + 25 * HOUR);
    expect(await w.service.test(w.user, w.endpointId)).toMatchObject({ ok: false, status: 400, excerpt: 'no matching signature' });
    w.receiver.setSecrets([rotated.secret]);
    expect(await w.service.test(w.user, w.endpointId)).toMatchObject({ ok: true });
    // At rest both secrets are sealed under the server's key: a dump alone forges nothing, and a
    // row copied to another endpoint (or opened without the key) does not open.
    const row = await w.server.storage.webhooks.getEndpoint(w.tenant.organisationId, w.endpointId);
    expect(JSON.stringify(row)).not.toContain(rotated.secret.slice('whsec_'.length));
    expect(JSON.stringify(row)).not.toContain(w.secret.slice('whsec_'.length));
    expect(row?.secret).toMatch(/^sealed:k1:/);
    expect(box.open(w.tenant.organisationId, w.endpointId, row!.secret)).toBe(rotated.secret);
    expect(() => box.open(w.tenant.organisationId, 'wh-other', row!.secret)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => webhookSecretBox(createCredentialsVault(undefined)).open(w.tenant.organisationId, w.endpointId, row!.secret)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('the outbox commits with the push: a push that fails at its end leaves no event, and its retry makes exactly one', async () => {
    const database = await engine.database();
    const server = await createSyncServer({ ...database.options, now, webhooks: { worker: false }, channels: false, headOffice: false });
    // A second storage on the same database whose push fails at its very last statement, once.
    const db = openDatabase(database.options);
    let failNext = true;
    const failing = (tx: SqlExecutor): SqlExecutor => ({
      dialect: tx.dialect,
      query: (sql, params) => {
        if (failNext && sql.startsWith('UPDATE devices SET high_water_mark')) {
          failNext = false;
          return Promise.reject(new Error('connection lost at commit'));
        }
        return tx.query(sql, params);
      },
    });
    const wrapped: SqlDatabase = { dialect: db.dialect, query: (sql, params) => db.query(sql, params), exec: (sql) => db.exec(sql), close: () => db.close(), transaction: (work) => db.transaction((tx) => work(failing(tx))) };
    try {
      const tenant = await seedTenant(server);
      await server.storage.webhooks.createEndpoint({ organisationId: tenant.organisationId, id: 'wh-1', url: 'https://erp.example.com/h', description: '', eventTypes: ['sale.completed'], secret: 'whsec_AAAA' }, clock);
      const storage = await openSqlStorage(wrapped);
      const principal = { organisationId: tenant.organisationId, storeId: tenant.storeId, deviceId: tenant.till.deviceId };
      const push = () => storage.applyPushOps(principal, [op(1, sale({ id: 's9', storeId: tenant.storeId, deviceId: principal.deviceId, variantId: 'acme-p1-v1' }))], clock);
      await expect(push()).rejects.toThrow('connection lost at commit');
      expect(await db.query('SELECT id FROM webhook_events')).toEqual([]);
      expect(await db.query("SELECT id FROM sales WHERE id = 's9'")).toEqual([]);
      await push();
      expect(await db.query('SELECT type FROM webhook_events')).toEqual([{ type: 'sale.completed' }]);
      expect(await server.storage.webhooks.deliveries(tenant.organisationId, 'wh-1')).toMatchObject([{ state: 'pending', attempts: 0 }]);
    } finally {
      await db.close();
      await server.close();
      await database.cleanup();
    }
  });
});
