/**
 * Proof (issue 6): a snapshot page must cost the same wherever it is in the catalogue. readSnapshot
 * pages by `(entity > ? OR (entity = ? AND row_key > ?))`; SQLite cannot seek an index on that OR,
 * so it walks the stream from its first row to the cursor on every page and the first pull of a
 * catalogue is quadratic: 100,000 products pull in 8.9 s, 1,000,000 in 214 s (sync-bench), with a
 * page halfway through a million rows taking 113 ms instead of 3 ms. The fix is the row-value
 * comparison `AND (entity, row_key) > (?, ?)` (SQLite 3.15+ and PostgreSQL both seek on it).
 * Measured on SQLite with categories (cheap to write in bulk; they share the catalogue stream).
 */
import { describe, expect, it } from 'vitest';
import { sqliteEngine, withServer } from '../test/fixtures';

describe('snapshot pages on sqlite', () => {
  it('cost about the same at the end of a large stream as at its start', { timeout: 60_000 }, async () => {
    await withServer(sqliteEngine, async (server) => {
      await server.admin.createOrganisation({ id: 'org', name: 'Org' });
      await server.admin.upsertStore('org', { id: 'store', name: 'Store', addressLines: [], vatNumber: '' });
      const count = 120_000;
      for (let start = 0; start < count; start += 5_000) {
        await server.admin.upsertCategories(
          'org',
          Array.from({ length: 5_000 }, (_, i) => ({ id: `c-${String(start + i).padStart(7, '0')}`, name: `Categoria ${start + i}`, parentId: null })),
        );
      }
      const principal = { organisationId: 'org', storeId: 'store', deviceId: 'd' };
      const page = async (position: number) => {
        const after = { entity: 'category' as const, key: `c-${String(position).padStart(7, '0')}` };
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const started = performance.now();
          const rows = await server.storage.readSnapshot(principal, 'catalogue', after, 500);
          times.push(performance.now() - started);
          expect(rows).toHaveLength(500);
        }
        return times.sort((a, b) => a - b)[3]!;
      };
      await page(10);
      const early = await page(10);
      const late = await page(count - 1_000);
      expect(late, `page near the end ${late.toFixed(1)} ms, near the start ${early.toFixed(1)} ms`).toBeLessThan(Math.max(early * 4, 5));
    });
  });
});
