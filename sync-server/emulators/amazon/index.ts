/**
 * @module
 * An emulated Amazon Selling Partner API seller account (issue 18), written from the published
 * models (amzn/selling-partner-api-models 34dc93f) and `../shared/reference/channels-erp.md` §2,
 * never from Cassa's connector. It serves Login with Amazon's token endpoint, Listings Items
 * 2021-08-01 (search, get, patch of the MFN quantity), Orders 2026-01-01 `searchOrders` and the
 * deprecated v0 `getOrders` / `getOrderItems`, with per-operation usage plans, expiring tokens,
 * queued patches that land later (or turn INVALID), and the `/__emulator/` control surface.
 *
 * @example
 * const amazon = await startAmazonEmulator({ patchApplyDelayMs: 50 });
 * amazon.control.seedItems([{ sku: 'MAGLIA-M', title: 'Maglia M', quantity: 4, priceCents: 2500 }]);
 * // connect with amazon.credentials; buyers see the patched quantity after ~50 ms
 * await amazon.close();
 */
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context, type Next } from 'hono';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ChannelEmulatorControl, EmulatorFault, EmulatorOptions, RunningEmulator } from '../emulator-control';
import { AmazonAccountState } from './amazon-state';
import { amazonSandboxPlan, amazonUsagePlans, UsagePlanBuckets, type AmazonOperation, type UsagePlan } from './amazon-rate-limits';
import { mountListingsApi, mountTokenEndpoint } from './amazon-listings-api';
import { mountOrdersApi } from './amazon-orders-api';

export interface AmazonEmulatorOptions extends EmulatorOptions {
  /** Access-token lifetime in seconds (LWA: 3600); a test can make it short to expire one mid-run. */
  readonly tokenLifetimeSeconds?: number;
  /** How long an ACCEPTED listings patch waits before buyers see it (default 1000 ms). */
  readonly patchApplyDelayMs?: number;
  /**
   * Usage plans: `production` (the models' per-operation rates, default), `sandbox` (5 rps,
   * burst 15 for everything), `off` (benchmarks that measure Cassa, not Amazon's quotas), or
   * your own plans per operation.
   */
  readonly usagePlans?: 'production' | 'sandbox' | 'off' | Partial<Record<AmazonOperation, UsagePlan>>;
  readonly sellerId?: string;
  readonly marketplaceId?: string;
}

/** Amazon's extras beyond every emulator's control surface. */
export interface AmazonEmulatorControl extends ChannelEmulatorControl {
  /** Every access token issued so far expires now (the next call answers 403 until refreshed). */
  expireAccessTokens(): void;
  /** The refresh token stops working (the seller revoked the app's authorisation). */
  revokeRefreshToken(): void;
  /** Grants or withdraws the roles the app was authorised for. */
  setRoles(roles: Partial<{ listings: boolean; orders: boolean }>): void;
  /** Patches already ACCEPTED for `sku` turn INVALID when due: the quantity stays and the listing gets an issue. */
  rejectQueuedPatches(sku: string, message?: string): number;
  /** The listing's issues (what a seller sees in Seller Central). */
  issuesOf(sku: string): readonly { readonly code: string; readonly message: string }[];
}

export interface RunningAmazonEmulator extends RunningEmulator {
  readonly control: AmazonEmulatorControl;
}

const SELLER_ID = 'A2EMULATEDSELLER';
const ITALY = 'APJ6JRA9NG5V4';

export async function startAmazonEmulator(options: AmazonEmulatorOptions = {}): Promise<RunningAmazonEmulator> {
  const now = options.now ?? Date.now;
  const state = new AmazonAccountState({ now, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, patchApplyDelayMs: options.patchApplyDelayMs ?? 1000 });
  const plans = options.usagePlans ?? 'production';
  const buckets = new UsagePlanBuckets((operation) => {
    if (plans === 'off') return null;
    if (plans === 'sandbox') return amazonSandboxPlan;
    if (plans === 'production') return amazonUsagePlans[operation];
    return plans[operation] ?? amazonUsagePlans[operation];
  }, now);
  const secrets = { clientId: 'amzn1.application-oa2-client.emulated', clientSecret: 'amzn1.oa2-cs.v1.emulated-secret', refreshToken: 'Atzr|emulated-refresh-token' };
  const sellerId = options.sellerId ?? SELLER_ID;
  const marketplaceId = options.marketplaceId ?? ITALY;
  const roles = { listings: true, orders: true };
  const gateOptions = { state, buckets, sellerId, roles, marketplaceId };

  const faults: { fault: EmulatorFault; left: number }[] = [];
  const requests: { method: string; path: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const app = new Hono<{ Bindings: HttpBindings }>();
  const control = createControl(state, roles, faults, requests);
  mountControlRoutes(app, control);

  /** The fault's answer, or null once the request went through to the API (`next` awaited). */
  const applyFault = async (c: Context<{ Bindings: HttpBindings }>, path: string, next: Next): Promise<Response | null> => {
    const slot = faults.find((entry) => entry.left > 0 && (entry.fault.pathIncludes === undefined || path.includes(entry.fault.pathIncludes)));
    if (slot === undefined) {
      await next();
      return null;
    }
    slot.left -= 1;
    const fault = slot.fault;
    if (fault.kind === 'drop') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    if (fault.kind === 'timeout') {
      await sleep(fault.delayMs ?? 30_000);
      await next();
      return null;
    }
    if (fault.kind === 'rate-limit') {
      return c.json({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] }, 429, {
        'Retry-After': String(fault.retryAfterSeconds ?? 1),
      });
    }
    const status = fault.status ?? 500;
    return new Response(JSON.stringify({ errors: [{ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.', details: '' }] }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };

  // Faults and the request count apply to the remote's API, never to /__emulator/. Every API
  // answer is dated by the emulator's clock (HTTP `Date`), as a real server's by its own.
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/__emulator/')) return next();
    requests.push({ method: c.req.method, path });
    const faulted = await applyFault(c, path, next);
    const date = new Date(now()).toUTCString();
    if (faulted !== null) {
      faulted.headers.set('Date', date);
      return faulted;
    }
    c.res.headers.set('Date', date);
    return undefined;
  });

  mountTokenEndpoint(app, { ...gateOptions, ...secrets });
  mountListingsApi(app, { ...gateOptions, ...secrets });
  mountOrdersApi(app, gateOptions);
  app.notFound((c) => c.json({ errors: [{ code: 'NotFound', message: 'Resource not found', details: new URL(c.req.url).pathname }] }, 404));
  app.onError((error, c) => c.json({ errors: [{ code: 'InternalFailure', message: error.message, details: '' }] }, 500));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    control,
    credentials: {
      endpoint: url,
      tokenUrl: `${url}/auth/o2/token`,
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
      refreshToken: secrets.refreshToken,
      sellerId,
      marketplaceId,
      productType: 'PRODUCT',
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function createControl(
  state: AmazonAccountState,
  roles: { listings: boolean; orders: boolean },
  faults: { fault: EmulatorFault; left: number }[],
  requests: readonly { method: string; path: string }[],
): AmazonEmulatorControl {
  return {
    seedItems: (items) => state.seed(items),
    quantityOf: (sku) => {
      state.applyDuePatches();
      return state.listings.get(sku)?.quantity ?? null;
    },
    placeOrder: (order) => ({ remoteOrderId: state.placeOrder(order.lines, order.buyerName ?? 'Cliente Amazon').orderId }),
    cancelOrder: (id) => state.cancelOrder(id),
    shipOrder: (id) => state.shipOrder(id),
    refundOrder: (id) => state.refundOrder(id),
    orders: () => state.orderViews(),
    injectFault: (fault) => {
      faults.push({ fault, left: fault.count });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    requestCount: (filter) =>
      requests.filter((request) => (filter?.method === undefined || request.method === filter.method.toUpperCase()) && (filter?.pathIncludes === undefined || request.path.includes(filter.pathIncludes)))
        .length,
    expireAccessTokens: () => state.expireTokens(),
    revokeRefreshToken: () => {
      state.refreshTokenRevoked = true;
    },
    setRoles: (next) => {
      if (next.listings !== undefined) roles.listings = next.listings;
      if (next.orders !== undefined) roles.orders = next.orders;
    },
    rejectQueuedPatches: (sku, message = 'The listing could not be updated: the quantity was rejected by the marketplace.') => state.rejectQueuedPatches(sku, message),
    issuesOf: (sku) => {
      state.applyDuePatches();
      return state.listings.get(sku)?.issues ?? [];
    },
  };
}

const itemSchema = z.object({
  sku: z.string().min(1),
  barcode: z.string().optional(),
  title: z.string(),
  quantity: z.number().int().min(0),
  priceCents: z.number().int().min(0),
  group: z.string().optional(),
  options: z.record(z.string(), z.string()).optional(),
});
const orderSchema = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), unitPriceCents: z.number().int().optional() })).min(1),
  buyerName: z.string().optional(),
});
const faultSchema = z.object({
  kind: z.enum(['status', 'rate-limit', 'timeout', 'drop']),
  count: z.number().int().positive(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  delayMs: z.number().int().min(0).optional(),
  pathIncludes: z.string().optional(),
});

/** The same operations over HTTP, as JSON, for a person trying Cassa (`npm run channel-emulators`). */
function mountControlRoutes(app: Hono<{ Bindings: HttpBindings }>, control: AmazonEmulatorControl): void {
  const attempt = (run: () => unknown) => {
    try {
      return { ok: true as const, value: run() };
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
    }
  };
  app.post('/__emulator/items', async (c) => {
    const body = z.array(itemSchema).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.message }, 400);
    control.seedItems(body.data);
    return c.json({ seeded: body.data.length });
  });
  app.get('/__emulator/items/:sku', (c) => {
    const quantity = control.quantityOf(c.req.param('sku'));
    if (quantity === null) return c.json({ error: 'unknown SKU' }, 404);
    return c.json({ sku: c.req.param('sku'), quantity, issues: control.issuesOf(c.req.param('sku')) });
  });
  app.post('/__emulator/items/:sku/reject-queued', (c) => c.json({ rejected: control.rejectQueuedPatches(c.req.param('sku')) }));
  app.get('/__emulator/orders', (c) => c.json(control.orders()));
  app.post('/__emulator/orders', async (c) => {
    const body = orderSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.message }, 400);
    const placed = attempt(() => control.placeOrder(body.data));
    return placed.ok ? c.json(placed.value, 201) : c.json({ error: placed.message }, 400);
  });
  for (const action of ['cancel', 'ship', 'refund'] as const) {
    app.post(`/__emulator/orders/:id/${action}`, (c) => {
      const id = c.req.param('id');
      const done = attempt(() => (action === 'cancel' ? control.cancelOrder(id) : action === 'ship' ? control.shipOrder(id) : control.refundOrder(id)));
      return done.ok ? c.json({ ok: true }) : c.json({ error: done.message }, 409);
    });
  }
  app.post('/__emulator/faults', async (c) => {
    const body = faultSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.message }, 400);
    control.injectFault(body.data);
    return c.json({ ok: true });
  });
  app.delete('/__emulator/faults', (c) => {
    control.clearFaults();
    return c.json({ ok: true });
  });
  app.get('/__emulator/requests', (c) => c.json({ count: control.requestCount({ method: c.req.query('method'), pathIncludes: c.req.query('pathIncludes') }) }));
  app.post('/__emulator/tokens/expire', (c) => {
    control.expireAccessTokens();
    return c.json({ ok: true });
  });
  app.post('/__emulator/roles', async (c) => {
    const body = z.object({ listings: z.boolean().optional(), orders: z.boolean().optional() }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.message }, 400);
    control.setRoles({ ...(body.data.listings === undefined ? {} : { listings: body.data.listings }), ...(body.data.orders === undefined ? {} : { orders: body.data.orders }) });
    return c.json({ ok: true });
  });
  app.post('/__emulator/tokens/revoke', (c) => {
    control.revokeRefreshToken();
    return c.json({ ok: true });
  });
}
