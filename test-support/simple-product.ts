/**
 * @module
 * A one-variant product for tests that need a few sellable items and nothing of the catalogue's
 * shape (no axes, no category): its variant is `<id>-v1`, its SKU `<ID>`, its name "Articolo <id>".
 */
import type { Product, VatCode } from '@cassa/shared';

export function simpleProduct(id: string, priceCents: number, options: { barcodes?: readonly string[]; vatCode?: VatCode } = {}): Product {
  return {
    id,
    sku: id.toUpperCase(),
    name: `Articolo ${id}`,
    categoryId: null,
    vatCode: options.vatCode ?? '22',
    unit: 'piece',
    priceCents,
    axes: [],
    variants: [{ id: `${id}-v1`, sku: `${id.toUpperCase()}-1`, barcodes: [...(options.barcodes ?? [])], options: {}, priceCents: null, active: true }],
    active: true,
  };
}
