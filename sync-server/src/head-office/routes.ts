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
  categoryIdOf,
  categorySchema,
  productSchema,
  readCatalogueCsv,
  roleSchema,
} from '@cassa/shared';
import type { DashboardView, HeadOfficeChange, HeadOfficeMe, Product, SessionView, TillUser } from '@cassa/shared';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AdminApi } from '../admin-api';
import { sha256Hex } from '../credentials';
import { readJson, validate } from '../http-support';
import { addDays, isValidTimeZone, localDayAndHour, DEFAULT_TIME_ZONE } from '../storage/business-day';
import type { HeadOfficeUserRow, Plan } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';
import {
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  SESSION_COOKIE,
  SESSION_HOURS,
  createLoginRateLimiter,
  csrfCheck,
  ensureCsrfCookie,
  newToken,
  requireOrganisationWriter,
  requireRole,
  requireStore,
  sessionAuth,
  setSessionCookies,
  storeScope,
} from './auth';
import type { HeadOfficeEnv } from './auth';
import { decoyHash, hashPin, hashSecret, verifySecret } from './passwords';
import type { SalesEvents } from './sales-events';
import { registerChainSettingsRoutes } from './chain-settings-routes';
import { registerStockRoutes } from './stock-routes';
import { DEFAULT_PLAN, PLAN_OFFERS, planUsage } from './plans';

export interface HeadOfficeDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly salesEvents: SalesEvents;
  readonly now: () => Date;
  readonly defaultPlan?: Plan;
  readonly sseHeartbeatMs?: number;
  readonly onEventStream?: (close: () => void) => () => void;
  /** Sign-in attempts per address per 15 minutes. */
  readonly loginAttemptsPerWindow?: number;
}

const emailSchema = z.string().trim().toLowerCase().email().max(200);
const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);
const dayPattern = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hoRoleSchema = z.enum(['owner', 'manager', 'viewer']);
const idParam = z.string().min(1).max(64);

const setupSchema = z.object({
  organisationName: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(80),
  email: emailSchema,
  password: passwordSchema,
  setupToken: z.string().max(200).optional(),
});
const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
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
});
const hoUserInputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(80),
  role: hoRoleSchema,
  storeIds: z.array(idParam).max(500),
  password: passwordSchema,
});
const hoUserPatchSchema = z.object({ name: z.string().trim().min(1).max(80).optional(), role: hoRoleSchema.optional(), storeIds: z.array(idParam).max(500).optional() });
const storePriceInputSchema = z.object({ storeId: idParam, variantId: idParam, priceCents: z.number().int().nonnegative().nullable() });
const importSchema = z.object({ csv: z.string().min(1).max(20_000_000), dryRun: z.boolean().optional() });

function meOf(user: HeadOfficeUserRow, organisationName: string): HeadOfficeMe {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    storeIds: user.storeIds,
    organisationId: user.organisationId,
    organisationName,
  };
}

export function createHeadOfficeRoutes(deps: HeadOfficeDeps): Hono<HeadOfficeEnv> {
  const { storage, admin, now } = deps;
  const ho = storage.headOffice;
  const app = new Hono<HeadOfficeEnv>();
  const limiter = createLoginRateLimiter({ storage, max: deps.loginAttemptsPerWindow ?? 30, windowMs: 15 * 60_000, now });
  const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ ok: true as const, data }, status);
  const auth = sessionAuth(storage, now);

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', csrfCheck);

  function clientAddress(c: Context): string {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'local';
    }
  }

  async function startSession(c: Context, user: HeadOfficeUserRow): Promise<void> {
    // A new id at every sign-in: a session id planted before sign-in is worth nothing after it.
    const presented = getCookie(c, SESSION_COOKIE);
    if (presented) await ho.deleteSession(sha256Hex(presented));
    const token = newToken();
    const csrf = newToken();
    const at = now();
    await ho.createSession({
      tokenHash: sha256Hex(token),
      organisationId: user.organisationId,
      userId: user.id,
      csrfToken: csrf,
      now: at,
      expiresAt: new Date(at.getTime() + SESSION_HOURS * 3600_000),
    });
    setSessionCookies(c, token, csrf);
  }

  async function organisationName(id: string): Promise<string> {
    return (await storage.getOrganisation(id))?.name ?? id;
  }

  const planView = (organisationId: string) => planUsage(ho, organisationId, deps.defaultPlan);

  // ── Session ──────────────────────────────────────────────────────────────────────────────
  app.get('/session', async (c) => {
    const csrfToken = ensureCsrfCookie(c);
    const setupRequired = (await ho.countAllUsers()) === 0;
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await ho.getSession(sha256Hex(token), now()) : null;
    const user = session ? await ho.getUser(session.organisationId, session.userId) : null;
    const view: SessionView & { csrfToken: string } = {
      user: user ? meOf(user, await organisationName(user.organisationId)) : null,
      setupRequired,
      csrfToken: session?.csrfToken ?? csrfToken,
    };
    return ok(c, view);
  });

  app.get('/setup-token/:token', async (c) => {
    const found = await ho.peekSetupToken(sha256Hex(c.req.param('token')), now());
    if (!found) throw new CassaError('NOT_FOUND', 'This setup link is unknown, used or expired');
    return ok(c, found);
  });

  app.post('/setup', async (c) => {
    const input = validate(setupSchema, await readJson(c));
    let email = input.email;
    let organisationId: string | null = null;
    if (input.setupToken !== undefined) {
      const redeemed = await ho.redeemSetupToken(sha256Hex(input.setupToken), now());
      if (!redeemed) throw new CassaError('NOT_AUTHORISED', 'This setup link is unknown, used or expired');
      email = redeemed.email;
      organisationId = redeemed.organisationId;
    } else if ((await ho.countAllUsers()) > 0) {
      throw new CassaError('NOT_AUTHORISED', 'Head office is already set up: sign in, or ask an owner for an account');
    } else {
      // A server whose one organisation was made through the admin API (the demo's embedded head
      // office, a scripted install) gets its owner here, and sees the sales already there.
      organisationId = await ho.soleOrganisationWithoutUsers();
      if (organisationId !== null && !(await ho.getPlan(organisationId))) await ho.setPlan(organisationId, deps.defaultPlan ?? DEFAULT_PLAN);
    }
    if (organisationId === null) {
      const org = await admin.createOrganisation({ name: input.organisationName });
      organisationId = org.id;
      await ho.setPlan(organisationId, deps.defaultPlan ?? DEFAULT_PLAN);
    }
    const user: HeadOfficeUserRow = {
      organisationId,
      id: `hou_${randomUUID()}`,
      email,
      name: input.name,
      passwordHash: await hashSecret(input.password),
      role: 'owner',
      storeIds: [],
      failedLogins: 0,
      lockedUntil: null,
    };
    await ho.createUser(user, now());
    await startSession(c, user);
    return ok(c, meOf(user, await organisationName(organisationId)), 201);
  });

  app.post('/login', async (c) => {
    await limiter.hit(clientAddress(c));
    const input = validate(loginSchema, await readJson(c));
    const user = await ho.findUserByEmail(input.email);
    if (!user) {
      await verifySecret(input.password, await decoyHash());
      throw new CassaError('NOT_AUTHENTICATED', 'Wrong email or password', { reason: 'credentials' });
    }
    const at = now();
    if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > at.getTime()) {
      throw new CassaError('LOCKED_OUT', `Too many wrong passwords: try again after ${user.lockedUntil}`);
    }
    if (!(await verifySecret(input.password, user.passwordHash))) {
      const failures = await ho.recordLoginFailure(user.organisationId, user.id, (n) =>
        n >= MAX_FAILED_LOGINS ? new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null,
      );
      if (failures >= MAX_FAILED_LOGINS) throw new CassaError('LOCKED_OUT', `Too many wrong passwords: locked for ${LOCKOUT_MINUTES} minutes`);
      throw new CassaError('NOT_AUTHENTICATED', 'Wrong email or password', { reason: 'credentials' });
    }
    await ho.recordLoginSuccess(user.organisationId, user.id);
    await startSession(c, user);
    return ok(c, meOf(user, await organisationName(user.organisationId)));
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await ho.deleteSession(sha256Hex(token));
    setSessionCookies(c, null, newToken());
    return ok(c, { signedOut: true });
  });

  // Everything below needs a session.
  app.use('*', auth);

  app.get('/plan', async (c) => ok(c, await planView(c.get('user').organisationId)));

  app.get('/plans', (c) => ok(c, PLAN_OFFERS));

  app.post('/plan', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const { plan } = validate(z.object({ plan: z.string().min(1).max(40) }), await readJson(c));
    const offer = PLAN_OFFERS.find((p) => p.plan === plan);
    if (!offer) throw new CassaError('NOT_FOUND', `No plan called ${plan}: choose one of ${PLAN_OFFERS.map((p) => p.plan).join(', ')}`);
    await ho.changePlan(user.organisationId, offer);
    return ok(c, await planView(user.organisationId));
  });

  app.post('/password', async (c) => {
    const user = c.get('user');
    const input = validate(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }), await readJson(c));
    if (!(await verifySecret(input.currentPassword, user.passwordHash))) throw new CassaError('NOT_AUTHENTICATED', 'The current password is wrong', { reason: 'current-password' });
    await ho.updateUser(user.organisationId, user.id, { passwordHash: await hashSecret(input.newPassword) });
    // Every other session of this user ends; this one gets a new id.
    await ho.deleteUserSessions(user.organisationId, user.id);
    await startSession(c, user);
    return ok(c, { changed: true });
  });

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
    const input = validate(storeInputSchema, await readJson(c));
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
    const origin = new URL(c.req.url).origin;
    const qrText = `cassa://pair?server=${encodeURIComponent(origin)}&code=${code.code}`;
    const qrSvg = await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return ok(c, { ...code, serverUrl: origin, qrText, qrSvg }, 201);
  });

  async function requireRegister(user: HeadOfficeUserRow, deviceId: string) {
    const register = (await ho.listRegisters(user.organisationId)).find((r) => r.id === deviceId);
    if (!register) throw new CassaError('NOT_FOUND', `No register ${deviceId}`);
    requireStore(user, register.storeId);
    return register;
  }

  app.patch('/registers/:id', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const { name } = validate(z.object({ name: z.string().trim().min(1).max(80) }), await readJson(c));
    await requireRegister(user, c.req.param('id'));
    await ho.renameRegister(user.organisationId, c.req.param('id'), name);
    return ok(c, { renamed: true });
  });

  app.post('/registers/:id/revoke', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    await requireRegister(user, c.req.param('id'));
    await admin.revokeDevice(user.organisationId, c.req.param('id'));
    return ok(c, { revoked: true });
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
    const product = validate(productSchema, await readJson(c));
    await admin.upsertProducts(user.organisationId, [product]);
    return ok(c, product, 201);
  });

  app.post('/catalogue/categories', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    const category = validate(categorySchema, await readJson(c));
    await admin.upsertCategories(user.organisationId, [category]);
    return ok(c, category, 201);
  });

  app.post('/catalogue/store-prices', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner', 'manager');
    const input = validate(storePriceInputSchema, await readJson(c));
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
    const input = validate(importSchema, await readJson(c));
    const products: Product[] = [];
    const categories = new Map<string, string>();
    const rejected: { line: number; sku: string; message: string }[] = [];
    for (const item of readCatalogueCsv(input.csv)) {
      if (item.kind === 'rejected') {
        rejected.push({ line: item.line, sku: item.sku, message: item.message });
        continue;
      }
      products.push(item.product);
      if (item.categoryName !== null && item.product.categoryId !== null) categories.set(item.product.categoryId, item.categoryName);
    }
    if (!input.dryRun) {
      const changes: HeadOfficeChange[] = [
        ...[...categories].map(([id, name]): HeadOfficeChange => ({ entity: 'category', data: { id: id || categoryIdOf(name), name, parentId: null } })),
        ...products.map((data): HeadOfficeChange => ({ entity: 'product', data })),
      ];
      for (let i = 0; i < changes.length; i += 2000) await admin.writeChanges(user.organisationId, changes.slice(i, i + 2000));
    }
    return ok(c, {
      products: products.length,
      variants: products.reduce((n, p) => n + p.variants.length, 0),
      rejected,
      dryRun: input.dryRun ?? false,
    });
  });

  // ── Till users (synced down to every register) ──────────────────────────────────────────
  app.get('/till-users', async (c) => {
    const rows = (await ho.readRows(c.get('user').organisationId, 'user')) as TillUser[];
    return ok(c, rows.map(({ pinHash: _pinHash, ...rest }) => rest));
  });

  app.post('/till-users', async (c) => {
    const user = c.get('user');
    requireOrganisationWriter(user);
    const input = validate(tillUserInputSchema, await readJson(c));
    const existing = input.id ? ((await ho.readRows(user.organisationId, 'user')) as TillUser[]).find((u) => u.id === input.id) : undefined;
    if (input.id && !existing) throw new CassaError('NOT_FOUND', `No till user ${input.id}`);
    if (!existing && input.pin === undefined) throw new CassaError('VALIDATION', 'A new till user needs a PIN');
    const pinHash = input.pin !== undefined ? await hashPin(input.pin) : (existing?.pinHash ?? '');
    const tillUser: TillUser = { id: input.id ?? `user-${randomUUID().slice(0, 8)}`, name: input.name, role: input.role, pinHash, active: input.active };
    await admin.upsertUsers(user.organisationId, [tillUser]);
    const { pinHash: _hidden, ...view } = tillUser;
    return ok(c, view, 201);
  });

  // ── Head-office users (owners only) ─────────────────────────────────────────────────────
  app.get('/users', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const users = await ho.listUsers(user.organisationId);
    return ok(c, users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, storeIds: u.storeIds })));
  });

  app.post('/users', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const input = validate(hoUserInputSchema, await readJson(c));
    const plan = await planView(user.organisationId);
    if (plan.users >= plan.maxUsers) {
      throw new CassaError('CONFLICT', `Your ${plan.plan} plan allows ${plan.maxUsers} head-office users: remove one or change plan`, {
        limit: 'users',
        max: plan.maxUsers,
      });
    }
    const stores = new Set((await ho.listStores(user.organisationId)).map((s) => s.id));
    for (const id of input.storeIds) if (!stores.has(id)) throw new CassaError('NOT_FOUND', `No store ${id}`);
    const created: HeadOfficeUserRow = {
      organisationId: user.organisationId,
      id: `hou_${randomUUID()}`,
      email: input.email,
      name: input.name,
      passwordHash: await hashSecret(input.password),
      role: input.role,
      storeIds: input.storeIds,
      failedLogins: 0,
      lockedUntil: null,
    };
    await ho.createUser(created, now());
    return ok(c, { id: created.id, email: created.email, name: created.name, role: created.role, storeIds: created.storeIds }, 201);
  });

  app.patch('/users/:id', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const patch = validate(hoUserPatchSchema, await readJson(c));
    if (c.req.param('id') === user.id && patch.role !== undefined && patch.role !== 'owner') {
      throw new CassaError('CONFLICT', 'You cannot demote yourself: ask another owner', { reason: 'self-demote' });
    }
    if (!(await ho.updateUser(user.organisationId, c.req.param('id'), patch))) throw new CassaError('NOT_FOUND', 'No such user');
    await ho.deleteUserSessions(user.organisationId, c.req.param('id'));
    return ok(c, { updated: true });
  });

  app.delete('/users/:id', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    if (c.req.param('id') === user.id) throw new CassaError('CONFLICT', 'You cannot remove yourself', { reason: 'self-remove' });
    if (!(await ho.deleteUser(user.organisationId, c.req.param('id')))) throw new CassaError('NOT_FOUND', 'No such user');
    return ok(c, { deleted: true });
  });

  registerStockRoutes(app, { storage, now });
  registerChainSettingsRoutes(app, { storage: storage.headOffice, admin });

  return app;
}
