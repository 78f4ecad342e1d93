/**
 * @module
 * A Cassa catalogue as a seller would already have listed it on a channel before linking Cassa
 * (issue 18): one emulator item per variant sold by the piece, with the variant's SKU and first
 * barcode, so the first link matches them. Weighed items (sold by the kilo) are not listed: a
 * channel takes whole units. Shared by `npm run channel-emulators`, the end-to-end tests, the fault
 * run and the benchmarks.
 */
import type { Product } from '@cassa/shared';
import type { EmulatorItem } from '@cassa/sync-server/channel-emulators';

/** What the demo shop's seed puts on the shelf per piece item (`seedDemoShop`). */
export const DEMO_SHELF_UNITS = 12;

export function channelItemsOf(products: readonly Product[], quantity: number = DEMO_SHELF_UNITS): EmulatorItem[] {
  const items: EmulatorItem[] = [];
  for (const product of products) {
    if (product.unit !== 'piece' || !product.active) continue;
    const grouped = product.variants.length > 1;
    for (const variant of product.variants) {
      if (!variant.active) continue;
      const options = Object.values(variant.options);
      items.push({
        sku: variant.sku,
        ...(variant.barcodes[0] ? { barcode: variant.barcodes[0] } : {}),
        title: options.length > 0 ? `${product.name} ${options.join(' / ')}` : product.name,
        quantity,
        priceCents: variant.priceCents ?? product.priceCents,
        ...(grouped ? { group: product.sku, options: variant.options } : {}),
      });
    }
  }
  return items;
}
