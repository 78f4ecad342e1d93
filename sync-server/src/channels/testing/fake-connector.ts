/**
 * @module
 * An in-memory channel and a connector that speaks to it, for the framework's tests (issue 18):
 * a real implementation of `ChannelConnector` over a remote held in memory, not a stub. The
 * remote pages its listings, keeps quantities per item, refuses chosen items, loses and recreates
 * ids (a PrestaShop combination saved again), answers 429 with Retry-After, 5xx or 401 on demand,
 * and counts every call, including how many writes to one item were ever in flight at once (two
 * workers sending one job at the same time would show here).
 */
import { parseRetryAfter } from '@cassa/shared';
import type { ChannelKind, ChannelOrder } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { ChannelConnector, ConnectorContext, ListingPage, PublishRequest, PublishResult, QuantityOutcome, QuantityUpdate, RemoteListing } from '../connector';

export interface FakeItem {
  remoteProductId: string;
  remoteVariantId: string;
  sku: string | null;
  barcode: string | null;
  quantity: number;
  title: string;
}

export type FakeOperation = 'test' | 'list' | 'set' | 'orders' | 'publish';

export type FakeFault =
  | { readonly kind: 'rate-limit'; readonly retryAfter: string | null }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'auth' }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'dropped' }
  /** The call times out for the caller, but the remote applies its writes later (`landLateWrites`). */
  | { readonly kind: 'lands-late' };

export interface FakeCall {
  readonly operation: FakeOperation;
  /** The SKUs a quantity write carried. */
  readonly skus: readonly string[];
}

const itemKey = (productId: string, variantId: string): string => `${productId}\u0000${variantId}`;

export class FakeRemote {
  readonly items = new Map<string, FakeItem>();
  readonly orders: ChannelOrder[] = [];
  readonly calls: FakeCall[] = [];
  /** Remote variant ids whose writes the remote refuses (a validation error for that item only). */
  readonly refusedItems = new Set<string>();
  /** The most writes to one item that were ever in flight together. */
  maxConcurrentWritesPerItem = 0;
  /** How long a quantity write takes (lets two workers overlap). */
  writeDelayMs = 0;
  /** How long a listing page takes (a slow channel's reconciliation). */
  listDelayMs = 0;
  pageSize = 50;
  private readonly faults: { operation: FakeOperation; fault: FakeFault; times: number }[] = [];
  private readonly inFlight = new Map<string, number>();
  /** Writes of calls that timed out for the caller and that the remote has not applied yet. */
  private readonly lateWrites: QuantityUpdate[] = [];
  private nextId = 1000;

  constructor(readonly kind: ChannelKind = 'prestashop') {}

  seed(items: readonly Omit<FakeItem, 'title'>[]): void {
    for (const item of items) this.items.set(itemKey(item.remoteProductId, item.remoteVariantId), { ...item, title: `Item ${item.sku ?? item.remoteVariantId}` });
  }

  /** The next `times` calls of `operation` fail with `fault`. */
  injectFault(operation: FakeOperation, fault: FakeFault, times = 1): void {
    this.faults.push({ operation, fault, times });
  }

  quantityOfSku(sku: string): number | null {
    for (const item of this.items.values()) if (item.sku === sku) return item.quantity;
    return null;
  }

  /** The item is saved again under a new remote variant id (the old id answers not-found). Answers the new id. */
  recreate(remoteVariantId: string): string {
    for (const [key, item] of this.items) {
      if (item.remoteVariantId !== remoteVariantId) continue;
      this.items.delete(key);
      const fresh = { ...item, remoteVariantId: String(this.nextId++) };
      this.items.set(itemKey(fresh.remoteProductId, fresh.remoteVariantId), fresh);
      return fresh.remoteVariantId;
    }
    throw new Error(`no item ${remoteVariantId}`);
  }

  writes(): FakeCall[] {
    return this.calls.filter((c) => c.operation === 'set');
  }

  /** Throws the first fault waiting for this operation, as the remote's HTTP answer would be classified. */
  failIfFaulted(operation: FakeOperation, now: Date): void {
    const waiting = this.faults.find((f) => f.operation === operation && f.times > 0);
    if (!waiting) return;
    waiting.times--;
    const { fault } = waiting;
    switch (fault.kind) {
      case 'rate-limit':
        throw new ChannelCallError('retry', 'rate-limited', 'HTTP 429 Too Many Requests', { status: 429, retryAfterMs: parseRetryAfter(fault.retryAfter, now) });
      case 'server-error':
        throw new ChannelCallError('retry', 'remote-error', `HTTP ${fault.status}`, { status: fault.status });
      case 'auth':
        throw new ChannelCallError('auth', 'auth-refused', 'HTTP 401 Unauthorized', { status: 401 });
      case 'refused':
        throw new ChannelCallError('refused', 'refused-by-remote', fault.detail, { status: 400 });
      case 'dropped':
        throw new ChannelCallError('retry', 'unreachable', 'socket hang up');
      case 'lands-late':
        throw new ChannelCallError('retry', 'unreachable', 'The channel did not answer within 5 s');
    }
  }

  /** Whether the next call of `operation` will time out and land later; if so, keeps `updates` for later. */
  holdIfLate(operation: FakeOperation, updates: readonly QuantityUpdate[]): void {
    const waiting = this.faults.find((f) => f.operation === operation && f.times > 0);
    if (waiting?.fault.kind === 'lands-late') this.lateWrites.push(...updates);
  }

  /** The remote finally applies the writes of calls that timed out (after any newer ones). */
  async landLateWrites(): Promise<void> {
    for (const update of this.lateWrites.splice(0)) await this.write(update);
  }

  async write(update: QuantityUpdate): Promise<QuantityOutcome> {
    const { mapping } = update;
    const key = itemKey(mapping.remoteProductId, mapping.remoteVariantId);
    const flying = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, flying);
    this.maxConcurrentWritesPerItem = Math.max(this.maxConcurrentWritesPerItem, flying);
    try {
      if (this.writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
      const item = this.items.get(key);
      if (!item) return { variantId: mapping.variantId, result: 'not-found' };
      if (this.refusedItems.has(mapping.remoteVariantId)) {
        return { variantId: mapping.variantId, result: 'refused', problem: 'refused-by-remote', detail: `quantity of ${item.sku ?? key} refused: item is archived` };
      }
      item.quantity = update.quantity;
      return { variantId: mapping.variantId, result: 'applied' };
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  listing(item: FakeItem): RemoteListing {
    return {
      remoteProductId: item.remoteProductId,
      remoteVariantId: item.remoteVariantId,
      sku: item.sku,
      barcode: item.barcode,
      quantity: item.quantity,
      remoteStockId: null,
      remoteOfferId: null,
      title: item.title,
    };
  }

  connector(context: ConnectorContext): ChannelConnector {
    return createFakeConnector(this, context);
  }
}

export function createFakeConnector(remote: FakeRemote, context: ConnectorContext): ChannelConnector {
  const call = async (operation: FakeOperation, skus: readonly string[] = []): Promise<void> => {
    await context.take(operation === 'orders' ? 'getOrders' : operation === 'set' ? 'listings' : 'default');
    remote.calls.push({ operation, skus });
    remote.failIfFaulted(operation, context.now());
  };
  const connector: ChannelConnector = {
    kind: remote.kind,
    async testConnection() {
      try {
        await call('test');
        return { ok: true, problem: null, detail: '', summary: `Fake ${remote.kind}, ${remote.items.size} items` };
      } catch (error) {
        if (error instanceof ChannelCallError) return { ok: false, problem: error.problem, detail: error.detail, summary: '' };
        throw error;
      }
    },
    async listListings(page): Promise<ListingPage> {
      await call('list');
      if (remote.listDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, remote.listDelayMs));
      const all = [...remote.items.values()].sort((a, b) => itemKey(a.remoteProductId, a.remoteVariantId).localeCompare(itemKey(b.remoteProductId, b.remoteVariantId)));
      const start = page === null ? 0 : Number(page);
      const listings = all.slice(start, start + remote.pageSize).map((item) => remote.listing(item));
      const next = start + remote.pageSize < all.length ? String(start + remote.pageSize) : null;
      return { listings, next };
    },
    async setQuantities(updates) {
      remote.holdIfLate('set', updates);
      await call(
        'set',
        updates.map((u) => u.mapping.sku),
      );
      return Promise.all(updates.map((u) => remote.write(u)));
    },
    async fetchOrders(cursor) {
      await call('orders');
      const start = cursor === null ? 0 : Number(cursor);
      const orders = remote.orders.slice(start, start + 10);
      const end = start + orders.length;
      return { orders, cursor: String(end), more: end < remote.orders.length };
    },
  };
  if (remote.kind !== 'prestashop') return connector;
  return {
    ...connector,
    async publish(request: PublishRequest): Promise<PublishResult> {
      await call('publish');
      const remoteProductId = `p${request.product.id}`;
      const listings = request.product.variants.map((variant, index) => {
        const item: FakeItem = {
          remoteProductId,
          remoteVariantId: String(index + 1),
          sku: variant.sku,
          barcode: variant.barcodes[0] ?? null,
          quantity: request.quantities[variant.id] ?? 0,
          title: request.product.name,
        };
        remote.items.set(itemKey(item.remoteProductId, item.remoteVariantId), item);
        return remote.listing(item);
      });
      return { remoteProductId, listings };
    },
  };
}
