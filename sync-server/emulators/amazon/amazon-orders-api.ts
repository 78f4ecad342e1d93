/**
 * @module
 * Orders: the current `searchOrders` (GET /orders/2026-01-01/orders, models/orders-api-model/
 * orders_2026-01-01.json) and the deprecated v0 `getOrders` / `getOrderItems` (ordersV0.json),
 * with the quirks that matter to a poller:
 * - exactly one of `createdAfter` / `lastUpdatedAfter`; a `*Before` must be at least two minutes
 *   before the request, else InvalidInput (the models' parameter notes; amzn/selling-partner-api-docs #326);
 * - orders older than two years are not returned (reference §2);
 * - a page token only continues the query it came from (2026-01-01 `Pagination`: "All other
 *   parameters must be provided with the same values"), and expires after 24 hours.
 * Pages follow (time, order id) so an order updated while a seller pages moves out of the window
 * instead of shifting the rest [U: Amazon's paging is opaque].
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AmazonAccountState, OrderState } from './amazon-state';
import { decimalAmount, decodeToken, encodeToken, errorList, gate, listParam, type ApiGate, type EmulatorApp } from './amazon-http';

const TWO_MINUTES_MS = 2 * 60_000;
const TWO_YEARS_MS = 2 * 365 * 24 * 3_600_000;
const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const CURRENCY = 'EUR';

export interface OrdersApiOptions extends ApiGate {
  readonly marketplaceId: string;
}

interface OrderQuery {
  readonly field: 'created' | 'updated';
  readonly after: number;
  readonly before: number;
  readonly pageSize: number;
  readonly statuses: readonly string[];
}

const pageTokenSchema = z.object({
  q: z.string(),
  at: z.number(),
  lastTime: z.number(),
  lastId: z.string(),
});

const fulfillmentStatusOf: Readonly<Record<OrderState['status'], string>> = {
  Pending: 'PENDING',
  Unshipped: 'UNSHIPPED',
  Shipped: 'SHIPPED',
  Canceled: 'CANCELLED',
};

export function mountOrdersApi(app: EmulatorApp, options: OrdersApiOptions): void {
  const { state } = options;

  app.get('/orders/2026-01-01/orders', (c) => {
    const denied = gate(c, options, 'searchOrders', 'orders');
    if (denied !== null) return denied;
    const parsed = readQuery(c, state, {
      createdAfter: 'createdAfter',
      createdBefore: 'createdBefore',
      lastUpdatedAfter: 'lastUpdatedAfter',
      lastUpdatedBefore: 'lastUpdatedBefore',
      maxResults: 'maxResultsPerPage',
      statuses: 'fulfillmentStatuses',
    });
    if (typeof parsed === 'string') return errorList(c, 400, 'InvalidInput', parsed);
    const marketplaces = listParam(c, 'marketplaceIds');
    const fulfilledBy = listParam(c, 'fulfilledBy');
    const mine = (marketplaces.length === 0 || marketplaces.includes(options.marketplaceId)) && (fulfilledBy.length === 0 || fulfilledBy.includes('MERCHANT'));
    const page = pageOf(state, parsed, c.req.query('paginationToken'), mine, (order) => fulfillmentStatusOf[order.status]);
    if (typeof page === 'string') return errorList(c, 400, 'InvalidInput', page, 'paginationToken');
    const included = new Set(listParam(c, 'includedData'));
    return c.json({
      orders: page.orders.map((order) => orderJson(order, included, options.marketplaceId)),
      ...(page.next === null ? {} : { pagination: { nextToken: page.next } }),
      ...(parsed.field === 'updated' ? { lastUpdatedBefore: new Date(parsed.before).toISOString() } : { createdBefore: new Date(parsed.before).toISOString() }),
    });
  });

  app.get('/orders/v0/orders', (c) => {
    const denied = gate(c, options, 'getOrders', 'orders');
    if (denied !== null) return denied;
    const nextToken = c.req.query('NextToken');
    // v0 needs MarketplaceIds on every call, NextToken or not (ordersV0.json: required).
    const marketplaces = listParam(c, 'MarketplaceIds');
    if (marketplaces.length === 0) return errorList(c, 400, 'InvalidInput', 'Missing required parameter MarketplaceIds', 'MarketplaceIds');
    let parsed: OrderQuery | string;
    if (nextToken === undefined) {
      parsed = readQuery(c, state, {
        createdAfter: 'CreatedAfter',
        createdBefore: 'CreatedBefore',
        lastUpdatedAfter: 'LastUpdatedAfter',
        lastUpdatedBefore: 'LastUpdatedBefore',
        maxResults: 'MaxResultsPerPage',
        statuses: 'OrderStatuses',
      });
    } else {
      // v0's NextToken stands for the whole query that produced it.
      const decoded = z.object({ query: z.string() }).safeParse(decodeToken(nextToken));
      const query = decoded.success ? (decodeToken(decoded.data.query) as OrderQuery | null) : null;
      parsed = query ?? 'Invalid NextToken';
    }
    if (typeof parsed === 'string') return errorList(c, 400, 'InvalidInput', parsed);
    const query = parsed;
    const page = pageOf(state, query, nextToken, marketplaces.includes(options.marketplaceId), (order) => order.status);
    if (typeof page === 'string') return errorList(c, 400, 'InvalidInput', page, 'NextToken');
    return c.json({
      payload: {
        Orders: page.orders.map((order) => v0OrderJson(order, options.marketplaceId)),
        ...(page.next === null ? {} : { NextToken: page.next }),
        ...(query.field === 'updated' ? { LastUpdatedBefore: new Date(query.before).toISOString() } : { CreatedBefore: new Date(query.before).toISOString() }),
      },
    });
  });

  app.get('/orders/v0/orders/:orderId/orderItems', (c) => {
    const denied = gate(c, options, 'getOrderItems', 'orders');
    if (denied !== null) return denied;
    const order = state.orders.get(c.req.param('orderId'));
    if (order === undefined) return errorList(c, 404, 'InvalidInput', 'Invalid AmazonOrderId', c.req.param('orderId'));
    return c.json({
      payload: {
        AmazonOrderId: order.orderId,
        OrderItems: order.lines.map((line) => ({
          ASIN: line.asin,
          SellerSKU: line.sku,
          OrderItemId: line.orderItemId,
          Title: line.title,
          QuantityOrdered: line.quantity,
          QuantityShipped: order.status === 'Shipped' ? line.quantity : 0,
          // v0: "the value of ItemPrice is equal to the selling price of the item multiplied by the quantity ordered".
          ItemPrice: { CurrencyCode: CURRENCY, Amount: decimalAmount(line.unitPriceCents * line.quantity) },
        })),
      },
    });
  });
}

interface QueryNames {
  readonly createdAfter: string;
  readonly createdBefore: string;
  readonly lastUpdatedAfter: string;
  readonly lastUpdatedBefore: string;
  readonly maxResults: string;
  readonly statuses: string;
}

function readQuery(c: Context, state: AmazonAccountState, names: QueryNames): OrderQuery | string {
  const createdAfter = c.req.query(names.createdAfter);
  const createdBefore = c.req.query(names.createdBefore);
  const updatedAfter = c.req.query(names.lastUpdatedAfter);
  const updatedBefore = c.req.query(names.lastUpdatedBefore);
  const created = createdAfter !== undefined || createdBefore !== undefined;
  const updated = updatedAfter !== undefined || updatedBefore !== undefined;
  if (created && updated) return `${names.createdAfter} and ${names.lastUpdatedAfter} are mutually exclusive`;
  const afterText = created ? createdAfter : updatedAfter;
  if (afterText === undefined) return `Exactly one of ${names.createdAfter} and ${names.lastUpdatedAfter} is required`;
  const beforeText = created ? createdBefore : updatedBefore;
  const after = Date.parse(afterText);
  if (Number.isNaN(after)) return `Invalid date: ${afterText}`;
  const latest = state.now() - TWO_MINUTES_MS;
  let before = latest;
  if (beforeText !== undefined) {
    before = Date.parse(beforeText);
    if (Number.isNaN(before)) return `Invalid date: ${beforeText}`;
    if (before > latest) return `${created ? names.createdBefore : names.lastUpdatedBefore} must be at least 2 minutes before the time of the request`;
    if (before < after) return `${created ? names.createdBefore : names.lastUpdatedBefore} must be equal to or after ${created ? names.createdAfter : names.lastUpdatedAfter}`;
  }
  const maxText = c.req.query(names.maxResults);
  const pageSize = maxText === undefined ? 100 : Number(maxText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return `${names.maxResults} must be between 1 and 100`;
  return { field: created ? 'created' : 'updated', after, before, pageSize, statuses: listParam(c, names.statuses) };
}

function pageOf(
  state: AmazonAccountState,
  query: OrderQuery,
  token: string | undefined,
  mine: boolean,
  statusOf: (order: OrderState) => string,
): { orders: OrderState[]; next: string | null } | string {
  const fingerprint = encodeToken({ ...query, pageSize: 0 });
  let from: { time: number; id: string } | null = null;
  if (token !== undefined) {
    const decoded = pageTokenSchema.safeParse(decodeToken(token));
    if (!decoded.success || decoded.data.q !== fingerprint) return 'Invalid pagination token: it does not belong to this query';
    if (state.now() - decoded.data.at > TOKEN_LIFETIME_MS) return 'The pagination token has expired';
    from = { time: decoded.data.lastTime, id: decoded.data.lastId };
  }
  const oldest = state.now() - TWO_YEARS_MS;
  const timeOf = (order: OrderState): number => (query.field === 'created' ? order.createdAt : order.updatedAt);
  const matching = mine
    ? [...state.orders.values()]
        .filter((order) => order.createdAt >= oldest)
        .filter((order) => timeOf(order) >= query.after && timeOf(order) <= query.before)
        .filter((order) => query.statuses.length === 0 || query.statuses.includes(statusOf(order)))
        .sort((a, b) => timeOf(a) - timeOf(b) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
    : [];
  const rest = from === null ? matching : matching.filter((order) => timeOf(order) > from.time || (timeOf(order) === from.time && order.orderId > from.id));
  const orders = rest.slice(0, query.pageSize);
  const last = orders[orders.length - 1];
  const next =
    rest.length > query.pageSize && last !== undefined
      ? encodeToken({ q: fingerprint, at: state.now(), lastTime: timeOf(last), lastId: last.orderId, query: encodeToken(query) })
      : null;
  return { orders, next };
}

function orderJson(order: OrderState, included: ReadonlySet<string>, marketplaceId: string): Record<string, unknown> {
  const itemsCents = order.lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  const money = (cents: number) => ({ amount: decimalAmount(cents), currencyCode: CURRENCY });
  return {
    orderId: order.orderId,
    createdTime: new Date(order.createdAt).toISOString(),
    lastUpdatedTime: new Date(order.updatedAt).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId, marketplaceName: 'Amazon.it' },
    ...(included.has('BUYER') ? { buyer: { buyerName: order.buyerName } } : {}),
    ...(included.has('PROCEEDS')
      ? {
          proceeds: {
            grandTotal: money(itemsCents + order.shippingCents),
            breakdowns: [
              { type: 'ITEM', subtotal: money(itemsCents) },
              { type: 'SHIPPING', subtotal: money(order.shippingCents) },
            ],
          },
        }
      : {}),
    ...(included.has('FULFILLMENT') ? { fulfillment: { fulfillmentStatus: fulfillmentStatusOf[order.status], fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: 'STANDARD' } } : {}),
    orderItems: order.lines.map((line) => ({
      orderItemId: line.orderItemId,
      quantityOrdered: line.quantity,
      product: { asin: line.asin, title: line.title, sellerSku: line.sku, condition: { conditionType: 'NEW' }, price: { unitPrice: money(line.unitPriceCents) } },
      ...(included.has('PROCEEDS')
        ? { proceeds: { proceedsTotal: money(line.unitPriceCents * line.quantity), breakdowns: [{ type: 'ITEM', subtotal: money(line.unitPriceCents * line.quantity) }] } }
        : {}),
      ...(included.has('FULFILLMENT')
        ? { fulfillment: { quantityFulfilled: order.status === 'Shipped' ? line.quantity : 0, quantityUnfulfilled: order.status === 'Shipped' ? 0 : line.quantity } }
        : {}),
    })),
  };
}

function v0OrderJson(order: OrderState, marketplaceId: string): Record<string, unknown> {
  const itemsCents = order.lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    AmazonOrderId: order.orderId,
    PurchaseDate: new Date(order.createdAt).toISOString(),
    LastUpdateDate: new Date(order.updatedAt).toISOString(),
    OrderStatus: order.status,
    FulfillmentChannel: 'MFN',
    SalesChannel: 'Amazon.it',
    // [U, widely reported] Pending orders carry no OrderTotal yet.
    ...(order.status === 'Pending' ? {} : { OrderTotal: { CurrencyCode: CURRENCY, Amount: decimalAmount(itemsCents + order.shippingCents) } }),
    NumberOfItemsShipped: order.status === 'Shipped' ? units : 0,
    NumberOfItemsUnshipped: order.status === 'Shipped' || order.status === 'Canceled' ? 0 : units,
    MarketplaceId: marketplaceId,
    BuyerInfo: {},
  };
}
