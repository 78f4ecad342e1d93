/**
 * @module
 * Listings Items 2021-08-01: the seller's listings a page at a time (`searchListingsItems`,
 * which the 2026-08-05 model has, so no report is needed) and the MFN quantity written with
 * `patchListingsItem` on `/attributes/fulfillment_availability`.
 *
 * - `merge` (added 2025-06-16) keeps the attribute's other fields, e.g. a handling time, which
 *   `replace` would drop (reference §2).
 * - ACCEPTED means queued, not applied (reference §2): the outcome is `accepted`, and the nightly
 *   reconciliation reads the quantity back. INVALID is answered with 200 and issues: `refused`.
 * - searchListingsItems pages through 1000 SKUs at most (the model's `numberOfResults` note), so
 *   the catalogue is read in slices of creation time (`createdAfter` / `createdBefore`), halved
 *   until a slice holds 1000 or fewer; the page cursor is ours: the slices left and Amazon's token.
 */
import type { AmazonCredentials } from '@cassa/shared';
import { z } from 'zod';
import { ChannelCallError, type ListingPage, type QuantityOutcome, type QuantityUpdate, type RemoteListing } from '../connector';
import { cutAt, remoteDetail, unexpectedAnswer } from './amazon-errors';
import type { SpApiClient } from './sp-api-client';

/** The model's maximum `pageSize`. */
const PAGE_SIZE = 20;
const MAX_QUANTITY = 2_147_483_647;

const listingSchema = z.object({
  sku: z.string().min(1).max(200),
  summaries: z
    .array(z.object({ marketplaceId: z.string().optional(), asin: z.string().optional(), itemName: z.string().optional(), createdDate: z.string().optional() }).passthrough())
    .optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  fulfillmentAvailability: z.array(z.object({ fulfillmentChannelCode: z.string(), quantity: z.unknown().optional() }).passthrough()).optional(),
  relationships: z
    .array(
      z.object({
        marketplaceId: z.string().optional(),
        relationships: z.array(z.object({ type: z.string().optional(), parentSkus: z.array(z.string()).optional(), childSkus: z.array(z.string()).optional() }).passthrough()).optional(),
      }).passthrough(),
    )
    .optional(),
});

const searchSchema = z.object({
  numberOfResults: z.number().optional(),
  items: z.array(z.unknown()),
  pagination: z.object({ nextToken: z.string().max(4096).optional() }).passthrough().optional(),
});

const submissionSchema = z.object({
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
  issues: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), severity: z.string().optional() }).passthrough()).optional(),
});

/** The model: "The maximum number of items (SKUs) that can be returned and paged through is 1000." */
const SEARCH_CAP = 1000;
/** Before any SP-API listing existed: the first slice starts here. */
const CATALOGUE_START_MS = Date.parse('2000-01-01T00:00:00.000Z');

const listingsCursorSchema = z.object({
  v: z.literal(1),
  /** Creation-time slices still to read, inclusive milliseconds, earliest first. */
  slices: z.array(z.tuple([z.number().int(), z.number().int()])).min(1).max(200),
  /** Amazon's page token within the first slice. */
  token: z.string().max(4096).nullable(),
});
type ListingsCursor = z.infer<typeof listingsCursorSchema>;

export async function listListings(client: SpApiClient, credentials: AmazonCredentials, page: string | null, log: (message: string) => void): Promise<ListingPage> {
  const cursor = readListingsCursor(page, client.remoteNow(), log);
  const [slice, ...rest] = cursor.slices as [[number, number], ...[number, number][]];
  const answer = await client.call({
    bucket: 'listings',
    method: 'GET',
    path: `listings/2021-08-01/items/${encodeURIComponent(credentials.sellerId)}`,
    query: {
      marketplaceIds: credentials.marketplaceId,
      includedData: ['summaries', 'attributes', 'fulfillmentAvailability', 'relationships'],
      createdAfter: new Date(slice[0]).toISOString(),
      createdBefore: new Date(slice[1]).toISOString(),
      sortBy: 'createdDate',
      sortOrder: 'ASC',
      pageSize: String(PAGE_SIZE),
      pageToken: cursor.token ?? undefined,
    },
  });
  const parsed = searchSchema.safeParse(answer);
  if (!parsed.success) throw unexpectedAnswer('searchListingsItems answered an unexpected shape', JSON.stringify(answer));
  const found = parsed.data.numberOfResults ?? 0;
  // No seller has billions of listings: a count like that is not Amazon's (and would split forever).
  if (!Number.isSafeInteger(found) || found < 0 || found > 50_000_000) throw unexpectedAnswer('searchListingsItems counted an impossible number of listings', String(found));
  if (cursor.token === null && found > SEARCH_CAP) {
    // Sorted by creation, this page starts at the slice's earliest listing: nothing lies before it.
    const start = Math.max(slice[0], Math.min(slice[1], earliestCreated(parsed.data.items) ?? slice[0]));
    if (slice[1] - start >= 1) {
      // Too many to page through: read each half on its own.
      const middle = Math.floor((start + slice[1]) / 2);
      return { listings: [], next: writeCursor({ v: 1, slices: [[start, middle], [middle + 1, slice[1]], ...rest], token: null }) };
    }
    log(`${found} Amazon listings were created within one millisecond: only ${SEARCH_CAP} of them can be listed`);
  }
  const listings: RemoteListing[] = [];
  for (const raw of parsed.data.items) {
    const listing = toRemoteListing(raw, credentials.marketplaceId);
    if (listing !== null) listings.push(listing);
  }
  const token = parsed.data.pagination?.nextToken;
  if (token !== undefined && token !== '') return { listings, next: writeCursor({ v: 1, slices: cursor.slices, token }) };
  return { listings, next: rest.length === 0 ? null : writeCursor({ v: 1, slices: rest as ListingsCursor['slices'], token: null }) };
}

function earliestCreated(items: readonly unknown[]): number | null {
  let earliest: number | null = null;
  for (const raw of items) {
    const parsed = listingSchema.safeParse(raw);
    for (const summary of parsed.success ? (parsed.data.summaries ?? []) : []) {
      const at = summary.createdDate === undefined ? Number.NaN : Date.parse(summary.createdDate);
      if (!Number.isNaN(at)) earliest = earliest === null ? at : Math.min(earliest, at);
    }
  }
  return earliest;
}

function readListingsCursor(page: string | null, now: Date, log: (message: string) => void): ListingsCursor {
  const fresh: ListingsCursor = { v: 1, slices: [[CATALOGUE_START_MS, now.getTime()]], token: null };
  if (page === null) return fresh;
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(page);
  } catch {
    // not ours: read from the start
  }
  const cursor = listingsCursorSchema.safeParse(parsed);
  if (cursor.success) return cursor.data;
  log(`Amazon listings page cursor unreadable (${cutAt(page, 80)}): listing from the start`);
  return fresh;
}

function writeCursor(cursor: ListingsCursor): string {
  return JSON.stringify(cursor);
}

/** One listing as Cassa holds it; null for an entry that is not a listing (skipped, not fatal). */
function toRemoteListing(raw: unknown, marketplaceId: string): RemoteListing | null {
  const parsed = listingSchema.safeParse(raw);
  if (!parsed.success) return null;
  const item = parsed.data;
  const summary = item.summaries?.find((entry) => entry.marketplaceId === marketplaceId) ?? item.summaries?.[0];
  const quantity = wholeQuantity(item.fulfillmentAvailability?.find((entry) => entry.fulfillmentChannelCode === 'DEFAULT')?.quantity);
  const sku = clean(item.sku, 120);
  if (sku === '') return null;
  const variation = item.relationships?.find((entry) => entry.marketplaceId === marketplaceId || entry.marketplaceId === undefined)?.relationships?.find((entry) => entry.type === 'VARIATION');
  // A variation parent is not sellable (Amazon sells its children): not a listing for Cassa.
  if ((variation?.childSkus?.length ?? 0) > 0) return null;
  const parentSku = variation?.parentSkus?.[0];
  return {
    // The variation family (parent SKU) groups sizes and colours of one product; else the ASIN.
    remoteProductId: clean(parentSku ?? summary?.asin ?? sku, 120) || sku,
    remoteVariantId: sku,
    sku,
    barcode: barcodeOf(item.attributes),
    quantity,
    remoteStockId: null,
    remoteOfferId: null,
    title: clean(summary?.itemName ?? sku, 300),
  };
}

/**
 * The EAN/UPC from `externally_assigned_product_identifier` [U: the attribute belongs to the
 * product type definitions, not the Listings model].
 */
function barcodeOf(attributes: Record<string, unknown> | undefined): string | null {
  const identifiers = attributes?.['externally_assigned_product_identifier'];
  if (!Array.isArray(identifiers)) return null;
  for (const entry of identifiers) {
    const value = (entry as { value?: unknown } | null)?.value;
    if (typeof value === 'string' && /^\d{8,14}$/.test(value.trim())) return value.trim();
  }
  return null;
}

function wholeQuantity(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function clean(text: string, max: number): string {
  return cutAt(remoteDetail(text), max);
}

/**
 * One PATCH per SKU (`quantityBatch` 1: the listings API has no batch), addressed by the remote
 * item's own id (an Amazon listing's id is its seller SKU, as Amazon spells it). A failure of one item is
 * that item's outcome; an auth failure stops the call (the account cannot go on).
 */
export async function setQuantities(client: SpApiClient, credentials: AmazonCredentials, updates: readonly QuantityUpdate[]): Promise<QuantityOutcome[]> {
  const outcomes: QuantityOutcome[] = [];
  for (const update of updates) {
    const variantId = update.mapping.variantId;
    if (!Number.isFinite(update.quantity)) {
      outcomes.push({ variantId, result: 'refused', problem: 'refused-by-remote', detail: `Not a quantity: ${String(update.quantity)}` });
      continue;
    }
    const quantity = Math.min(MAX_QUANTITY, Math.max(0, Math.floor(update.quantity)));
    try {
      const answer = await client.call({
        bucket: 'listings',
        method: 'PATCH',
        path: `listings/2021-08-01/items/${encodeURIComponent(credentials.sellerId)}/${encodeURIComponent(update.mapping.remoteVariantId)}`,
        query: { marketplaceIds: credentials.marketplaceId, includedData: 'issues' },
        body: {
          productType: credentials.productType,
          patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }],
        },
      });
      const submission = submissionSchema.safeParse(answer);
      if (!submission.success) throw unexpectedAnswer('patchListingsItem answered an unexpected shape', JSON.stringify(answer));
      if (submission.data.status === 'INVALID') {
        const words = (submission.data.issues ?? []).map((issue) => [issue.code, issue.message].filter((part) => part !== undefined).join(': ')).join('; ');
        outcomes.push({ variantId, result: 'refused', problem: 'refused-by-remote', detail: remoteDetail(words || 'INVALID without issues') });
      } else {
        outcomes.push({ variantId, result: 'accepted' });
      }
    } catch (error) {
      if (!(error instanceof ChannelCallError) || error.disposition === 'auth') throw error;
      if (error.disposition === 'not-found') outcomes.push({ variantId, result: 'not-found' });
      else outcomes.push({ variantId, result: error.disposition, problem: error.problem, detail: error.detail, retryAfterMs: error.retryAfterMs });
    }
  }
  return outcomes;
}
