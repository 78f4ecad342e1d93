import { LEGACY_MAX_PUSH_OPS, MAX_PUSH_OPS } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_BATCH_OPS } from './push-loop';
import { createSyncClient } from './sync-client';
import type { SyncClientOptions } from './sync-client';
import { MemorySyncStore } from './testing/memory-sync-store';
import { startPairedServer } from './testing/paired-server';
import type { PairedServer } from './testing/paired-server';
import { customer } from './testing/sync-records';


/** Fetch in front of the real server that logs each push's size and can play an older server. */
function pushLog(options: { olderServer: boolean }) {
  const sizes: number[] = [];
  const bytes: number[] = [];
  const logged: typeof fetch = async (input, init) => {
    const url = String(input);
    if (!url.endsWith('/v1/push')) return fetch(input, init);
    const sent = (JSON.parse(String(init?.body)) as { ops: { record: unknown }[] }).ops;
    const ops = sent.length;
    sizes.push(ops);
    bytes.push(sent.reduce((sum, op) => sum + JSON.stringify(op.record).length, 0));
    // A server from before December 2026: 500 ops at most, and its answers do not say so.
    if (options.olderServer && ops > LEGACY_MAX_PUSH_OPS) {
      return Response.json({ ok: false, error: { code: 'VALIDATION', message: 'Too big: expected array to have <=500 items' } }, { status: 400 });
    }
    const response = await fetch(input, init);
    if (!options.olderServer) return response;
    const body = (await response.json()) as { data?: Record<string, unknown> };
    delete body.data?.maxPushOps;
    return Response.json(body, { status: response.status });
  };
  return { sizes, bytes, fetch: logged };
}

describe('push batches grow only against a server that says it takes them', () => {
  let paired: PairedServer;
  beforeEach(async () => {
    paired = await startPairedServer();
  });
  afterEach(() => paired.close());

  async function pushBacklog(count: number, extra: Partial<SyncClientOptions>): Promise<MemorySyncStore> {
    const store = new MemorySyncStore();
    for (let i = 0; i < count; i++) store.add(customer(`c${i}`));
    const client = createSyncClient({ serverUrl: paired.baseUrl, deviceToken: paired.till.deviceToken, deviceId: paired.till.deviceId, store, events: false, streams: [], ...extra });
    await client.syncNow();
    await client.stop();
    expect(client.state().lastErrorCode).toBeNull();
    return store;
  }

  const held = () => paired.highWaterMark();

  it('starts at the size every server takes, then sends what this server said it takes', async () => {
    const log = pushLog({ olderServer: false });
    const store = await pushBacklog(4_600, { fetch: log.fetch });
    expect(log.sizes[0]).toBe(LEGACY_MAX_PUSH_OPS);
    expect(Math.max(...log.sizes)).toBe(Math.min(DEFAULT_PUSH_BATCH_OPS, MAX_PUSH_OPS));
    expect(log.sizes.reduce((a, b) => a + b, 0)).toBe(4_600);
    expect(store.pendingOps(1)).toEqual([]);
    expect(await held()).toBe(4_600);
  });

  it('keeps to 500 ops against an older server that never says more', async () => {
    const log = pushLog({ olderServer: true });
    await pushBacklog(1_700, { fetch: log.fetch });
    expect(log.sizes).toEqual([500, 500, 500, 200]);
    expect(await held()).toBe(1_700);
  });

  it('never sends a body past the size cap, cutting long sales into more pushes', async () => {
    const log = pushLog({ olderServer: false });
    const cap = JSON.stringify(customer('c0000')).length * 100;
    await pushBacklog(1_200, { fetch: log.fetch, pushBatchBytes: cap });
    expect(Math.max(...log.bytes)).toBeLessThanOrEqual(cap);
    expect(log.sizes.length).toBeGreaterThanOrEqual(12);
    expect(log.sizes.reduce((a, b) => a + b, 0)).toBe(1_200);
    expect(await held()).toBe(1_200);
  });

  it('halves its pushes when a body limit refuses them, instead of offering the same batch for ever', async () => {
    await paired.close();
    // A head office (or a proxy before it) taking bodies of 40 KB at most.
    paired = await startPairedServer({ maxBodyBytes: 40 * 1024 });

    const log = pushLog({ olderServer: false });
    await pushBacklog(1_500, { fetch: log.fetch });
    expect(await held()).toBe(1_500);
    // 500 refused, 250 refused, then 125 at a time; it does not go back to 500 after a success.
    expect(log.sizes.slice(0, 3)).toEqual([500, 250, 125]);
    expect(Math.max(...log.sizes.slice(2))).toBe(125);
  });
});
