import type { SyncStream } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { customer, engines, op, product, seedTenant, versions, withServer } from '../test/fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(engines)('cursors under concurrent writers on $name', (engine) => {
  it('a till following the cursor while many head-office writers commit never misses a row', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId: t.till.deviceId };
      const stream: SyncStream = 'catalogue';
      const written = new Set<string>(['acme-p1', 'acme-p2']);
      let writing = true;

      async function writer(w: number): Promise<void> {
        for (let i = 0; i < 12; i++) {
          const batch = [0, 1, 2].map((k) => product(`w${w}-${i}-${k}`));
          await server.admin.upsertProducts(t.organisationId, batch);
          for (const p of batch) written.add(p.id);
          await sleep(Math.random() * 3);
        }
      }

      async function reader(): Promise<Set<string>> {
        const rows = new Set<string>();
        let cursor: string | null = null;
        let lastChange = -1;
        for (;;) {
          const done = !writing;
          const response = await server.service.pull(principal, { ...versions, stream, cursor, limit: 5 });
          if (response.kind === 'reset') throw new Error(`unexpected reset: ${response.reason}`);
          for (const change of response.changes) {
            if (!response.snapshot) {
              // The change log only ever moves forward.
              expect(change.change).toBeGreaterThan(lastChange);
              lastChange = change.change;
            }
            if (change.data === null) rows.delete(change.key);
            else rows.add(change.key);
          }
          cursor = response.nextCursor;
          if (!response.hasMore && done) return rows;
          if (!response.hasMore) await sleep(1);
        }
      }

      const readers = [reader(), reader(), reader()];
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      writing = false;
      for (const seen of await Promise.all(readers)) {
        expect(seen.size).toBe(written.size);
        expect([...seen].sort()).toEqual([...written].sort());
      }
    });
  });

  it('concurrent pushes of the same outbox store each op once', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const principal = { organisationId: t.organisationId, storeId: t.storeId, deviceId: t.till.deviceId };
      const ops = Array.from({ length: 20 }, (_, i) => op(i + 1, customer(`c${i + 1}`)));
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => server.service.push(principal, { ...versions, deviceId: t.till.deviceId, ops })),
      );
      const applied = responses.flatMap((r) => r.results).filter((r) => r.status === 'applied');
      expect(applied.map((r) => r.seq).sort((a, b) => a - b)).toEqual(ops.map((o) => o.seq));
      expect(await server.storage.recordCounts(t.organisationId)).toMatchObject({ ops: 20, documents: 20 });
    });
  });
});
