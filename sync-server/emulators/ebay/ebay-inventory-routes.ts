/**
 * @module
 * The Inventory API subset a stock connector meets (`/sell/inventory/v1`), written from eBay's
 * documents as the reference summarises them (§3):
 * - `PUT /inventory_item/{sku}` replaces the WHOLE item: a field left out is gone [V];
 * - `POST /bulk_update_price_quantity`: up to 25 entries, each one SKU with its item quantity
 *   and its offers' `availableQuantity`; per-entry `statusCode` (200, or 207 overall when any
 *   failed) [V for the shape; the 207 is U];
 * - `PUT /inventory_item_group/{key}` replaces the group: a SKU left out of `variantSKUs` drops
 *   out of the live listing [V];
 * - each live listing may be revised 250 times a calendar day [V], the error is [U];
 * - `getInventoryItems` pages with `limit`/`offset` and a `next` link [V]; eBay's page describes
 *   `offset` as a page number while `next` carries a record offset [C], so clients should follow
 *   `next`. Here `offset` counts records and limit is 1..200, default 25 [U].
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { EbayGroup, EbayItem, EbayModel, EbayOffer } from './ebay-model';
import { EmulatorRuleError, amount } from './ebay-model';

const BASE = '/sell/inventory/v1';

function errorBody(errorId: number, message: string) {
  return { errors: [{ errorId, domain: 'API_INVENTORY', category: 'REQUEST', message }] };
}

function notFound(c: Context, errorId = 25710) {
  return c.json(errorBody(errorId, 'We didn\u2019t find the resource/entity you are requesting. Please verify the request'), 404);
}

function fail(c: Context, error: unknown) {
  if (error instanceof EmulatorRuleError) return c.json(errorBody(error.errorId, error.message), error.status as 400);
  throw error;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new EmulatorRuleError(400, 2004, 'Request had an invalid JSON body.');
  }
}

function itemJson(model: EbayModel, item: EbayItem) {
  const product: Record<string, unknown> = { aspects: Object.fromEntries(Object.entries(item.aspects).map(([name, value]) => [name, [value]])) };
  if (item.title !== null) product['title'] = item.title;
  if (item.ean !== null) product['ean'] = [item.ean];
  return {
    sku: item.sku,
    locale: 'it_IT',
    condition: 'NEW',
    product,
    ...(item.quantity === null ? {} : { availability: { shipToLocationAvailability: { quantity: item.quantity } } }),
    ...(item.groupKey !== null && model.groups.has(item.groupKey) ? { groupIds: [item.groupKey] } : {}),
  };
}

function offerJson(model: EbayModel, offer: EbayOffer, merchantLocationKey: string) {
  return {
    offerId: offer.offerId,
    sku: offer.sku,
    marketplaceId: 'EBAY_IT',
    format: 'FIXED_PRICE',
    availableQuantity: offer.availableQuantity,
    pricingSummary: { price: amount(offer.priceCents, model.options.currency) },
    merchantLocationKey,
    status: offer.status,
    ...(offer.status === 'PUBLISHED' ? { listing: { listingId: offer.listingId, listingStatus: 'ACTIVE' } } : {}),
  };
}

function pageParams(c: Context): { limit: number; offset: number } {
  const limit = Number(c.req.query('limit') ?? '25');
  const offset = Number(c.req.query('offset') ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new EmulatorRuleError(400, 25707, `Invalid value for limit: ${c.req.query('limit')}`);
  if (!Number.isInteger(offset) || offset < 0) throw new EmulatorRuleError(400, 25706, `Invalid value for offset: ${c.req.query('offset')}`);
  return { limit, offset };
}

const itemBodySchema = z
  .object({
    product: z.object({ title: z.string().optional(), ean: z.array(z.string()).optional(), aspects: z.record(z.string(), z.array(z.string())).optional() }).loose().optional(),
    availability: z.object({ shipToLocationAvailability: z.object({ quantity: z.number().int().min(0).optional() }).loose().optional() }).loose().optional(),
  })
  .loose();

const bulkSchema = z.object({
  requests: z.array(
    z
      .object({
        sku: z.string().optional(),
        shipToLocationAvailability: z.object({ quantity: z.number().int().min(0) }).loose().optional(),
        offers: z.array(z.object({ offerId: z.string(), availableQuantity: z.number().int().min(0).optional() }).loose()).max(25).optional(),
      })
      .loose(),
  ),
});

const groupSchema = z.object({ title: z.string().optional(), variantSKUs: z.array(z.string()).min(1) }).loose();

interface EntryResult {
  sku?: string;
  offerId?: string;
  statusCode: number;
  errors: ReturnType<typeof errorBody>['errors'];
  warnings: never[];
}

function applyBulkEntry(model: EbayModel, entry: z.infer<typeof bulkSchema>['requests'][number]): EntryResult[] {
  const offers = entry.offers ?? [];
  const sku = entry.sku ?? (offers[0] === undefined ? undefined : model.offers.get(offers[0].offerId)?.sku);
  const failAll = (statusCode: number, errorId: number, message: string): EntryResult[] =>
    (offers.length > 0 ? offers.map((offer) => ({ offerId: offer.offerId })) : [{}]).map((key) => ({ ...key, ...(sku === undefined ? {} : { sku }), statusCode, errors: errorBody(errorId, message).errors, warnings: [] }));
  if (sku === undefined || !model.items.has(sku)) return failAll(404, 25710, 'We didn\u2019t find the inventory item you are requesting.');
  for (const offer of offers) {
    const known = model.offers.get(offer.offerId);
    if (known === undefined) return failAll(404, 25713, `This Offer is not available: ${offer.offerId}`);
    if (known.sku !== sku) return failAll(400, 25002, `Offer ${offer.offerId} belongs to another SKU`);
  }
  try {
    if (entry.shipToLocationAvailability !== undefined) model.checkQuantity(sku, entry.shipToLocationAvailability.quantity);
    for (const offer of offers) if (offer.availableQuantity !== undefined) model.checkQuantity(sku, offer.availableQuantity);
    for (const listingId of model.liveListingsOf(sku)) model.revise(listingId);
  } catch (error) {
    if (error instanceof EmulatorRuleError) return failAll(error.status, error.errorId, error.message);
    throw error;
  }
  const item = model.items.get(sku) as EbayItem;
  if (entry.shipToLocationAvailability !== undefined) item.quantity = entry.shipToLocationAvailability.quantity;
  for (const offer of offers) {
    const known = model.offers.get(offer.offerId) as EbayOffer;
    if (offer.availableQuantity !== undefined) known.availableQuantity = offer.availableQuantity;
  }
  return offers.length > 0 ? offers.map((offer) => ({ offerId: offer.offerId, sku, statusCode: 200, errors: [], warnings: [] })) : [{ sku, statusCode: 200, errors: [], warnings: [] }];
}

export function inventoryRoutes(app: Hono, model: EbayModel, merchantLocationKey: string): void {
  app.get(`${BASE}/inventory_item`, (c) => {
    try {
      const { limit, offset } = pageParams(c);
      const all = [...model.items.values()];
      const page = all.slice(offset, offset + limit);
      const link = (at: number) => `${BASE}/inventory_item?limit=${limit}&offset=${at}`;
      return c.json({
        href: link(offset),
        limit,
        size: page.length,
        total: all.length,
        ...(offset + limit < all.length ? { next: link(offset + limit) } : {}),
        ...(offset > 0 ? { prev: link(Math.max(0, offset - limit)) } : {}),
        inventoryItems: page.map((item) => itemJson(model, item)),
      });
    } catch (error) {
      return fail(c, error);
    }
  });

  app.get(`${BASE}/inventory_item/:sku`, (c) => {
    const item = model.items.get(c.req.param('sku'));
    return item === undefined ? notFound(c) : c.json(itemJson(model, item));
  });

  app.put(`${BASE}/inventory_item/:sku`, async (c) => {
    try {
      const parsed = itemBodySchema.safeParse(await readJson(c));
      if (!parsed.success) throw new EmulatorRuleError(400, 25709, `Invalid value in the request: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
      const sku = c.req.param('sku');
      const existing = model.items.get(sku);
      const quantity = parsed.data.availability?.shipToLocationAvailability?.quantity ?? null;
      if (existing !== undefined) {
        if (quantity !== null) model.checkQuantity(sku, quantity);
        for (const listingId of model.liveListingsOf(sku)) model.revise(listingId);
      }
      const aspects = Object.fromEntries(Object.entries(parsed.data.product?.aspects ?? {}).map(([name, values]) => [name, values[0] ?? '']));
      // The whole item is replaced: what the body leaves out is gone (reference §3 [V]).
      model.items.set(sku, { sku, title: parsed.data.product?.title ?? null, ean: parsed.data.product?.ean?.[0] ?? null, quantity, priceCents: existing?.priceCents ?? 0, aspects, groupKey: existing?.groupKey ?? null });
      return c.body(null, existing === undefined ? 201 : 204);
    } catch (error) {
      return fail(c, error);
    }
  });

  app.delete(`${BASE}/inventory_item/:sku`, (c) => {
    return model.deleteItem(c.req.param('sku')) ? c.body(null, 204) : notFound(c);
  });

  app.get(`${BASE}/offer`, (c) => {
    const sku = c.req.query('sku') ?? '';
    if (!model.items.has(sku)) return notFound(c);
    const offers = model.offersOf(sku);
    return c.json({ href: `${BASE}/offer?sku=${encodeURIComponent(sku)}`, limit: 25, size: offers.length, total: offers.length, offers: offers.map((offer) => offerJson(model, offer, merchantLocationKey)) });
  });

  app.post(`${BASE}/offer/:offerId/withdraw`, (c) => {
    const offer = model.offers.get(c.req.param('offerId'));
    if (offer === undefined) return notFound(c, 25713);
    if (offer.status !== 'PUBLISHED') return c.json(errorBody(25002, 'A user error has occurred. The offer is not published.'), 400);
    offer.status = 'UNPUBLISHED';
    return c.json({ listingId: offer.listingId, warnings: [] });
  });

  app.post(`${BASE}/offer/:offerId/publish`, (c) => {
    const offer = model.offers.get(c.req.param('offerId'));
    if (offer === undefined) return notFound(c, 25713);
    if (offer.status === 'PUBLISHED') return c.json({ listingId: offer.listingId, warnings: [] });
    const item = model.items.get(offer.sku);
    if (item === undefined || (item.quantity ?? 0) < 1 || offer.availableQuantity < 1) {
      return c.json(errorBody(25002, 'A user error has occurred. The quantity to publish must be greater than 0.'), 400);
    }
    offer.status = 'PUBLISHED';
    offer.listingId = item.groupKey === null ? model.nextListingId() : (model.groups.get(item.groupKey)?.listingId ?? model.nextListingId());
    return c.json({ listingId: offer.listingId, warnings: [] });
  });

  app.post(`${BASE}/bulk_update_price_quantity`, async (c) => {
    try {
      const parsed = bulkSchema.safeParse(await readJson(c));
      if (!parsed.success) throw new EmulatorRuleError(400, 25709, 'Invalid request: requests must be a list of SKUs with their offers');
      if (parsed.data.requests.length === 0 || parsed.data.requests.length > 25) throw new EmulatorRuleError(400, 25002, 'A user error has occurred. Between 1 and 25 requests are allowed per call.');
      const responses = parsed.data.requests.flatMap((entry) => applyBulkEntry(model, entry));
      return c.json({ responses }, responses.every((response) => response.statusCode === 200) ? 200 : 207);
    } catch (error) {
      return fail(c, error);
    }
  });

  app.get(`${BASE}/inventory_item_group/:key`, (c) => {
    const group = model.groups.get(c.req.param('key'));
    return group === undefined ? notFound(c) : c.json(groupJson(group));
  });

  app.put(`${BASE}/inventory_item_group/:key`, async (c) => {
    try {
      const parsed = groupSchema.safeParse(await readJson(c));
      if (!parsed.success) throw new EmulatorRuleError(400, 25709, 'Invalid request: variantSKUs is required');
      const key = c.req.param('key');
      const existing = model.groups.get(key);
      if (existing !== undefined) model.revise(existing.listingId);
      const group: EbayGroup = { key, title: parsed.data.title ?? existing?.title ?? key, variantSkus: [...new Set(parsed.data.variantSKUs)], listingId: existing?.listingId ?? model.nextListingId() };
      // The group is replaced: a SKU left out of variantSKUs drops out of the live listing (reference §3 [V]).
      model.groups.set(key, group);
      for (const sku of group.variantSkus) {
        const item = model.items.get(sku);
        if (item !== undefined) item.groupKey = key;
      }
      return c.body(null, existing === undefined ? 201 : 204);
    } catch (error) {
      return fail(c, error);
    }
  });
}

function groupJson(group: EbayGroup) {
  return { inventoryItemGroupKey: group.key, title: group.title, variantSKUs: group.variantSkus };
}
