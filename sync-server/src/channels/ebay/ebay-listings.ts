/**
 * @module
 * Every inventory item of the seller, a page at a time, with its offers (the first link and the
 * nightly reconciliation). eBay's page text calls `offset` a page number while its `next` link
 * carries a record offset [C], so the connector follows `next` as given, keeping only its path
 * under the inventory API (a hostile `next` cannot send the token elsewhere).
 */
import { z } from 'zod';
import { consoleLogger } from '../../http-support';
import type { ListingPage, RemoteListing } from '../connector';
import { cleanDetail } from './ebay-errors';
import type { EbayHttp } from './ebay-http';
import type { OfferBook } from './ebay-offers';
import { saneQuantity } from './ebay-offers';

const ITEMS_PATH = '/sell/inventory/v1/inventory_item';

const itemSchema = z
  .object({
    sku: z.string().min(1).max(50),
    groupIds: z.array(z.string()).optional(),
    product: z
      .object({ title: z.string().optional(), ean: z.array(z.string()).optional(), upc: z.array(z.string()).optional() })
      .loose()
      .optional(),
    availability: z.object({ shipToLocationAvailability: z.object({ quantity: z.unknown().optional() }).loose().optional() }).loose().optional(),
  })
  .loose();
const pageSchema = z.object({ inventoryItems: z.array(z.unknown()).max(1000).optional(), next: z.string().optional() }).loose();

/** The next page's path, only when it stays under the inventory items path of this API. */
export function safeNext(next: string | undefined): string | null {
  if (next === undefined || next === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(next, 'http://ebay.invalid');
  } catch {
    return null;
  }
  if (parsed.pathname !== ITEMS_PATH) return null;
  return `${parsed.pathname}${parsed.search}`;
}

function barcodeOf(product: z.infer<typeof itemSchema>['product']): string | null {
  const code = product?.ean?.[0] ?? product?.upc?.[0];
  return code !== undefined && /^\d{8,14}$/.test(code) ? code : null;
}

export async function listEbayListings(http: EbayHttp, offers: OfferBook, page: string | null, pageSize: number): Promise<ListingPage> {
  const path = page === null ? `${ITEMS_PATH}?limit=${pageSize}&offset=0` : (safeNext(page) ?? `${ITEMS_PATH}?limit=${pageSize}&offset=0`);
  const answer = await http.call('default', 'GET', path);
  const parsed = pageSchema.safeParse(answer.body);
  if (!parsed.success) throw http.unexpected(answer);
  const listings: RemoteListing[] = [];
  for (const raw of parsed.data.inventoryItems ?? []) {
    const item = itemSchema.safeParse(raw);
    if (!item.success || item.data.sku.includes('\u0000')) {
      consoleLogger('ebay: skipped an inventory item eBay listed with an unreadable SKU (%s)', undefined, [cleanDetail(JSON.stringify(raw)).slice(0, 120)]);
      continue;
    }
    const sku = item.data.sku;
    const state = await offers.read(sku);
    const itemQuantity = saneQuantity(item.data.availability?.shipToLocationAvailability?.quantity);
    // Buyers see the smaller of the item's and the live offer's quantity; no live offer: nothing on sale.
    const quantity = state === null || state.offerIds.length === 0 ? null : state.publishedIds.length === 0 ? 0 : state.availableQuantity === null ? itemQuantity : itemQuantity === null ? state.availableQuantity : Math.min(itemQuantity, state.availableQuantity);
    if (state !== null) offers.remember(sku, { ...state, availableQuantity: quantity });
    const groupId = item.data.groupIds?.find((id) => id !== '' && !id.includes('\u0000'));
    listings.push({
      remoteProductId: cleanDetail(groupId ?? sku).slice(0, 120),
      remoteVariantId: sku,
      sku,
      barcode: barcodeOf(item.data.product),
      quantity,
      remoteStockId: null,
      remoteOfferId: state === null || state.offerIds.length === 0 ? null : state.offerIds.join(','),
      title: cleanDetail(item.data.product?.title ?? sku).slice(0, 300),
    });
  }
  return { listings, next: safeNext(parsed.data.next) };
}
