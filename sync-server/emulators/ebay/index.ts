/**
 * @module
 * An emulated eBay seller account (Sell APIs: OAuth refresh, Inventory, Fulfillment orders) on
 * 127.0.0.1, for tests, benchmarks and trying Cassa without an eBay account. Besides eBay's own
 * paths it serves the shared control surface under `/__emulator/`.
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { ChannelEmulatorControl, EmulatorOptions, RunningEmulator } from '../emulator-control';
import { ApiFaults } from './ebay-api-faults';
import { EbayAuth, FULFILLMENT_SCOPE, INVENTORY_SCOPE } from './ebay-auth';
import { fulfillmentRoutes } from './ebay-fulfillment-routes';
import { inventoryRoutes } from './ebay-inventory-routes';
import { EbayModel, EmulatorRuleError } from './ebay-model';

export interface EbayEmulatorOptions extends EmulatorOptions {
  /** An access token's life; eBay's is 7200 s (reference §3 [V]). */
  readonly tokenLifetimeSeconds?: number;
  /** Revisions a live listing may take a day; eBay's is 250 [V]. */
  readonly revisionsPerDay?: number;
  /** Refuse a quantity of 0 on a single-SKU listing with 25004 (default true) [U]. */
  readonly rejectZeroQuantity?: boolean;
  /** The shipping every emulated order charges, in cents (default 0). */
  readonly shippingCents?: number;
  /** Requests per second the API serves before answering 429 with Retry-After (default: no cap) [U]. */
  readonly ratePerSecond?: number;
  /** Buyers order one unit of a random SKU on sale this often (for trying Cassa); default: never. */
  readonly autoOrderEveryMs?: number;
}

export interface EbayEmulatorControl extends ChannelEmulatorControl {
  /** Every access token handed out so far expires now. */
  expireTokens(): void;
  /** The seller revokes the application: the refresh token stops working. */
  revokeGrant(): void;
  /** The scopes the seller granted (default: inventory and fulfillment). */
  grantScopes(scopes: readonly string[]): void;
  deleteItem(sku: string): void;
  /** The buyer asks to cancel (cancelState IN_PROGRESS); `cancelOrder` is the seller accepting. */
  requestCancel(remoteOrderId: string): void;
  /** An offer's state, for checks of withdraw and publish. */
  offerStatus(sku: string): 'PUBLISHED' | 'UNPUBLISHED' | null;
  groupSkus(key: string): readonly string[] | null;
}

export interface RunningEbayEmulator extends RunningEmulator {
  readonly control: EbayEmulatorControl;
}

export { FULFILLMENT_SCOPE, INVENTORY_SCOPE };

const itemSchema = z.object({
  sku: z.string().min(1).max(50),
  barcode: z.string().max(64).optional(),
  title: z.string().max(300),
  quantity: z.number().int().min(0).max(1_000_000),
  priceCents: z.number().int().min(0).max(1_000_000_000),
  group: z.string().min(1).max(50).optional(),
  options: z.record(z.string(), z.string()).optional(),
});
const orderSchema = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive().max(10_000), unitPriceCents: z.number().int().min(0).optional() })).min(1),
  buyerName: z.string().max(200).optional(),
});
const faultSchema = z.object({
  kind: z.enum(['status', 'rate-limit', 'timeout', 'drop']),
  count: z.number().int().positive().max(10_000),
  status: z.number().int().min(500).max(599).optional(),
  retryAfterSeconds: z.number().min(0).max(3600).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  pathIncludes: z.string().optional(),
});

function scopeFor(path: string): string | null {
  if (path.startsWith('/sell/inventory/')) return INVENTORY_SCOPE;
  if (path.startsWith('/sell/fulfillment/')) return FULFILLMENT_SCOPE;
  return null;
}

function buildControl(model: EbayModel, auth: EbayAuth, faults: ApiFaults): EbayEmulatorControl {
  return {
    seedItems: (items) => {
      for (const item of items) model.seed(itemSchema.parse(item));
    },
    quantityOf: (sku) => model.listedQuantity(sku),
    placeOrder: (order) => ({ remoteOrderId: model.placeOrder(order.lines, order.buyerName ?? 'Mario Rossi').orderId }),
    cancelOrder: (id) => model.cancelOrder(id),
    shipOrder: (id) => model.shipOrder(id),
    refundOrder: (id) => model.refundOrder(id),
    orders: () => model.orders.map((order) => model.view(order)),
    injectFault: (fault) => faults.inject(faultSchema.parse(fault)),
    clearFaults: () => faults.clear(),
    requestCount: (filter) => faults.count(filter),
    expireTokens: () => auth.expireAll(),
    revokeGrant: () => auth.revoke(),
    grantScopes: (scopes) => {
      auth.settings.grantedScopes = [...scopes];
    },
    deleteItem: (sku) => {
      model.deleteItem(sku);
    },
    requestCancel: (id) => model.requestCancel(id),
    offerStatus: (sku) => model.offersOf(sku)[0]?.status ?? null,
    groupSkus: (key) => model.groups.get(key)?.variantSkus ?? null,
  };
}

function controlRoutes(app: Hono, control: EbayEmulatorControl): void {
  const run = async (c: Context, action: () => unknown) => {
    try {
      const result = await action();
      return c.json((result ?? { ok: true }) as object);
    } catch (error) {
      if (error instanceof EmulatorRuleError) return c.json({ error: error.message }, error.status as 400);
      if (error instanceof z.ZodError) return c.json({ error: error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }, 400);
      throw error;
    }
  };
  app.post('/__emulator/items', (c) => run(c, async () => control.seedItems(z.array(itemSchema).parse(await c.req.json()))));
  app.get('/__emulator/items/:sku', (c) => run(c, () => ({ sku: c.req.param('sku'), quantity: control.quantityOf(c.req.param('sku')), offerStatus: control.offerStatus(c.req.param('sku')) })));
  app.post('/__emulator/orders', (c) => run(c, async () => control.placeOrder(orderSchema.parse(await c.req.json()))));
  app.get('/__emulator/orders', (c) => run(c, () => ({ orders: control.orders() })));
  app.post('/__emulator/orders/:id/cancel', (c) => run(c, () => control.cancelOrder(c.req.param('id'))));
  app.post('/__emulator/orders/:id/cancel-request', (c) => run(c, () => control.requestCancel(c.req.param('id'))));
  app.post('/__emulator/orders/:id/ship', (c) => run(c, () => control.shipOrder(c.req.param('id'))));
  app.post('/__emulator/orders/:id/refund', (c) => run(c, () => control.refundOrder(c.req.param('id'))));
  app.post('/__emulator/faults', (c) => run(c, async () => control.injectFault(faultSchema.parse(await c.req.json()))));
  app.delete('/__emulator/faults', (c) => run(c, () => control.clearFaults()));
  app.get('/__emulator/requests', (c) => run(c, () => ({ count: control.requestCount({ ...(c.req.query('method') === undefined ? {} : { method: c.req.query('method') as string }), ...(c.req.query('pathIncludes') === undefined ? {} : { pathIncludes: c.req.query('pathIncludes') as string }) }) })));
  app.post('/__emulator/tokens/expire', (c) => run(c, () => control.expireTokens()));
  app.post('/__emulator/grant/revoke', (c) => run(c, () => control.revokeGrant()));
}

export async function startEbayEmulator(options: EbayEmulatorOptions = {}): Promise<RunningEbayEmulator> {
  const now = options.now ?? Date.now;
  const model = new EbayModel({
    now,
    revisionsPerDay: options.revisionsPerDay ?? 250,
    rejectZeroQuantity: options.rejectZeroQuantity ?? true,
    shippingCents: options.shippingCents ?? 0,
    currency: 'EUR',
  });
  const credentials = { kind: 'ebay', clientId: 'Cassa-Emulated-PRD-0a1b2c3d4', clientSecret: 'PRD-emulated-secret-5e6f7a8b', refreshToken: 'v^1.1#i^1#r^1#emulated-refresh-token', marketplaceId: 'EBAY_IT', merchantLocationKey: 'negozio-principale' };
  const auth = new EbayAuth(
    { clientId: credentials.clientId, clientSecret: credentials.clientSecret, refreshToken: credentials.refreshToken, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 7200, grantedScopes: [INVENTORY_SCOPE, FULFILLMENT_SCOPE] },
    now,
  );
  const faults = new ApiFaults(options.ratePerSecond ?? null, now);
  const app = new Hono();
  // The remote's own clock in its Date header (Node would otherwise send the machine's), so a test clock is the remote's clock.
  app.use('*', async (c, next) => {
    await next();
    c.header('Date', new Date(now()).toUTCString());
  });
  app.use('*', faults.middleware());
  auth.routes(app);
  app.use('/sell/*', auth.bearer(scopeFor));
  inventoryRoutes(app, model, credentials.merchantLocationKey);
  fulfillmentRoutes(app, model);
  const control = buildControl(model, auth, faults);
  controlRoutes(app, control);
  app.notFound((c) => c.json({ errors: [{ errorId: 2002, domain: 'ACCESS', category: 'REQUEST', message: 'Resource not found' }] }, 404));

  const server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const buyers = ['Mario Rossi', 'Giulia Bianchi', 'Luca Esposito', 'Sofia Romano', 'Marco Colombo'];
  const autoOrders =
    options.autoOrderEveryMs === undefined
      ? null
      : setInterval(() => {
          const onSale = [...model.items.keys()].filter((sku) => (model.listedQuantity(sku) ?? 0) > 0);
          const sku = onSale[Math.floor(Math.random() * onSale.length)];
          if (sku !== undefined) model.placeOrder([{ sku, quantity: 1 }], buyers[model.orders.length % buyers.length] ?? 'Mario Rossi');
        }, Math.max(10, options.autoOrderEveryMs)).unref();
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    control,
    credentials: { ...credentials, apiBaseUrl: url },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (autoOrders !== null) clearInterval(autoOrders);
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
