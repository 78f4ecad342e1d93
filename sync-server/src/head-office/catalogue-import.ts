/**
 * @module
 * Head office's catalogue CSV import: the same reader and the same rules as the till's (shared
 * `readCatalogueCsv` and `resolveBarcodeClashes`): rows that clash on a barcode are rejected in
 * the dry run too, a row with `sposta_barcode` = 1 takes the code, and the product that held it is
 * written again without it (so every till hears of the move), just before the product taking it.
 */
import type { HeadOfficeChange, ImportItem, ImportNote, Product } from '@cassa/shared';
import { barcodeKey, categoryIdOf, readCatalogueCsv, resolveBarcodeClashes } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';

export interface HeadOfficeImportReport {
  readonly products: number;
  readonly variants: number;
  readonly rejected: ImportNote[];
  readonly warnings: ImportNote[];
  readonly dryRun: boolean;
}

type ProductItem = Extract<ImportItem, { kind: 'product' }>;

export async function importCatalogueCsv(
  deps: { storage: SyncStorage; admin: AdminApi },
  organisationId: string,
  csv: string,
  dryRun: boolean,
): Promise<HeadOfficeImportReport> {
  const items: ProductItem[] = [];
  const rejected: ImportNote[] = [];
  for (const item of readCatalogueCsv(csv)) {
    if (item.kind === 'rejected') {
      const { kind: _kind, ...note } = item;
      rejected.push(note);
    } else items.push(item);
  }
  const holders = await deps.storage.barcodeHolders(
    organisationId,
    items.flatMap((item) => item.product.variants.flatMap((v) => v.barcodes)),
  );
  const holderOf = (code: string) => {
    const held = holders.get(barcodeKey(code));
    return held ? { productId: held.productId, sku: held.product?.sku ?? held.productId, name: held.product?.name ?? '' } : null;
  };

  const redescribed = new Set<string>();
  /** Products that gave a code away, as they will be written: a second move from one builds on the first. */
  const givers = new Map<string, Product>();
  const changes: HeadOfficeChange[] = [];
  const categories = new Map<string, string>();
  const warnings: ImportNote[] = [];
  let products = 0;
  let variants = 0;
  for (const item of items) {
    const outcome = resolveBarcodeClashes(item, holderOf, redescribed);
    rejected.push(...outcome.clashes);
    if (!outcome.product) continue;
    for (const move of outcome.moves) {
      const giver = givers.get(move.from) ?? holders.get(barcodeKey(move.code))?.product;
      if (!giver) continue;
      const key = barcodeKey(move.code);
      const without = { ...giver, variants: giver.variants.map((v) => ({ ...v, barcodes: v.barcodes.filter((b) => barcodeKey(b) !== key) })) };
      givers.set(move.from, without);
      changes.push({ entity: 'product', data: without });
    }
    warnings.push(...item.warnings);
    products++;
    variants += outcome.product.variants.length;
    if (item.categoryName !== null && outcome.product.categoryId !== null) categories.set(outcome.product.categoryId, item.categoryName);
    changes.push({ entity: 'product', data: outcome.product });
  }
  if (!dryRun) {
    const all: HeadOfficeChange[] = [
      ...[...categories].map(([id, name]): HeadOfficeChange => ({ entity: 'category', data: { id: id || categoryIdOf(name), name, parentId: null } })),
      ...changes,
    ];
    for (let i = 0; i < all.length; i += 2000) await deps.admin.writeChanges(organisationId, all.slice(i, i + 2000));
  }
  rejected.sort((a, b) => a.line - b.line);
  return { products, variants, rejected, warnings, dryRun };
}
