/**
 * @module
 * The first link of a channel account and the re-resolution of vanished ids (issue 18): every
 * remote item is read into `channel_remote_items`, then each active Cassa variant is matched by
 * SKU first, then by barcode key (`barcodeKey`, so an EAN-13 and its UPC or GTIN-14 spelling
 * meet). Several candidates, or one remote item two variants claim, is a conflict the owner
 * settles by hand; a manual link always wins and later links keep it. Writes are batched
 * (`multi-row.ts`): a catalogue of 10,000 products × 3 variants costs a few statements.
 */
import { barcodeKey, encodeLinkNote } from '@cassa/shared';
import type { ChannelLinkNote, Product } from '@cassa/shared';
import type { ChannelAccountRow, ChannelMapping, MappingCounts, NewChannelJob, RemoteItem } from '../storage/channels';
import { ChannelCallError } from './connector';
import type { ChannelConnector, ListingPage, RemoteListing } from './connector';
import type { ChannelRuntime } from './channel-runtime';

/** A remote that pages forever (a cursor that never ends) is stopped here. */
const MAX_LISTING_PAGES = 20_000;
/** The longest text kept of a remote field (titles can be essays). */
const MAX_REMOTE_TEXT = 300;

/** Remote text as we store it: no NUL (PostgreSQL refuses it), no control characters, bounded. */
function clean(value: string | null | undefined, max = MAX_REMOTE_TEXT): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text === '' ? null : text.slice(0, max);
}

/** A remote quantity we can believe: a whole number within reason, else unknown. */
function quantityOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= -1_000_000_000 && value <= 1_000_000_000 ? value : null;
}

export function remoteItemOf(listing: RemoteListing): RemoteItem | null {
  const remoteProductId = clean(listing.remoteProductId, 120);
  if (remoteProductId === null) return null;
  const barcode = clean(listing.barcode, 64);
  return {
    remoteProductId,
    remoteVariantId: clean(listing.remoteVariantId, 120) ?? '',
    sku: clean(listing.sku, 120),
    barcodeKey: barcode === null ? null : barcodeKey(barcode),
    barcode,
    quantity: quantityOf(listing.quantity),
    remoteStockId: clean(listing.remoteStockId, 120),
    remoteOfferId: clean(listing.remoteOfferId, 600),
    title: clean(listing.title) ?? '',
  };
}

/** Every page of the remote's listings. */
/** How long one listing read may spend waiting out a channel's passing refusals, in all. */
const LISTING_RETRY_BUDGET_MS = 3 * 60_000;

export async function readAllListings(connector: ChannelConnector): Promise<RemoteItem[]> {
  const items: RemoteItem[] = [];
  const seenPages = new Set<string>();
  let page: string | null = null;
  let patience = LISTING_RETRY_BUDGET_MS;
  for (let n = 0; n < MAX_LISTING_PAGES; n++) {
    let answer: ListingPage;
    try {
      answer = await connector.listListings(page);
    } catch (error) {
      // A passing refusal (429, 5xx, a timeout) mid-way through thousands of pages must not throw
      // the pages read away: wait as the channel asks, within a budget, and ask for the same page.
      const wait = error instanceof ChannelCallError && error.disposition === 'retry' ? Math.max(error.retryAfterMs ?? 0, 1_000) : null;
      if (wait === null || wait > patience) throw error;
      patience -= wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
      n--;
      continue;
    }
    for (const listing of answer.listings) {
      const item = remoteItemOf(listing);
      if (item) items.push(item);
    }
    if (answer.next === null || seenPages.has(answer.next)) return items;
    seenPages.add(answer.next);
    page = answer.next;
  }
  return items;
}

const remoteKey = (productId: string | null, variantId: string | null): string => `${productId ?? ''}\u0000${variantId ?? ''}`;
const skuKey = (sku: string): string => sku.trim().toUpperCase();

export interface LinkVariant {
  readonly variantId: string;
  readonly sku: string;
  readonly barcodes: readonly string[];
}

/** The catalogue's active variants (of active products) as the link matches them. */
export function linkVariantsOf(products: readonly Product[]): LinkVariant[] {
  return products.filter((p) => p.active).flatMap((p) => p.variants.filter((v) => v.active).map((v) => ({ variantId: v.id, sku: v.sku, barcodes: v.barcodes })));
}

/** A variant linked to nothing, keeping the day's revision count of the link it replaces. */
export const blankMapping = (variantId: string, previous: ChannelMapping | undefined): ChannelMapping => ({
  variantId,
  state: 'unmatched',
  remoteProductId: null,
  remoteVariantId: null,
  remoteStockId: null,
  remoteOfferId: null,
  remoteSku: null,
  detail: '',
  lastPushedQuantity: null,
  lastPushedAt: null,
  lastSeenQuantity: null,
  lastSeenAt: null,
  revisionsDay: previous?.revisionsDay ?? null,
  revisions: previous?.revisions ?? 0,
  manual: false,
});

function linkedTo(variantId: string, item: RemoteItem, previous: ChannelMapping | undefined, how: ChannelLinkNote): ChannelMapping {
  // Same remote item as before: what we last sent there still stands (no needless resend).
  const same = previous !== undefined && remoteKey(previous.remoteProductId, previous.remoteVariantId) === remoteKey(item.remoteProductId, item.remoteVariantId);
  return {
    ...blankMapping(variantId, previous),
    state: 'matched',
    remoteProductId: item.remoteProductId,
    remoteVariantId: item.remoteVariantId,
    remoteStockId: item.remoteStockId,
    remoteOfferId: item.remoteOfferId,
    remoteSku: item.sku,
    detail: encodeLinkNote(how),
    lastPushedQuantity: same ? previous.lastPushedQuantity : null,
    lastPushedAt: same ? previous.lastPushedAt : null,
    lastSeenQuantity: item.quantity,
  };
}

const describe = (item: RemoteItem): string => `${item.remoteProductId}/${item.remoteVariantId}${item.sku ? ` (${item.sku})` : ''}`;

/**
 * Matches variants to remote items. Manual mappings in `previous` are kept as they are and their
 * remote items are taken; every other variant gets a fresh mapping.
 */
export function matchVariants(variants: readonly LinkVariant[], items: readonly RemoteItem[], previous: ReadonlyMap<string, ChannelMapping>): ChannelMapping[] {
  const bySku = new Map<string, RemoteItem[]>();
  const byBarcode = new Map<string, RemoteItem[]>();
  const push = (index: Map<string, RemoteItem[]>, key: string, item: RemoteItem) => {
    const list = index.get(key);
    if (list) list.push(item);
    else index.set(key, [item]);
  };
  for (const item of items) {
    if (item.sku !== null) push(bySku, skuKey(item.sku), item);
    if (item.barcodeKey !== null) push(byBarcode, item.barcodeKey, item);
  }
  const manualClaims = new Map<string, string>();
  for (const m of previous.values()) if (m.manual && m.remoteProductId !== null) manualClaims.set(remoteKey(m.remoteProductId, m.remoteVariantId), m.variantId);

  const result: ChannelMapping[] = [];
  const tentative = new Map<string, { variantId: string; item: RemoteItem; how: ChannelLinkNote }[]>();
  for (const variant of variants) {
    const before = previous.get(variant.variantId);
    if (before?.manual) {
      result.push(before);
      continue;
    }
    let candidates = bySku.get(skuKey(variant.sku)) ?? [];
    let how: ChannelLinkNote = { reason: 'sku', values: [variant.sku] };
    if (candidates.length === 0) {
      const found = new Map<string, RemoteItem>();
      for (const code of variant.barcodes) for (const item of byBarcode.get(barcodeKey(code)) ?? []) found.set(remoteKey(item.remoteProductId, item.remoteVariantId), item);
      candidates = [...found.values()];
      how = { reason: 'barcode', values: variant.barcodes.slice(0, 10) };
    }
    if (candidates.length === 0) {
      result.push({ ...blankMapping(variant.variantId, before), detail: encodeLinkNote({ reason: 'no-match', values: [variant.sku, ...variant.barcodes].slice(0, 10) }) });
    } else if (candidates.length > 1) {
      result.push({ ...blankMapping(variant.variantId, before), state: 'conflict', detail: encodeLinkNote({ reason: 'several', values: candidates.slice(0, 10).map(describe) }) });
    } else {
      const item = candidates[0]!;
      const key = remoteKey(item.remoteProductId, item.remoteVariantId);
      const byHand = manualClaims.get(key);
      if (byHand !== undefined) {
        result.push({ ...blankMapping(variant.variantId, before), state: 'conflict', detail: encodeLinkNote({ reason: 'taken-by-hand', values: [describe(item), byHand] }) });
        continue;
      }
      const claims = tentative.get(key);
      if (claims) claims.push({ variantId: variant.variantId, item, how });
      else tentative.set(key, [{ variantId: variant.variantId, item, how }]);
    }
  }
  for (const claims of tentative.values()) {
    if (claims.length === 1) {
      const { variantId, item, how } = claims[0]!;
      result.push(linkedTo(variantId, item, previous.get(variantId), how));
      continue;
    }
    const names = claims.slice(0, 9).map((c) => c.variantId);
    for (const claim of claims) result.push({ ...blankMapping(claim.variantId, previous.get(claim.variantId)), state: 'conflict', detail: encodeLinkNote({ reason: 'claimed-twice', values: [describe(claim.item), ...names] }) });
  }
  return result;
}

/** Stock jobs for every matched variant: the first link (and a relink) sends the quantities of the moment. */
export function stockJobsFor(account: ChannelAccountRow, mappings: readonly ChannelMapping[], now: Date): NewChannelJob[] {
  return mappings
    .filter((m) => m.state === 'matched')
    .map((m) => ({ organisationId: account.organisationId, accountId: account.id, kind: 'stock', jobKey: m.variantId, payload: JSON.stringify({ variantId: m.variantId }), dueAt: now }));
}

export function countMappings(mappings: readonly ChannelMapping[], items: readonly RemoteItem[]): MappingCounts {
  const claimed = new Set(mappings.filter((m) => m.remoteProductId !== null).map((m) => remoteKey(m.remoteProductId, m.remoteVariantId)));
  return {
    matched: mappings.filter((m) => m.state === 'matched').length,
    unmatched: mappings.filter((m) => m.state === 'unmatched' || m.state === 'stale').length,
    conflicting: mappings.filter((m) => m.state === 'conflict').length,
    remoteOnly: items.filter((i) => !claimed.has(remoteKey(i.remoteProductId, i.remoteVariantId))).length,
  };
}

/** Reads every remote item and links the whole catalogue; answers the counts the page shows. */
export async function linkAccount(runtime: ChannelRuntime, account: ChannelAccountRow, connector: ChannelConnector = runtime.connector(account)): Promise<MappingCounts> {
  const { storage, now } = runtime;
  const items = await readAllListings(connector);
  const previous = await storage.channels.mappings(account.organisationId, account.id);
  const mappings = matchVariants(linkVariantsOf(await storage.channels.catalogue(account.organisationId)), items, previous);
  // Manual links of variants no longer in the catalogue stay until the owner unlinks them.
  for (const m of previous.values()) if (m.manual && !mappings.some((x) => x.variantId === m.variantId)) mappings.push(m);
  const at = now();
  await storage.channels.replaceRemoteItems(account.organisationId, account.id, items, at);
  await storage.channels.replaceMappings(account.organisationId, account.id, mappings, at);
  await storage.channels.transaction((tx) => storage.channels.jobs.enqueue(tx, stockJobsFor(account, mappings, at), at));
  return countMappings(mappings, items);
}

/**
 * A remote id vanished (`not-found`): the listings are read afresh and these variants matched
 * again by SKU or barcode. Answers their mappings as they are now (matched, unmatched or conflict).
 */
export async function relinkVariants(runtime: ChannelRuntime, account: ChannelAccountRow, connector: ChannelConnector, variantIds: readonly string[]): Promise<Map<string, ChannelMapping>> {
  const { storage, now } = runtime;
  const items = await readAllListings(connector);
  const at = now();
  await storage.channels.replaceRemoteItems(account.organisationId, account.id, items, at);
  const previous = await storage.channels.mappings(account.organisationId, account.id);
  const products = [...new Map([...(await storage.channels.productsOfVariants(account.organisationId, variantIds)).values()].map((p) => [p.id, p])).values()];
  const wanted = new Set(variantIds);
  const variants = linkVariantsOf(products).filter((v) => wanted.has(v.variantId));
  // Other variants' links claim their items too: a vanished id must not steal a linked item.
  const others = [...previous.values()].filter((m) => !wanted.has(m.variantId) && m.state === 'matched').map((m) => ({ ...m, manual: true }));
  const fresh = matchVariants(variants, items, new Map([...others.map((m): [string, ChannelMapping] => [m.variantId, m]), ...variantIds.flatMap((id): [string, ChannelMapping][] => {
    const m = previous.get(id);
    return m && !m.manual ? [[id, m]] : [];
  })]));
  const mine = fresh.filter((m) => wanted.has(m.variantId));
  await storage.channels.putMappings(account.organisationId, account.id, mine, at);
  return new Map(mine.map((m) => [m.variantId, m]));
}
