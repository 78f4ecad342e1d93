/**
 * @module
 * The state of one emulated eBay seller: inventory items, their offers and listings, inventory
 * item groups, orders and the daily revision count. Plain data and rules, no HTTP, so the routes
 * and the control surface change it the same way.
 *
 * Sources (../shared/reference/channels-erp.md §3 and the eBay pages it names):
 * - A listing shows the smaller of the item's `shipToLocationAvailability.quantity` and its
 *   offer's `availableQuantity` [V].
 * - A listing may be revised 250 times per calendar day [V: developer.ebay.com "Revising
 *   listings"]; which time zone's day is [U] (UTC here).
 * - A variation left out of an inventory item group's `variantSKUs` drops out of the live
 *   listing [V].
 */
import type { EmulatorItem, EmulatorOrderLine, EmulatorOrderView } from '../emulator-control';

export interface EbayItem {
  sku: string;
  /** Whatever the seller last PUT, minus what the model reads below (kept so a PUT's replace is visible). */
  title: string | null;
  ean: string | null;
  quantity: number | null;
  priceCents: number;
  aspects: Record<string, string>;
  groupKey: string | null;
}

export interface EbayOffer {
  offerId: string;
  sku: string;
  availableQuantity: number;
  priceCents: number;
  status: 'PUBLISHED' | 'UNPUBLISHED';
  listingId: string;
}

export interface EbayGroup {
  key: string;
  title: string;
  variantSkus: string[];
  listingId: string;
}

export interface EbayOrderLine {
  lineItemId: string;
  sku: string;
  title: string;
  legacyItemId: string;
  quantity: number;
  unitPriceCents: number;
}

export interface EbayOrder {
  orderId: string;
  buyerName: string;
  createdMs: number;
  modifiedMs: number;
  lines: EbayOrderLine[];
  shippingCents: number;
  fulfillment: 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
  /** A buyer's cancel request; `completedMs` null while it waits for the seller. */
  cancelled: { requestedMs: number; completedMs: number | null } | null;
  refund: { refundId: string; atMs: number; amountCents: number } | null;
}

export interface EbayModelOptions {
  readonly now: () => number;
  readonly revisionsPerDay: number;
  /** [U] third-party code reports a quantity of 0 refused with 25004 (the seller must withdraw the offer). */
  readonly rejectZeroQuantity: boolean;
  readonly shippingCents: number;
  readonly currency: string;
}

export class EmulatorRuleError extends Error {
  constructor(
    readonly status: number,
    readonly errorId: number,
    message: string,
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

export class EbayModel {
  readonly items = new Map<string, EbayItem>();
  readonly offers = new Map<string, EbayOffer>();
  readonly groups = new Map<string, EbayGroup>();
  readonly orders: EbayOrder[] = [];
  /** Offers by SKU (eBay's getOffers is by SKU), so a large catalogue stays quick to serve. */
  private readonly offerIdsBySku = new Map<string, Set<string>>();
  private readonly revisions = new Map<string, number>();
  private sequence = 0;

  constructor(readonly options: EbayModelOptions) {}

  private nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  seed(item: EmulatorItem): void {
    const groupKey = item.group ?? null;
    this.items.set(item.sku, {
      sku: item.sku,
      title: item.title,
      ean: item.barcode ?? null,
      quantity: item.quantity,
      priceCents: item.priceCents,
      aspects: { ...(item.options ?? {}) },
      groupKey,
    });
    let listingId: string;
    if (groupKey !== null) {
      const group = this.groups.get(groupKey) ?? { key: groupKey, title: item.title, variantSkus: [], listingId: `11${String(this.nextId()).padStart(10, '0')}` };
      if (!group.variantSkus.includes(item.sku)) group.variantSkus.push(item.sku);
      this.groups.set(groupKey, group);
      listingId = group.listingId;
    } else {
      listingId = `11${String(this.nextId()).padStart(10, '0')}`;
    }
    const existing = this.offersOf(item.sku)[0];
    const offerId = existing?.offerId ?? String(5_000_000_000 + this.nextId());
    this.offers.set(offerId, { offerId, sku: item.sku, availableQuantity: item.quantity, priceCents: item.priceCents, status: 'PUBLISHED', listingId });
    this.offerIdsBySku.set(item.sku, new Set([...(this.offerIdsBySku.get(item.sku) ?? []), offerId]));
  }

  offersOf(sku: string): EbayOffer[] {
    return [...(this.offerIdsBySku.get(sku) ?? [])].flatMap((offerId) => this.offers.get(offerId) ?? []);
  }

  /** An item deleted: its offers go with it, and it leaves its group. */
  deleteItem(sku: string): boolean {
    if (!this.items.delete(sku)) return false;
    for (const offerId of this.offerIdsBySku.get(sku) ?? []) this.offers.delete(offerId);
    this.offerIdsBySku.delete(sku);
    for (const group of this.groups.values()) group.variantSkus = group.variantSkus.filter((candidate) => candidate !== sku);
    return true;
  }

  /** Whether buyers can see this SKU at all: a published offer, and (for a variation) still in its group. */
  private live(item: EbayItem, offer: EbayOffer): boolean {
    if (offer.status !== 'PUBLISHED') return false;
    if (item.groupKey === null) return true;
    return this.groups.get(item.groupKey)?.variantSkus.includes(item.sku) ?? false;
  }

  /** What buyers see: the smaller of the item's and the offer's quantity, 0 when not live. */
  listedQuantity(sku: string): number | null {
    const item = this.items.get(sku);
    if (item === undefined) return null;
    const offer = this.offersOf(sku)[0];
    if (offer === undefined || !this.live(item, offer)) return 0;
    return Math.max(0, Math.min(item.quantity ?? 0, offer.availableQuantity));
  }

  /** Counts one revision of a live listing; the one past the daily cap is refused and not counted. */
  revise(listingId: string): void {
    const key = `${listingId}@${Math.floor(this.options.now() / DAY_MS)}`;
    const count = this.revisions.get(key) ?? 0;
    if (count >= this.options.revisionsPerDay) {
      // [U] the error id: eBay documents the cap, not its error; 25002 is the Inventory API's generic user error.
      throw new EmulatorRuleError(400, 25002, `A user error has occurred. This listing has been revised ${this.options.revisionsPerDay} times today, the most allowed per calendar day.`);
    }
    this.revisions.set(key, count + 1);
  }

  /** The listings a change to this SKU revises (live ones only: an unpublished offer is no listing). */
  liveListingsOf(sku: string): string[] {
    const item = this.items.get(sku);
    if (item === undefined) return [];
    return [...new Set(this.offersOf(sku).filter((offer) => this.live(item, offer)).map((offer) => offer.listingId))];
  }

  checkQuantity(sku: string, quantity: number): void {
    const item = this.items.get(sku);
    // [U] 25004 for a single-SKU listing; a variation at 0 shows "out of stock" and stays in its listing.
    if (this.options.rejectZeroQuantity && quantity === 0 && item !== undefined && item.groupKey === null && this.liveListingsOf(sku).length > 0) {
      throw new EmulatorRuleError(400, 25004, 'Invalid value for quantity. The quantity must be a valid number greater than 0.');
    }
  }

  placeOrder(lines: readonly EmulatorOrderLine[], buyerName: string): EbayOrder {
    if (lines.length === 0) throw new EmulatorRuleError(400, 0, 'An order needs at least one line');
    const wanted = new Map<string, number>();
    for (const line of lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
    for (const [sku, quantity] of wanted) {
      const listed = this.listedQuantity(sku);
      if (listed === null) throw new EmulatorRuleError(404, 0, `No item ${sku}`);
      if (listed < quantity) throw new EmulatorRuleError(409, 0, `Only ${listed} of ${sku} are on sale`);
    }
    for (const [sku, quantity] of wanted) this.adjustStock(sku, -quantity);
    const now = this.options.now();
    const id = this.nextId();
    const order: EbayOrder = {
      orderId: `${String(10 + (id % 90)).padStart(2, '0')}-${String(10_000 + id).padStart(5, '0')}-${String(id * 7919).padStart(5, '0').slice(-5)}`,
      buyerName,
      createdMs: now,
      modifiedMs: now,
      lines: lines.map((line, index) => {
        const item = this.items.get(line.sku);
        const offer = this.offersOf(line.sku)[0];
        return {
          lineItemId: String(10_000_000_000 + id * 100 + index),
          sku: line.sku,
          title: item?.title ?? line.sku,
          legacyItemId: offer?.listingId ?? '',
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents ?? offer?.priceCents ?? item?.priceCents ?? 0,
        };
      }),
      shippingCents: this.options.shippingCents,
      fulfillment: 'NOT_STARTED',
      cancelled: null,
      refund: null,
    };
    this.orders.push(order);
    return order;
  }

  /** A sale lowers, a cancellation restores, both the item's and its offers' quantity ([U] that a cancellation restores it). */
  private adjustStock(sku: string, delta: number): void {
    const item = this.items.get(sku);
    if (item === undefined) return;
    item.quantity = Math.max(0, (item.quantity ?? 0) + delta);
    for (const offer of this.offersOf(sku)) offer.availableQuantity = Math.max(0, offer.availableQuantity + delta);
  }

  order(orderId: string): EbayOrder {
    const order = this.orders.find((candidate) => candidate.orderId === orderId);
    if (order === undefined) throw new EmulatorRuleError(404, 32100, `Invalid order ID: ${orderId}`);
    return order;
  }

  cancelOrder(orderId: string): void {
    const order = this.order(orderId);
    if (order.cancelled?.completedMs != null) return;
    if (order.fulfillment === 'FULFILLED') throw new EmulatorRuleError(409, 0, 'A shipped order cannot be cancelled');
    const now = this.options.now();
    order.cancelled = { requestedMs: order.cancelled?.requestedMs ?? now, completedMs: now };
    order.modifiedMs = now;
    for (const line of order.lines) this.adjustStock(line.sku, line.quantity);
  }

  /** The buyer asks to cancel; the order stands until the seller accepts (`cancelOrder`). */
  requestCancel(orderId: string): void {
    const order = this.order(orderId);
    if (order.cancelled !== null) return;
    if (order.fulfillment === 'FULFILLED') throw new EmulatorRuleError(409, 0, 'A shipped order cannot be cancelled');
    const now = this.options.now();
    order.cancelled = { requestedMs: now, completedMs: null };
    order.modifiedMs = now;
  }

  shipOrder(orderId: string): void {
    const order = this.order(orderId);
    if (order.cancelled?.completedMs != null) throw new EmulatorRuleError(409, 0, 'A cancelled order cannot be shipped');
    order.fulfillment = 'FULFILLED';
    order.modifiedMs = this.options.now();
  }

  refundOrder(orderId: string): void {
    const order = this.order(orderId);
    if (order.refund !== null) return;
    const now = this.options.now();
    order.refund = { refundId: `R${this.nextId()}`, atMs: now, amountCents: orderTotalCents(order) };
    order.modifiedMs = now;
  }

  view(order: EbayOrder): EmulatorOrderView {
    const status = order.cancelled?.completedMs != null ? 'cancelled' : order.refund !== null ? 'refunded' : order.fulfillment === 'FULFILLED' ? 'shipped' : 'open';
    return { remoteOrderId: order.orderId, status, lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })) };
  }

  nextOfferId(): string {
    return String(5_000_000_000 + this.nextId());
  }

  nextListingId(): string {
    return `11${String(this.nextId()).padStart(10, '0')}`;
  }
}

export function orderLinesCents(order: EbayOrder): number {
  return order.lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
}

export function orderTotalCents(order: EbayOrder): number {
  return orderLinesCents(order) + order.shippingCents;
}

/** eBay's amounts are decimal strings with their currency ("12.50"). */
export function amount(cents: number, currency: string): { value: string; currency: string } {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return { value: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`, currency };
}
