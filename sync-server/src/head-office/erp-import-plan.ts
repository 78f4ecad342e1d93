/**
 * @module
 * What an ERP file's checked rows would change in the chain's catalogue, worked out on the rows
 * already stored and written nowhere: the dry run and the import share it, and a row that changes
 * nothing produces no change (importing the same file twice writes once).
 *
 * - Items describe products: a known code (a product's SKU) keeps its variants and barcodes and
 *   takes the ERP's description, VAT, unit, category and price; a new code becomes a product with
 *   one variant of the same SKU and id `productIdOf(code)`, as the catalogue CSV names them; a
 *   code naming one variant of a product with several (a size) prices that variant only.
 * - Barcodes add a code to the item (a variant by its SKU, or a product's only/first variant).
 *   Whether another product may lose it is the catalogue import's one rule,
 *   `resolveBarcodeClashes`: refused unless the row says it moves; a giver is written again
 *   without the code just before the taker, so every till hears of the move.
 * - Price-list prices land where the list is linked: the products' own price (a list for the
 *   whole chain) or `store-price` rows of the linked stores, the path head office's price editor
 *   writes through.
 */
import type {
  Category,
  ErpBarcodeRow,
  ErpImportNote,
  ErpItemRow,
  ErpPriceRow,
  HeadOfficeChange,
  Product,
  StorePrice,
  Variant,
} from '@cassa/shared';
import { barcodeKey, categoryIdOf, erpImportNote, productIdOf, resolveBarcodeClashes, variantIdOf } from '@cassa/shared';

/** The most barcodes a variant holds (the product schema's limit). */
export const MAX_BARCODES_PER_VARIANT = 20;

export interface ErpPlan {
  readonly changes: HeadOfficeChange[];
  readonly refused: ErpImportNote[];
  readonly warnings: ErpImportNote[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly moved: number;
}

/** The catalogue as the plan reads it: products by their SKU and by their variants' SKUs. */
export class CatalogueIndex {
  private readonly byCode = new Map<string, { productId: string; variantId: string | null }>();
  readonly products = new Map<string, Product>();

  constructor(products: readonly Product[]) {
    for (const product of products) {
      this.products.set(product.id, product);
      for (const variant of product.variants) this.byCode.set(variant.sku.toLowerCase(), { productId: product.id, variantId: variant.id });
    }
    // A product's own SKU wins over a variant's of another product with the same text.
    for (const product of products) this.byCode.set(product.sku.toLowerCase(), { productId: product.id, variantId: null });
  }

  find(code: string): { product: Product; variant: Variant | null } | null {
    const hit = this.byCode.get(code.toLowerCase());
    const product = hit && this.products.get(hit.productId);
    if (!hit || !product) return null;
    const variant = hit.variantId === null ? null : (product.variants.find((v) => v.id === hit.variantId) ?? null);
    return { product, variant };
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function planItems(index: CatalogueIndex, categories: readonly Category[], rows: readonly ErpItemRow[]): ErpPlan {
  const changes: HeadOfficeChange[] = [];
  const known = new Map(categories.map((c) => [c.id, c.name]));
  const refused: ErpImportNote[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const row of rows) {
    const categoryId = row.category ? categoryIdOf(row.category) || `c-${row.category.toLowerCase()}` : null;
    if (row.category && categoryId && !known.has(categoryId)) {
      known.set(categoryId, row.category);
      changes.push({ entity: 'category', data: { id: categoryId, name: row.category, parentId: null } });
    }
    const found = index.find(row.code);
    const fields = { name: row.description, vatCode: row.vatCode, unit: row.unit, categoryId, priceCents: row.priceCents };
    if (found?.variant && found.product.variants.length > 1) {
      // The ERP's item is one variant (a size, a colour) of a product with several: it prices that
      // variant; the product's name, VAT and unit stay the product's, and must agree.
      const product = found.product;
      if (product.vatCode !== row.vatCode || product.unit !== row.unit) {
        refused.push(erpImportNote(row.line, row.code, 'variants-mixed', { product: product.sku }));
        continue;
      }
      const variantId = found.variant.id;
      const next: Product = { ...product, variants: product.variants.map((v) => (v.id === variantId ? { ...v, priceCents: row.priceCents === product.priceCents ? null : row.priceCents } : v)) };
      if (same(next, product)) unchanged++;
      else {
        updated++;
        index.products.set(product.id, next);
        changes.push({ entity: 'product', data: next });
      }
      continue;
    }
    if (found) {
      const next: Product = { ...found.product, ...fields };
      if (same(next, found.product)) unchanged++;
      else {
        updated++;
        changes.push({ entity: 'product', data: next });
      }
      continue;
    }
    created++;
    const variant: Variant = { id: variantIdOf(row.code), sku: row.code, barcodes: [], options: {}, priceCents: null, active: true };
    changes.push({ entity: 'product', data: { id: productIdOf(row.code), sku: row.code, ...fields, axes: [], variants: [variant], active: true } });
  }
  return { changes, refused, warnings: [], created, updated, unchanged, moved: 0 };
}

export function planBarcodes(index: CatalogueIndex, rows: readonly ErpBarcodeRow[]): ErpPlan {
  const state = new Map<string, Product>();
  const current = (id: string) => state.get(id) ?? index.products.get(id)!;
  /** Barcode key → holder, as the rows so far leave it. */
  const holders = new Map<string, string>();
  for (const product of index.products.values()) for (const v of product.variants) for (const code of v.barcodes) holders.set(barcodeKey(code), product.id);
  const changes: HeadOfficeChange[] = [];
  const refused: ErpImportNote[] = [];
  const dirty: string[] = [];
  let unchanged = 0;
  let moved = 0;
  for (const row of rows) {
    const found = index.find(row.code);
    if (!found) {
      refused.push(erpImportNote(row.line, row.code, 'erp-item-unknown', { code: row.code }));
      continue;
    }
    const product = current(found.product.id);
    const variantId = (found.variant ?? found.product.variants[0]!).id;
    const variant = product.variants.find((v) => v.id === variantId)!;
    const key = barcodeKey(row.barcode);
    if (holders.get(key) === product.id) {
      unchanged++;
      continue;
    }
    if (variant.barcodes.length >= MAX_BARCODES_PER_VARIANT) {
      refused.push(erpImportNote(row.line, row.code, 'erp-barcodes-too-many', { code: row.code, max: MAX_BARCODES_PER_VARIANT }));
      continue;
    }
    const taker: Product = { ...product, variants: product.variants.map((v) => (v.id === variantId ? { ...v, barcodes: [...v.barcodes, row.barcode] } : v)) };
    // The catalogue import's rule, asked one row at a time against the catalogue as the earlier rows left it.
    const outcome = resolveBarcodeClashes(
      { kind: 'product', product: taker, categoryName: null, line: row.line, lines: { [variant.sku]: row.line }, movedBarcodes: row.move ? [row.barcode] : [], warnings: [] },
      (code) => {
        const holderId = holders.get(barcodeKey(code));
        const holder = holderId === undefined ? undefined : current(holderId);
        return holder ? { productId: holder.id, sku: holder.sku, name: holder.name } : null;
      },
      new Set(),
    );
    if (outcome.clashes.length > 0) {
      refused.push(...outcome.clashes.map((note) => ({ ...note, sku: row.code })));
      continue;
    }
    for (const move of outcome.moves) {
      const giver = current(move.from);
      const without = { ...giver, variants: giver.variants.map((v) => ({ ...v, barcodes: v.barcodes.filter((b) => barcodeKey(b) !== key) })) };
      state.set(giver.id, without);
      changes.push({ entity: 'product', data: without });
      if (!dirty.includes(giver.id)) dirty.push(giver.id);
      moved++;
    }
    state.set(product.id, taker);
    holders.set(key, product.id);
    if (!dirty.includes(product.id)) dirty.push(product.id);
  }
  for (const id of dirty) changes.push({ entity: 'product', data: current(id) });
  return { changes, refused, warnings: [], created: 0, updated: rows.length - refused.length - unchanged, unchanged, moved };
}

export interface PriceListTarget {
  /** Empty: the whole chain, the products' own price. */
  readonly storeIds: readonly string[];
}

export function planPrices(
  index: CatalogueIndex,
  storePrices: readonly StorePrice[],
  links: ReadonlyMap<string, PriceListTarget>,
  rows: readonly ErpPriceRow[],
): ErpPlan {
  const changes: HeadOfficeChange[] = [];
  const refused: ErpImportNote[] = [];
  const stored = new Map(storePrices.map((p) => [`${p.storeId}:${p.variantId}`, p.priceCents]));
  const chainPrices = new Map<string, Product>();
  let updated = 0;
  let unchanged = 0;
  for (const row of rows) {
    const link = links.get(row.list);
    if (!link) {
      refused.push(erpImportNote(row.line, row.code, 'erp-price-list-unmapped', { list: row.list }));
      continue;
    }
    const found = index.find(row.code);
    if (!found) {
      refused.push(erpImportNote(row.line, row.code, 'erp-item-unknown', { code: row.code }));
      continue;
    }
    let changed = false;
    if (link.storeIds.length === 0) {
      const product = chainPrices.get(found.product.id) ?? found.product;
      // A variant's code prices that variant; the product's code prices the product (its variants without their own price follow).
      const next: Product = found.variant
        ? { ...product, variants: product.variants.map((v) => (v.id === found.variant!.id ? { ...v, priceCents: row.priceCents === product.priceCents ? null : row.priceCents } : v)) }
        : { ...product, priceCents: row.priceCents };
      changed = !same(next, product);
      chainPrices.set(found.product.id, next);
    } else {
      const variants = found.variant ? [found.variant] : found.product.variants;
      for (const storeId of link.storeIds) {
        for (const variant of variants) {
          const key = `${storeId}:${variant.id}`;
          if (stored.get(key) === row.priceCents) continue;
          stored.set(key, row.priceCents);
          changes.push({ entity: 'store-price', data: { storeId, variantId: variant.id, priceCents: row.priceCents } });
          changed = true;
        }
      }
    }
    if (changed) updated++;
    else unchanged++;
  }
  for (const [id, product] of chainPrices) if (!same(product, index.products.get(id))) changes.push({ entity: 'product', data: product });
  return { changes, refused, warnings: [], created: 0, updated, unchanged, moved: 0 };
}
