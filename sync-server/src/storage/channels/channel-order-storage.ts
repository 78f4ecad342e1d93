/**
 * @module
 * Orders from the channels (issue 18): imported once per account and remote order, their stock
 * reserved at once, counted as head-office takings under the channel's id, and followed through
 * shipping, cancellation and refund. Each page of orders is one transaction with its cursor, its
 * reservations and movements, the dashboard's aggregates, the `store-stock` rows and the stock jobs
 * they cause: a restart between a page and its cursor finds either all of it or none.
 *
 * What each status does, and why (channel-orders.ts in shared states the meaning):
 * - new and `open`: each matched line is reserved (`held`) at the first of the account's stores
 *   whose available (on hand less held) covers it, else at the first store (it may go below zero:
 *   shown to the owner, never refused, the buyer has paid); the takings are counted.
 * - new and `shipped`: reserved and shipped at once.
 * - new and `cancelled` or `refunded`: stored for the list, nothing reserved or counted (nothing of
 *   it was ever live here).
 * - open → shipped: a stock movement (device `head-office`, reason `sale`, reference the order) at
 *   the reserving store, the reservation `shipped`.
 * - open → cancelled: the reservation released, the takings voided.
 * - open → refunded: the reservation released (the goods never left), the takings returned.
 * - shipped → refunded (or cancelled): the takings returned; stock unchanged, since goods that come
 *   back are received at a store like any return.
 * - cancelled and refunded are final; shipped never goes back to open.
 * The takings are filed on the business day the order was placed, their reversal on the day the
 * remote reports the cancellation or refund (its `updatedAt`), as a till's return is: a range
 * holding both days nets to zero. Instants the remote's clock puts implausibly far from ours are
 * filed at our time (`isImplausibleTime`, the push's rule).
 * A copy older (`updatedAt`) than the stored one changes nothing, nor does one of the same instant
 * unless it moves the status on: overlapping polls and late copies come back all the time
 * (channels-erp.md §7.2). A second order of one `dedupeKey` (PrestaShop's id_cart, #17266) is
 * stored as `duplicate_of` the cart's live order and reserves and counts nothing; should the shop
 * cancel that one instead, the duplicate takes its place. An order the schema refuses (NUL bytes,
 * absurd numbers) is left out and recorded as a dead letter, and the rest of the page goes on.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ChannelKind, ChannelOrder, ChannelOrderStatus, ChannelOrderView, SaleRecord } from '@cassa/shared';
import { businessDay, CassaError, channelOrderSchema, DEFAULT_TIME_ZONE, localDayAndHour } from '@cassa/shared';
import { isImplausibleTime } from '../../record-problems';
import { AggregateBatch, addSaleToAggregates, addStockMovement } from '../sales-aggregates';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlExecutor, SqlValue } from '../sql-database';
import { categoriesOf, rowLock } from '../sql-sync/sql-helpers';
import { HEAD_OFFICE_DEVICE } from '../stock-transfers';
import { createLineMatcher } from './channel-order-lines';
import type { MatchedVariant } from './channel-order-lines';
import { orderTakings, reversedTakings } from './channel-order-takings';
import { enqueueStockChanges } from './channel-storage';
import { writeStoreStockRows } from './store-stock-rows';
import type { StoreVariant } from './store-stock-rows';
// Issue 19, webhooks
import { writeWebhookEvents } from '../webhooks/webhook-outbox';
import { stockEvents } from '../webhooks/webhook-push-events';

export interface ChannelAccountRef {
  readonly id: string;
  readonly kind: ChannelKind;
  /** The stores whose stock the account sells, in the order its orders reserve from them. */
  readonly storeIds: readonly string[];
}

export interface OrderImportResult {
  /** New orders stored (duplicates not included). */
  readonly imported: number;
  /** Stored orders a newer copy changed. */
  readonly updated: number;
  /** New orders stored as duplicates of another order of the same cart. */
  readonly duplicates: number;
  /** Orders the schema refused, recorded as dead letters. */
  readonly rejected: number;
  /** Lines of new orders no Cassa variant matches (nothing reserved for them). */
  readonly unmatchedLines: number;
  /** Stores whose `store-stock` rows this page rewrote: their tills are told to pull (`notifyTills`). */
  readonly storeStockStores: readonly string[];
}

export interface ChannelOrderFilter {
  readonly accountId?: string | undefined;
  readonly status?: ChannelOrderStatus | undefined;
  readonly offset: number;
  readonly limit: number;
}

export interface ChannelOrderStorage {
  /**
   * Imports one page of an account's orders with the cursor that follows it, in one transaction.
   * The account must be the organisation's (NOT_FOUND otherwise: nothing is written). Each order
   * is checked against the schema again: what a connector built from a remote's answer is still
   * the remote's word.
   */
  importOrders(organisationId: string, account: ChannelAccountRef, orders: readonly ChannelOrder[], cursor: string, now: Date): Promise<OrderImportResult>;
  /** Newest first (placed), with the total the filter matches. */
  list(organisationId: string, filter: ChannelOrderFilter): Promise<{ total: number; rows: ChannelOrderView[] }>;
  /** Every channel account of the organisation, for the dashboard's names (disconnected ones too: their takings stay). */
  accountNames(organisationId: string): Promise<{ id: string; kind: ChannelKind; name: string }[]>;
}

/** What the stored `data` column holds beside the latest copy of the order. */
interface StoredOrder {
  readonly order: ChannelOrder;
  /** The variant each line was matched to at import, null where none. */
  readonly variants: readonly (string | null)[];
  readonly unmatchedLines: number;
  /** The takings counted at import, kept so a reversal is their exact negation whatever the catalogue became. */
  readonly takings: SaleRecord | null;
  readonly takingsState: 'none' | 'counted' | 'reversed';
}

type OrderRow = {
  id: string;
  status: string;
  duplicate_of: string | null;
  remote_updated_at: string;
  data: string;
};

/** Everything one page's transaction collects and writes at its end. */
interface ImportContext {
  readonly tx: SqlExecutor;
  readonly organisationId: string;
  readonly account: ChannelAccountRef;
  /** The account's stores that are the organisation's, in the owner's order. */
  readonly storeIds: readonly string[];
  readonly timeZone: string;
  readonly now: Date;
  readonly lock: string;
  readonly batch: AggregateBatch;
  readonly touched: StoreVariant[];
  readonly match: (line: ChannelOrder['lines'][number]) => Promise<MatchedVariant | null>;
  readonly takings: { sale: SaleRecord; filedAt: string }[];
  /** Available per store and variant as this page left it (read once, then kept in step). */
  readonly available: Map<string, number>;
  /** The page's stored orders by remote id, read in one statement and kept in step. */
  readonly stored: Map<string, OrderRow>;
  /** The first order of each cart (dedupe key) of the account, read in one statement and kept in step. */
  readonly firstOfCart: Map<string, string>;
}

const RANK: Readonly<Record<ChannelOrderStatus, number>> = { open: 0, shipped: 1, cancelled: 2, refunded: 2 };

/** The status an order takes when a newer copy says `incoming`: final states stay, shipped never reopens. */
function nextStatus(stored: ChannelOrderStatus, incoming: ChannelOrderStatus): ChannelOrderStatus {
  return RANK[incoming] > RANK[stored] ? incoming : stored;
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** A remote's text made storable and short, for a dead letter's words. */
function storable(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text
    .replace(/\u0000/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .slice(0, max);
}

/** An order the schema accepts, or why not (also: two lines with one remote line id). */
function validated(raw: unknown): { order: ChannelOrder } | { problem: string } {
  const parsed = channelOrderSchema.safeParse(raw);
  if (!parsed.success) return { problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const lineIds = parsed.data.lines.map((l) => l.remoteLineId);
  if (new Set(lineIds).size !== lineIds.length) return { problem: 'lines: two lines with one remoteLineId' };
  return { order: parsed.data };
}

/** Recorded once per account and remote order (a page polled again bumps its attempts). */
async function recordRejected(tx: SqlExecutor, organisationId: string, accountId: string, raw: unknown, problem: string, at: string): Promise<void> {
  const remoteId = storable((raw as { remoteOrderId?: unknown } | null)?.remoteOrderId ?? '?', 120);
  const id = `order-${createHash('sha256').update(`${accountId}\u0000${remoteId}`).digest('hex').slice(0, 40)}`;
  const detail = storable(`The channel sent order ${remoteId} in a form Cassa cannot read: ${problem}`, 500);
  await tx.query(
    `INSERT INTO channel_dead_letters (organisation_id, id, account_id, kind, job_key, payload, attempts, problem, detail, remote_status, state, first_failed_at, last_failed_at)
     VALUES (?, ?, ?, 'orders', ?, ?, 1, 'unexpected-answer', ?, NULL, 'open', ?, ?)
     ON CONFLICT (organisation_id, id) DO UPDATE SET attempts = channel_dead_letters.attempts + 1, detail = excluded.detail, last_failed_at = excluded.last_failed_at`,
    [organisationId, id, accountId, `order:${remoteId}`, JSON.stringify({ remoteOrderId: remoteId }), detail, at, at],
  );
}

/** Where a figure is filed: the remote's instant, or now when the remote's clock is implausible. */
function filedAt(instant: string, now: Date): string {
  return isImplausibleTime(instant, now) ? now.toISOString() : new Date(instant).toISOString();
}

const cell = (storeId: string, variantId: string): string => `${storeId}\u0000${variantId}`;

/** A store's available of a variant: on hand less what orders hold there, read once per page. */
async function available(ctx: ImportContext, storeId: string, variantId: string): Promise<number> {
  const known = ctx.available.get(cell(storeId, variantId));
  if (known !== undefined) return known;
  const onHand = await ctx.tx.query<{ on_hand_milli: unknown }>('SELECT on_hand_milli FROM stock_levels WHERE organisation_id = ? AND store_id = ? AND variant_id = ?', [
    ctx.organisationId,
    storeId,
    variantId,
  ]);
  const held = await ctx.tx.query<{ total: unknown }>(
    "SELECT SUM(quantity_milli) AS total FROM channel_reservations WHERE organisation_id = ? AND store_id = ? AND variant_id = ? AND state = 'held'",
    [ctx.organisationId, storeId, variantId],
  );
  const figure = toNumber(onHand[0]?.on_hand_milli) - toNumber(held[0]?.total);
  ctx.available.set(cell(storeId, variantId), figure);
  return figure;
}

/** Held or shipped, a line takes its units from the store's available; released, gives them back. */
function take(ctx: ImportContext, storeId: string, variantId: string, quantityMilli: number): void {
  const key = cell(storeId, variantId);
  const known = ctx.available.get(key);
  if (known !== undefined) ctx.available.set(key, known - quantityMilli);
}

async function reservingStore(ctx: ImportContext, variantId: string, quantityMilli: number): Promise<string | null> {
  for (const storeId of ctx.storeIds) if ((await available(ctx, storeId, variantId)) >= quantityMilli) return storeId;
  return ctx.storeIds[0] ?? null;
}

interface PlannedLine {
  readonly index: number;
  readonly remoteLineId: string;
  readonly storeId: string;
  readonly variantId: string;
  readonly quantityMilli: number;
}

/** Where each matched line is reserved, taken from the page's available as it goes. */
async function planReservations(ctx: ImportContext, stored: StoredOrder): Promise<PlannedLine[]> {
  const planned: PlannedLine[] = [];
  for (const [index, line] of stored.order.lines.entries()) {
    const variantId = stored.variants[index];
    if (!variantId) continue;
    const quantityMilli = line.quantity * 1000;
    const storeId = await reservingStore(ctx, variantId, quantityMilli);
    if (storeId === null) continue;
    take(ctx, storeId, variantId, quantityMilli);
    planned.push({ index, remoteLineId: line.remoteLineId, storeId, variantId, quantityMilli });
  }
  return planned;
}

/** Writes the planned reservations (`held`, or `shipped` at once with their movements). */
async function reserve(ctx: ImportContext, orderId: string, remoteOrderId: string, planned: readonly PlannedLine[], state: 'held' | 'shipped'): Promise<void> {
  const at = ctx.now.toISOString();
  for (const line of planned) {
    await ctx.tx.query(
      `INSERT INTO channel_reservations (organisation_id, account_id, remote_order_id, remote_line_id, store_id, variant_id, quantity_milli, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, account_id, remote_order_id, remote_line_id) DO NOTHING`,
      [ctx.organisationId, ctx.account.id, remoteOrderId, line.remoteLineId, line.storeId, line.variantId, line.quantityMilli, state, at, at],
    );
    if (state === 'shipped') await bookShipment(ctx, orderId, line.index, line.storeId, line.variantId, line.quantityMilli);
    ctx.touched.push({ storeId: line.storeId, variantId: line.variantId });
  }
}

/** The movement of a shipped line: out of the reserving store, booked by head office. */
async function bookShipment(ctx: ImportContext, orderId: string, lineIndex: number, storeId: string, variantId: string, quantityMilli: number): Promise<void> {
  const at = ctx.now.toISOString();
  const movement = {
    id: `${orderId}:ship:${lineIndex}`,
    storeId,
    deviceId: HEAD_OFFICE_DEVICE,
    variantId,
    deltaMilli: -quantityMilli,
    reason: 'sale' as const,
    referenceId: orderId,
    userId: null,
    at,
  };
  const inserted = await ctx.tx.query<{ id: string }>(
    `INSERT INTO stock_movements (organisation_id, id, store_id, device_id, variant_id, delta_milli, reason, at, data, flagged, problems, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '[]', ?) ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
    [ctx.organisationId, movement.id, storeId, HEAD_OFFICE_DEVICE, variantId, movement.deltaMilli, movement.reason, at, JSON.stringify(movement), at],
  );
  // Booked once whatever happens: stock_levels moves only with a movement actually stored.
  if (inserted.length > 0) addStockMovement(ctx.batch, ctx.organisationId, storeId, movement, at);
}

/** Held lines of the order become movements. */
async function ship(ctx: ImportContext, orderId: string, remoteOrderId: string, stored: StoredOrder): Promise<void> {
  const rows = await ctx.tx.query<{ remote_line_id: string; store_id: string; variant_id: string; quantity_milli: unknown }>(
    `UPDATE channel_reservations SET state = 'shipped', updated_at = ?
     WHERE organisation_id = ? AND account_id = ? AND remote_order_id = ? AND state = 'held' RETURNING remote_line_id, store_id, variant_id, quantity_milli`,
    [ctx.now.toISOString(), ctx.organisationId, ctx.account.id, remoteOrderId],
  );
  for (const row of rows) {
    const index = stored.order.lines.findIndex((l) => l.remoteLineId === row.remote_line_id);
    await bookShipment(ctx, orderId, index, row.store_id, row.variant_id, toNumber(row.quantity_milli));
    ctx.touched.push({ storeId: row.store_id, variantId: row.variant_id });
  }
}

async function release(ctx: ImportContext, remoteOrderId: string): Promise<void> {
  const rows = await ctx.tx.query<{ store_id: string; variant_id: string; quantity_milli: unknown }>(
    `UPDATE channel_reservations SET state = 'released', updated_at = ?
     WHERE organisation_id = ? AND account_id = ? AND remote_order_id = ? AND state = 'held' RETURNING store_id, variant_id, quantity_milli`,
    [ctx.now.toISOString(), ctx.organisationId, ctx.account.id, remoteOrderId],
  );
  for (const row of rows) {
    take(ctx, row.store_id, row.variant_id, -toNumber(row.quantity_milli));
    ctx.touched.push({ storeId: row.store_id, variantId: row.variant_id });
  }
}

/** What an order that counts brings: its lines matched, its takings, where its lines are reserved. */
async function liveEffects(ctx: ImportContext, id: string, order: ChannelOrder): Promise<{ stored: StoredOrder; planned: PlannedLine[]; placed: string }> {
  const matches: (MatchedVariant | null)[] = [];
  // One after another: the matcher's reads share the transaction's one connection.
  for (const line of order.lines) matches.push(await ctx.match(line));
  const live = order.status === 'open' || order.status === 'shipped';
  const takings = live ? orderTakings(ctx.account.id, id, order, matches) : null;
  const stored: StoredOrder = {
    order,
    variants: matches.map((m) => m?.variantId ?? null),
    unmatchedLines: matches.filter((m) => m === null).length,
    takings,
    takingsState: takings ? 'counted' : 'none',
  };
  return { stored, planned: live ? await planReservations(ctx, stored) : [], placed: filedAt(order.placedAt, ctx.now) };
}

/** Writes what `liveEffects` planned: the reservations (shipped at once if so), the takings. */
async function applyLive(ctx: ImportContext, id: string, effects: { stored: StoredOrder; planned: readonly PlannedLine[]; placed: string }): Promise<void> {
  const { order, takings } = effects.stored;
  await reserve(ctx, id, order.remoteOrderId, effects.planned, order.status === 'shipped' ? 'shipped' : 'held');
  if (takings) ctx.takings.push({ sale: takings, filedAt: effects.placed });
}

/** A new order: stored, then reserved and counted as its status says. */
async function insertOrder(ctx: ImportContext, order: ChannelOrder, counts: { imported: number; duplicates: number; unmatchedLines: number }): Promise<boolean> {
  const { tx, organisationId, account, now } = ctx;
  const cart = order.dedupeKey ?? '';
  const duplicateOf = cart === '' ? null : (ctx.firstOfCart.get(cart) ?? null);
  const id = `co-${randomUUID()}`;
  const effects =
    duplicateOf === null
      ? await liveEffects(ctx, id, order)
      : {
          stored: { order, variants: order.lines.map(() => null), unmatchedLines: 0, takings: null, takingsState: 'none' as const },
          planned: [],
          placed: filedAt(order.placedAt, now),
        };
  const { stored, planned, placed } = effects;
  const at = now.toISOString();
  const inserted = await tx.query<OrderRow>(
    `INSERT INTO channel_orders (organisation_id, account_id, remote_order_id, id, dedupe_key, reference, status, duplicate_of, store_id, placed_at, remote_updated_at, business_day, total_cents, currency, data, imported_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (organisation_id, account_id, remote_order_id) DO NOTHING RETURNING id, status, duplicate_of, remote_updated_at, data`,
    [
      organisationId,
      account.id,
      order.remoteOrderId,
      id,
      order.dedupeKey,
      order.reference,
      order.status,
      duplicateOf,
      planned[0]?.storeId ?? null,
      new Date(order.placedAt).toISOString(),
      new Date(order.updatedAt).toISOString(),
      businessDay(placed, ctx.timeZone),
      order.totalCents,
      order.currency,
      JSON.stringify(stored),
      at,
      at,
    ],
  );
  const row = inserted[0];
  if (!row) {
    // Another transaction stored it first (PostgreSQL, the same page twice at once): an update then.
    for (const line of planned) take(ctx, line.storeId, line.variantId, -line.quantityMilli);
    return false;
  }
  ctx.stored.set(order.remoteOrderId, row);
  if (duplicateOf !== null) {
    counts.duplicates += 1;
    return true;
  }
  if (cart !== '' && stored.takings) ctx.firstOfCart.set(cart, id);
  counts.imported += 1;
  counts.unmatchedLines += stored.unmatchedLines;
  await applyLive(ctx, id, effects);
  return true;
}

/**
 * The original of a cart was cancelled or refunded before shipping while another order of the
 * same cart lives on: the shop cancelled the wrong one of PrestaShop's pair (#17266). The oldest
 * live duplicate becomes the order that counts (reserved, shipped if it was, counted), and the
 * cart's other duplicates point to it.
 */
async function promoteDuplicate(ctx: ImportContext, originalId: string, cart: string): Promise<void> {
  const rows = await ctx.tx.query<OrderRow & { remote_order_id: string }>(
    `SELECT remote_order_id, id, status, duplicate_of, remote_updated_at, data FROM channel_orders
     WHERE organisation_id = ? AND account_id = ? AND duplicate_of = ? AND status IN ('open', 'shipped') ORDER BY imported_at, placed_at, remote_order_id LIMIT 1${ctx.lock}`,
    [ctx.organisationId, ctx.account.id, originalId],
  );
  const promoted = rows[0];
  if (!promoted) {
    ctx.firstOfCart.delete(cart);
    return;
  }
  const { order } = JSON.parse(promoted.data) as StoredOrder;
  const effects = await liveEffects(ctx, promoted.id, { ...order, status: promoted.status as ChannelOrderStatus });
  const data = JSON.stringify(effects.stored);
  await ctx.tx.query('UPDATE channel_orders SET duplicate_of = NULL, store_id = ?, data = ?, updated_at = ? WHERE organisation_id = ? AND id = ?', [
    effects.planned[0]?.storeId ?? null,
    data,
    ctx.now.toISOString(),
    ctx.organisationId,
    promoted.id,
  ]);
  await ctx.tx.query('UPDATE channel_orders SET duplicate_of = ? WHERE organisation_id = ? AND account_id = ? AND duplicate_of = ?', [
    promoted.id,
    ctx.organisationId,
    ctx.account.id,
    originalId,
  ]);
  await applyLive(ctx, promoted.id, effects);
  ctx.firstOfCart.set(cart, promoted.id);
  const { remote_order_id: remoteOrderId, ...row } = promoted;
  ctx.stored.set(remoteOrderId, { ...row, duplicate_of: null, data });
  // Copies of the cart's other duplicates in this page must see their new original.
  for (const [key, other] of ctx.stored) if (other.duplicate_of === originalId) ctx.stored.set(key, { ...other, duplicate_of: promoted.id });
}

/** A newer copy of a stored order: its status moves by the rules above. */
async function updateOrder(ctx: ImportContext, row: OrderRow, order: ChannelOrder): Promise<boolean> {
  const before = row.status as ChannelOrderStatus;
  const incoming = Date.parse(order.updatedAt);
  const current = Date.parse(row.remote_updated_at);
  // A copy of the same instant still counts when it moves the status on: a remote whose clock
  // counts seconds can report two changes within one.
  if (incoming < current || (incoming === current && RANK[order.status] <= RANK[before])) return false;
  const stored = JSON.parse(row.data) as StoredOrder;
  const after = nextStatus(before, order.status);
  let takingsState = stored.takingsState;
  if (row.duplicate_of === null && after !== before) {
    if (before === 'open' && after === 'shipped') await ship(ctx, row.id, order.remoteOrderId, stored);
    if (before === 'open' && (after === 'cancelled' || after === 'refunded')) {
      await release(ctx, order.remoteOrderId);
      if (order.dedupeKey) await promoteDuplicate(ctx, row.id, order.dedupeKey);
    }
    if ((after === 'cancelled' || after === 'refunded') && stored.takings && takingsState === 'counted') {
      // A voided order no longer counts as a ticket; one refunded after shipping was a sale.
      const kind = after === 'cancelled' && before === 'open' ? 'post-void' : 'return';
      const at = filedAt(order.updatedAt, ctx.now);
      ctx.takings.push({ sale: reversedTakings(stored.takings, kind, at), filedAt: at });
      takingsState = 'reversed';
    }
  }
  const next: StoredOrder = { ...stored, order: { ...order, status: after }, takingsState };
  const data = JSON.stringify(next);
  const updatedAt = new Date(order.updatedAt).toISOString();
  await ctx.tx.query(`UPDATE channel_orders SET status = ?, remote_updated_at = ?, reference = ?, data = ?, updated_at = ? WHERE organisation_id = ? AND id = ?`, [
    after,
    updatedAt,
    order.reference,
    data,
    ctx.now.toISOString(),
    ctx.organisationId,
    row.id,
  ]);
  ctx.stored.set(order.remoteOrderId, { ...row, status: after, remote_updated_at: updatedAt, data });
  return true;
}

/**
 * The page's orders already stored, locked, and the first order of each of their carts: two
 * statements a page instead of two an order. Locked in remote-id order, as every page takes them.
 */
async function preload(ctx: ImportContext, orders: readonly ChannelOrder[]): Promise<void> {
  const ids = [...new Set(orders.map((o) => o.remoteOrderId))].sort();
  const carts = [...new Set(orders.map((o) => o.dedupeKey ?? '').filter((k) => k !== ''))].sort();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await ctx.tx.query<OrderRow & { remote_order_id: string }>(
      `SELECT remote_order_id, id, status, duplicate_of, remote_updated_at, data FROM channel_orders
       WHERE organisation_id = ? AND account_id = ? AND remote_order_id IN (${placeholders(slice)}) ORDER BY remote_order_id${ctx.lock}`,
      [ctx.organisationId, ctx.account.id, ...slice],
    );
    for (const { remote_order_id, ...row } of rows) ctx.stored.set(remote_order_id, row);
  }
  for (let i = 0; i < carts.length; i += 500) {
    const slice = carts.slice(i, i + 500);
    const rows = await ctx.tx.query<{ dedupe_key: string; id: string }>(
      `SELECT dedupe_key, id FROM channel_orders WHERE organisation_id = ? AND account_id = ? AND dedupe_key IN (${placeholders(slice)}) AND duplicate_of IS NULL
         AND status IN ('open', 'shipped') ORDER BY imported_at DESC, id DESC`,
      [ctx.organisationId, ctx.account.id, ...slice],
    );
    // Oldest last, so it is the one kept.
    for (const row of rows) ctx.firstOfCart.set(row.dedupe_key, row.id);
  }
}

async function readOrder(ctx: ImportContext, remoteOrderId: string): Promise<OrderRow | null> {
  const rows = await ctx.tx.query<OrderRow>(
    `SELECT id, status, duplicate_of, remote_updated_at, data FROM channel_orders WHERE organisation_id = ? AND account_id = ? AND remote_order_id = ?${ctx.lock}`,
    [ctx.organisationId, ctx.account.id, remoteOrderId],
  );
  return rows[0] ?? null;
}

/** The account's stores that are the organisation's, in the owner's order, and the first one's zone. */
async function accountStores(tx: SqlExecutor, organisationId: string, storeIds: readonly string[]): Promise<{ storeIds: string[]; timeZone: string }> {
  if (storeIds.length === 0) return { storeIds: [], timeZone: DEFAULT_TIME_ZONE };
  const rows = await tx.query<{ id: string; time_zone: string }>(`SELECT id, time_zone FROM stores WHERE organisation_id = ? AND id IN (${placeholders(storeIds)})`, [
    organisationId,
    ...storeIds,
  ]);
  const zones = new Map(rows.map((r) => [r.id, r.time_zone]));
  const known = [...new Set(storeIds)].filter((id) => zones.has(id));
  return { storeIds: known, timeZone: (known[0] !== undefined ? zones.get(known[0]) : undefined) ?? DEFAULT_TIME_ZONE };
}

type ViewRow = {
  id: string;
  account_id: string;
  kind: string;
  remote_order_id: string;
  reference: string;
  status: string;
  duplicate_of: string | null;
  store_id: string | null;
  placed_at: string;
  total_cents: unknown;
  currency: string;
  data: string;
};

function toView(row: ViewRow): ChannelOrderView {
  const stored = JSON.parse(row.data) as StoredOrder;
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind as ChannelKind,
    remoteOrderId: row.remote_order_id,
    reference: row.reference,
    status: row.status as ChannelOrderStatus,
    duplicateOf: row.duplicate_of,
    storeId: row.store_id,
    placedAt: row.placed_at,
    totalCents: toNumber(row.total_cents),
    currency: row.currency,
    lines: stored.order.lines.length,
    unmatchedLines: stored.unmatchedLines,
    buyerName: stored.order.buyerName,
  };
}

export function createChannelOrderStorage(db: SqlDatabase): ChannelOrderStorage {
  return {
    async importOrders(organisationId, account, orders, cursor, now) {
      return db.transaction(async (tx) => {
        const known = await tx.query<{ id: string }>('SELECT id FROM channel_accounts WHERE organisation_id = ? AND id = ?', [organisationId, account.id]);
        if (known.length === 0) throw new CassaError('NOT_FOUND', `No channel account ${account.id}`);
        const at = now.toISOString();
        const { storeIds, timeZone } = await accountStores(tx, organisationId, account.storeIds);
        const ctx: ImportContext = {
          tx,
          organisationId,
          account,
          storeIds,
          timeZone,
          now,
          lock: rowLock(db),
          batch: new AggregateBatch(),
          touched: [],
          match: createLineMatcher(tx, organisationId, account.id),
          takings: [],
          available: new Map(),
          stored: new Map(),
          firstOfCart: new Map(),
        };
        const counts = { imported: 0, updated: 0, duplicates: 0, rejected: 0, unmatchedLines: 0 };
        const valid: ChannelOrder[] = [];
        for (const raw of orders as readonly unknown[]) {
          const result = validated(raw);
          if ('order' in result) valid.push(result.order);
          else {
            counts.rejected += 1;
            await recordRejected(tx, organisationId, account.id, raw, result.problem, at);
          }
        }
        // One order of locks for every transaction (the remote id), so two pages never deadlock;
        // a page naming one order twice applies its copies oldest first.
        valid.sort((a, b) => (a.remoteOrderId < b.remoteOrderId ? -1 : a.remoteOrderId > b.remoteOrderId ? 1 : Date.parse(a.updatedAt) - Date.parse(b.updatedAt)));
        await preload(ctx, valid);
        for (const order of valid) {
          const existing = ctx.stored.get(order.remoteOrderId) ?? null;
          if (existing === null && (await insertOrder(ctx, order, counts))) continue;
          const row = existing ?? (await readOrder(ctx, order.remoteOrderId));
          if (row && (await updateOrder(ctx, row, order))) counts.updated += 1;
        }
        if (ctx.takings.length > 0) {
          const categoryOf = await categoriesOf(tx, organisationId, ctx.takings.flatMap((t) => t.sale.lines.map((l) => l.productId)));
          for (const { sale, filedAt: instant } of ctx.takings) {
            const { hour } = localDayAndHour(instant, timeZone);
            addSaleToAggregates(ctx.batch, { organisationId, storeId: account.id, deviceId: account.id, businessDay: businessDay(instant, timeZone), hour }, sale, categoryOf);
          }
        }
        await ctx.batch.flush(tx);
        await writeStoreStockRows(tx, organisationId, ctx.touched, now);
        await enqueueStockChanges(tx, organisationId, ctx.touched, now);
        // Issue 19: a channel order's reservations move stock: `stock.changed` commits with them.
        await writeWebhookEvents(tx, organisationId, now, () => stockEvents(tx, organisationId, ctx.touched));
        await tx.query(
          `INSERT INTO channel_cursors (organisation_id, account_id, stream, value, updated_at) VALUES (?, ?, 'orders', ?, ?)
           ON CONFLICT (organisation_id, account_id, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [organisationId, account.id, cursor, at],
        );
        return { ...counts, storeStockStores: [...new Set(ctx.touched.map((t) => t.storeId))].sort() };
      });
    },

    async list(organisationId, filter) {
      const params: SqlValue[] = [organisationId];
      let where = '';
      if (filter.accountId !== undefined) {
        where += ' AND o.account_id = ?';
        params.push(filter.accountId);
      }
      if (filter.status !== undefined) {
        where += ' AND o.status = ?';
        params.push(filter.status);
      }
      const from = `FROM channel_orders o JOIN channel_accounts a ON a.organisation_id = o.organisation_id AND a.id = o.account_id WHERE o.organisation_id = ?${where}`;
      const total = await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n ${from}`, params);
      const rows = await db.query<ViewRow>(
        `SELECT o.id, o.account_id, a.kind, o.remote_order_id, o.reference, o.status, o.duplicate_of, o.store_id, o.placed_at, o.total_cents, o.currency, o.data
         ${from} ORDER BY o.placed_at DESC, o.remote_order_id DESC, o.id DESC LIMIT ? OFFSET ?`,
        [...params, filter.limit, filter.offset],
      );
      return { total: toNumber(total[0]?.n), rows: rows.map(toView) };
    },

    async accountNames(organisationId) {
      const rows = await db.query<{ id: string; kind: string; name: string }>('SELECT id, kind, name FROM channel_accounts WHERE organisation_id = ? ORDER BY name, id', [organisationId]);
      return rows.map((r) => ({ id: r.id, kind: r.kind as ChannelKind, name: r.name }));
    },
  };
}
