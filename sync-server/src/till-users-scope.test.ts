/**
 * A register receives only the till users of its own store (and those of every store), never the
 * PIN hash of a user limited to another store; a user moved away reaches the register they left
 * as a tombstone on its next pull.
 */
import type { PullResponse, SyncChange, TillUser } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, jsonRequest, pairTill, seedTenant, serverPerTest, versions } from '../test/fixtures';
import type { Engine, PairedTill } from '../test/fixtures';
import { browser, setUp } from '../test/head-office-browser';
import type { SyncServer } from './index';

function tillUser(id: string, storeIds?: string[]): TillUser {
  return { id, name: `User ${id}`, role: 'cashier', pinHash: `scrypt$16384$8$1$c2FsdA$${id}-secret-hash`, active: true, ...(storeIds ? { storeIds } : {}) };
}

async function pull(server: SyncServer, till: PairedTill, cursor: string | null, limit?: number): Promise<Extract<PullResponse, { kind: 'changes' }>> {
  const res = await server.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'users', cursor, ...(limit ? { limit } : {}) }, till.authorization));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: PullResponse };
  if (body.data.kind !== 'changes') throw new Error(`unexpected ${body.data.kind}`);
  return body.data;
}

/** Pulls the users stream to its end from `cursor`, as a till would. */
async function pullAll(server: SyncServer, till: PairedTill, cursor: string | null, limit?: number) {
  const changes: SyncChange[] = [];
  let next = cursor;
  for (;;) {
    const page = await pull(server, till, next, limit);
    changes.push(...page.changes);
    next = page.nextCursor;
    if (!page.hasMore) return { changes, cursor: next };
  }
}

/** What a till holds after applying `changes` in order: live user ids. */
function liveUsers(changes: readonly SyncChange[]): string[] {
  const held = new Map<string, boolean>();
  for (const change of changes) held.set(change.key, change.data !== null);
  return [...held].filter(([, live]) => live).map(([id]) => id).sort();
}

describe.each(engines)('till users per store on $name', (engine: Engine) => {
  const start = serverPerTest(engine);

  it("a register of store A gets no user limited to store B, nor their PIN hash, even page by page", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const tillB = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa B');
    await s.admin.upsertUsers(t.organisationId, [
      tillUser('u-all'),
      tillUser('u-none', []),
      tillUser('u-a', [t.storeId]),
      tillUser('u-b', [t.otherStoreId]),
      tillUser('u-ab', [t.storeId, t.otherStoreId]),
    ]);
    for (const limit of [undefined, 1, 2]) {
      const a = await pullAll(s, t.till, null, limit);
      expect(liveUsers(a.changes)).toEqual(['u-a', 'u-ab', 'u-all', 'u-none']);
      expect(JSON.stringify(a.changes)).not.toContain('u-b-secret-hash');
      const b = await pullAll(s, tillB, null, limit);
      expect(liveUsers(b.changes)).toEqual(['u-ab', 'u-all', 'u-b', 'u-none']);
      expect(JSON.stringify(b.changes)).not.toContain('u-a-secret-hash');
    }
  });

  it('a user moved from store A to store B disappears from A on its next pull and appears on B', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const tillB = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa B');
    await s.admin.upsertUsers(t.organisationId, [tillUser('u-moving', [t.storeId]), tillUser('u-staying', [t.storeId])]);
    const a = await pullAll(s, t.till, null);
    const b = await pullAll(s, tillB, null);
    expect(liveUsers(a.changes)).toEqual(['u-moving', 'u-staying']);
    expect(liveUsers(b.changes)).toEqual([]);

    await s.admin.upsertUsers(t.organisationId, [tillUser('u-moving', [t.otherStoreId])]);
    const nextA = await pullAll(s, t.till, a.cursor);
    expect(nextA.changes).toEqual([expect.objectContaining({ entity: 'user', key: 'u-moving', data: null })]);
    expect(liveUsers([...a.changes, ...nextA.changes])).toEqual(['u-staying']);
    const nextB = await pullAll(s, tillB, b.cursor);
    expect(liveUsers([...b.changes, ...nextB.changes])).toEqual(['u-moving']);
  });

  it('head office limits a till user to stores it has, and keeps the limit on an edit that does not name it', async () => {
    const s = await start();
    const anna = await setUp(s);
    const milano = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const roma = (await anna.post('/api/ho/stores', { name: 'Roma' })).data as { id: string };
    expect((await anna.post('/api/ho/till-users', { name: 'Eve', role: 'cashier', pin: '1234', active: true, storeIds: ['elsewhere'] })).status).toBe(404);
    const made = await anna.post('/api/ho/till-users', { name: 'Giulia', role: 'cashier', pin: '2468', active: true, storeIds: [milano.id] });
    expect(made.status).toBe(201);
    const { id } = made.data as { id: string };
    expect(made.data).toMatchObject({ storeIds: [milano.id] });
    expect((await anna.post('/api/ho/till-users', { id, name: 'Giulia R.', role: 'cashier', active: true })).data).toMatchObject({ storeIds: [milano.id] });

    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    const romaCode = (await anna.post(`/api/ho/stores/${roma.id}/pairing-codes`)).data as { code: string };
    const romaTill = await s.service.pair({ ...versions, code: romaCode.code, deviceName: 'Cassa Roma', deviceId: 'dev-roma' });
    const principal = { organisationId: org, storeId: roma.id, deviceId: romaTill.deviceId };
    const page = await s.service.pull(principal, { ...versions, stream: 'users', cursor: null });
    expect(page.kind === 'changes' && page.changes.filter((c) => c.data !== null)).toEqual([]);
  });
});
