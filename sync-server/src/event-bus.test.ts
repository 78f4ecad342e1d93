import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, pairTill, postgresEngine, product, sale, versions } from '../test/fixtures';
import type { EngineDatabase } from '../test/fixtures';
import { browser, setUp } from '../test/head-office-browser';
import { until } from '../../test-support/until';
import { fitPayload } from './event-bus';
import { createSyncServer } from './index';
import type { SyncServer } from './index';

/** Reads a server-sent event stream as it arrives. */
function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ended = true;
  })().catch(() => {
    ended = true;
  });
  return {
    text: () => text,
    ended: () => ended,
    waitFor: (fragment: string) => until(() => text, (t) => t.includes(fragment), 10_000),
    async close() {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

describe('event bus', () => {
  it('sends a change touching many stores as "these streams, every store" when it would not fit a NOTIFY', () => {
    const touched = Array.from({ length: 400 }, (_, i) => ({ stream: 'prices' as const, storeId: `store-${i}` }));
    const payload = JSON.parse(fitPayload('me', { kind: 'changes', organisationId: 'org', touched })) as { message: { touched: unknown[] } };
    expect(payload.message.touched).toEqual([{ stream: 'prices', storeId: null }]);
    const small = JSON.parse(fitPayload('me', { kind: 'changes', organisationId: 'org', touched: touched.slice(0, 2) })) as { message: { touched: unknown[] } };
    expect(small.message.touched).toHaveLength(2);
  });
});

describe('two server processes on one PostgreSQL database', () => {
  let database: EngineDatabase | null = null;
  const servers: SyncServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await database?.cleanup();
    database = null;
  });

  async function twoServers(headOffice: { loginAttemptsPerWindow?: number } = {}): Promise<[SyncServer, SyncServer]> {
    database = await postgresEngine.database();
    for (let i = 0; i < 2; i++) {
      servers.push(await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, headOffice: { webRoot: false, ...headOffice }, log: () => undefined }));
    }
    return [servers[0]!, servers[1]!];
  }

  const query = `protocolVersion=${versions.protocolVersion}&schemaVersion=${versions.schemaVersion}`;

  /** A till paired through `a` whose event stream is open on `b` (hello received). */
  async function tillListeningAcross(a: SyncServer, b: SyncServer) {
    const org = (await a.admin.createOrganisation({ id: 'org', name: 'Org' })).id;
    await a.admin.upsertStore(org, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    const till = await pairTill(a, org, 'milano');
    const listen = async () => {
      const events = eventReader(await b.app.request(`/v1/events?${query}`, { headers: { authorization: till.authorization } }));
      await events.waitFor('event: hello');
      return events;
    };
    return { org, till, events: await listen(), listen };
  }

  it('a till listening on one hears of head-office changes and of its revocation made through the other', async () => {
    const [a, b] = await twoServers();
    const { org, till, events } = await tillListeningAcross(a, b);
    await until(() => b.notifier.listeners, (n) => n === 1);
    await a.admin.upsertProducts(org, [product('p1')]);
    await events.waitFor('"streams":["catalogue"]');
    await a.admin.revokeDevice(org, till.deviceId);
    await until(() => events.ended(), (ended) => ended, 10_000);
    expect(b.notifier.listeners).toBe(0);
  });

  it('a dashboard open on one sees a sale pushed to the other', async () => {
    const [a, b] = await twoServers();
    const anna = await setUp(b);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const org = (await b.storage.headOffice.findUserByEmail('anna@example.it'))!.organisationId;
    const till = await pairTill(a, org, store.id);
    const dashboard = eventReader(await b.app.request('/api/ho/events', { headers: { cookie: `cassa_ho=${anna.jar.get('cassa_ho')}` } }));
    await dashboard.waitFor('event: hello');
    await a.service.push(
      { organisationId: org, storeId: store.id, deviceId: till.deviceId },
      { ...versions, deviceId: till.deviceId, ops: [{ seq: 1, opId: 'o1', record: sale({ id: 's1', storeId: store.id, deviceId: till.deviceId, variantId: 'v' }) }] },
    );
    await dashboard.waitFor('event: sale');
    expect(dashboard.text()).toContain(`"storeId":"${store.id}"`);
    await dashboard.close();
  });

  it('counts sign-in attempts from one address across both processes', async () => {
    const [a, b] = await twoServers({ loginAttemptsPerWindow: 4 });
    await setUp(a);
    const onA = browser(a);
    const onB = browser(b);
    await onA.get('/api/ho/session');
    await onB.get('/api/ho/session');
    for (let i = 0; i < 4; i++) expect((await (i % 2 === 0 ? onA : onB).post('/api/ho/login', { email: `nobody${i}@example.it`, password: 'guess' })).status).toBe(401);
    expect((await onB.post('/api/ho/login', { email: 'nobody@example.it', password: 'guess' })).json.error?.code).toBe('RATE_LIMITED');
  });

  it('a lost listening connection comes back, and ends open streams so their clients read afresh', async () => {
    const [a, b] = await twoServers();
    const { org, events: first, listen } = await tillListeningAcross(a, b);
    // The database drops every listening connection (a failover, an idle-session killer).
    const admin = new pg.Client({ connectionString: database!.options.databaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query LIKE 'LISTEN%' OR query LIKE 'SELECT pg_notify%')`);
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.end();
    }
    await until(() => first.ended(), (ended) => ended, 10_000);
    const second = await listen();
    await until(() => b.notifier.listeners, (n) => n === 1);
    await a.admin.upsertProducts(org, [product('p2')]);
    await second.waitFor('"streams":["catalogue"]');
    await second.close();
  });
});
