/**
 * @module
 * Listings Items API 2021-08-01 (models/listings-items-api-model/listingsItems_2021-08-01.json):
 * `searchListingsItems`, `getListingsItem` and `patchListingsItem` on the MFN quantity
 * (`/attributes/fulfillment_availability`), plus Login with Amazon's token endpoint.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { ListingIssue, ListingState } from './amazon-state';
import { decodeToken, encodeToken, errorList, gate, listParam, type ApiGate, type EmulatorApp } from './amazon-http';

/** The model: "The maximum number of items (SKUs) that can be returned and paged through is 1000." */
export const SEARCH_LISTINGS_CAP = 1000;
/** searchListingsItems `pageSize`: maximum 20, default 10 (the model). */
const MAX_PAGE_SIZE = 20;
const DEFAULT_PAGE_SIZE = 10;

export interface ListingsApiOptions extends ApiGate {
  readonly marketplaceId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

const patchBody = z.object({
  productType: z.string().min(1),
  patches: z
    .array(
      z.object({
        op: z.enum(['add', 'replace', 'merge', 'delete']),
        path: z.string().min(1),
        value: z.array(z.record(z.string(), z.unknown())).optional(),
      }),
    )
    .min(1),
});

export function mountTokenEndpoint(app: EmulatorApp, options: ListingsApiOptions): void {
  // LWA (reference §2): POST form grant_type=refresh_token, refresh_token, client_id, client_secret.
  // Error bodies follow OAuth 2.0 (RFC 6749 §5.2), as LWA answers them [U for the exact wording].
  app.post('/auth/o2/token', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (form['grant_type'] !== 'refresh_token') return c.json({ error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported.' }, 400);
    if (form['client_id'] !== options.clientId || form['client_secret'] !== options.clientSecret) {
      return c.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
    }
    if (form['refresh_token'] !== options.refreshToken || options.state.refreshTokenRevoked) {
      return c.json({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' }, 400);
    }
    const { token, expiresIn } = options.state.issueToken();
    return c.json({ access_token: token, refresh_token: options.refreshToken, token_type: 'bearer', expires_in: expiresIn });
  });
}

export function mountListingsApi(app: EmulatorApp, options: ListingsApiOptions): void {
  const { state } = options;

  const refusal = (c: Context, sellerId: string): Response | null => {
    // [U] Another seller's id answers 403 like a missing authorisation.
    if (sellerId !== options.sellerId) return errorList(c, 403, 'Unauthorized', 'Access to requested resource is denied.', '');
    const marketplaces = listParam(c, 'marketplaceIds');
    if (marketplaces.length === 0) return errorList(c, 400, 'InvalidInput', 'Missing required parameter marketplaceIds', 'marketplaceIds');
    if (!marketplaces.includes(options.marketplaceId)) return errorList(c, 400, 'InvalidInput', `Invalid marketplaceIds: ${marketplaces.join(',')}`, 'marketplaceIds');
    return null;
  };

  app.get('/listings/2021-08-01/items/:sellerId', (c) => {
    const denied = gate(c, options, 'searchListingsItems', 'listings') ?? refusal(c, c.req.param('sellerId'));
    if (denied !== null) return denied;
    state.applyDuePatches();
    const pageSizeParam = c.req.query('pageSize');
    const pageSize = pageSizeParam === undefined ? DEFAULT_PAGE_SIZE : Number(pageSizeParam);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return errorList(c, 400, 'InvalidInput', 'pageSize must be between 1 and 20', 'pageSize');
    const createdAfter = c.req.query('createdAfter');
    const createdBefore = c.req.query('createdBefore');
    const from = createdAfter === undefined ? Number.NEGATIVE_INFINITY : Date.parse(createdAfter);
    const to = createdBefore === undefined ? Number.POSITIVE_INFINITY : Date.parse(createdBefore);
    if (Number.isNaN(from) || Number.isNaN(to)) return errorList(c, 400, 'InvalidInput', 'createdAfter and createdBefore must be ISO 8601 date-times');
    // A page token continues its own search: the filters are part of it [U: Amazon's tokens are opaque].
    const filter = `${from}|${to}|${c.req.query('sortBy') ?? ''}|${c.req.query('sortOrder') ?? ''}`;
    let offset = 0;
    const pageToken = c.req.query('pageToken');
    if (pageToken !== undefined) {
      const decoded = z.object({ offset: z.number().int().min(0), filter: z.string() }).safeParse(decodeToken(pageToken));
      if (!decoded.success || decoded.data.filter !== filter) return errorList(c, 400, 'InvalidInput', 'Invalid pageToken', 'pageToken');
      offset = decoded.data.offset;
    }
    const sortBy = c.req.query('sortBy') ?? 'sku';
    const sortOrder = c.req.query('sortOrder') ?? 'ASC';
    if (!['sku', 'createdDate', 'lastUpdatedDate'].includes(sortBy) || !['ASC', 'DESC'].includes(sortOrder)) return errorList(c, 400, 'InvalidInput', 'Invalid sortBy or sortOrder');
    const bySku = (a: ListingState, b: ListingState) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
    const key = (listing: ListingState) => (sortBy === 'createdDate' ? listing.createdAt : sortBy === 'lastUpdatedDate' ? listing.updatedAt : 0);
    const all = [...state.listings.values()]
      .filter((listing) => listing.createdAt >= from && listing.createdAt <= to)
      .sort((a, b) => (key(a) - key(b) || bySku(a, b)) * (sortOrder === 'DESC' ? -1 : 1));
    const reachable = all.slice(0, SEARCH_LISTINGS_CAP);
    const page = reachable.slice(offset, offset + pageSize);
    const next = offset + pageSize < reachable.length ? encodeToken({ offset: offset + pageSize, filter }) : null;
    const included = includedData(c);
    return c.json({
      numberOfResults: all.length,
      ...(next === null && offset === 0 ? {} : { pagination: { ...(next === null ? {} : { nextToken: next }), ...(offset > 0 ? { previousToken: encodeToken({ offset: Math.max(0, offset - pageSize), filter }) } : {}) } }),
      items: page.map((listing) => itemJson(listing, included, options.marketplaceId)),
    });
  });

  app.get('/listings/2021-08-01/items/:sellerId/:sku', (c) => {
    const denied = gate(c, options, 'getListingsItem', 'listings') ?? refusal(c, c.req.param('sellerId'));
    if (denied !== null) return denied;
    state.applyDuePatches();
    const listing = state.listings.get(c.req.param('sku'));
    if (listing === undefined) return errorList(c, 404, 'NOT_FOUND', `SKU '${c.req.param('sku')}' not found in marketplace ${options.marketplaceId}`);
    return c.json(itemJson(listing, includedData(c), options.marketplaceId));
  });

  app.patch('/listings/2021-08-01/items/:sellerId/:sku', async (c) => {
    const denied = gate(c, options, 'patchListingsItem', 'listings') ?? refusal(c, c.req.param('sellerId'));
    if (denied !== null) return denied;
    const sku = c.req.param('sku');
    const body = patchBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return errorList(c, 400, 'InvalidInput', 'Request has missing or invalid parameters and cannot be parsed.', body.error.issues[0]?.message ?? '');
    state.applyDuePatches();
    const listing = state.listings.get(sku);
    // [U] The model lists no 404 for patchListingsItem; the brief (and getListingsItem) answer 404
    // for an unknown SKU, and the connector treats both a 404 and this alike.
    if (listing === undefined) return errorList(c, 404, 'NOT_FOUND', `SKU '${sku}' not found in marketplace ${options.marketplaceId}`);
    const issues: ListingIssue[] = [];
    let quantity: number | null = null;
    for (const patch of body.data.patches) {
      if (patch.path !== '/attributes/fulfillment_availability') continue; // [U] other attributes: accepted, not modelled
      if (patch.op === 'delete') {
        issues.push(issue('fulfillment_availability cannot be deleted from an offer', 'fulfillment_availability'));
        continue;
      }
      const entry = patch.value?.find((value) => value['fulfillment_channel_code'] === 'DEFAULT');
      const value = entry?.['quantity'];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
        issues.push(issue(`The value provided for 'quantity' is not valid: ${JSON.stringify(value ?? null)}`, 'fulfillment_availability'));
        continue;
      }
      quantity = value;
    }
    if (issues.length > 0) return c.json({ sku, status: 'INVALID', submissionId: crypto.randomUUID(), issues });
    if (c.req.query('mode') === 'VALIDATION_PREVIEW') return c.json({ sku, status: 'VALID', submissionId: crypto.randomUUID(), issues: [] });
    const submissionId = quantity === null ? crypto.randomUUID() : state.queuePatch(listing, quantity);
    return c.json({ sku, status: 'ACCEPTED', submissionId, issues: [] });
  });
}

function issue(message: string, attribute: string): ListingIssue {
  return { code: '90000900', message, severity: 'ERROR', attributeNames: [attribute] };
}

function includedData(c: Context): Set<string> {
  const asked = listParam(c, 'includedData');
  return new Set(asked.length === 0 ? ['summaries'] : asked);
}

function itemJson(listing: ListingState, included: ReadonlySet<string>, marketplaceId: string): Record<string, unknown> {
  const item: Record<string, unknown> = { sku: listing.sku };
  if (included.has('summaries')) {
    item['summaries'] = [
      {
        marketplaceId,
        asin: listing.asin,
        productType: listing.productType,
        conditionType: 'new_new',
        status: listing.quantity > 0 ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'],
        itemName: listing.title,
        createdDate: new Date(listing.createdAt).toISOString(),
        lastUpdatedDate: new Date(listing.updatedAt).toISOString(),
      },
    ];
  }
  if (included.has('attributes')) {
    // Attribute names follow the product type definitions, which the models do not carry [U].
    item['attributes'] = {
      item_name: [{ value: listing.title, language_tag: 'it_IT', marketplace_id: marketplaceId }],
      ...(listing.barcode === null ? {} : { externally_assigned_product_identifier: [{ type: listing.barcode.length === 12 ? 'upc' : 'ean', value: listing.barcode, marketplace_id: marketplaceId }] }),
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: listing.quantity }],
    };
  }
  // The model's ItemRelationships. [U] The variation parent is not a listing of its own here, as
  // it is on Amazon (a parent SKU without quantity).
  if (included.has('relationships')) {
    item['relationships'] = [{ marketplaceId, relationships: listing.parentSku === null ? [] : [{ type: 'VARIATION', parentSkus: [listing.parentSku] }] }];
  }
  if (included.has('fulfillmentAvailability')) item['fulfillmentAvailability'] = [{ fulfillmentChannelCode: 'DEFAULT', quantity: listing.quantity }];
  if (included.has('issues')) item['issues'] = listing.issues;
  return item;
}
