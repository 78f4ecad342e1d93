/**
 * @module
 * What every channel emulator offers besides the remote's own API, so tests, benchmarks and
 * `npm run channel-emulators` drive all three alike: seed items, read what buyers see, place,
 * cancel and ship orders as a buyer or the marketplace would, and inject faults. The same
 * operations are served over HTTP under `/__emulator/` (JSON), for a person trying Cassa.
 */

/** One sellable item as a seller would have listed it on the channel before linking Cassa. */
export interface EmulatorItem {
  /** The seller SKU (PrestaShop reference). */
  readonly sku: string;
  readonly barcode?: string;
  readonly title: string;
  readonly quantity: number;
  readonly priceCents: number;
  /**
   * Groups items that are variants of one product (PrestaShop combinations of one product, an
   * eBay inventory item group, an Amazon parent ASIN); absent: a product on its own.
   */
  readonly group?: string;
  /** The variant's options, e.g. { Taglia: 'M', Colore: 'Blu' }. */
  readonly options?: Readonly<Record<string, string>>;
}

export interface EmulatorOrderLine {
  readonly sku: string;
  readonly quantity: number;
  /** Per unit, VAT included; default: the item's price. */
  readonly unitPriceCents?: number;
}

/**
 * `status`: a 5xx (500 unless given); `rate-limit`: a 429 with Retry-After (seconds, default 1);
 * `timeout`: the answer is held `delayMs` (default 30 s) then sent; `drop`: the connection is
 * destroyed without an answer. Faults apply to the next `count` requests of the remote's API
 * (never to `/__emulator/`), optionally only those whose path contains `pathIncludes`.
 */
export interface EmulatorFault {
  readonly kind: 'status' | 'rate-limit' | 'timeout' | 'drop';
  readonly count: number;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly delayMs?: number;
  readonly pathIncludes?: string;
}

export interface EmulatorOrderView {
  readonly remoteOrderId: string;
  readonly status: 'open' | 'shipped' | 'cancelled' | 'refunded';
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
}

export interface ChannelEmulatorControl {
  seedItems(items: readonly EmulatorItem[]): void;
  /** What buyers see now (after the remote applied any queued update); null for an unknown SKU. */
  quantityOf(sku: string): number | null;
  /** A buyer's order: lowers the remote quantity as the real channel would, and appears to order polls. */
  placeOrder(order: { readonly lines: readonly EmulatorOrderLine[]; readonly buyerName?: string }): { readonly remoteOrderId: string };
  cancelOrder(remoteOrderId: string): void;
  shipOrder(remoteOrderId: string): void;
  refundOrder(remoteOrderId: string): void;
  orders(): readonly EmulatorOrderView[];
  injectFault(fault: EmulatorFault): void;
  clearFaults(): void;
  /** Requests the remote's API has served (not `/__emulator/`), for caps and coalescing checks. */
  requestCount(filter?: { readonly method?: string; readonly pathIncludes?: string }): number;
}

export interface EmulatorOptions {
  /** 0 or absent: any free port on 127.0.0.1. */
  readonly port?: number;
  /** The emulator's clock (token expiry, order dates, daily caps); default Date.now. */
  readonly now?: () => number;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly control: ChannelEmulatorControl;
  /** Credentials that sign in to this emulator (the kind's fields, in the shapes Cassa's connect form takes). */
  readonly credentials: Readonly<Record<string, string | number>>;
  close(): Promise<void>;
}
