import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { PushOp, TillRecord } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customer, engines, op, sale, seedTenant, stockMovement, withServer } from '../test/fixtures';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

/**
 * Sales and stock movements are stored a run at a time (several rows per statement); customers
 * are stored op by op between runs. Whatever the mix and however pushes are split and resent,
 * the outcome must be what storing op by op gives: the first op carrying a record stores it, every
 * later one is a duplicate, and head office's figures count each record once.
 */
describe.each(engines)('pushes stored in runs on $name', (engine) => {
  it('store each record once, in op order, however the ops are mixed, split and resent', async () => {
    const recordArb = fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((n) => ({ kind: 'sale' as const, n })),
      fc.integer({ min: 1, max: 5 }).map((n) => ({ kind: 'movement' as const, n })),
      fc.integer({ min: 1, max: 3 }).map((n) => ({ kind: 'customer' as const, n })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }), async (picks, cuts) => {
        await withServer(engine, async (server) => {
          const t = await seedTenant(server);
          const { storeId, deviceId } = t.till;
          const recordOf = (p: (typeof picks)[number]): TillRecord =>
            p.kind === 'sale'
              ? sale({ id: `s${p.n}`, storeId, deviceId, variantId: 'acme-p1-v1', totalCents: 100 * p.n })
              : p.kind === 'movement'
                ? stockMovement({ id: `m${p.n}`, storeId, deviceId, variantId: 'acme-p1-v1' })
                : customer(`c${p.n}`);
          const ops: PushOp[] = picks.map((p, i) => op(i + 1, recordOf(p)));
          const principal = { organisationId: t.organisationId, storeId, deviceId };
          const statuses = new Map<number, string>();
          let start = 0;
          for (let i = 0; start < ops.length; i++) {
            const size = cuts[i % cuts.length]!;
            // Every batch but the first also resends the last op before it, as a till whose answer was lost does.
            const batch = ops.slice(Math.max(0, start - 1), start + size);
            const response = await server.service.push(principal, { ...versions, deviceId, ops: batch });
            for (const r of response.results) if (!statuses.has(r.seq)) statuses.set(r.seq, r.status);
            start += size;
          }
          const seen = new Set<string>();
          const expected = picks.map((p) => {
            const key = `${p.kind}:${p.n}`;
            const first = !seen.has(key);
            seen.add(key);
            return first ? 'applied' : 'duplicate';
          });
          expect(ops.map((o) => statuses.get(o.seq))).toEqual(expected);
          const distinct = (kind: string) => new Set(picks.filter((p) => p.kind === kind).map((p) => p.n));
          const counts = await server.storage.recordCounts(t.organisationId);
          expect(counts).toMatchObject({ ops: ops.length, sales: distinct('sale').size, stockMovements: distinct('movement').size, documents: distinct('customer').size });
          const totals = await server.admin.dailySalesTotals(t.organisationId, { from: '2026-11-26', to: '2026-11-26' });
          const cents = [...distinct('sale')].reduce((sum, n) => sum + 100 * n, 0);
          expect(totals.reduce((sum, row) => sum + row.totalCents, 0)).toBe(cents);
          expect(totals.reduce((sum, row) => sum + row.salesCount, 0)).toBe(distinct('sale').size);
        });
      }),
      { numRuns: 12 },
    );
  });

  it('commits the run before an op that is refused, and reports the refusal', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const { storeId, deviceId } = t.till;
      const principal = { organisationId: t.organisationId, storeId, deviceId };
      await server.service.push(principal, { ...versions, deviceId, ops: [op(1, customer('c1'), 'op-a')] });
      const refused = server.service.push(principal, {
        ...versions,
        deviceId,
        ops: [op(2, sale({ id: 's1', storeId, deviceId, variantId: 'acme-p1-v1' })), op(3, stockMovement({ id: 'm1', storeId, deviceId, variantId: 'acme-p1-v1' })), op(5, customer('c5'))],
      });
      await expect(refused).rejects.toMatchObject({ code: 'SYNC_OUT_OF_ORDER', details: { expectedSeq: 4, receivedSeq: 5, highWaterMark: 3 } });
      expect(await server.storage.recordCounts(t.organisationId)).toMatchObject({ ops: 3, sales: 1, stockMovements: 1, documents: 1 });
    });
  });
});
