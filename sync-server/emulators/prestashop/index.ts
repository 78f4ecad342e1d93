/**
 * @module
 * An emulated PrestaShop shop (1.7 or 8.x webservice) on 127.0.0.1, with the control surface
 * every channel emulator offers (`../emulator-control.ts`) plus PrestaShop's own troubles: the
 * webservice switched off, a key without a permission, combinations recreated with new ids
 * (#12814) and one cart validated into two orders (#17266).
 *
 * @example
 * const shop = await startPrestashopEmulator({ version: '1.7' });
 * shop.control.seedItems([{ sku: 'TS-M-BLU', title: 'T-shirt', quantity: 5, priceCents: 1990, group: 'TS', options: { Taglia: 'M', Colore: 'Blu' } }]);
 * // connect with shop.credentials; then shop.control.quantityOf('TS-M-BLU')
 * await shop.close();
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { ChannelEmulatorControl, EmulatorFault, EmulatorOptions, RunningEmulator } from '../emulator-control';
import { EmulatedShop, orderStates } from './prestashop-shop';
import { webserviceApp, webserviceMethods } from './prestashop-webservice';
import type { PrestashopVersion, WebserviceSettings } from './prestashop-webservice';
import { controlRoutes } from './prestashop-control-routes';

export type { PrestashopVersion } from './prestashop-webservice';

export interface PrestashopEmulatorOptions extends EmulatorOptions {
  /** '8' (default) accepts PATCH; '1.7' refuses it and breaks `filter[date_add]` on orders. */
  readonly version?: PrestashopVersion;
  readonly shopId?: number;
  /** The shop's PS_TIMEZONE, in which it writes every date (default Europe/Rome). */
  readonly timeZone?: string;
}

export interface PrestashopEmulatorControl extends ChannelEmulatorControl {
  /** Back office → Advanced parameters → Webservice → off/on. */
  setWebserviceEnabled(enabled: boolean): void;
  /** The verbs the key may use on a resource; an empty list takes the resource away from the key. */
  setPermissions(resource: string, methods: readonly string[]): void;
  /** Deletes and recreates a product's combinations (by the product's reference or the seed's group): new ids, stock 0. */
  recreateCombinations(group: string): void;
  /** A second order from the same cart (PrestaShop #17266, #11115); returns its id. */
  duplicateOrder(remoteOrderId: string): { readonly remoteOrderId: string };
  /** The raw stock row behind a SKU (to see id_shop after a PUT). */
  stockRow(sku: string): { readonly id: number; readonly idShop: number; readonly quantity: number } | null;
}

export interface RunningPrestashopEmulator extends RunningEmulator {
  readonly control: PrestashopEmulatorControl;
}

interface RequestRecord {
  readonly method: string;
  readonly path: string;
}

export async function startPrestashopEmulator(options: PrestashopEmulatorOptions = {}): Promise<RunningPrestashopEmulator> {
  const now = options.now ?? Date.now;
  const version = options.version ?? '8';
  const shopId = options.shopId ?? 1;
  const shop = new EmulatedShop(shopId, now, options.timeZone ?? 'Europe/Rome');
  // Keys are 32 characters of [A-Z0-9] (WebserviceKey; code 18 otherwise).
  const apiKey = randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').toUpperCase().padEnd(32, 'K').slice(0, 32);
  const settings: WebserviceSettings = {
    version,
    apiKey,
    enabled: true,
    permissions: new Map(['products', 'combinations', 'product_options', 'product_option_values', 'stock_availables', 'orders', 'order_histories', 'customers', 'currencies', 'configurations'].map((resource) => [resource, new Set<string>(webserviceMethods)])),
    dateAddFilterBroken: version === '1.7',
  };
  const faults: { fault: EmulatorFault; left: number }[] = [];
  const requests: RequestRecord[] = [];
  const heldTimers = new Set<NodeJS.Timeout>();
  let origin = '';

  const control: PrestashopEmulatorControl = {
    seedItems: (items) => shop.seed(items),
    quantityOf: (sku) => shop.quantityOf(sku),
    placeOrder: (order) => ({ remoteOrderId: String(shop.placeOrder(order.lines, order.buyerName ?? 'Mario Rossi').id) }),
    cancelOrder: (id) => shop.setState(Number(id), orderStates.canceled),
    shipOrder: (id) => shop.setState(Number(id), orderStates.shipped),
    refundOrder: (id) => shop.setState(Number(id), orderStates.refunded),
    orders: () => shop.orderViews(),
    injectFault: (fault) => faults.push({ fault, left: Math.max(0, fault.count) }),
    clearFaults: () => faults.splice(0, faults.length),
    requestCount: (filter) => requests.filter((request) => (filter?.method === undefined || request.method === filter.method.toUpperCase()) && (filter?.pathIncludes === undefined || request.path.includes(filter.pathIncludes))).length,
    setWebserviceEnabled: (enabled) => {
      settings.enabled = enabled;
    },
    setPermissions: (resource, methods) => {
      if (methods.length === 0) settings.permissions.delete(resource);
      else settings.permissions.set(resource, new Set(methods.map((method) => method.toUpperCase())));
    },
    recreateCombinations: (group) => shop.recreateCombinations(group),
    duplicateOrder: (id) => ({ remoteOrderId: String(shop.duplicateOrder(Number(id)).id) }),
    stockRow: (sku) => {
      const found = shop.findBySku(sku);
      const row = found === null ? undefined : shop.stockRowOf(found.product.id, found.combination?.id ?? 0);
      return row === undefined ? null : { id: row.id, idShop: row.idShop, quantity: row.quantity };
    },
  };

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.route('/__emulator', controlRoutes(control));
  app.use('/api/*', async (c, next) => {
    const url = new URL(c.req.url);
    requests.push({ method: (url.searchParams.get('ps_method') ?? c.req.method).toUpperCase(), path: url.pathname + url.search });
    const index = faults.findIndex((entry) => entry.left > 0 && (entry.fault.pathIncludes === undefined || (url.pathname + url.search).includes(entry.fault.pathIncludes)));
    const entry = index < 0 ? undefined : faults[index];
    if (entry === undefined) return next();
    entry.left -= 1;
    if (entry.left === 0) faults.splice(index, 1);
    const fault = entry.fault;
    switch (fault.kind) {
      case 'status':
        // What a shop's web server or PHP answers when it breaks: an HTML page, not the webservice's XML.
        return c.html(`<html><body><h1>${fault.status ?? 500} Internal Server Error</h1></body></html>`, (fault.status ?? 500) as 500);
      case 'rate-limit':
        // PrestaShop documents no limits; a host's WAF or mod_security answers 429 [U].
        return c.text('Too Many Requests', 429, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
      case 'drop':
        c.env.incoming.socket.destroy();
        return new Response(null, { status: 500 });
      case 'timeout':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            heldTimers.delete(timer);
            resolve();
          }, fault.delayMs ?? 30_000);
          heldTimers.add(timer);
        });
        return next();
    }
  });
  app.route('/', webserviceApp(shop, settings, () => origin));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const address = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: origin,
    control,
    credentials: { kind: 'prestashop', baseUrl: origin, apiKey, shopId, version },
    close: async () => {
      for (const timer of heldTimers) clearTimeout(timer);
      heldTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}
