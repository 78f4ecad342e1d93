/**
 * @module
 * The till's copy of the catalogue: products, variants, barcodes, store prices, and the FTS5
 * index behind type-ahead. Reads are prepared once; every lookup on the scan path is one indexed
 * query.
 */
import type { CatalogueItem, Product, Unit, VariantMatrix, VatCode } from '@cassa/shared';
import { barcodeKey } from '@cassa/shared';
import type { Db } from '../store/database';
import { prepareBulkInsert, searchCodes } from './catalogue-bulk-insert';
// Issue 18: the stock a picker shows is what the counter may sell (head office's part and online holds included).
import { availableSql } from '../stock/store-stock';

interface ItemRow {
  variant_id: string;
  product_id: string;
  name: string;
  sku: string;
  options: string;
  price_cents: number;
  vat_code: VatCode;
  unit: Unit;
  barcodes: string | null;
  stock_milli: number | null;
  variant_count: number;
}

/** The item columns, over `source`: a FROM clause that binds `v` (a variant). */
const itemSelectFrom = (source: string) => `
  SELECT v.id AS variant_id, p.id AS product_id, p.name, v.sku, v.options,
         coalesce(sp.price_cents, v.price_cents, p.price_cents) AS price_cents,
         p.vat_code, p.unit,
         (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.variant_id = v.id) AS barcodes,
         ${availableSql} AS stock_milli,
         (SELECT count(*) FROM variants v2 WHERE v2.product_id = p.id AND v2.active = 1) AS variant_count
  FROM ${source}
  JOIN products p ON p.id = v.product_id
  LEFT JOIN store_prices sp ON sp.variant_id = v.id
  LEFT JOIN stock_levels sl ON sl.variant_id = v.id
  LEFT JOIN store_stock ss ON ss.variant_id = v.id`;
const itemSelect = itemSelectFrom('variants v');

function toItem(row: ItemRow): CatalogueItem {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    name: row.name,
    sku: row.sku,
    options: JSON.parse(row.options) as Record<string, string>,
    priceCents: row.price_cents,
    vatCode: row.vat_code,
    unit: row.unit,
    barcodes: row.barcodes ? row.barcodes.split(' ') : [],
    stockMilli: row.stock_milli ?? 0,
    hasVariants: row.variant_count > 1,
  };
}

/** How many matches type-ahead ranks at most; beyond that, matches are taken in catalogue order. */
const searchCandidates = 400;

/** Lower case without accents, as the FTS tokenizer sees text. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Type-ahead relevance: the name starting with the first word beats a word start, beats a later hit. */
export function relevance(foldedName: string, words: readonly string[]): number {
  let score = 0;
  const first = words[0];
  if (first && foldedName.startsWith(first)) score += 4;
  const nameWords = foldedName.split(/[^\p{L}\p{N}]+/u);
  for (const word of words) {
    if (nameWords.some((w) => w === word)) score += 2;
    else if (nameWords.some((w) => w.startsWith(word))) score += 1;
  }
  return score;
}

/** Turns what a person typed into an FTS5 prefix query: every word must match some prefix. */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
}

function prepareWrites(db: Db) {
  return {
    productRowid: db.prepare('SELECT rowid FROM products WHERE id = ?'),
    upsertProduct: db.prepare(
      `INSERT INTO products (id, sku, name, category_id, vat_code, unit, price_cents, axes, active)
       VALUES (@id, @sku, @name, @categoryId, @vatCode, @unit, @priceCents, @axes, @active)
       ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, category_id = excluded.category_id,
         vat_code = excluded.vat_code, unit = excluded.unit, price_cents = excluded.price_cents,
         axes = excluded.axes, active = excluded.active
       RETURNING rowid`,
    ),
    variantsOf: db.prepare('SELECT id FROM variants WHERE product_id = ?'),
    deactivateVariant: db.prepare('UPDATE variants SET active = 0 WHERE id = ?'),
    upsertVariant: db.prepare(
      `INSERT INTO variants (id, product_id, sku, options, price_cents, active, position)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET product_id = excluded.product_id, sku = excluded.sku, options = excluded.options,
         price_cents = excluded.price_cents, active = excluded.active, position = excluded.position`,
    ),
    deleteBarcodes: db.prepare('DELETE FROM barcodes WHERE variant_id = ?'),
    // The writer is authoritative (head office's catalogue, a checked import or editor save): the
    // code leaves whichever variant held it in any printed form. Clashes are refused before this.
    releaseBarcode: db.prepare('DELETE FROM barcodes WHERE gtin_key = ?'),
    insertBarcode: db.prepare('INSERT INTO barcodes (code, gtin_key, variant_id) VALUES (?, ?, ?)'),
    deleteSearch: db.prepare('DELETE FROM product_search WHERE rowid = ?'),
    insertSearch: db.prepare('INSERT INTO product_search (rowid, name, codes) VALUES (?, ?, ?)'),
  };
}

type WriteStatements = ReturnType<typeof prepareWrites>;

export interface BarcodeOwner {
  /** The code as stored (printed form), which may differ from the one asked about. */
  readonly code: string;
  readonly variantId: string;
  readonly sku: string;
  readonly productId: string;
  readonly name: string;
}

export interface BarcodeClash {
  readonly code: string;
  readonly variantSku: string;
  readonly owner: BarcodeOwner;
}

export class CatalogueRepository {
  private readonly byBarcode;
  private readonly barcodeOwnerStatement;
  private readonly byVariantId;
  private readonly bySku;
  private readonly search;
  private readonly byProductRowid;
  private readonly variantsOfProduct;
  // Prepared on first write: a till that only sells never pays for them at start-up.
  private writeStatements: WriteStatements | null = null;
  private bulkInsert: ReturnType<typeof prepareBulkInsert> | null = null;

  constructor(private readonly db: Db) {
    this.byBarcode = db.prepare(`${itemSelect} WHERE v.id = (SELECT variant_id FROM barcodes WHERE gtin_key = ?) AND v.active = 1`);
    this.barcodeOwnerStatement = db.prepare(
      `SELECT b.code, v.id AS variant_id, v.sku, p.id AS product_id, p.name FROM barcodes b
       JOIN variants v ON v.id = b.variant_id JOIN products p ON p.id = v.product_id
       WHERE b.gtin_key = ?`,
    );
    this.byVariantId = db.prepare(`${itemSelect} WHERE v.id = ?`);
    this.bySku = db.prepare(`${itemSelect} WHERE v.sku = ? AND v.active = 1 LIMIT 1`);
    // Matching is capped instead of ranking every match: "caf" matches tens of thousands of
    // products in a large catalogue, and bm25 over all of them costs more than a keystroke may.
    this.search = db.prepare(
      `SELECT p.rowid AS rowid, p.name AS name FROM product_search s JOIN products p ON p.rowid = s.rowid
       WHERE product_search MATCH ? AND p.active = 1 LIMIT ?`,
    );
    this.byProductRowid = db.prepare(
      itemSelectFrom(
        // One row per product: its first active variant stands for the whole matrix.
        'products p0 JOIN variants v ON v.id = (SELECT id FROM variants WHERE product_id = p0.id AND active = 1 ORDER BY position LIMIT 1)',
      ) + ' WHERE p0.rowid = ?',
    );
    this.variantsOfProduct = db.prepare(`${itemSelect} WHERE v.product_id = ? AND v.active = 1 ORDER BY v.position`);
  }

  /** By any printed form of the barcode (a UPC-E finds the product stored under its UPC-A). */
  findByBarcode(code: string): CatalogueItem | null {
    const row = this.byBarcode.get(barcodeKey(code)) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  /**
   * The product holding a barcode in any printed form, or null. An inactive product still holds
   * its codes (as at head office): reactivating it must not find them on another product.
   */
  barcodeOwner(code: string): BarcodeOwner | null {
    const row = this.barcodeOwnerStatement.get(barcodeKey(code)) as
      | { code: string; variant_id: string; sku: string; product_id: string; name: string }
      | undefined;
    return row ? { code: row.code, variantId: row.variant_id, sku: row.sku, productId: row.product_id, name: row.name } : null;
  }

  /**
   * The barcodes of `product` that another product already holds: saving it would take
   * them over, so the editor and the import refuse them unless the move is asked for.
   */
  barcodeClashes(product: Product): BarcodeClash[] {
    const clashes: BarcodeClash[] = [];
    for (const variant of product.variants) {
      for (const code of variant.barcodes) {
        const owner = this.barcodeOwner(code);
        if (owner && owner.productId !== product.id) clashes.push({ code, variantSku: variant.sku, owner });
      }
    }
    return clashes;
  }

  findBySku(sku: string): CatalogueItem | null {
    const row = this.bySku.get(sku) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  findVariant(variantId: string): CatalogueItem | null {
    const row = this.byVariantId.get(variantId) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  /** Exact SKU or barcode first (the cashier typed a code), then name matches by relevance. */
  searchItems(text: string, limit: number): CatalogueItem[] {
    const trimmed = text.trim();
    const results: CatalogueItem[] = [];
    const exact = this.findBySku(trimmed) ?? this.findByBarcode(trimmed);
    if (exact) results.push({ ...exact, hasVariants: false });
    const fts = toFtsQuery(trimmed);
    if (fts) {
      const hits = this.search.all(fts, searchCandidates) as { rowid: number; name: string }[];
      const words = foldForSearch(trimmed).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
      const ranked = hits
        .map((hit) => ({ hit, score: relevance(foldForSearch(hit.name), words) }))
        .sort((a, b) => b.score - a.score || a.hit.name.length - b.hit.name.length || a.hit.rowid - b.hit.rowid);
      for (const { hit } of ranked) {
        if (results.length >= limit) break;
        const row = this.byProductRowid.get(hit.rowid) as ItemRow | undefined;
        if (row && !results.some((r) => r.productId === row.product_id)) results.push(toItem(row));
      }
    }
    return results;
  }

  matrix(productId: string): VariantMatrix | null {
    const product = this.db.prepare('SELECT name, sku, price_cents, category_id, active, axes FROM products WHERE id = ?').get(productId) as
      | { name: string; sku: string; price_cents: number; category_id: string | null; active: number; axes: string }
      | undefined;
    if (!product) return null;
    const variants = (this.variantsOfProduct.all(productId) as ItemRow[]).map((row) => ({ ...toItem(row), hasVariants: false }));
    const own = this.db.prepare('SELECT id, price_cents FROM variants WHERE product_id = ? AND active = 1').all(productId) as { id: string; price_cents: number | null }[];
    return {
      productId,
      name: product.name,
      sku: product.sku,
      priceCents: product.price_cents,
      categoryId: product.category_id,
      active: product.active === 1,
      ownPrices: Object.fromEntries(own.map((v) => [v.id, v.price_cents])),
      axes: JSON.parse(product.axes) as VariantMatrix['axes'],
      variants,
    };
  }

  /** Inserts or replaces a product with its variants and barcodes; call inside a transaction. */
  upsertProduct(product: Product): void {
    const w = this.writes;
    const existing = w.productRowid.get(product.id) as { rowid: number } | undefined;
    const { rowid } = w.upsertProduct.get({
      id: product.id,
      sku: product.sku,
      name: product.name,
      categoryId: product.categoryId,
      vatCode: product.vatCode,
      unit: product.unit,
      priceCents: product.priceCents,
      axes: JSON.stringify(product.axes),
      active: product.active ? 1 : 0,
    }) as { rowid: number };
    if (existing) {
      const keep = new Set(product.variants.map((v) => v.id));
      for (const old of w.variantsOf.all(product.id) as { id: string }[]) {
        // Variants referenced by past sales stay as inactive rows so history keeps its names.
        if (!keep.has(old.id)) {
          w.deactivateVariant.run(old.id);
          // Its barcodes were part of the product's description, which no longer lists them.
          w.deleteBarcodes.run(old.id);
        }
      }
    }
    product.variants.forEach((variant, position) => {
      w.upsertVariant.run(variant.id, product.id, variant.sku, JSON.stringify(variant.options), variant.priceCents, variant.active ? 1 : 0, position);
      if (existing) w.deleteBarcodes.run(variant.id);
      for (const code of variant.barcodes) {
        const key = barcodeKey(code);
        w.releaseBarcode.run(key);
        w.insertBarcode.run(code, key, variant.id);
      }
    });
    if (existing) w.deleteSearch.run(rowid);
    w.insertSearch.run(rowid, product.name, searchCodes(product));
  }

  /**
   * Writes products the till holds none of (a first pull's page) in a few statements for the
   * whole list and returns true; returns false, writing nothing, if it holds any of them or an id
   * repeats (then upsert them one by one). Same result as `upsertProduct` on each, in order; call
   * inside a transaction.
   */
  insertNewProducts(products: readonly Product[]): boolean {
    this.bulkInsert ??= prepareBulkInsert(this.db);
    return this.bulkInsert.insertNew(products);
  }

  private get writes(): WriteStatements {
    this.writeStatements ??= prepareWrites(this.db);
    return this.writeStatements;
  }

  /** Items by variant id, in the order given; unknown or inactive ids are skipped. */
  itemsInOrder(variantIds: readonly string[]): CatalogueItem[] {
    return variantIds.map((id) => this.findVariant(id)).filter((item): item is CatalogueItem => item !== null);
  }

  categories(): { id: string; name: string; parentId: string | null }[] {
    return (this.db.prepare('SELECT id, name, parent_id FROM categories ORDER BY name').all() as { id: string; name: string; parent_id: string | null }[]).map((c) => ({
      id: c.id,
      name: c.name,
      parentId: c.parent_id,
    }));
  }

  setStorePrice(variantId: string, priceCents: number | null): void {
    if (priceCents === null) this.db.prepare('DELETE FROM store_prices WHERE variant_id = ?').run(variantId);
    else
      this.db
        .prepare('INSERT INTO store_prices (variant_id, price_cents) VALUES (?, ?) ON CONFLICT (variant_id) DO UPDATE SET price_cents = excluded.price_cents')
        .run(variantId, priceCents);
  }

  productCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  }
}
