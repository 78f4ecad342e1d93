/**
 * @module
 * The shop's sellable items, a page of products at a time: one listing per combination
 * (remoteVariantId = id_product_attribute) and one per product without combinations ('0'), each
 * with the stock_availables row its quantity lives in (reference §1 Stock: one row per product
 * and per combination; `products.quantity` always reads 0, #18953). Three requests per page:
 * products, their combinations, their stock rows.
 */
import type { ListingPage, RemoteListing } from '../connector';
import type { PrestashopHttp } from './prestashop-http';
import type { JsonRecord } from './prestashop-values';
import { anyOf, idOf, listOf, quantityOf, textOf } from './prestashop-values';

export const LISTING_PAGE_PRODUCTS = 50;

function readPage(page: string | null): number {
  if (page === null) return 0;
  try {
    const parsed = JSON.parse(page) as { offset?: unknown };
    return typeof parsed.offset === 'number' && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0 ? parsed.offset : 0;
  } catch {
    return 0;
  }
}

/** EAN-13 first, then UPC, as the remote holds it. */
function barcodeOf(record: JsonRecord): string | null {
  const code = textOf(record, 'ean13') || textOf(record, 'upc');
  return code === '' ? null : code.slice(0, 64);
}

/**
 * The row buyers of this shop see: the shop's own; else a row shared by its shop group
 * (id_shop 0 with a group, multistore "share stock"); else whatever row exists.
 */
export function pickStockRow(rows: readonly JsonRecord[], idProduct: number, idProductAttribute: number, shopId: number): JsonRecord | null {
  const candidates = rows.filter((row) => idOf(row, 'id_product') === idProduct && idOf(row, 'id_product_attribute') === idProductAttribute);
  return candidates.find((row) => idOf(row, 'id_shop') === shopId) ?? candidates.find((row) => idOf(row, 'id_shop') === 0 && (idOf(row, 'id_shop_group') ?? 0) > 0) ?? candidates[0] ?? null;
}

export async function listListings(http: PrestashopHttp, shopId: number, page: string | null): Promise<ListingPage> {
  const offset = readPage(page);
  const products = listOf(
    await http.getJson('products', { display: '[id,reference,ean13,upc,name]', sort: '[id_ASC]', limit: `${offset},${LISTING_PAGE_PRODUCTS}` }),
    'products',
  );
  const ids = products.flatMap((product) => {
    const id = idOf(product, 'id');
    return id === null ? [] : [id];
  });
  if (ids.length === 0) return { listings: [], next: null };
  const combinations = listOf(await http.getJson('combinations', { display: 'full', 'filter[id_product]': anyOf(ids) }), 'combinations');
  const stock = listOf(await http.getJson('stock_availables', { display: 'full', 'filter[id_product]': anyOf(ids) }), 'stock_availables');

  const listings: RemoteListing[] = [];
  for (const product of products) {
    const idProduct = idOf(product, 'id');
    if (idProduct === null) continue;
    const title = textOf(product, 'name').slice(0, 300);
    const own = combinations.filter((combination) => idOf(combination, 'id_product') === idProduct);
    const listing = (variant: number, record: JsonRecord): RemoteListing => {
      const row = pickStockRow(stock, idProduct, variant, shopId);
      const reference = textOf(record, 'reference').slice(0, 120);
      return {
        remoteProductId: String(idProduct),
        remoteVariantId: String(variant),
        sku: reference === '' ? null : reference,
        barcode: barcodeOf(record),
        quantity: row === null ? null : quantityOf(row, 'quantity'),
        remoteStockId: row === null ? null : String(idOf(row, 'id') ?? '') || null,
        remoteOfferId: null,
        title,
      };
    };
    if (own.length === 0) {
      listings.push(listing(0, product));
      continue;
    }
    for (const combination of own) {
      const idCombination = idOf(combination, 'id');
      if (idCombination !== null) listings.push(listing(idCombination, combination));
    }
  }
  return { listings, next: products.length < LISTING_PAGE_PRODUCTS ? null : JSON.stringify({ offset: offset + products.length }) };
}
