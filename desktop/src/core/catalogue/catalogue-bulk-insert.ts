/**
 * @module
 * Writing many products the till does not hold yet (the pages of a first pull) with a handful of
 * statements for the whole set: each table gets one INSERT … SELECT over a JSON array, so SQLite
 * does the per-row work in C instead of the till making eight statement calls per product. The
 * result is the one `upsertProduct` gives, product by product, in the same order: the same rows,
 * the same rowids, and a barcode listed twice ends with the product listed last.
 */
import type { Product } from '@cassa/shared';
import { barcodeKey } from '@cassa/shared';
import type { Db } from '../store/database';

/** The product's name and the codes type-ahead finds it by (its SKU, its variants' SKUs and barcodes). */
export function searchCodes(product: Product): string {
  const codes = new Set([product.sku]);
  for (const v of product.variants) {
    codes.add(v.sku);
    for (const b of v.barcodes) codes.add(b);
  }
  return [...codes].join(' ');
}

/** json_each yields an array's elements in order, so rows get their rowids in list order. */
export function prepareBulkInsert(db: Db) {
  const anyHeld = db.prepare('SELECT 1 FROM products WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1').pluck();
  const products = db.prepare(
    `INSERT INTO products (id, sku, name, category_id, vat_code, unit, price_cents, axes, active)
     SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
     FROM json_each(?)`,
  );
  // A variant id another product held moves to this one, as upsertProduct's upsert does.
  const variants = db.prepare(
    `INSERT INTO variants (id, product_id, sku, options, price_cents, active, position)
     SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6 FROM json_each(?) WHERE true
     ON CONFLICT (id) DO UPDATE SET product_id = excluded.product_id, sku = excluded.sku, options = excluded.options,
       price_cents = excluded.price_cents, active = excluded.active, position = excluded.position`,
  );
  const releaseBarcodes = db.prepare('DELETE FROM barcodes WHERE gtin_key IN (SELECT value FROM json_each(?))');
  const barcodes = db.prepare('INSERT INTO barcodes (code, gtin_key, variant_id) SELECT value->>0, value->>1, value->>2 FROM json_each(?)');
  const search = db.prepare(
    `INSERT INTO product_search (rowid, name, codes)
     SELECT p.rowid, j.value->>1, j.value->>2 FROM json_each(?) j JOIN products p ON p.id = j.value->>0`,
  );

  return {
    /**
     * Writes `list` if the till holds none of these products and no id repeats, and says whether
     * it did; otherwise writes nothing (the caller upserts them one by one). Inside a transaction.
     */
    insertNew(list: readonly Product[]): boolean {
      const ids = list.map((p) => p.id);
      if (new Set(ids).size !== ids.length || anyHeld.get(JSON.stringify(ids)) !== undefined) return false;
      const variantRows: unknown[][] = [];
      // Last listed wins, as when each product takes its codes from whoever held them before.
      const byKey = new Map<string, [string, string, string]>();
      for (const p of list) {
        p.variants.forEach((v, position) => {
          variantRows.push([v.id, p.id, v.sku, JSON.stringify(v.options), v.priceCents, v.active ? 1 : 0, position]);
          for (const code of v.barcodes) {
            const key = barcodeKey(code);
            byKey.set(key, [code, key, v.id]);
          }
        });
      }
      products.run(JSON.stringify(list.map((p) => [p.id, p.sku, p.name, p.categoryId, p.vatCode, p.unit, p.priceCents, JSON.stringify(p.axes), p.active ? 1 : 0])));
      variants.run(JSON.stringify(variantRows));
      releaseBarcodes.run(JSON.stringify([...byKey.keys()]));
      barcodes.run(JSON.stringify([...byKey.values()]));
      search.run(JSON.stringify(list.map((p) => [p.id, p.name, searchCodes(p)])));
      return true;
    },
  };
}
