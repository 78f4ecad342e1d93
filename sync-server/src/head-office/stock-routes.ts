/**
 * @module
 * Stock across stores under `/api/ho`: on hand per variant per store (with the low-stock
 * filter) and transfers between stores. A transfer is sent by someone who may act for the source
 * store, received by someone who may act for the destination, and cancelled (while in transit)
 * from the source; viewers read only, and everyone sees only transfers touching their stores.
 */
import { randomUUID } from 'node:crypto';
import type { StockTransferInput, StockTransferView } from '@cassa/shared';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { readStorableJson, validate } from '../http-support';
import type { SyncStorage } from '../storage/storage';
import { requireRole, requireStore, storeScope } from './auth';
import type { HeadOfficeEnv } from './auth';

const idParam = z.string().min(1).max(64);
const transferInputSchema = z.object({
  fromStoreId: idParam,
  toStoreId: idParam,
  note: z.string().trim().max(500).default(''),
  lines: z
    .array(z.object({ variantId: idParam, quantityMilli: z.number().int().positive().max(1_000_000_000) }))
    .min(1, 'add at least one line')
    .max(500),
}) satisfies z.ZodType<StockTransferInput, unknown>;

export function registerStockRoutes(app: Hono<HeadOfficeEnv>, deps: { storage: SyncStorage; now: () => Date }): void {
  const { storage, now } = deps;
  const ho = storage.headOffice;
  const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ ok: true as const, data }, status);

  /** Who sent and who received, by name: the stored ids outlive renames, names read better. */
  async function withNames(organisationId: string, transfers: StockTransferView[]): Promise<StockTransferView[]> {
    const names = new Map((await ho.listUsers(organisationId)).map((u) => [u.id, u.name]));
    return transfers.map((t) => ({
      ...t,
      createdBy: names.get(t.createdBy) ?? t.createdBy,
      closedBy: t.closedBy === null ? null : (names.get(t.closedBy) ?? t.closedBy),
    }));
  }

  app.get('/stock', async (c) => {
    const user = c.get('user');
    let storeIds = storeScope(user);
    const store = c.req.query('store');
    if (store) {
      requireStore(user, store);
      storeIds = [store];
    }
    const low = Number(c.req.query('low') ?? '');
    const search = c.req.query('q') ?? '';
    const atMost = c.req.query('low') && Number.isFinite(low) ? { atMostMilli: Math.round(low * 1000) } : {};
    return ok(c, await ho.stock(user.organisationId, { storeIds, ...atMost, ...(search ? { search: search.slice(0, 100) } : {}) }));
  });

  // Every store's name, whatever the scope: a manager sends to stores they do not run, and reads
  // where a transfer came from. Names only; figures stay behind the scope checks.
  app.get('/stock/stores', async (c) => {
    const stores = await ho.listStores(c.get('user').organisationId);
    return ok(c, stores.map((s) => ({ id: s.id, name: s.name })));
  });

  app.get('/stock/transfers', async (c) => {
    const user = c.get('user');
    const transfers = await storage.stockTransfers.list(user.organisationId, storeScope(user), 200);
    return ok(c, await withNames(user.organisationId, transfers));
  });

  app.post('/stock/transfers', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const input = validate(transferInputSchema, await readStorableJson(c));
    requireStore(user, input.fromStoreId);
    const created = await storage.stockTransfers.create({
      ...input,
      organisationId: user.organisationId,
      id: `tr-${randomUUID()}`,
      userId: user.id,
      now: now(),
    });
    return ok(c, (await withNames(user.organisationId, [created]))[0], 201);
  });

  for (const action of ['receive', 'cancel'] as const) {
    app.post(`/stock/transfers/:id/${action}`, async (c) => {
      const user = c.get('user');
      requireRole(user, 'owner', 'manager');
      const id = c.req.param('id') ?? '';
      const transfer = await storage.stockTransfers.get(user.organisationId, id);
      if (transfer) requireStore(user, action === 'receive' ? transfer.toStoreId : transfer.fromStoreId);
      const closed = await storage.stockTransfers.close(user.organisationId, id, action, user.id, now());
      return ok(c, (await withNames(user.organisationId, [closed]))[0]);
    });
  }
}
