import { createSyncServer } from '@cassa/sync-server';
import type { SyncServer } from '@cassa/sync-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CassaError, syncStreams } from '@cassa/shared';
import { backoffDelay } from './backoff';
import { createSseParser } from './sse-parser';
import { createSyncClient } from './sync-client';
import type { SyncClient, SyncClientOptions } from './sync-client';
import type { SyncClientStore } from './sync-client-store';
import { MemorySyncStore } from './testing/memory-sync-store';
import { customer, product } from './testing/sync-records';
import { assertNothingUnsent } from './unpair-guard';

const versions = { protocolVersion: 1, schemaVersion: 1 };

/** The till's store, in memory: an outbox plus per-stream rows and cursors. */



async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sync client against a real server', () => {
  let server: SyncServer;
  let baseUrl: string;
  let closeListener: () => Promise<void>;
  let till: { deviceId: string; deviceToken: string; organisationId: string; storeId: string };
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    server = await createSyncServer({ sqlitePath: ':memory:', sseHeartbeatMs: 200 });
    const listening = await server.listen(0, '127.0.0.1');
    closeListener = listening.close;
    baseUrl = `http://127.0.0.1:${listening.port}`;
    const org = await server.admin.createOrganisation({ id: 'org', name: 'Bottega' });
    await server.admin.upsertStore(org.id, { id: 'store', name: 'Negozio', addressLines: [], vatNumber: '' });
    await server.admin.upsertProducts(org.id, [product('p1'), product('p2')]);
    const { code } = await server.admin.createPairingCode(org.id, 'store');
    const res = await fetch(`${baseUrl}/v1/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...versions, code, deviceName: 'Cassa 1' }),
    });
    const body = (await res.json()) as { data: typeof till };
    till = body.data;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await closeListener();
    await server.close();
  });

  function client(store: SyncClientStore, extra: Partial<SyncClientOptions> = {}): SyncClient {
    const c = createSyncClient({
      serverUrl: baseUrl,
      deviceToken: till.deviceToken,
      store,
      backoff: { baseMs: 20, maxMs: 200 },
      pullIntervalMs: 3_600_000,
      ...extra,
    });
    clients.push(c);
    return c;
  }

  it('pushes on nudge, pulls the catalogue on start, and reports its state', async () => {
    const store = new MemorySyncStore();
    const c = client(store);
    const states: boolean[] = [];
    c.subscribe((s) => states.push(s.online));
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2 && store.cursor('settings') !== null, 'the first pull of every stream');
    expect(store.keys('stores')).toEqual(['store:store']);
    for (const id of ['c1', 'c2', 'c3']) store.add(customer(id));
    c.nudge();
    await waitFor(() => store.acknowledged === 3, 'the push');
    expect((await server.storage.recordCounts('org')).documents).toBe(3);
    const state = c.state();
    expect(state).toMatchObject({ online: true, pending: 0, oldestPendingAt: null, lastError: null });
    expect(state.lastSyncAt).not.toBeNull();
    expect(states).toContain(true);
  });

  it('hears about head-office changes over the event channel instead of polling', async () => {
    const store = new MemorySyncStore();
    const c = client(store);
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the catalogue snapshot');
    await waitFor(() => server.notifier.listeners === 1, 'the event channel');
    await server.admin.upsertProducts('org', [product('p3')]);
    await server.admin.writeChanges('org', [{ entity: 'delete', target: 'product', key: 'p1' }]);
    await waitFor(() => store.keys('catalogue').join() === 'product:p2,product:p3', 'the announced change', 3_000);
  });

  it('keeps sales while offline and sends each exactly once when the network returns', async () => {
    const store = new MemorySyncStore();
    let offline = false;
    let dropNextResponse = false;
    const flakyFetch: typeof fetch = async (input, init) => {
      if (offline) throw new TypeError('fetch failed');
      const response = await fetch(input, init);
      // The server did the work but the answer never reached the till: it must resend safely.
      if (dropNextResponse && String(input).endsWith('/v1/push')) {
        dropNextResponse = false;
        throw new TypeError('socket hang up');
      }
      return response;
    };
    const c = client(store, { fetch: flakyFetch, events: false, deviceId: till.deviceId });
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the first sync');
    offline = true;
    for (const id of ['a', 'b']) store.add(customer(id));
    c.nudge();
    await waitFor(() => c.state().lastErrorCode === 'NETWORK', 'the failure to show');
    expect(c.state()).toMatchObject({ online: false, pending: 2 });
    expect(c.state().oldestPendingAt).not.toBeNull();
    store.add(customer('c'));
    dropNextResponse = true;
    offline = false;
    await waitFor(() => store.acknowledged === 3 && c.state().lastError === null, 'the retry after the outage');
    const counts = await server.storage.recordCounts('org');
    expect(counts).toMatchObject({ ops: 3, documents: 3 });
    expect(dropNextResponse).toBe(false);
    expect(c.state()).toMatchObject({ online: true, lastError: null, pending: 0 });
  });

  it("retries a proxy's error page and an answer outside the contract, and tells head office its version and backlog", async () => {
    // Counts its backlog, like the till's outbox: the queue length goes with each push.
    const store = Object.assign(new MemorySyncStore(), {
      pendingStats(this: MemorySyncStore) {
        return { pending: this.pendingOps(10_000).length, oldestPendingAt: null };
      },
    });
    const broken: ('proxy' | 'shape')[] = [];
    const brokenFetch: typeof fetch = async (input, init) => {
      const fault = String(input).includes('/push') ? broken.shift() : undefined;
      if (fault === 'proxy') return new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
      const response = await fetch(input, init);
      // The server did the work; the till must read a wrong shape as a broken answer and resend.
      if (fault === 'shape') return Response.json({ ok: true, data: { highWaterMark: 'all' } });
      return response;
    };
    const c = client(store, { fetch: brokenFetch, events: false, deviceId: till.deviceId, appVersion: '9.9.9', pushBatchSize: 2 });
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the first sync');
    const codes: (string | null)[] = [];
    c.subscribe((s) => codes.push(s.lastErrorCode));
    broken.push('proxy', 'shape');
    for (const id of ['a', 'b', 'c']) store.add(customer(id));
    c.nudge();
    await waitFor(() => store.acknowledged === 3 && c.state().lastError === null, 'the retries');
    expect(codes).toEqual(expect.arrayContaining(['INTERNAL', 'BAD_RESPONSE']));
    expect((await server.storage.recordCounts('org')).documents).toBe(3);
    const [register] = await server.storage.headOffice.listRegisters('org');
    // The last batch left nothing behind it.
    expect(register).toMatchObject({ appVersion: '9.9.9', queueLength: 0 });
  });

  it('closes promptly with a till listening for events', async () => {
    const store = new MemorySyncStore();
    const c = client(store);
    c.start();
    await waitFor(() => server.notifier.listeners === 1, 'the event channel');
    const started = Date.now();
    await closeListener();
    closeListener = async () => undefined;
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor(() => server.notifier.listeners === 0, 'the listener to go');
    store.add(customer('after-close'));
    c.nudge();
    await waitFor(() => c.state().lastErrorCode === 'NETWORK' && !c.state().online, 'the till to notice');
  });

  it('loses its event stream the moment head office revokes it', async () => {
    const store = new MemorySyncStore();
    const c = client(store);
    c.start();
    await waitFor(() => server.notifier.listeners === 1, 'the event channel');
    await server.admin.revokeDevice('org', till.deviceId);
    await waitFor(() => server.notifier.listeners === 0, 'the stream to end');
    store.add(customer('late'));
    c.nudge();
    await waitFor(() => c.state().lastErrorCode === 'NOT_AUTHENTICATED', 'the refusal');
    expect(store.acknowledged).toBe(0);
  });

  it('reloads a stream when the server answers reset', async () => {
    const store = new MemorySyncStore();
    const c = client(store, { events: false });
    await c.syncNow();
    expect(store.keys('catalogue')).toEqual(['product:p1', 'product:p2']);
    await server.admin.writeChanges('org', [{ entity: 'delete', target: 'product', key: 'p1' }]);
    const { head } = await server.storage.streamPosition('org', 'catalogue');
    await server.admin.purgeTombstones('org', 'catalogue', head);
    await c.syncNow();
    expect(store.resets).toEqual(['catalogue']);
    expect(store.keys('catalogue')).toEqual(['product:p2']);
  });

  it('shows a version mismatch and a revoked token as errors, and keeps the ops', async () => {
    const store = new MemorySyncStore();
    store.add(customer('x'));
    const olderServer: typeof fetch = async () =>
      new Response(JSON.stringify({ ok: false, error: { code: 'SYNC_VERSION_MISMATCH', message: 'This till is newer than the server: update the server' } }), {
        status: 426,
        headers: { 'content-type': 'application/json' },
      });
    const mismatched = client(store, { fetch: olderServer, events: false, deviceId: till.deviceId });
    await mismatched.syncNow();
    expect(mismatched.state()).toMatchObject({ lastErrorCode: 'SYNC_VERSION_MISMATCH', online: true, pending: 1 });

    await server.admin.revokeDevice('org', till.deviceId);
    const revoked = client(store, { events: false, deviceId: till.deviceId });
    await revoked.syncNow();
    expect(revoked.state()).toMatchObject({ lastErrorCode: 'NOT_AUTHENTICATED', pending: 1 });
    expect(store.acknowledged).toBe(0);
  });

  describe('a head office that lost ops it had acknowledged (restored from a backup)', () => {
    /** The server holds this till's ops 1–4; the till's outbox holds 1–`made` and believes 1–`acknowledged` arrived. */
    async function serverBehind(made: number, acknowledged: number): Promise<MemorySyncStore> {
      const before = new MemorySyncStore();
      for (let i = 1; i <= 4; i++) before.add(customer(`c${i}`));
      const early = client(before, { events: false });
      await early.syncNow();
      await early.stop();
      expect(before.acknowledged).toBe(4);
      const store = new MemorySyncStore();
      for (let i = 1; i <= made; i++) store.add(customer(`c${i}`));
      store.acknowledge(acknowledged);
      return store;
    }

    it('asks the server what it holds when nothing is queued and sends the lost ops again, each once', async () => {
      const store = await serverBehind(10, 10);
      const c = client(store, { events: false });
      await c.syncNow();
      expect(c.state()).toMatchObject({ lastError: null, pending: 0 });
      expect(store.acknowledged).toBe(10);
      expect(await server.storage.recordCounts('org')).toMatchObject({ ops: 10, documents: 10 });
      expect(await server.storage.highWaterMark({ organisationId: 'org', storeId: 'store', deviceId: till.deviceId })).toBe(10);
      // The restored server may reuse change numbers the till's cursors already passed.
      expect([...store.resets].sort()).toEqual([...syncStreams].sort());
      expect(store.keys('catalogue')).toEqual(['product:p1', 'product:p2']);
    });

    it('answers "expected op 5" to a push of op 11 by sending 5 onwards, not by blocking', async () => {
      const store = await serverBehind(12, 10);
      const c = client(store, { events: false, pushBatchSize: 3 });
      await c.syncNow();
      expect(c.state()).toMatchObject({ lastError: null, pending: 0 });
      expect(store.acknowledged).toBe(12);
      expect(await server.storage.recordCounts('org')).toMatchObject({ ops: 12, documents: 12 });
    });

    it('says loudly when the lost ops were already pruned, keeps the rest unsent and still pulls', async () => {
      const store = await serverBehind(12, 10);
      store.prune(8);
      const c = client(store, { events: false });
      await c.syncNow();
      expect(c.state()).toMatchObject({ lastErrorCode: 'SYNC_SERVER_MISSING_RECORDS', pending: 4 });
      expect(c.state().lastError).toContain('5–8');
      expect(store.pendingOps(100).map((op) => op.seq)).toEqual([9, 10, 11, 12]);
      expect(await server.storage.recordCounts('org')).toMatchObject({ ops: 4 });
      expect(store.keys('catalogue')).toEqual(['product:p1', 'product:p2']);
      // Retrying does not reload the catalogue each time.
      await c.syncNow();
      expect(c.state().lastErrorCode).toBe('SYNC_SERVER_MISSING_RECORDS');
      expect(store.resets.filter((s) => s === 'catalogue')).toHaveLength(1);
    });
  });
});

describe('unpairing', () => {
  it('is refused while anything is unsent', () => {
    const store = new MemorySyncStore();
    expect(() => assertNothingUnsent(store)).not.toThrow();
    store.add(customer('c1'));
    expect(() => assertNothingUnsent(store)).toThrow(CassaError);
    store.acknowledge(1);
    expect(() => assertNothingUnsent(store)).not.toThrow();
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within the cap, and jitters', () => {
    const policy = { baseMs: 1_000, maxMs: 60_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(1_000);
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    for (let attempt = 1; attempt < 100; attempt++) {
      const delay = backoffDelay(attempt, policy, Math.random);
      expect(delay).toBeGreaterThanOrEqual(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) / 2 - 1);
      expect(delay).toBeLessThanOrEqual(policy.maxMs);
    }
  });
});

describe('server-sent events parser', () => {
  it('reassembles events split across chunks and ignores keep-alives', () => {
    const events: { event: string; data: string }[] = [];
    const feed = createSseParser((e) => events.push(e));
    feed('event: hel');
    feed('lo\ndata: {"a":1}\n\n: keep-alive\n\n');
    feed('event: changes\r\ndata: x\r\ndata: y\r\n\r\ndata: plain\n\n');
    expect(events).toEqual([
      { event: 'hello', data: '{"a":1}' },
      { event: 'changes', data: 'x\ny' },
      { event: 'message', data: 'plain' },
    ]);
  });
});
