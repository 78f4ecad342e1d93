/**
 * @module
 * The Fulfillment API's order reads (`/sell/fulfillment/v1`), from eBay's OAS3 (APIs-guru
 * openapi-directory `APIs/ebay.com/sell-fulfillment/v1.20.0/openapi.yaml`, mirroring
 * developer.ebay.com's sell_fulfillment_v1_oas3.json):
 * - `filter` takes comma-separated criteria: `creationdate:[from..to]`, `lastmodifieddate:[from..]`
 *   (both inclusive, ISO 8601 UTC; with both, only creationdate counts) and
 *   `orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}` or `{FULFILLED|IN_PROGRESS}`; errors 30700
 *   (name), 30800 (value), 30810 (date), 30820 (no start), 30840 (start after end), 30850 (future);
 * - `limit` default 50, more than 200 fails (31100); `offset` zero-based (31000); `orderIds` at
 *   most 50 (30900) and, when given, every other parameter is ignored;
 * - no filter: the last 90 days (reference §3 [V]); never orders older than 2 years;
 * - orders come oldest created first;
 * - getOrders returns `cancelStatus.cancelRequests` always empty; getOrder fills it.
 */
import type { Context, Hono } from 'hono';
import type { EbayModel, EbayOrder } from './ebay-model';
import { EmulatorRuleError, amount, orderLinesCents, orderTotalCents } from './ebay-model';

const BASE = '/sell/fulfillment/v1';
const DAY_MS = 86_400_000;

interface OrderQuery {
  readonly createdFrom: number | null;
  readonly createdTo: number | null;
  readonly modifiedFrom: number | null;
  readonly modifiedTo: number | null;
  readonly statuses: readonly string[] | null;
}

function parseDate(value: string, now: number): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) throw new EmulatorRuleError(400, 30810, 'Invalid date format');
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new EmulatorRuleError(400, 30810, 'Invalid date format');
  if (at > now) throw new EmulatorRuleError(400, 30850, "Start and end dates can't be in the future");
  return at;
}

function parseRange(name: string, value: string, now: number): [number, number | null] {
  const match = /^\[(.*?)\.\.(.*)\]$/.exec(value);
  if (match === null) throw new EmulatorRuleError(400, 30800, `Invalid filter value ${value} for filter ${name}`);
  if ((match[1] ?? '') === '') throw new EmulatorRuleError(400, 30820, 'Start date is missing');
  const from = parseDate(match[1] ?? '', now);
  const to = (match[2] ?? '') === '' ? null : parseDate(match[2] ?? '', now);
  if (to !== null && from > to) throw new EmulatorRuleError(400, 30840, 'Start date should be before end date');
  return [from, to];
}

export function parseOrderFilter(filter: string | undefined, now: number): OrderQuery {
  const query = { createdFrom: null as number | null, createdTo: null as number | null, modifiedFrom: null as number | null, modifiedTo: null as number | null, statuses: null as string[] | null };
  if (filter === undefined || filter.trim() === '') return { ...query, createdFrom: now - 90 * DAY_MS };
  for (const criterion of filter.split(',')) {
    const colon = criterion.indexOf(':');
    const name = colon < 0 ? criterion : criterion.slice(0, colon);
    const value = colon < 0 ? '' : criterion.slice(colon + 1);
    switch (name.trim()) {
      case 'creationdate':
        [query.createdFrom, query.createdTo] = parseRange(name, value, now);
        break;
      case 'lastmodifieddate':
        [query.modifiedFrom, query.modifiedTo] = parseRange(name, value, now);
        break;
      case 'orderfulfillmentstatus':
        if (value !== '{NOT_STARTED|IN_PROGRESS}' && value !== '{FULFILLED|IN_PROGRESS}') throw new EmulatorRuleError(400, 30800, `Invalid filter value ${value} for filter ${name}`);
        query.statuses = value.slice(1, -1).split('|');
        break;
      default:
        throw new EmulatorRuleError(400, 30700, `Invalid filter name: ${name}`);
    }
  }
  // "If creationdate and lastmodifieddate are both included, only creationdate is used."
  if (query.createdFrom !== null) return { ...query, modifiedFrom: null, modifiedTo: null };
  return query;
}

function matches(order: EbayOrder, query: OrderQuery, now: number): boolean {
  if (order.createdMs < now - 730 * DAY_MS) return false;
  if (query.createdFrom !== null && order.createdMs < query.createdFrom) return false;
  if (query.createdTo !== null && order.createdMs > query.createdTo) return false;
  if (query.modifiedFrom !== null && order.modifiedMs < query.modifiedFrom) return false;
  if (query.modifiedTo !== null && order.modifiedMs > query.modifiedTo) return false;
  if (query.statuses !== null && !query.statuses.includes(order.fulfillment)) return false;
  return true;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function orderJson(model: EbayModel, order: EbayOrder, detail: boolean) {
  const currency = model.options.currency;
  const cancel = order.cancelled;
  // [U] the request's state names: REQUESTED while the seller decides, COMPLETED once accepted.
  const cancelState = cancel === null ? 'NONE_REQUESTED' : cancel.completedMs === null ? 'IN_PROGRESS' : 'CANCELED';
  const cancelRequests =
    detail && cancel !== null
      ? [
          {
            cancelRequestId: `C${order.orderId}`,
            cancelInitiator: 'Buyer',
            cancelReason: 'ORDER_PLACED_BY_MISTAKE',
            cancelRequestState: cancel.completedMs === null ? 'REQUESTED' : 'COMPLETED',
            cancelRequestedDate: iso(cancel.requestedMs),
            ...(cancel.completedMs === null ? {} : { cancelCompletedDate: iso(cancel.completedMs) }),
          },
        ]
      : [];
  return {
    orderId: order.orderId,
    legacyOrderId: `${order.lines[0]?.legacyItemId ?? '0'}-${order.orderId.replaceAll('-', '')}`,
    creationDate: iso(order.createdMs),
    lastModifiedDate: iso(order.modifiedMs),
    orderFulfillmentStatus: order.fulfillment,
    orderPaymentStatus: order.refund !== null ? 'FULLY_REFUNDED' : 'PAID',
    sellerId: 'cassa_emulated_seller',
    buyer: { username: order.buyerName.toLowerCase().replace(/\s+/g, '_') || 'buyer', buyerRegistrationAddress: { fullName: order.buyerName } },
    pricingSummary: { priceSubtotal: amount(orderLinesCents(order), currency), deliveryCost: amount(order.shippingCents, currency), total: amount(orderTotalCents(order), currency) },
    cancelStatus: { cancelState, cancelRequests, ...(cancel?.completedMs != null ? { cancelledDate: iso(cancel.completedMs) } : {}) },
    paymentSummary: {
      totalDueSeller: amount(orderTotalCents(order), currency),
      payments: [{ paymentMethod: 'EBAY', paymentStatus: 'PAID', amount: amount(orderTotalCents(order), currency), paymentDate: iso(order.createdMs) }],
      refunds: order.refund === null ? [] : [{ refundId: order.refund.refundId, refundStatus: 'REFUNDED', refundDate: iso(order.refund.atMs), amount: amount(order.refund.amountCents, currency) }],
    },
    lineItems: order.lines.map((line) => ({
      lineItemId: line.lineItemId,
      legacyItemId: line.legacyItemId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      lineItemCost: amount(line.unitPriceCents * line.quantity, currency),
      total: amount(line.unitPriceCents * line.quantity, currency),
      deliveryCost: { shippingCost: amount(0, currency) },
      appliedPromotions: [],
      taxes: [],
      refunds: [],
      lineItemFulfillmentStatus: order.fulfillment === 'FULFILLED' ? 'FULFILLED' : 'NOT_STARTED',
      soldFormat: 'FIXED_PRICE',
      listingMarketplaceId: 'EBAY_IT',
      purchaseMarketplaceId: 'EBAY_IT',
    })),
  };
}

function errorJson(c: Context, error: unknown) {
  if (error instanceof EmulatorRuleError) {
    return c.json({ errors: [{ errorId: error.errorId, domain: 'API_FULFILLMENT', category: 'REQUEST', message: error.message }] }, error.status as 400);
  }
  throw error;
}

function integerParam(value: string | undefined, fallback: number, errorId: number, label: string, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed > max) throw new EmulatorRuleError(400, errorId, `Invalid ${label}: ${value}`);
  return parsed;
}

export function fulfillmentRoutes(app: Hono, model: EbayModel): void {
  app.get(`${BASE}/order`, (c) => {
    try {
      const now = model.options.now();
      const orderIds = c.req.query('orderIds');
      if (orderIds !== undefined) {
        const ids = orderIds.split(',').filter((id) => id !== '');
        if (ids.length > 50) throw new EmulatorRuleError(400, 30900, 'Exceeded maximum number of order IDs (the current limit is 50)');
        const found = model.orders.filter((order) => ids.includes(order.orderId));
        return c.json({ href: c.req.url, total: found.length, orders: found.map((order) => orderJson(model, order, false)) });
      }
      const limit = integerParam(c.req.query('limit'), 50, 31100, 'limit', 200);
      if (limit < 1) throw new EmulatorRuleError(400, 31100, `Invalid limit: ${limit}`);
      const offset = integerParam(c.req.query('offset'), 0, 31000, 'offset', Number.MAX_SAFE_INTEGER);
      const query = parseOrderFilter(c.req.query('filter'), now);
      const all = model.orders.filter((order) => matches(order, query, now)).sort((a, b) => a.createdMs - b.createdMs);
      const page = all.slice(offset, offset + limit);
      const filter = c.req.query('filter');
      const link = (at: number) => `${BASE}/order?${filter === undefined ? '' : `filter=${encodeURIComponent(filter)}&`}limit=${limit}&offset=${at}`;
      return c.json({
        href: link(offset),
        limit,
        offset,
        total: all.length,
        ...(offset + limit < all.length ? { next: link(offset + limit) } : {}),
        ...(offset > 0 ? { prev: link(Math.max(0, offset - limit)) } : {}),
        orders: page.map((order) => orderJson(model, order, false)),
      });
    } catch (error) {
      return errorJson(c, error);
    }
  });

  app.get(`${BASE}/order/:orderId`, (c) => {
    const order = model.orders.find((candidate) => candidate.orderId === c.req.param('orderId'));
    if (order === undefined) return c.json({ errors: [{ errorId: 32100, domain: 'API_FULFILLMENT', category: 'REQUEST', message: `Invalid order ID: ${c.req.param('orderId')}` }] }, 404);
    return c.json(orderJson(model, order, true));
  });
}
