import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient } from './sync-client';
import { MemorySyncStore } from './testing/memory-sync-store';
import { startPairedServer } from './testing/paired-server';
import type { PairedServer } from './testing/paired-server';
import { customer, product } from './testing/sync-records';

describe('a long pull lets sales go up while it runs', () => {
  let paired: PairedServer;
  beforeEach(async () => {
    paired = await startPairedServer({ products: Array.from({ length: 1_500 }, (_, i) => product(`p${String(i).padStart(4, '0')}`)) });
  });
  afterEach(() => paired.close());

  it('pushes a sale made during a first pull within about a second, then finishes the pull from where it stopped', async () => {
    const store = new MemorySyncStore();
    const log: { kind: 'push' | 'pull'; at: number }[] = [];
    // A slow link: every catalogue page takes 40 ms, so the first pull of 1,500 products in pages
    // of 25 takes a few seconds.
    const slow: typeof fetch = async (input, init) => {
      const url = String(input);
      const kind = url.endsWith('/v1/push') ? 'push' : url.endsWith('/v1/pull') ? 'pull' : null;
      if (kind === 'pull') await new Promise((r) => setTimeout(r, 40));
      const response = await fetch(input, init);
      if (kind) log.push({ kind, at: Date.now() });
      return response;
    };
    const client = createSyncClient({ serverUrl: paired.baseUrl, deviceToken: paired.till.deviceToken, deviceId: paired.till.deviceId, store, events: false, fetch: slow, pullPageSize: 25, streams: ['catalogue'] });
    const round = client.syncNow();
    while (store.keys('catalogue').length === 0) await new Promise((r) => setTimeout(r, 5));
    const soldAt = Date.now();
    store.add(customer('sold-during-the-pull'));
    client.nudge();
    await round;
    while (store.pendingOps(1).length > 0 || store.keys('catalogue').length < 1_500) await client.syncNow();
    await client.stop();

    const firstPush = log.find((r) => r.kind === 'push' && r.at >= soldAt);
    const lastPull = log.filter((r) => r.kind === 'pull').at(-1)!;
    expect(firstPush).toBeDefined();
    // Pushed while the pull still had pages to go, not after it.
    expect(firstPush!.at).toBeLessThan(lastPull.at);
    expect(firstPush!.at - soldAt).toBeLessThan(2_500);
    expect(store.keys('catalogue')).toHaveLength(1_500);
    expect(await paired.highWaterMark()).toBe(1);
  });
});
