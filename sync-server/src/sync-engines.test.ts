import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { PullChangesResponse, PullResponse, PushOp, PushResponse, SyncChange, SyncStream } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customer, engines, op, product, sale, seedTenant, stockMovement, withServer } from '../test/fixtures';
import type { Tenant } from '../test/fixtures';
import type { SyncServer } from './index';
import { openStorage } from './storage/open-storage';
import type { DevicePrincipal } from './storage/storage';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

function principalOf(tenant: Tenant): DevicePrincipal {
  return { organisationId: tenant.till.organisationId, storeId: tenant.till.storeId, deviceId: tenant.till.deviceId };
}

function push(server: SyncServer, tenant: Tenant, ops: PushOp[]): Promise<PushResponse> {
  return server.service.push(principalOf(tenant), { ...versions, deviceId: tenant.till.deviceId, ops });
}

function pull(server: SyncServer, tenant: Tenant, stream: SyncStream, cursor: string | null, limit?: number): Promise<PullResponse> {
  return server.service.pull(principalOf(tenant), { ...versions, stream, cursor, ...(limit ? { limit } : {}) });
}

function changesOf(response: PullResponse): PullChangesResponse {
  if (response.kind !== 'changes') throw new Error(`expected changes, got reset (${response.reason})`);
  return response;
}

/** Follows a stream to its end the way a till does, folding pages into a key → row map. */
async function pullAll(server: SyncServer, tenant: Tenant, stream: SyncStream, state: { cursor: string | null; rows: Map<string, SyncChange> }, limit = 3): Promise<void> {
  for (let page = 0; page < 1000; page++) {
    const response = await pull(server, tenant, stream, state.cursor, limit);
    if (response.kind === 'reset') {
      state.rows.clear();
      state.cursor = null;
      continue;
    }
    for (const change of response.changes) {
      if (change.data === null) state.rows.delete(`${change.entity}:${change.key}`);
      else state.rows.set(`${change.entity}:${change.key}`, change);
    }
    state.cursor = response.nextCursor;
    if (!response.hasMore) return;
  }
  throw new Error('pull did not finish');
}

async function expectCassaError(promise: Promise<unknown>, code: string): Promise<CassaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CassaError);
  expect((error as CassaError).code).toBe(code);
  return error as CassaError;
}

describe.each(engines)('sync storage on $name', (engine) => {
  describe('push', () => {
    it('applies each op once however often a batch is retried, duplicated or reordered', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const { storeId, deviceId } = t.till;
        const ops = [
          op(1, sale({ id: 's1', storeId, deviceId, variantId: 'acme-p1-v1' })),
          op(2, stockMovement({ id: 'm1', storeId, deviceId, variantId: 'acme-p1-v1' })),
          op(3, customer('c1')),
        ];
        const first = await push(server, t, ops);
        expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
        expect(first.highWaterMark).toBe(3);

        const retried = await push(server, t, ops);
        expect(retried.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
        const reordered = await push(server, t, [ops[2]!, ops[0]!, ops[1]!, ops[0]!]);
        expect(reordered.results.every((r) => r.status === 'duplicate')).toBe(true);

        const counts = await server.storage.recordCounts(t.organisationId);
        expect(counts).toMatchObject({ ops: 3, sales: 1, stockMovements: 1, documents: 1, flagged: 0 });
      });
    });

    it('applies a reordered first delivery in seq order', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const ops = [1, 2, 3].map((n) => op(n, customer(`c${n}`)));
        const response = await push(server, t, [ops[2]!, ops[1]!, ops[0]!]);
        expect(response.results.map((r) => [r.seq, r.status])).toEqual([
          [1, 'applied'],
          [2, 'applied'],
          [3, 'applied'],
        ]);
      });
    });

    it('refuses an op that skips ahead, naming the seq it expects, after applying those before the gap', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const error = await expectCassaError(push(server, t, [op(1, customer('c1')), op(3, customer('c3'))]), 'SYNC_OUT_OF_ORDER');
        expect(error.details).toEqual({ expectedSeq: 2, receivedSeq: 3, highWaterMark: 1 });
        expect(await server.storage.highWaterMark(principalOf(t))).toBe(1);
        const resumed = await push(server, t, [op(1, customer('c1')), op(2, customer('c2')), op(3, customer('c3'))]);
        expect(resumed.results.map((r) => r.status)).toEqual(['duplicate', 'applied', 'applied']);
      });
    });

    it('stores and flags business problems instead of refusing them, so the queue moves on', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const { deviceId } = t.till;
        const response = await push(server, t, [
          op(1, sale({ id: 's-unknown', storeId: t.storeId, deviceId, variantId: 'no-such-variant' })),
          op(2, sale({ id: 's-other-store', storeId: t.otherStoreId, deviceId, variantId: 'acme-p1-v1' })),
          op(3, sale({ id: 's-ok', storeId: t.storeId, deviceId, variantId: 'acme-p2-v1' })),
        ]);
        expect(response.results.map((r) => r.status)).toEqual(['flagged', 'flagged', 'applied']);
        expect(response.results[0]!.problems).toEqual(['unknown-variant:no-such-variant']);
        expect(response.results[1]!.problems).toEqual([`store-mismatch:${t.otherStoreId}`]);
        // The record claiming another store is kept under the store the device belongs to.
        const totals = await server.admin.dailySalesTotals(t.organisationId, { from: '2026-11-26', to: '2026-11-26' });
        expect(totals).toEqual([
          { storeId: t.storeId, businessDay: '2026-11-26', salesCount: 3, returnsCount: 0, voidsCount: 0, totalCents: 750, flaggedCount: 2 },
        ]);
      });
    });

    it('answers CONFLICT when a seen seq comes back with another op id', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        await push(server, t, [op(1, customer('c1'), 'op-a')]);
        await expectCassaError(push(server, t, [op(1, customer('c1'), 'op-b')]), 'CONFLICT');
      });
    });

    it('stores a record once even when a new op carries it again', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        await push(server, t, [op(1, customer('c1'))]);
        const again = await push(server, t, [op(2, customer('c1'), 'op-again')]);
        expect(again.results[0]).toMatchObject({ status: 'duplicate', problems: ['record-already-stored'] });
        expect(again.highWaterMark).toBe(2);
        expect((await server.storage.recordCounts(t.organisationId)).documents).toBe(1);
      });
    });

    it('stores every op exactly once under any interleaving of retries, duplicates and reorders', async () => {
      await withServer(engine, async (server) => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: 1, max: 12 }),
            fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 12 }),
            async (total, deliveries) => {
              const t = await seedTenant(server, `prop${run++}`);
              const ops = Array.from({ length: total }, (_, i) => op(i + 1, customer(`c${i + 1}`)));
              // Each delivery: a window of the outbox starting at or below the server's mark (a
              // till only sends from its own unacknowledged tail), possibly shuffled and doubled.
              for (const [start, length, shuffle] of deliveries) {
                const mark = await server.storage.highWaterMark(principalOf(t));
                const from = mark === 0 ? 0 : start % (mark + 1);
                let batch = ops.slice(from, from + 1 + (length % total));
                if (shuffle) batch = [...batch].reverse().concat(batch.slice(0, 1));
                if (batch.length === 0) continue;
                await push(server, t, batch);
              }
              await push(server, t, ops);
              const counts = await server.storage.recordCounts(t.organisationId);
              expect(counts.ops).toBe(total);
              expect(counts.documents).toBe(total);
              expect(await server.storage.highWaterMark(principalOf(t))).toBe(total);
            },
          ),
          { numRuns: engine.name === 'postgres' ? 15 : 40 },
        );
      });
    });
  });

  describe('pull', () => {
    it('serves a bulk snapshot in pages, then only what changed, with tombstones for deletions', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        await server.admin.upsertProducts(
          t.organisationId,
          Array.from({ length: 7 }, (_, i) => product(`bulk-${i}`)),
        );
        const state = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        const first = changesOf(await pull(server, t, 'catalogue', null, 3));
        expect(first.snapshot).toBe(true);
        expect(first.hasMore).toBe(true);
        await pullAll(server, t, 'catalogue', state);
        expect(state.rows.size).toBe(9);

        await server.admin.writeChanges(t.organisationId, [
          { entity: 'product', data: product('bulk-1', ['bulk-1-v1'], 999) },
          { entity: 'delete', target: 'product', key: 'bulk-2' },
        ]);
        const next = changesOf(await pull(server, t, 'catalogue', state.cursor));
        expect(next.snapshot).toBe(false);
        expect(next.changes.map((c) => [c.key, c.data === null])).toEqual([
          ['bulk-1', false],
          ['bulk-2', true],
        ]);
        await pullAll(server, t, 'catalogue', state);
        expect(state.rows.has('product:bulk-2')).toBe(false);
        expect(state.rows.get('product:bulk-1')?.data).toMatchObject({ priceCents: 999 });
        // Nothing new: an empty page and the same position.
        const idle = changesOf(await pull(server, t, 'catalogue', state.cursor));
        expect(idle.changes).toEqual([]);
        expect(idle.nextCursor).toBe(state.cursor);
      });
    });

    it('a snapshot interrupted by writes still converges to the head-office state', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        await server.admin.upsertProducts(t.organisationId, Array.from({ length: 6 }, (_, i) => product(`x${i}`)));
        const state = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        const page = changesOf(await pull(server, t, 'catalogue', null, 2));
        for (const c of page.changes) state.rows.set(`${c.entity}:${c.key}`, c);
        state.cursor = page.nextCursor;
        await server.admin.writeChanges(t.organisationId, [
          { entity: 'delete', target: 'product', key: 'acme-p1' },
          { entity: 'delete', target: 'product', key: 'x5' },
          { entity: 'product', data: product('x0', ['x0-v1'], 1) },
          { entity: 'product', data: product('new') },
        ]);
        await pullAll(server, t, 'catalogue', state, 2);
        const keys = [...state.rows.keys()].sort();
        expect(keys).toEqual(['product:acme-p2', 'product:new', 'product:x0', 'product:x1', 'product:x2', 'product:x3', 'product:x4']);
        expect(state.rows.get('product:x0')?.data).toMatchObject({ priceCents: 1 });
      });
    });

    it("shows a device only its own store's prices, store and store settings", async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        await server.admin.upsertStorePrices(t.organisationId, [
          { storeId: t.storeId, variantId: 'acme-p1-v1', priceCents: 100 },
          { storeId: t.otherStoreId, variantId: 'acme-p1-v1', priceCents: 200 },
        ]);
        await server.admin.upsertSettings(t.organisationId, [{ key: 'receipt.footer', value: 'Grazie' }]);
        await server.admin.upsertSettings(t.organisationId, [{ key: 'receipt.footer', value: 'Other' }], t.otherStoreId);
        const prices = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        await pullAll(server, t, 'prices', prices);
        expect([...prices.rows.values()].map((c) => c.data)).toEqual([{ storeId: t.storeId, variantId: 'acme-p1-v1', priceCents: 100 }]);
        const stores = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        await pullAll(server, t, 'stores', stores);
        expect([...stores.rows.keys()]).toEqual([`store:${t.storeId}`]);
        const settings = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        await pullAll(server, t, 'settings', settings);
        expect([...settings.rows.keys()]).toEqual(['setting:receipt.footer']);
        // Another store's price change moves the cursor on without sending the row.
        await server.admin.upsertStorePrices(t.organisationId, [{ storeId: t.otherStoreId, variantId: 'acme-p1-v1', priceCents: 300 }]);
        const after = changesOf(await pull(server, t, 'prices', prices.cursor));
        expect(after.changes).toEqual([]);
        expect(after.nextCursor).not.toBe(prices.cursor);
      });
    });

    it('never shows one organisation the rows of another', async () => {
      await withServer(engine, async (server) => {
        const a = await seedTenant(server, 'a');
        const b = await seedTenant(server, 'b');
        const state = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        await pullAll(server, a, 'catalogue', state);
        expect([...state.rows.keys()].sort()).toEqual(['product:a-p1', 'product:a-p2']);
        await push(server, b, [op(1, sale({ id: 'shared-id', storeId: b.storeId, deviceId: b.till.deviceId, variantId: 'a-p1-v1' }))]);
        const flagged = await push(server, a, [op(1, sale({ id: 'shared-id', storeId: a.storeId, deviceId: a.till.deviceId, variantId: 'a-p1-v1' }))]);
        // b's sale used a's variant id: unknown in b's catalogue. a's sale with the same id is a's own.
        expect(flagged.results[0]!.status).toBe('applied');
        expect((await server.storage.recordCounts(b.organisationId)).flagged).toBe(1);
      });
    });

    it('answers reset for a cursor behind purged tombstones, from another database, or ahead of the head', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        const state = { cursor: null as string | null, rows: new Map<string, SyncChange>() };
        await pullAll(server, t, 'catalogue', state);
        const old = state.cursor!;
        await server.admin.writeChanges(t.organisationId, [{ entity: 'delete', target: 'product', key: 'acme-p1' }]);
        const { head } = await server.storage.streamPosition(t.organisationId, 'catalogue');
        expect(await server.admin.purgeTombstones(t.organisationId, 'catalogue', head)).toBe(1);
        expect(await pull(server, t, 'catalogue', old)).toMatchObject({ kind: 'reset', reason: 'cursor-too-old' });
        expect(await pull(server, t, 'catalogue', old.replace(server.storage.epoch, 'another-epoch'))).toMatchObject({ kind: 'reset', reason: 'unknown-epoch' });
        expect(await pull(server, t, 'catalogue', old.replace(/\.\d+$/, '.99999'))).toMatchObject({ kind: 'reset', reason: 'cursor-ahead' });
        await pullAll(server, t, 'catalogue', state);
        expect([...state.rows.keys()]).toEqual(['product:acme-p2']);
        await expectCassaError(pull(server, t, 'catalogue', 'garbage'), 'VALIDATION');
      });
    });
  });

  describe('database', () => {
    it('migrates once, reopens, and refuses a database from a newer version', async () => {
      const database = await engine.database();
      try {
        const first = await openStorage(database.options);
        const epoch = first.epoch;
        await first.close();
        const again = await openStorage(database.options);
        expect(again.epoch).toBe(epoch);
        await again.close();
        const { migrations: released, LATEST_DATABASE_VERSION } = await import('./storage/migrations');
        // The highest version, not the count: issue 17's migrations were numbered per helper.
        const future = LATEST_DATABASE_VERSION + 1;
        const newer = await openStorage({
          ...database.options,
          migrations: [
            ...released,
            { version: future, name: 'future', sqlite: 'CREATE TABLE future_thing (id TEXT PRIMARY KEY)', postgres: 'CREATE TABLE future_thing (id TEXT PRIMARY KEY)' },
          ],
        });
        await newer.close();
        const error = await expectCassaError(openStorage(database.options), 'DATABASE_TOO_NEW');
        expect(error.details).toEqual({ databaseVersion: future, supportedVersion: LATEST_DATABASE_VERSION });
      } finally {
        await database.cleanup();
      }
    });

    it('revoked devices no longer authenticate', async () => {
      await withServer(engine, async (server) => {
        const t = await seedTenant(server);
        expect(await server.service.authenticate(t.till.deviceToken)).toEqual(principalOf(t));
        await server.admin.revokeDevice(t.organisationId, t.till.deviceId);
        expect(await server.service.authenticate(t.till.deviceToken)).toBeNull();
        await expectCassaError(push(server, t, [op(1, customer('c1'))]), 'NOT_AUTHENTICATED');
        expect((await server.admin.listDevices(t.organisationId))[0]?.revokedAt).not.toBeNull();
      });
    });
  });
});
