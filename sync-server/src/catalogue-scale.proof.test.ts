/**
 * Proof (issue 6): head-office catalogue writes must stay linear in the catalogue size. Every
 * product upsert runs `DELETE FROM variants WHERE organisation_id = ? AND product_id = ?`, and the
 * `variants` table is keyed (organisation_id, variant_id) with no index on product_id, so each
 * product write scans every variant of the organisation: loading 100,000 products through
 * admin.upsertProducts did not finish in five minutes in scripts/bench/sync-bench.ts, and a
 * 1,000,000-product catalogue cannot be loaded at all. Fixed by migration 3 (b03b32c,
 * `variants_by_product`); with it the bench loads 13,000–14,000 products/s.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { engines, product } from '../test/fixtures';
import type { EngineDatabase } from '../test/fixtures';
import { createSyncServer } from './index';

describe.each(engines)('a product write on $name', (engine) => {
  it('finds the product’s old variants through an index, not by scanning every variant', async () => {
    const database: EngineDatabase = await engine.database();
    const server = await createSyncServer({ ...database.options, log: () => undefined });
    try {
      await server.admin.createOrganisation({ id: 'org', name: 'Org' });
      await server.admin.upsertProducts('org', [product('p1'), product('p2')]);
      const sql = 'DELETE FROM variants WHERE organisation_id = ? AND product_id = ?';
      if (engine.name === 'sqlite') {
        const db = new Database(database.options.sqlitePath!, { readonly: true });
        try {
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('org', 'p1') as { detail: string }[]).map((r) => r.detail).join('; ');
          expect(plan).toMatch(/USING (COVERING )?INDEX \S+ \(organisation_id=\? AND product_id=\?\)/);
        } finally {
          db.close();
        }
      } else {
        const client = new pg.Client({ connectionString: database.options.databaseUrl });
        await client.connect();
        try {
          const indexes = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'variants'");
          expect(indexes.rows.map((r) => r.indexdef).some((def) => /\(organisation_id, product_id\)/.test(def))).toBe(true);
        } finally {
          await client.end();
        }
      }
    } finally {
      await server.close();
      await database.cleanup();
    }
  });
});
