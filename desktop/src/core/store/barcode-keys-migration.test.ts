import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dirname } from 'node:path';
import { CatalogueRepository } from '../catalogue/catalogue-repository';
import { createTestTill } from '../testing/test-till';
import { openTillDatabase } from './database';
import { migrations } from './migrations';

const before = migrations.findIndex((m) => m.name === '003-barcode-keys');

describe('migration 003-barcode-keys on an upgraded till', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A database at the schema before barcode keys, holding one GTIN twice in two printed forms. */
  function oldDatabase(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-barcode-keys-'));
    dirs.push(dir);
    const path = join(dir, 'till.db');
    const raw = new Database(path);
    for (const migration of migrations.slice(0, before)) raw.exec(migration.sql);
    raw.pragma(`user_version = ${before}`);
    const product = raw.prepare("INSERT INTO products (id, sku, name, vat_code, unit, price_cents) VALUES (?, ?, ?, '22', 'piece', ?)");
    const variant = raw.prepare('INSERT INTO variants (id, product_id, sku) VALUES (?, ?, ?)');
    const barcode = raw.prepare('INSERT INTO barcodes (code, variant_id) VALUES (?, ?)');
    product.run('p-cola', 'COLA', 'Cola USA', 150);
    variant.run('v-cola', 'p-cola', 'COLA');
    product.run('p-cola-promo', 'COLA-PROMO', 'Cola promo', 90);
    variant.run('v-cola-promo', 'p-cola-promo', 'COLA-PROMO');
    barcode.run('042100005264', 'v-cola'); // UPC-A
    barcode.run('04252614', 'v-cola-promo'); // the same GTIN as UPC-E
    barcode.run('0042100005264', 'v-cola-promo'); // and as EAN-13
    barcode.run('CAFFE-01', 'v-cola');
    raw.close();
    return path;
  }

  it('keys every barcode, keeps one row per GTIN, lists the others as clashes and does not fail', () => {
    const store = openTillDatabase(oldDatabase());
    const rows = store.db.prepare('SELECT code, gtin_key, variant_id FROM barcodes ORDER BY code').all();
    expect(rows).toEqual([
      { code: '0042100005264', gtin_key: '00042100005264', variant_id: 'v-cola-promo' },
      { code: 'CAFFE-01', gtin_key: 'CAFFE-01', variant_id: 'v-cola' },
    ]);
    const clashes = store.db.prepare('SELECT code, variant_id, kept_code, kept_variant_id FROM barcode_clashes ORDER BY code').all();
    expect(clashes).toEqual([{ code: '042100005264', variant_id: 'v-cola', kept_code: '0042100005264', kept_variant_id: 'v-cola-promo' }]);
    // Every printed form now finds the one product.
    const catalogue = new CatalogueRepository(store.db);
    for (const form of ['04252614', '042100005264', '0042100005264', '00042100005264']) {
      expect(catalogue.findByBarcode(form)?.sku).toBe('COLA-PROMO');
    }
    expect(() => store.db.prepare("INSERT INTO barcodes (code, gtin_key, variant_id) VALUES ('042100005264', '00042100005264', 'v-cola')").run()).toThrow(/UNIQUE/);
    store.close();
  });

  it('writes the clashes to the audit log once, at the first start after the upgrade', async () => {
    const dir = dirname(oldDatabase());
    const auditedClashes = (till: ReturnType<typeof createTestTill>) =>
      till.core.store.db.prepare("SELECT details FROM audit_log WHERE action = 'catalogue.barcodeClashes'").all() as { details: string }[];
    const first = createTestTill({ dir, demo: false });
    const entries = auditedClashes(first);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.details)).toEqual({
      clashes: [{ code: '042100005264', removedFromVariant: 'v-cola', keptCode: '0042100005264', keptOnVariant: 'v-cola-promo' }],
    });
    await first.dispose();
    const second = createTestTill({ dir, demo: false });
    expect(auditedClashes(second)).toHaveLength(1);
    await second.dispose();
  });
});
