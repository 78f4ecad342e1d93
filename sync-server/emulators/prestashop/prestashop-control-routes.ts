/**
 * @module
 * The emulator's control surface over HTTP (JSON under `/__emulator/`), for a person trying
 * Cassa with `npm run channel-emulators`: the same operations as `PrestashopEmulatorControl`.
 * Faults never apply here.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { PrestashopEmulatorControl } from './index';

const itemSchema = z.object({
  sku: z.string().min(1).max(64),
  barcode: z.string().max(13).optional(),
  title: z.string().min(1).max(128),
  quantity: z.number().int().min(0).max(1_000_000),
  priceCents: z.number().int().min(0).max(100_000_000),
  group: z.string().min(1).max(64).optional(),
  options: z.record(z.string().max(40), z.string().max(40)).optional(),
});
const orderSchema = z.object({
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(10_000), unitPriceCents: z.number().int().min(0).optional() })).min(1).max(100),
  buyerName: z.string().max(200).optional(),
});
const faultSchema = z.object({
  kind: z.enum(['status', 'rate-limit', 'timeout', 'drop']),
  count: z.number().int().min(1).max(10_000),
  status: z.number().int().min(500).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  pathIncludes: z.string().max(200).optional(),
});

export function controlRoutes(control: PrestashopEmulatorControl): Hono {
  const routes = new Hono();
  routes.onError((error, c) => c.json({ error: error instanceof z.ZodError ? z.prettifyError(error) : error.message }, 400));
  routes.post('/items', async (c) => {
    control.seedItems(z.array(itemSchema).max(10_000).parse(await c.req.json()));
    return c.json({ ok: true });
  });
  routes.get('/items/:sku', (c) => {
    const quantity = control.quantityOf(c.req.param('sku'));
    return quantity === null ? c.json({ error: 'unknown SKU' }, 404) : c.json({ sku: c.req.param('sku'), quantity, stockRow: control.stockRow(c.req.param('sku')) });
  });
  routes.get('/orders', (c) => c.json(control.orders()));
  routes.post('/orders', async (c) => c.json(control.placeOrder(orderSchema.parse(await c.req.json())), 201));
  routes.post('/orders/:id/:action', (c) => {
    const id = c.req.param('id');
    switch (c.req.param('action')) {
      case 'cancel':
        control.cancelOrder(id);
        return c.json({ ok: true });
      case 'ship':
        control.shipOrder(id);
        return c.json({ ok: true });
      case 'refund':
        control.refundOrder(id);
        return c.json({ ok: true });
      case 'duplicate':
        return c.json(control.duplicateOrder(id), 201);
      default:
        return c.json({ error: 'actions: cancel, ship, refund, duplicate' }, 404);
    }
  });
  routes.post('/faults', async (c) => {
    control.injectFault(faultSchema.parse(await c.req.json()));
    return c.json({ ok: true });
  });
  routes.delete('/faults', (c) => {
    control.clearFaults();
    return c.json({ ok: true });
  });
  routes.get('/requests', (c) => c.json({ count: control.requestCount({ method: c.req.query('method'), pathIncludes: c.req.query('pathIncludes') }) }));
  routes.post('/webservice', async (c) => {
    control.setWebserviceEnabled(z.object({ enabled: z.boolean() }).parse(await c.req.json()).enabled);
    return c.json({ ok: true });
  });
  routes.post('/permissions', async (c) => {
    const body = z.object({ resource: z.string().min(1).max(60), methods: z.array(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])) }).parse(await c.req.json());
    control.setPermissions(body.resource, body.methods);
    return c.json({ ok: true });
  });
  routes.post('/recreate-combinations', async (c) => {
    control.recreateCombinations(z.object({ group: z.string().min(1).max(64) }).parse(await c.req.json()).group);
    return c.json({ ok: true });
  });
  return routes;
}
