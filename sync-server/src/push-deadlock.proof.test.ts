/**
 * Proof (issue 6): tills of one store push sales at the same time, and their tickets list the same
 * products in different orders. Each sale is stored in one transaction that also upserts the
 * per-product daily aggregate rows; on PostgreSQL those row locks must be taken in one global
 * order, or two pushes lock product A then B and B then A and deadlock. A deadlock costs a
 * second (deadlock_timeout) and a retry, and after five in a row the push fails with 500. Found by
 * desktop/test/sync-faults.test.ts, where five tills pushing real demo sales hit it constantly;
 * before f93699a (product aggregates updated in sorted order) this file failed with 38 deadlocks
 * and two failed pushes.
 */
import type { PushOp, SaleRecord, TillRecord } from '@cassa/shared';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { engines, op, pairTill, product, sale, seedTenant, withServer } from '../test/fixtures';

function multiLineSale(id: string, storeId: string, deviceId: string, productIds: readonly string[]): TillRecord {
  const base = sale({ id, storeId, deviceId, variantId: `${productIds[0]}-v1`, totalCents: 500 }).record as SaleRecord;
  const lines = productIds.map((productId, i) => ({ ...base.lines[0]!, lineId: `${id}-l${i}`, productId, variantId: `${productId}-v1`, unitPriceCents: 250, totalCents: 250 }));
  return { type: 'sale', record: { ...base, lines } };
}

describe.each(engines.filter((e) => e.name === 'postgres'))('concurrent pushes of sales sharing products on $name', (engine) => {
  it('never deadlock and never fail', { timeout: 60_000 }, async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const ids = Array.from({ length: 10 }, (_, i) => `dl-p${i}`);
      await server.admin.upsertProducts(t.organisationId, ids.map((id) => product(id)));
      const tills = [t.till, ...(await Promise.all([1, 2, 3].map((n) => pairTill(server, t.organisationId, t.storeId, `Cassa ${n + 1}`))))];

      const perTill = 25;
      const results = await Promise.allSettled(
        tills.map(async (till, n) => {
          const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId: till.deviceId };
          // Pushes of five sales each: the batch writes its aggregate rows together at the end.
          for (let i = 0; i < perTill; i += 5) {
            const batch: PushOp[] = [];
            for (let k = i; k < i + 5; k++) {
              // Each sale holds half the products, the halves alternating, and even tills start
              // from the other half than odd ones: their batches meet the rows in opposite orders.
              const half = (k + n) % 2 === 0 ? ids.slice(0, 5) : ids.slice(5);
              batch.push(op(k + 1, multiLineSale(`dl-${n}-${k}`, t.storeId, till.deviceId, half)));
            }
            await server.storage.applyPushOps(principal, batch, new Date('2026-11-26T10:00:00Z'));
          }
        }),
      );
      const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);
      expect((await server.storage.recordCounts(t.organisationId)).sales).toBe(tills.length * perTill);
    });
  });

  it('take the aggregate row locks in one order (no deadlock reported by PostgreSQL)', { timeout: 60_000 }, async () => {
    const database = await engine.database();
    const { createSyncServer } = await import('./index');
    const server = await createSyncServer({ ...database.options, log: () => undefined });
    const client = new pg.Client({ connectionString: database.options.databaseUrl });
    await client.connect();
    try {
      const deadlocks = async () => {
        await client.query('SELECT pg_stat_clear_snapshot()');
        const rows = await client.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
        return Number(rows.rows[0]?.deadlocks ?? 0);
      };
      const t = await seedTenant(server);
      const ids = Array.from({ length: 10 }, (_, i) => `dl-q${i}`);
      await server.admin.upsertProducts(t.organisationId, ids.map((id) => product(id)));
      const other = await pairTill(server, t.organisationId, t.storeId, 'Cassa 2');
      const before = await deadlocks();
      await Promise.allSettled(
        [t.till, other].map(async (till, n) => {
          const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId: till.deviceId };
          // Single sales listing the products in opposite orders, then batches whose sales hold
          // opposite halves in opposite order: either way the rows must be locked in one order.
          for (let i = 0; i < 20; i++) {
            const pair = n === 0 ? [...ids] : [...ids].reverse();
            await server.storage.applyPushOps(principal, [op(i + 1, multiLineSale(`dlo-${n}-${i}`, t.storeId, till.deviceId, pair))], new Date('2026-11-26T10:00:00Z'));
          }
          for (let i = 20; i < 120; i += 4) {
            const batch = [0, 1, 2, 3].map((k) => {
              const half = (k + n) % 2 === 0 ? ids.slice(0, 5) : ids.slice(5);
              return op(i + k + 1, multiLineSale(`dlo-${n}-${i + k}`, t.storeId, till.deviceId, half));
            });
            await server.storage.applyPushOps(principal, batch, new Date('2026-11-26T10:00:00Z'));
          }
        }),
      );
      // Statistics reach pg_stat_database when the reporting backend goes idle.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await deadlocks()) - before).toBe(0);
    } finally {
      await client.end();
      await server.close();
      await database.cleanup();
    }
  });
});
