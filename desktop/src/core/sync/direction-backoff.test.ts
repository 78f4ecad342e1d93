import { syncStateViewSchema } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient } from './sync-client';
import type { SyncClient, SyncClientOptions } from './sync-client';
import { MemorySyncStore } from './testing/memory-sync-store';
import { startPairedServer } from './testing/paired-server';
import type { PairedServer } from './testing/paired-server';
import { customer, product } from './testing/sync-records';

const BASE_MS = 100;



async function waitFor(check: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Request {
  readonly kind: 'push' | 'pull';
  readonly at: number;
  readonly ok: boolean;
}

/** A proxy in front of the real server that answers 502 for one direction while `broken` says so. */
function faultProxy() {
  const broken = { push: false, pull: false };
  const log: Request[] = [];
  const proxyFetch: typeof fetch = async (input, init) => {
    const url = String(input);
    const kind = url.endsWith('/v1/push') ? 'push' : url.endsWith('/v1/pull') ? 'pull' : null;
    if (kind && broken[kind]) {
      log.push({ kind, at: Date.now(), ok: false });
      return new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    }
    const response = await fetch(input, init);
    if (kind) log.push({ kind, at: Date.now(), ok: response.ok });
    return response;
  };
  const requests = (kind: 'push' | 'pull', ok: boolean, since = 0) => log.filter((r) => r.kind === kind && r.ok === ok && r.at >= since);
  return { broken, log, fetch: proxyFetch, requests };
}

function gaps(requests: readonly Request[]): number[] {
  return requests.slice(1).map((r, i) => r.at - requests[i]!.at);
}

describe('pushes and pulls back off separately', () => {
  let paired: PairedServer;
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    paired = await startPairedServer({ products: [product('p1'), product('p2')] });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await paired.close();
  });

  function client(store: MemorySyncStore, extra: Partial<SyncClientOptions>): SyncClient {
    const c = createSyncClient({
      serverUrl: paired.baseUrl,
      deviceToken: paired.till.deviceToken,
      deviceId: paired.till.deviceId,
      store,
      events: false,
      backoff: { baseMs: BASE_MS, maxMs: 10_000 },
      pullIntervalMs: 3_600_000,
      ...extra,
    });
    clients.push(c);
    return c;
  }

  it('keeps pushing each sale at once while every pull fails, says the pull is failing and stays online', async () => {
    const store = new MemorySyncStore();
    const proxy = faultProxy();
    const c = client(store, { fetch: proxy.fetch });
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the first sync');

    proxy.broken.pull = true;
    const brokeAt = Date.now();
    void c.syncNow();
    // Sales keep coming while the pulls fail and their delay doubles: 50–100, 100–200, 200–400, 400–800 ms.
    const latencies: number[] = [];
    for (let i = 0; proxy.requests('pull', false, brokeAt).length < 5; i++) {
      store.add(customer(`sale-${i}`));
      const nudgedAt = Date.now();
      c.nudge();
      await waitFor(() => store.acknowledged === i + 1, `sale ${i} to be acknowledged`);
      latencies.push(Date.now() - nudgedAt);
      await sleep(40);
    }

    const failedPulls = proxy.requests('pull', false, brokeAt);
    const pullGaps = gaps(failedPulls);
    // The pulls did back off: the fourth retry waited at least 400 ms (less the timer's slack).
    expect(pullGaps[3]).toBeGreaterThanOrEqual(380);
    for (let i = 1; i < pullGaps.length; i++) expect(pullGaps[i]).toBeGreaterThanOrEqual(pullGaps[i - 1]! * 0.9);
    // The pushes did not: every sale went within a fraction of the pull's delay, none failed.
    expect(latencies.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...latencies)).toBeLessThan(300);
    expect(Math.max(...latencies)).toBeLessThan(pullGaps[3]!);
    expect(proxy.requests('push', false)).toEqual([]);
    expect((await paired.server.storage.recordCounts('org')).documents).toBe(latencies.length);
    expect(c.state()).toMatchObject({ online: true, failing: 'pull', pushError: null, pullError: { code: 'INTERNAL' }, lastErrorCode: 'INTERNAL', pending: 0 });

    // Recovery clears the error and resets the pull delay: a new failure starts from the shortest wait.
    proxy.broken.pull = false;
    await waitFor(() => c.state().failing === null, 'the pulls to recover', 5_000);
    expect(c.state()).toMatchObject({ online: true, pullError: null, lastError: null });
    proxy.broken.pull = true;
    const brokeAgainAt = Date.now();
    void c.syncNow();
    await waitFor(() => proxy.requests('pull', false, brokeAgainAt).length >= 2, 'a retry after a fresh failure');
    expect(gaps(proxy.requests('pull', false, brokeAgainAt))[0]).toBeLessThan(BASE_MS + 150);
  });

  it('keeps pulling head-office changes while every push fails, says the push is failing and stays online', async () => {
    const store = new MemorySyncStore();
    const proxy = faultProxy();
    const c = client(store, { fetch: proxy.fetch, pullIntervalMs: 100 });
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the first sync');

    proxy.broken.push = true;
    const brokeAt = Date.now();
    store.add(customer('stuck'));
    c.nudge();
    await waitFor(() => proxy.requests('push', false, brokeAt).length >= 2, 'the push to fail twice');
    await paired.server.admin.upsertProducts('org', [product('p3')]);
    const changedAt = Date.now();
    await waitFor(() => store.keys('catalogue').includes('product:p3'), 'the head-office change');
    // Pulled on the next 100 ms tick, not after the push's growing delay.
    expect(Date.now() - changedAt).toBeLessThan(400);
    // A nudge while pushes back off does not push at once: after the fourth failure the next try waits 400–800 ms.
    await waitFor(() => proxy.requests('push', false, brokeAt).length >= 4, 'the fourth failed push');
    const fourthAt = proxy.requests('push', false, brokeAt)[3]!.at;
    store.add(customer('during-backoff'));
    c.nudge();
    await sleep(150);
    expect(proxy.requests('push', false, fourthAt + 1)).toEqual([]);
    await waitFor(() => proxy.requests('push', false, brokeAt).length >= 5, 'the pushes to keep failing');

    const pushGaps = gaps(proxy.requests('push', false, brokeAt));
    expect(pushGaps[3]).toBeGreaterThanOrEqual(380);
    // The pulls kept their 100 ms rhythm the whole time the pushes backed off.
    const window = proxy.requests('pull', true, brokeAt);
    expect(window.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...gaps(window))).toBeLessThan(350);
    expect(c.state()).toMatchObject({ online: true, failing: 'push', pullError: null, pushError: { code: 'INTERNAL' }, pending: 2 });

    proxy.broken.push = false;
    await waitFor(() => store.acknowledged === 2 && c.state().failing === null, 'the push to recover', 5_000);
    expect(c.state()).toMatchObject({ online: true, pushError: null, lastError: null, pending: 0 });
    proxy.broken.push = true;
    const brokeAgainAt = Date.now();
    store.add(customer('second'));
    c.nudge();
    await waitFor(() => proxy.requests('push', false, brokeAgainAt).length >= 2, 'a retry after a fresh failure');
    expect(gaps(proxy.requests('push', false, brokeAgainAt))[0]).toBeLessThan(BASE_MS + 150);
  });

  it('shows both directions failing, and offline, when nothing reaches the server', async () => {
    const store = new MemorySyncStore();
    let down = false;
    const c = client(store, {
      fetch: async (input, init) => {
        if (down) throw new TypeError('fetch failed');
        return fetch(input, init);
      },
    });
    c.start();
    await waitFor(() => store.keys('catalogue').length === 2, 'the first sync');
    down = true;
    store.add(customer('offline'));
    await c.syncNow();
    expect(c.state()).toMatchObject({ online: false, failing: 'both', pushError: { code: 'NETWORK' }, pullError: { code: 'NETWORK' }, pending: 1 });
    // The till's screen gets the same: the view's schema takes both directions' errors as they are
    // (the link drops `lastErrorCode` when it is not a shared code, as NETWORK is not).
    expect(syncStateViewSchema.parse({ paired: true, ...c.state(), lastErrorCode: null })).toMatchObject({ failing: 'both', pushError: { code: 'NETWORK' } });
    down = false;
    await c.syncNow();
    expect(c.state()).toMatchObject({ online: true, failing: null, lastError: null, pending: 0 });
  });
});
