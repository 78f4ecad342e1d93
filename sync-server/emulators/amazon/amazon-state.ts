/**
 * @module
 * What the emulated seller account holds: listings with their MFN quantity, the patches Amazon
 * has accepted but not applied yet, orders, and the LWA tokens it issued. Time comes from the
 * emulator's clock only, so a test with a fake clock decides when a token expires or a queued
 * patch lands; nothing here runs on a timer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorItem, EmulatorOrderLine, EmulatorOrderView } from '../emulator-control';

export interface ListingIssue {
  readonly code: string;
  readonly message: string;
  readonly severity: 'ERROR' | 'WARNING' | 'INFO';
  readonly attributeNames: readonly string[];
}

interface QueuedPatch {
  readonly submissionId: string;
  readonly quantity: number;
  readonly applyAt: number;
  /** Set by `rejectQueuedPatches`: when due, the patch is dropped and this issue recorded instead. */
  invalid: ListingIssue | null;
}

export interface ListingState {
  readonly sku: string;
  readonly asin: string;
  readonly barcode: string | null;
  readonly title: string;
  readonly priceCents: number;
  readonly productType: string;
  /** The variation parent's SKU (the item's group), null for a listing on its own. */
  readonly parentSku: string | null;
  quantity: number;
  readonly createdAt: number;
  updatedAt: number;
  issues: ListingIssue[];
  readonly queue: QueuedPatch[];
}

export type AmazonOrderStatus = 'Pending' | 'Unshipped' | 'Shipped' | 'Canceled';

export interface OrderLineState {
  readonly orderItemId: string;
  readonly sku: string;
  readonly asin: string;
  readonly title: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface OrderState {
  readonly orderId: string;
  readonly createdAt: number;
  updatedAt: number;
  status: AmazonOrderStatus;
  /** Refunds are money, not an order status: the Orders API keeps showing Shipped. */
  refunded: boolean;
  readonly lines: readonly OrderLineState[];
  readonly buyerName: string;
  readonly shippingCents: number;
}

export interface AmazonStateOptions {
  readonly now: () => number;
  /** How long an access token lives (LWA: 3600 s). */
  readonly tokenLifetimeSeconds: number;
  /** How long an ACCEPTED patch waits before buyers see it. */
  readonly patchApplyDelayMs: number;
}

export class AmazonAccountState {
  readonly listings = new Map<string, ListingState>();
  readonly orders = new Map<string, OrderState>();
  private readonly tokens = new Map<string, number>();
  refreshTokenRevoked = false;
  private orderCounter = 0;
  private itemCounter = 0;

  constructor(private readonly options: AmazonStateOptions) {}

  now(): number {
    return this.options.now();
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = `Atza|${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, this.now() + this.options.tokenLifetimeSeconds * 1000);
    return { token, expiresIn: this.options.tokenLifetimeSeconds };
  }

  tokenState(token: string | null): 'valid' | 'expired' | 'unknown' {
    if (token === null) return 'unknown';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return expiresAt > this.now() ? 'valid' : 'expired';
  }

  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  seed(items: readonly EmulatorItem[]): void {
    const now = this.now();
    for (const [index, item] of items.entries()) {
      // Seeding a SKU again updates the listing; its ASIN stays (Amazon's catalogue id).
      const existing = this.listings.get(item.sku);
      this.listings.set(item.sku, {
        sku: item.sku,
        asin: existing?.asin ?? this.nextAsin(),
        barcode: item.barcode ?? null,
        title: item.title,
        priceCents: item.priceCents,
        productType: 'PRODUCT',
        parentSku: item.group ?? existing?.parentSku ?? null,
        quantity: Math.max(0, Math.floor(item.quantity)),
        // [U] A seller's catalogue was listed over time: seeded items were created a second apart, up to now.
        createdAt: existing?.createdAt ?? now - (items.length - 1 - index) * 1000,
        updatedAt: now,
        issues: existing?.issues ?? [],
        queue: existing?.queue ?? [],
      });
    }
  }

  /** Lands every queued patch whose time has come (call before any read). */
  applyDuePatches(): void {
    const now = this.now();
    for (const listing of this.listings.values()) {
      while (listing.queue.length > 0 && (listing.queue[0] as QueuedPatch).applyAt <= now) {
        const patch = listing.queue.shift() as QueuedPatch;
        listing.updatedAt = Math.max(listing.updatedAt, patch.applyAt);
        if (patch.invalid !== null) listing.issues = [...listing.issues, patch.invalid];
        else listing.quantity = patch.quantity;
      }
    }
  }

  queuePatch(listing: ListingState, quantity: number): string {
    const submissionId = randomUUID();
    listing.queue.push({ submissionId, quantity, applyAt: this.now() + this.options.patchApplyDelayMs, invalid: null });
    return submissionId;
  }

  /**
   * Amazon answered ACCEPTED, then its processing found a problem: the queued patches of `sku`
   * do not land and the listing carries the issue instead (reference §2: "ACCEPTED means queued,
   * not applied: re-read the issues later").
   */
  rejectQueuedPatches(sku: string, message: string): number {
    const listing = this.listings.get(sku);
    if (listing === undefined) return 0;
    for (const patch of listing.queue) {
      patch.invalid = { code: '90000900', message, severity: 'ERROR', attributeNames: ['fulfillment_availability'] };
    }
    return listing.queue.length;
  }

  placeOrder(lines: readonly EmulatorOrderLine[], buyerName: string): OrderState {
    this.applyDuePatches();
    const now = this.now();
    this.orderCounter += 1;
    const orderId = `405-${String(1_000_000 + this.orderCounter).slice(-7)}-${String(Math.floor(now / 1000) % 10_000_000).padStart(7, '0')}`;
    const orderLines = lines.map((line, index): OrderLineState => {
      const listing = this.listings.get(line.sku);
      if (listing === undefined) throw new Error(`unknown SKU ${line.sku}`);
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new Error(`quantity must be a positive whole number (${line.sku})`);
      return {
        orderItemId: `${String(now).slice(-8)}${String(this.orderCounter).padStart(4, '0')}${index}`,
        sku: listing.sku,
        asin: listing.asin,
        title: listing.title,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents ?? listing.priceCents,
      };
    });
    // A buyer's purchase lowers what the listing offers at once, as Amazon does for MFN stock.
    for (const line of orderLines) {
      const listing = this.listings.get(line.sku) as ListingState;
      listing.quantity = Math.max(0, listing.quantity - line.quantity);
      listing.updatedAt = now;
    }
    const order: OrderState = { orderId, createdAt: now, updatedAt: now, status: 'Unshipped', refunded: false, lines: orderLines, buyerName, shippingCents: 0 };
    this.orders.set(orderId, order);
    return order;
  }

  orderOrThrow(orderId: string): OrderState {
    const order = this.orders.get(orderId);
    if (order === undefined) throw new Error(`unknown order ${orderId}`);
    return order;
  }

  cancelOrder(orderId: string): void {
    const order = this.orderOrThrow(orderId);
    if (order.status === 'Canceled') return;
    if (order.status === 'Shipped') throw new Error(`order ${orderId} has shipped: it can be refunded, not cancelled`);
    order.status = 'Canceled';
    order.updatedAt = this.now();
    // [U] The units of a cancelled MFN order become sellable again.
    for (const line of order.lines) {
      const listing = this.listings.get(line.sku);
      if (listing !== undefined) listing.quantity += line.quantity;
    }
  }

  shipOrder(orderId: string): void {
    const order = this.orderOrThrow(orderId);
    if (order.status === 'Canceled') throw new Error(`order ${orderId} was cancelled`);
    if (order.status === 'Shipped') return;
    order.status = 'Shipped';
    order.updatedAt = this.now();
  }

  /**
   * A refund changes money, not the order: the Orders API has no refunded status (the models'
   * FulfillmentStatus / OrderStatus enums), so the order keeps its status and its update time.
   */
  refundOrder(orderId: string): void {
    const order = this.orderOrThrow(orderId);
    if (order.status !== 'Shipped') throw new Error(`order ${orderId} has not shipped: cancel it instead`);
    order.refunded = true;
  }

  orderViews(): EmulatorOrderView[] {
    return [...this.orders.values()].map((order) => ({
      remoteOrderId: order.orderId,
      status: order.refunded ? 'refunded' : order.status === 'Canceled' ? 'cancelled' : order.status === 'Shipped' ? 'shipped' : 'open',
      lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    }));
  }

  private nextAsin(): string {
    this.itemCounter += 1;
    return `B0${String(this.itemCounter).padStart(8, '0')}`;
  }
}
