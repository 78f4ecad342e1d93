/**
 * @module
 * Polling a shop's orders (reference §1 Orders): new orders by id, `filter[id]=[lastId+1,max]`
 * sorted by id (immune to clocks; the interval form is documented, `>` on ids is [U]), then orders changed since the last poll by `date_upd` (state changes:
 * shipped, cancelled, refunded), looked for again `overlapMs` behind the newest `date_upd` seen.
 * `filter[date_add]` is never used: it fails with code 32 on some 1.7 releases (#10822, #25334).
 * Date filters need `date=1` and an interval's upper bound is exclusive (docs PR #405).
 *
 * The `date_upd` window is paged by keyset (from the last `date_upd` seen, skipping the rows of
 * that same second already read), so an order updated while we page cannot shift a page and hide
 * another. Shop dates are shop-local `YYYY-MM-DD HH:MM:SS` (PS_TIMEZONE): the window's arithmetic
 * stays in the shop's own frame, only the first poll's look-back starts from our clock, and
 * orders reach Cassa converted to UTC.
 *
 * One cursor step per call (one remote page); `more` tells the framework to ask again at once.
 */
import { channelOrderSchema } from '@cassa/shared';
import type { ChannelOrder, ChannelOrderStatus, PrestashopCredentials } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { OrderPage } from '../connector';
import type { PrestashopHttp } from './prestashop-http';
import { readShopClock } from './prestashop-shop-time';
import type { ShopClock } from './prestashop-shop-time';
import type { JsonRecord } from './prestashop-values';
import { anyOf, associationOf, centsOf, cleanText, idOf, listOf, quantityOf, textOf } from './prestashop-values';

export const ORDER_PAGE_SIZE = 50;

interface OrderCursor {
  /** seed: learn the newest id once; new: orders after lastId; changed: the date_upd window. */
  readonly phase: 'seed' | 'new' | 'changed';
  readonly lastId: number;
  /** The newest date_upd seen (shop-local), where the next window starts less the overlap. */
  readonly newestUpdate: string;
  /** The current window's keyset: from this date_upd, skipping `skip` rows that carry it. */
  readonly from: string;
  readonly skip: number;
}

const SHOP_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const FAR_FUTURE = '9999-12-31 23:59:59';
/** Order ids are unsigned INT columns. */
const MAX_ID = 4_294_967_295;

/** Shop-local date text from milliseconds in the same frame (arithmetic only, no time zone). */
function shopDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function shopMs(date: string): number {
  return Date.parse(`${date.replace(' ', 'T')}Z`);
}

function readCursor(cursor: string | null): OrderCursor | null {
  if (cursor === null) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<OrderCursor>;
    if (
      (parsed.phase === 'seed' || parsed.phase === 'new' || parsed.phase === 'changed') &&
      typeof parsed.lastId === 'number' &&
      Number.isSafeInteger(parsed.lastId) &&
      typeof parsed.newestUpdate === 'string' &&
      SHOP_DATE.test(parsed.newestUpdate) &&
      typeof parsed.from === 'string' &&
      SHOP_DATE.test(parsed.from) &&
      typeof parsed.skip === 'number' &&
      Number.isSafeInteger(parsed.skip)
    ) {
      return parsed as OrderCursor;
    }
  } catch {
    // A cursor we cannot read starts over with the look-back: the framework dedupes.
  }
  return null;
}

/**
 * PrestaShop's default order states (install data): 1 awaiting cheque, 2 payment accepted,
 * 3 processing, 9 on backorder (paid), 10 awaiting bank wire, 11 remote payment accepted,
 * 12 on backorder (unpaid), 13 awaiting cash on delivery → open; 4 shipped, 5 delivered →
 * shipped; 6 canceled, 8 payment error → cancelled; 7 refunded → refunded. Shops add their own
 * states [U]: an unknown id counts as open, so its stock stays reserved until the owner ships or
 * cancels it in a state we know.
 */
export function statusOfState(state: number | null): ChannelOrderStatus {
  if (state === null) return 'open';
  switch (state) {
    case 4:
    case 5:
      return 'shipped';
    case 6:
    case 8:
      return 'cancelled';
    case 7:
      return 'refunded';
    default:
      return 'open';
  }
}

export interface OrderLookups {
  currency(id: number | null): Promise<string | null>;
  buyers(ids: readonly number[]): Promise<ReadonlyMap<number, string>>;
  clock(): Promise<ShopClock>;
}

/** One remote order as Cassa's; null (with the reason) when it cannot be one. */
export function toChannelOrder(order: JsonRecord, currency: string | null, buyer: string, clock: ShopClock): { order: ChannelOrder } | { skipped: string } {
  const lines = associationOf(order, 'order_rows').map((row) => {
    const quantity = quantityOf(row, 'product_quantity') ?? 0;
    const unitPriceCents = centsOf(row, 'unit_price_tax_incl') ?? Number.NaN;
    const reference = textOf(row, 'product_reference');
    const barcode = textOf(row, 'product_ean13') || textOf(row, 'product_upc');
    return {
      remoteLineId: textOf(row, 'id'),
      sku: reference === '' ? null : reference,
      barcode: barcode === '' ? null : barcode,
      remoteProductId: textOf(row, 'product_id') || null,
      remoteVariantId: textOf(row, 'product_attribute_id') || '0',
      title: textOf(row, 'product_name').slice(0, 300),
      quantity,
      unitPriceCents,
      totalCents: unitPriceCents * quantity,
    };
  });
  const totalCents = centsOf(order, 'total_paid_tax_incl') ?? Number.NaN;
  const linesCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const idCart = idOf(order, 'id_cart');
  const candidate = {
    remoteOrderId: textOf(order, 'id'),
    // PrestaShop core can make two orders from one cart (#17266, #11115): they are one purchase.
    dedupeKey: idCart === null || idCart === 0 ? null : String(idCart),
    reference: textOf(order, 'reference').slice(0, 120),
    status: statusOfState(idOf(order, 'current_state')),
    placedAt: clock.toIso(textOf(order, 'date_add')),
    updatedAt: clock.toIso(textOf(order, 'date_upd')),
    currency,
    lines,
    // Everything paid besides the lines: shipping, wrapping, less vouchers.
    shippingCents: totalCents - linesCents,
    totalCents,
    buyerName: cleanText(buyer).slice(0, 200),
  };
  const parsed = channelOrderSchema.safeParse(candidate);
  if (!parsed.success) return { skipped: `order ${candidate.remoteOrderId || '?'}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ').slice(0, 400)}` };
  return { order: parsed.data };
}

async function convert(records: readonly JsonRecord[], lookups: OrderLookups, log: (reason: string) => void): Promise<ChannelOrder[]> {
  if (records.length === 0) return [];
  const clock = await lookups.clock();
  const buyers = await lookups.buyers([...new Set(records.flatMap((record) => idOf(record, 'id_customer') ?? []))]);
  const orders: ChannelOrder[] = [];
  for (const record of records) {
    const currency = await lookups.currency(idOf(record, 'id_currency'));
    const result = toChannelOrder(record, currency, buyers.get(idOf(record, 'id_customer') ?? -1) ?? '', clock);
    if ('order' in result) orders.push(result.order);
    else log(result.skipped);
  }
  return orders;
}

export async function fetchOrders(
  http: PrestashopHttp,
  lookups: OrderLookups,
  now: Date,
  cursorText: string | null,
  options: { readonly overlapMs: number; readonly lookBackMs: number },
  log: (reason: string) => void,
): Promise<OrderPage> {
  let cursor = readCursor(cursorText);
  if (cursor === null) {
    // Only the first poll starts from our clock, written as the shop writes dates.
    const start = (await lookups.clock()).fromMs(now.getTime() - Math.max(0, options.lookBackMs));
    cursor = { phase: 'seed', lastId: 0, newestUpdate: start, from: start, skip: 0 };
  }

  if (cursor.phase === 'seed') {
    const newest = listOf(await http.getJson('orders', { display: '[id]', sort: '[id_DESC]', limit: '1' }), 'orders');
    const lastId = newest.length === 0 ? 0 : (idOf(newest[0] ?? {}, 'id') ?? 0);
    return { orders: [], cursor: JSON.stringify({ ...cursor, phase: 'changed', lastId }), more: true };
  }

  if (cursor.phase === 'new') {
    const records = listOf(
      await http.getJson('orders', { display: 'full', 'filter[id]': `[${cursor.lastId + 1},${MAX_ID}]`, sort: '[id_ASC]', limit: `0,${ORDER_PAGE_SIZE}` }),
      'orders',
    );
    const lastId = records.reduce((max, record) => Math.max(max, idOf(record, 'id') ?? 0), cursor.lastId);
    // newestUpdate moves only in the date_upd window: orders changed between the last poll and
    // these new ones must still fall inside the next window.
    const full = records.length >= ORDER_PAGE_SIZE;
    const from = shopDate(shopMs(cursor.newestUpdate) - Math.max(0, options.overlapMs));
    const next: OrderCursor = full ? { ...cursor, lastId } : { ...cursor, phase: 'changed', lastId, from, skip: 0 };
    return { orders: await convert(records, lookups, log), cursor: JSON.stringify(next), more: true };
  }

  const records = listOf(
    await http.getJson('orders', {
      display: 'full',
      date: '1',
      'filter[date_upd]': `[${cursor.from},${FAR_FUTURE}]`,
      sort: '[date_upd_ASC,id_ASC]',
      limit: `${cursor.skip},${ORDER_PAGE_SIZE}`,
    }),
    'orders',
  );
  const lastId = records.reduce((max, record) => Math.max(max, idOf(record, 'id') ?? 0), cursor.lastId);
  // A date_upd far ahead of any clock (a broken module, a shop clock gone wild) must not move the
  // window past every real change: dates beyond a day from now do not count.
  const ceiling = (await lookups.clock()).fromMs(now.getTime() + 86_400_000);
  const newestUpdate = newestOf(records, cursor.newestUpdate, ceiling);
  if (records.length < ORDER_PAGE_SIZE) {
    return { orders: await convert(records, lookups, log), cursor: JSON.stringify({ phase: 'new', lastId, newestUpdate, from: newestUpdate, skip: 0 }), more: false };
  }
  const lastDate = textOf(records[records.length - 1] ?? {}, 'date_upd');
  if (!SHOP_DATE.test(lastDate)) throw new ChannelCallError('retry', 'unexpected-answer', `an order's date_upd is not a date: ${lastDate.slice(0, 30)}`);
  const sameSecond = records.filter((record) => textOf(record, 'date_upd') === lastDate).length;
  const skip = lastDate === cursor.from ? cursor.skip + sameSecond : sameSecond;
  return { orders: await convert(records, lookups, log), cursor: JSON.stringify({ phase: 'changed', lastId, newestUpdate, from: lastDate, skip }), more: true };
}

function newestOf(records: readonly JsonRecord[], current: string, ceiling: string): string {
  let newest = current;
  for (const record of records) {
    const date = textOf(record, 'date_upd');
    if (SHOP_DATE.test(date) && date > newest && date <= ceiling) newest = date;
  }
  return newest;
}

/** The shop's zone and currencies by id (cached for the connector's life) and buyers' names per page, one request each. */
export function orderLookups(http: PrestashopHttp): OrderLookups {
  const currencies = new Map<number, string>();
  let clock: ShopClock | null = null;
  return {
    async clock() {
      clock ??= await readShopClock(http);
      return clock;
    },
    async currency(id) {
      if (id === null) return null;
      const known = currencies.get(id);
      if (known !== undefined) return known;
      for (const record of listOf(await http.getJson('currencies', { display: '[id,iso_code]' }), 'currencies')) {
        const currencyId = idOf(record, 'id');
        if (currencyId !== null) currencies.set(currencyId, textOf(record, 'iso_code').toUpperCase());
      }
      return currencies.get(id) ?? null;
    },
    async buyers(ids) {
      const names = new Map<number, string>();
      if (ids.length === 0) return names;
      try {
        for (const record of listOf(await http.getJson('customers', { display: '[id,firstname,lastname]', 'filter[id]': anyOf(ids) }), 'customers')) {
          const id = idOf(record, 'id');
          if (id !== null) names.set(id, `${textOf(record, 'firstname')} ${textOf(record, 'lastname')}`.trim());
        }
      } catch (error) {
        // A key without customers may still import orders, without the buyer's name.
        if (!(error instanceof ChannelCallError && error.problem === 'permission-missing')) throw error;
      }
      return names;
    },
  };
}
