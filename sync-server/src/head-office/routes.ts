/**
 * @module
 * The head-office API under `/api/ho`, for the web app: sign-in, plan, dashboard (and its live
 * event stream), stores and registers, catalogue, till users, head-office users; stock and
 * transfers in `stock-routes.ts`. Every route checks the signed-in user's role and store scope
 * here, on the server.
 */
import { randomUUID } from 'node:crypto';
import {
  CassaError,
  headOfficeContract,
  catalogueBarcodeProblem,
  categorySchema,
  productSchema,
  roleSchema,
} from '@cassa/shared';
import type { DashboardView, HeadOfficeChange, PairingCodeResponse, TillUser } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AdminApi } from '../admin-api';
import { readJson, readStorableJson, validate } from '../http-support';
import type { Logger } from '../http-support';
import type { Mailer } from './smtp';
import { addDays, isValidTimeZone, localDayAndHour, DEFAULT_TIME_ZONE } from '../storage/business-day';
import type { HeadOfficeUserRow, Plan } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';
import { cookiePolicy, csrfCheck, requireOrganisationWriter, requireRole, requireStore, sessionAuth, storeScope } from './auth';
import type { HeadOfficeEnv } from './auth';
import { hashPin } from './passwords';
import type { SalesEvents } from './sales-events';
import { importCatalogueCsv } from './catalogue-import';
import { registerChainSettingsRoutes } from './chain-settings-routes';
import { registerStockRoutes } from './stock-routes';
import { planHandlers, planUsage } from './plans';
import { serveHeadOffice } from './serve-head-office';
import { accountHandlers, accountServices, usersHandlers } from './account-handlers';

export interface HeadOfficeDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly salesEvents: SalesEvents;
  readonly now: () => Date;
  readonly defaultPlan?: Plan;
  readonly sseHeartbeatMs?: number;
  readonly onEventStream?: (close: () => void) => () => void;
  /** Wrong passwords allowed per client address per 15 minutes (right ones are not counted). */
  readonly loginAttemptsPerWindow?: number;
  /** The request's client address (trusting the configured proxies); default: the socket's peer. */
  readonly clientAddress?: (c: Context) => string;
  /** `CASSA_PUBLIC_URL`: the address people and tills use; https makes every cookie Secure and `__Host-`. */
  readonly publicUrl?: string;
  /** Sends mail (CASSA_SMTP_URL); with it, people who forgot their password get a link by email. */
  readonly mailer?: Mailer;
  readonly log?: Logger;
}

const dayPattern = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const idParam = z.string().min(1).max(64);

const storeInputSchema = z.object({
  id: idParam.optional(),
  name: z.string().trim().min(1).max(120),
  timeZone: z.string().max(64).refine(isValidTimeZone, 'unknown time zone').optional(),
  addressLines: z.array(z.string().max(120)).max(4).optional(),
  vatNumber: z.string().max(32).optional(),
});
const tillUserInputSchema = z.object({
  id: idParam.optional(),
  name: z.string().trim().min(1).max(80),
  role: roleSchema,
  pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits').optional(),
  active: z.boolean(),
  /** The stores whose registers get this user; empty: every store; absent on an edit: unchanged. */
  storeIds: z.array(idParam).max(500).optional(),
});
const storePriceInputSchema = z.object({ storeId: idParam, variantId: idParam, priceCents: z.number().int().nonnegative().nullable() });
const importSchema = z.object({ csv: z.string().min(1).max(20_000_000), dryRun: z.boolean().optional() });

export function createHeadOfficeRoutes(deps: HeadOfficeDeps): Hono<HeadOfficeEnv> {
  const { storage, admin, now } = deps;
  const ho = storage.headOffice;
  const app = new Hono<HeadOfficeEnv>();
  const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ ok: true as const, data }, status);
  const cookies = cookiePolicy(deps.publicUrl);
  const auth = sessionAuth(storage, now, cookies);

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', csrfCheck(cookies));

  const planView = (organisationId: string) => planUsage(ho, organisationId, deps.defaultPlan);

  // Every procedure of the contract, each checking its own access.
  const account = accountServices(deps);
  serveHeadOffice(
    app,
    headOfficeContract,
    { ...planHandlers(account.plans), ...accountHandlers(deps, account, cookies), ...usersHandlers(deps, account) },
    auth,
  );

  // Everything below needs a session.
  app.use('*', auth);

  // ── Dashboard ────────────────────────────────────────────────────────────────────────────
  app.get('/dashboard', async (c) => {
    const user = c.get('user');
    const org = user.organisationId;
    const q = c.req.query();
    const today = localDayAndHour(now(), DEFAULT_TIME_ZONE).day;
    const from = q.from ? validate(dayPattern, q.from) : today;
    const to = q.to ? validate(dayPattern, q.to) : from;
    if (to < from) throw new CassaError('VALIDATION', 'The end date is before the start date');
    const scope = storeScope(user);
    let storeIds = scope;
    if (q.store) {
      requireStore(user, q.store);
      storeIds = [q.store];
    }
    const filter = {
      from,
      to,
      storeIds,
      ...(q.register ? { deviceId: q.register } : {}),
      ...(q.cashier ? { cashierId: q.cashier } : {}),
    };
    const compareFrom = addDays(from, -7);
    const compareTo = addDays(to, -7);
    const [data, compare, categoryRows, registerRows, cashierRows] = await Promise.all([
      ho.dashboard(org, filter),
      ho.storeTotals(org, { ...filter, from: compareFrom, to: compareTo }),
      ho.readRows(org, 'category'),
      ho.listRegisters(org),
      ho.readRows(org, 'user'),
    ]);
    const categories = new Map((categoryRows as { id: string; name: string }[]).map((r) => [r.id, r.name]));
    const registers = registerRows.filter((r) => scope === null || scope.includes(r.storeId));
    const cashiers = cashierRows as TillUser[];
    const view: DashboardView = {
      ...data,
      compareFrom,
      compareTo,
      compare,
      categories: data.categoryTotals.map((r) => ({ ...r, name: categories.get(r.categoryId) ?? '' })),
      registers: registers.map((r) => ({ id: r.id, name: r.name, storeId: r.storeId })),
      cashiers: cashiers.map((u) => ({ id: u.id, name: u.name })),
    };
    return ok(c, view);
  });

  app.get('/events', (c) => {
    const user = c.get('user');
    const scope = storeScope(user);
    return streamSSE(c, async (stream) => {
      let finish = (): void => undefined;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const unsubscribe = deps.salesEvents.subscribe(user.organisationId, (event) => {
        if (scope !== null && !scope.includes(event.storeId)) return;
        stream.writeSSE({ event: 'sale', data: JSON.stringify(event) }).catch(finish);
      });
      const unregister = deps.onEventStream?.(finish) ?? (() => undefined);
      const heartbeat = setInterval(() => {
        stream.write(': keep-alive\n\n').catch(finish);
      }, deps.sseHeartbeatMs ?? 20_000);
      stream.onAbort(finish);
      await stream.writeSSE({ event: 'hello', data: '{}' });
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
      unregister();
    });
  });

  // ── Stores and registers ────────────────────────────────────────────────────────────────
  app.get('/stores', async (c) => {
    const user = c.get('user');
    const scope = storeScope(user);
    return ok(c, (await ho.listStores(user.organisationId)).filter((s) => scope === null || scope.includes(s.id)));
  });

  app.post('/stores', async (c) => {
    const user = c.get('user');
    const input = validate(storeInputSchema, await readStorableJson(c));
    if (input.id === undefined) requireRole(user, 'owner');
    else {
      requireRole(user, 'owner', 'manager');
      requireStore(user, input.id);
    }
    const id = input.id ?? `store-${randomUUID().slice(0, 8)}`;
    const existing = (await ho.listStores(user.organisationId)).find((s) => s.id === id);
    if (input.id !== undefined && !existing) throw new CassaError('NOT_FOUND', `No store ${id}`);
    await admin.upsertStore(user.organisationId, {
      id,
      name: input.name,
      addressLines: input.addressLines ?? existing?.addressLines.slice() ?? [],
      vatNumber: input.vatNumber ?? existing?.vatNumber ?? '',
      // The tills of the store print their receipts in this zone.
      timeZone: input.timeZone ?? existing?.timeZone ?? DEFAULT_TIME_ZONE,
    });
    await ho.setStoreTimeZone(user.organisationId, id, input.timeZone ?? existing?.timeZone ?? DEFAULT_TIME_ZONE);
    return ok(c, (await ho.listStores(user.organisationId)).find((s) => s.id === id), 201);
  });

  app.get('/registers', async (c) => {
    const user = c.get('user');
    const scope = storeScope(user);
    return ok(c, (await ho.listRegisters(user.organisationId)).filter((r) => scope === null || scope.includes(r.storeId)));
  });

  app.post('/stores/:store/pairing-codes', async (c) => {
    const user = c.get('user');
    const storeId = c.req.param('store');
    requireRole(user, 'owner', 'manager');
    requireStore(user, storeId);
    const plan = await planView(user.organisationId);
    if (plan.registers >= plan.maxRegisters) {
      throw new CassaError('CONFLICT', `Your ${plan.plan} plan allows ${plan.maxRegisters} registers and all are in use: revoke one or change plan`, {
        limit: 'registers',
        max: plan.maxRegisters,
      });
    }
    const code = await admin.createPairingCode(user.organisationId, storeId, { ttlMinutes: 60 });
    return ok(c, await withQr(c, code), 201);
  });

  async function withQr(c: Context, code: PairingCodeResponse) {
    // Behind a proxy the request's own URL is the internal one: tills must get the public address.
    const origin = deps.publicUrl !== undefined ? new URL(deps.publicUrl).origin : new URL(c.req.url).origin;
    const qrText = `cassa://pair?server=${encodeURIComponent(origin)}&code=${code.code}`;
    const qrSvg = await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { ...code, serverUrl: origin, qrText, qrSvg };
  }

  async function requireRegister(user: HeadOfficeUserRow, deviceId: string) {
    const register = (await ho.listRegisters(user.organisationId)).find((r) => r.id === deviceId);
    if (!register) throw new CassaError('NOT_FOUND', `No register ${deviceId}`);
    requireStore(user, register.storeId);
    return register;
  }

  app.patch('/registers/:id', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const { name } = validate(z.object({ name: z.string().trim().min(1).max(80) }), await readStorableJson(c));
    await requireRegister(user, c.req.param('id'));
    await ho.renameRegister(user.organisationId, c.req.param('id'), name);
    return ok(c, { renamed: true });
  });

  /** Pairs this register again when its till lost its token (reinstalled, restored from an old backup). */
  app.post('/registers/:id/pairing-codes', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    await requireRegister(user, c.req.param('id'));
    const code = await admin.createRegisterPairingCode(user.organisationId, c.req.param('id'), { ttlMinutes: 60 });
    return ok(c, await withQr(c, code), 201);
  });

  app.post('/registers/:id/revoke', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    await requireRegister(user, c.req.param('id'));
    await admin.revokeDevice(user.organisationId, c.req.param('id'));
    return ok(c, { revoked: true });
  });

  /** Device ids of the registers the user may see. */
  async function visibleRegisters(user: HeadOfficeUserRow): Promise<Set<string>> {
    const scope = storeScope(user);
    return new Set((await ho.listRegisters(user.organisationId)).filter((r) => scope === null || scope.includes(r.storeId)).map((r) => r.id));
  }

  // Records a register pushed that were flagged or set aside: what head office must look at.
  app.get('/problems', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const visible = await visibleRegisters(user);
    const problems = await storage.listProblems(user.organisationId, 500);
    return ok(c, problems.filter((p) => visible.has(p.deviceId)));
  });

  // Each register's audit chain as pushed: compare with `npm run verify-audit` at the till.
  app.get('/audit-heads', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const visible = await visibleRegisters(user);
    return ok(c, (await storage.auditHeads(user.organisationId)).filter((h) => visible.has(h.deviceId)));
  });

  // ── Catalogue ────────────────────────────────────────────────────────────────────────────
  app.get('/catalogue', async (c) => {
    const user = c.get('user');
    const org = user.organisationId;
    const scope = storeScope(user);
    const prices = ((await ho.readRows(org, 'store-price')) as { storeId: string }[]).filter((p) => scope === null || scope.includes(p.storeId));
    return ok(c, { products: await ho.readRows(org, 'product'), categories: await ho.readRows(org, 'category'), storePrices: prices });
  });

  app.post('/catalogue/products', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    const product = validate(productSchema, await readStorableJson(c));
    // The scan field's check, as on the till; a clash with another product's code is refused by storage.
    for (const code of product.variants.flatMap((v) => v.barcodes)) {
      const problem = catalogueBarcodeProblem(code);
      if (problem) throw new CassaError('INVALID_BARCODE', `Barcode ${JSON.stringify(code)}: ${problem.message}`, { code, reason: problem.reason });
    }
    await admin.upsertProducts(user.organisationId, [product]);
    return ok(c, product, 201);
  });

  app.post('/catalogue/categories', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    const category = validate(categorySchema, await readStorableJson(c));
    await admin.upsertCategories(user.organisationId, [category]);
    return ok(c, category, 201);
  });

  app.post('/catalogue/store-prices', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const input = validate(storePriceInputSchema, await readStorableJson(c));
    requireStore(user, input.storeId);
    const change: HeadOfficeChange =
      input.priceCents === null
        ? { entity: 'delete', target: 'store-price', key: `${input.storeId}:${input.variantId}` }
        : { entity: 'store-price', data: { storeId: input.storeId, variantId: input.variantId, priceCents: input.priceCents } };
    await admin.writeChanges(user.organisationId, [change]);
    return ok(c, input, 201);
  });

  app.post('/catalogue/import', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    // A NUL in one row rejects that row only (the shared reader), not the whole file.
    const input = validate(importSchema, await readJson(c));
    return ok(c, await importCatalogueCsv({ storage, admin }, user.organisationId, input.csv, input.dryRun ?? false));
  });

  // ── Till users (synced down to every register) ──────────────────────────────────────────
  app.get('/till-users', async (c) => {
    const rows = (await ho.readRows(c.get('user').organisationId, 'user')) as TillUser[];
    return ok(c, rows.map(({ pinHash: _pinHash, ...rest }) => rest));
  });

  app.post('/till-users', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    const input = validate(tillUserInputSchema, await readStorableJson(c));
    const existing = input.id ? ((await ho.readRows(user.organisationId, 'user')) as TillUser[]).find((u) => u.id === input.id) : undefined;
    if (input.id && !existing) throw new CassaError('NOT_FOUND', `No till user ${input.id}`);
    if (!existing && input.pin === undefined) throw new CassaError('VALIDATION', 'A new till user needs a PIN');
    const pinHash = input.pin !== undefined ? await hashPin(input.pin) : (existing?.pinHash ?? '');
    const storeIds = input.storeIds ?? existing?.storeIds ?? [];
    const stores = new Set((await ho.listStores(user.organisationId)).map((s) => s.id));
    for (const id of storeIds) if (!stores.has(id)) throw new CassaError('NOT_FOUND', `No store ${id}`);
    const tillUser: TillUser = { id: input.id ?? `user-${randomUUID().slice(0, 8)}`, name: input.name, role: input.role, pinHash, active: input.active, storeIds };
    await admin.upsertUsers(user.organisationId, [tillUser]);
    const { pinHash: _hidden, ...view } = tillUser;
    return ok(c, view, 201);
  });

  registerStockRoutes(app, { storage, now });
  registerChainSettingsRoutes(app, { storage: storage.headOffice, admin });

  return app;
}
