/**
 * @module
 * The one rule, for the till's import and head office's, about a row whose barcode another
 * product already holds: the row is rejected ("barcode-taken") unless it says it moves the code
 * (`sposta_barcode` = 1), or the holder was itself re-described earlier in the same file without
 * that code (its row came first, so the code is free by the time this row is written: the dry run
 * and the real run agree). A barcode is compared by its normalised key, so a UPC-E clashes with
 * its UPC-A.
 */
import type { Product } from '../records/catalogue';
import type { ImportItem, ImportNote } from './catalogue-import';
import { importNote } from './catalogue-import';

export interface BarcodeHolder {
  readonly productId: string;
  /** What the report names: the holder's SKU (the variant's on the till, the product's at head office) and name. */
  readonly sku: string;
  readonly name: string;
}

export interface ClashOutcome {
  /** The product without its clashing variants; null when none is left. */
  readonly product: Product | null;
  readonly clashes: readonly ImportNote[];
  /** Codes this product takes from another product because its row asked to. */
  readonly moves: readonly { readonly code: string; readonly from: string }[];
}

/**
 * Sorts out one imported product's barcodes against the catalogue. `holderOf` answers who holds
 * a code now (by its normalised key); `redescribed` collects the products this import has
 * described so far and is updated here.
 */
export function resolveBarcodeClashes(
  item: Extract<ImportItem, { kind: 'product' }>,
  holderOf: (code: string) => BarcodeHolder | null,
  redescribed: Set<string>,
): ClashOutcome {
  const clashes: ImportNote[] = [];
  const moves: { code: string; from: string }[] = [];
  const clashing = new Set<string>();
  for (const variant of item.product.variants) {
    for (const code of variant.barcodes) {
      const holder = holderOf(code);
      if (!holder || holder.productId === item.product.id || redescribed.has(holder.productId)) continue;
      if (item.movedBarcodes.includes(code)) {
        moves.push({ code, from: holder.productId });
        continue;
      }
      if (clashing.has(variant.sku)) continue;
      clashing.add(variant.sku);
      clashes.push(importNote(item.lines[variant.sku] ?? item.line, variant.sku, 'barcode-taken', { code, ownerSku: holder.sku, ownerName: holder.name }));
    }
  }
  redescribed.add(item.product.id);
  if (clashing.size === 0) return { product: item.product, clashes, moves };
  const variants = item.product.variants.filter((v) => !clashing.has(v.sku));
  return {
    product: variants.length > 0 ? { ...item.product, variants } : null,
    clashes,
    moves: moves.filter((m) => variants.some((v) => v.barcodes.includes(m.code))),
  };
}
