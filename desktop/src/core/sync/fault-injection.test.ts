import type { TillRecord } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/postgres';
import { createSyncClient } from './sync-client';
import type { SyncClient } from './sync-client';
import { MemorySyncStore } from './testing/memory-sync-store';
import { seededRandom } from '../../../../test-support/seeded-random';

const versions = { protocolVersion: 1, schemaVersion: 1 };

/** Small seeded generator, so a failing run can be replayed with its seed. */


function product(id: string, priceCents: number) {
  return {
    id,
    sku: id,
    name: id,
    categoryId: null,
    vatCode: '22' as const,
    unit: 'piece' as const,
    priceCents,
    axes: [],
    variants: [{ id: `${id}-v1`, sku: `${id}-v1`, barcodes: [], options: {}, priceCents: null, active: true }],
    active: true,
  };
}

function sale(id: string, storeId: string, deviceId: string, variantId: string, totalCents: number): TillRecord {
  return {
    type: 'sale',
    record: {
      id,
      kind: 'sale',
      storeId,
      deviceId,
      shiftId: 'shift',
      zNumber: 1,
      documentNumber: 1,
      originalSaleId: null,
      cashierId: 'u',
      customerId: null,
      completedAt: '2026-11-26T11:00:00+01:00',
      lines: [{ lineId: `${id}-1`, productId: 'p', variantId, sku: 's', description: 'd', vatCode: '22', quantityMilli: 1000, unitPriceCents: totalCents, discountCents: 0, totalCents }],
      payments: [{ method: 'card', amountCents: totalCents, reference: null }],
      changeCents: 0,
      roundingCents: 0,
      totalCents,
      vatBreakdown: [],
    },
  };
}

function catalogueOf(store: MemorySyncStore): string {
  return [...(store.rows.get('catalogue')?.values() ?? [])]
    .filter((change) => change.entity === 'product')
    .map((change) => `${change.key}=${(change.data as { priceCents: number } | null)?.priceCents ?? 'none'}`)
    .sort()
    .join();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function database(engine: 'sqlite' | 'postgres'): Promise<{ options: { sqlitePath?: string; databaseUrl?: string }; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { options: { sqlitePath: ':memory:' }, drop: async () => undefined };
  const url = inject('postgresUrl');
  if (url === null) throw new Error(inject('postgresError') ?? 'PostgreSQL not available');
  const db = await createTestDatabase(url);
  return { options: { databaseUrl: db.url }, drop: () => db.drop() };
}

describe.each(['sqlite', 'postgres'] as const)('five tills on a bad network, server on %s', (engine) => {
  it('hand every sale over exactly once and end with the head-office catalogue', async () => {
    const seed = Number(process.env.CASSA_FAULT_SEED ?? 20261126);
    const random = seededRandom(seed);
    const db = await database(engine);
    const server = await createSyncServer({ ...db.options, sseHeartbeatMs: 200 });
    const listening = await server.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${listening.port}`;
    const clients: SyncClient[] = [];
    try {
      await server.admin.createOrganisation({ id: 'org', name: 'Catena' });
      for (const storeId of ['north', 'south']) await server.admin.upsertStore('org', { id: storeId, name: storeId, addressLines: [], vatNumber: '' });
      const live = new Map<string, number>();
      for (let i = 0; i < 10; i++) live.set(`p${i}`, 100 + i);
      await server.admin.upsertProducts('org', [...live].map(([id, price]) => product(id, price)));

      const tills = [];
      for (let n = 0; n < 5; n++) {
        const storeId = n < 3 ? 'north' : 'south';
        const { code } = await server.admin.createPairingCode('org', storeId);
        const paired = (await (await fetch(`${baseUrl}/v1/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...versions, code, deviceName: `Cassa ${n}` }) })).json()) as {
          data: { deviceId: string; deviceToken: string };
        };
        const store = new MemorySyncStore();
        const faults = { offline: false };
        // Requests fail before reaching the server, or reach it and lose the answer.
        const flaky: typeof fetch = async (input, init) => {
          const url = String(input);
          if (faults.offline) throw new TypeError('network down');
          if (url.includes('/v1/events')) return fetch(input, init);
          if (random() < 0.2) throw new TypeError('connection refused');
          const response = await fetch(input, init);
          if (random() < 0.2) {
            await response.body?.cancel();
            throw new TypeError('response lost');
          }
          return response;
        };
        const client = createSyncClient({
          serverUrl: baseUrl,
          deviceToken: paired.data.deviceToken,
          deviceId: paired.data.deviceId,
          store,
          fetch: flaky,
          random,
          backoff: { baseMs: 5, maxMs: 80 },
          pullIntervalMs: 300,
          pushBatchSize: 7,
          pullPageSize: 4,
        });
        clients.push(client);
        client.start();
        tills.push({ storeId, deviceId: paired.data.deviceId, store, faults, client });
      }

      let made = 0;
      let expectedTotal = 0;
      for (let step = 0; step < 120; step++) {
        const till = tills[Math.floor(random() * tills.length)]!;
        if (random() < 0.1) till.faults.offline = !till.faults.offline;
        const ids = [...live.keys()];
        const variant = `${ids[Math.floor(random() * ids.length)] ?? 'gone'}-v1`;
        const total = 100 + Math.floor(random() * 900);
        till.store.add(sale(`sale-${made++}`, till.storeId, till.deviceId, variant, total));
        expectedTotal += total;
        till.client.nudge();
        if (random() < 0.15) {
          const id = `p${Math.floor(random() * 14)}`;
          if (live.has(id) && random() < 0.4) {
            live.delete(id);
            await server.admin.writeChanges('org', [{ entity: 'delete', target: 'product', key: id }]);
          } else {
            const price = 100 + Math.floor(random() * 500);
            live.set(id, price);
            await server.admin.upsertProducts('org', [product(id, price)]);
          }
        }
        await sleep(random() * 4);
      }

      for (const till of tills) till.faults.offline = false;
      await Promise.race([
        (async () => {
          for (;;) {
            await Promise.all(tills.map((t) => t.client.syncNow()));
            const expected = [...live].map(([id, price]) => `${id}=${price}`).sort().join();
            const done = tills.every((t) => t.store.pendingOps(1).length === 0 && catalogueOf(t.store) === expected);
            if (done) return;
            await sleep(20);
          }
        })(),
        sleep(20_000).then(() => {
          throw new Error(`tills did not converge (seed ${seed})`);
        }),
      ]);

      const counts = await server.storage.recordCounts('org');
      expect(counts.sales, `seed ${seed}`).toBe(made);
      expect(counts.ops).toBe(made);
      const totals = await server.admin.dailySalesTotals('org', { from: '2026-11-26', to: '2026-11-26' });
      expect(totals.reduce((sum, row) => sum + row.totalCents, 0)).toBe(expectedTotal);
      expect(totals.reduce((sum, row) => sum + row.salesCount, 0)).toBe(made);
      for (const till of tills) {
        expect(till.store.acknowledged).toBe(till.store.outbox.length);
        for (const [id, price] of live) expect(till.store.row('catalogue', 'product', id)?.data).toMatchObject({ priceCents: price });
      }
    } finally {
      await Promise.all(clients.map((c) => c.stop()));
      await listening.close();
      await server.close();
      await db.drop();
    }
  });
});
