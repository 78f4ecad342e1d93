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
import type { HeadOfficeChange, HeadOfficeMe, SessionView, TillUser } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AdminApi } from '../admin-api';
import { sha256Hex } from '../credentials';
import { readJson, readStorableJson, validate } from '../http-support';
import type { Logger } from '../http-support';
import type { Mailer } from './smtp';
import type { HeadOfficeUserRow, Plan } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';
import { createClientAddress, createProxyTrust } from '../client-address';
import {
  SESSION_HOURS,
  cookiePolicy,
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
import { issuePasswordReset, resetLinkUrl, resetTokenHash } from './password-reset';
import { createSignInThrottle } from './sign-in-throttle';
import { importCatalogueCsv } from './catalogue-import';
import { registerChainSettingsRoutes } from './chain-settings-routes';
import { registerStockRoutes } from './stock-routes';
import { assertOwnStores } from './user-admin';
import { DEFAULT_PLAN, PLAN_OFFERS, planHandlers, planUsage } from './plans';
import { serveHeadOffice } from './serve-head-office';
import { storeHandlers } from './store-handlers';

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

/** Sign-in tries at most this many organisations' accounts for one email (each try is a slow hash). */
const MAX_ACCOUNTS_PER_EMAIL = 5;
const emailSchema = z.string().trim().toLowerCase().email().max(200);
const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);
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
const tillUserInputSchema = z.object({
  id: idParam.optional(),
  name: z.string().trim().min(1).max(80),
  role: roleSchema,
  pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits').optional(),
  active: z.boolean(),
  /** The stores whose registers get this user; empty: every store; absent on an edit: unchanged. */
  storeIds: z.array(idParam).max(500).optional(),
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
  const throttle = createSignInThrottle({ storage, now, maxFailuresPerAddress: deps.loginAttemptsPerWindow ?? 30 });
  const clientAddress = deps.clientAddress ?? createClientAddress(createProxyTrust([]));
  const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ ok: true as const, data }, status);
  const cookies = cookiePolicy(deps.publicUrl);
  const auth = sessionAuth(storage, now, cookies);

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', csrfCheck(cookies));

  async function startSession(c: Context, user: HeadOfficeUserRow): Promise<void> {
    // A new id at every sign-in: a session id planted before sign-in is worth nothing after it.
    const presented = getCookie(c, cookies.session);
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
    setSessionCookies(c, cookies, token, csrf);
  }

  async function organisationName(id: string): Promise<string> {
    return (await storage.getOrganisation(id))?.name ?? id;
  }

  const planView = (organisationId: string) => planUsage(ho, organisationId, deps.defaultPlan);

  // ── Session ──────────────────────────────────────────────────────────────────────────────
  app.get('/session', async (c) => {
    const csrfToken = ensureCsrfCookie(c, cookies);
    const setupRequired = (await ho.countAllUsers()) === 0;
    const token = getCookie(c, cookies.session);
    const session = token ? await ho.getSession(sha256Hex(token), now()) : null;
    const user = session ? await ho.getUser(session.organisationId, session.userId) : null;
    const view: SessionView & { csrfToken: string; resetByEmail: boolean } = {
      user: user ? meOf(user, await organisationName(user.organisationId)) : null,
      setupRequired,
      csrfToken: session?.csrfToken ?? csrfToken,
      resetByEmail: deps.mailer !== undefined,
    };
    return ok(c, view);
  });

  app.get('/setup-token/:token', async (c) => {
    const found = await ho.peekSetupToken(sha256Hex(c.req.param('token')), now());
    if (!found) throw new CassaError('NOT_FOUND', 'This setup link is unknown, used or expired');
    return ok(c, found);
  });

  app.post('/setup', async (c) => {
    const input = validate(setupSchema, await readStorableJson(c));
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
    const input = validate(loginSchema, await readStorableJson(c));
    const address = clientAddress(c);
    const account = `login:${input.email}`;
    await throttle.check(address, account);
    const user = await matchingAccount(input.email, input.password);
    if (!user) {
      await throttle.recordFailure(address, account);
      throw new CassaError('NOT_AUTHENTICATED', 'Wrong email or password', { reason: 'credentials' });
    }
    await throttle.recordSuccess(address, account);
    await startSession(c, user);
    return ok(c, meOf(user, await organisationName(user.organisationId)));
  });

  /**
   * The account this email and password open. An email may have an account in several
   * organisations: the first whose password matches wins. An unknown email costs the same hash as
   * a known one, and every failure answers alike, so nobody learns which emails have accounts.
   */
  async function matchingAccount(email: string, password: string): Promise<HeadOfficeUserRow | null> {
    const candidates = await ho.findUsersByEmail(email, MAX_ACCOUNTS_PER_EMAIL);
    if (candidates.length === 0) {
      await verifySecret(password, await decoyHash());
      return null;
    }
    for (const candidate of candidates) if (await verifySecret(password, candidate.passwordHash)) return candidate;
    return null;
  }

  // ── Password reset by a one-time link (made by an owner or the server's CLI) ─────────────
  app.get('/password-reset/:token', async (c) => {
    const user = await ho.peekPasswordReset(resetTokenHash(c.req.param('token')), now());
    if (!user) throw new CassaError('NOT_FOUND', 'This reset link is unknown, used or expired: ask an owner for a new one');
    return ok(c, { email: user.email });
  });

  /**
   * "Forgot password": mails a one-time link to each account with that email. Answers the same
   * whether or not an account exists, and before any mail is sent (no timing either); every
   * request counts like a wrong password, so nobody can flood an inbox.
   */
  app.post('/password-reset/request', async (c) => {
    const mailer = deps.mailer;
    if (!mailer) throw new CassaError('NOT_FOUND', 'This server sends no email: ask an owner for a reset link');
    const { email } = validate(z.object({ email: emailSchema }), await readStorableJson(c));
    const address = clientAddress(c);
    const account = `reset-mail:${email}`;
    await throttle.check(address, account);
    await throttle.recordFailure(address, account);
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    void mailResetLinks(mailer, email, base).catch((error: unknown) => deps.log?.('Could not mail a password reset link', error));
    return ok(c, { requested: true });
  });

  async function mailResetLinks(mailer: Mailer, email: string, base: string): Promise<void> {
    for (const user of await ho.findUsersByEmail(email, MAX_ACCOUNTS_PER_EMAIL)) {
      const { token, expiresAt } = await issuePasswordReset(ho, user, now());
      const organisation = await organisationName(user.organisationId);
      await mailer({
        to: user.email,
        subject: `Cassa: nuova password / new password (${organisation})`,
        text: [
          `Per scegliere una nuova password per la sede di ${organisation}, apri questo link (vale una volta, fino a ${expiresAt}):`,
          `To choose a new head-office password for ${organisation}, open this link (works once, until ${expiresAt}):`,
          '',
          resetLinkUrl(base, token),
          '',
          'Se non sei stato tu, ignora questa email. / If this was not you, ignore this email.',
        ].join('\n'),
      });
    }
  }

  app.post('/password-reset', async (c) => {
    const input = validate(z.object({ token: z.string().min(1).max(200), newPassword: passwordSchema }), await readStorableJson(c));
    const user = await ho.redeemPasswordReset(resetTokenHash(input.token), await hashSecret(input.newPassword), now());
    if (!user) throw new CassaError('NOT_FOUND', 'This reset link is unknown, used or expired: ask an owner for a new one');
    await startSession(c, user);
    return ok(c, meOf(user, await organisationName(user.organisationId)));
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, cookies.session);
    if (token) await ho.deleteSession(sha256Hex(token));
    setSessionCookies(c, cookies, null, newToken());
    return ok(c, { signedOut: true });
  });

  // Every procedure of the contract, each checking its own access.
  serveHeadOffice(app, headOfficeContract, { ...planHandlers(deps), ...storeHandlers(deps) }, auth);

  // Everything below needs a session.
  app.use('*', auth);

  app.get('/plan', async (c) => ok(c, await planView(c.get('user').organisationId)));

  app.post('/plan', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const { plan } = validate(z.object({ plan: z.string().min(1).max(40) }), await readStorableJson(c));
    const offer = PLAN_OFFERS.find((p) => p.plan === plan);
    if (!offer) throw new CassaError('NOT_FOUND', `No plan called ${plan}: choose one of ${PLAN_OFFERS.map((p) => p.plan).join(', ')}`);
    await ho.changePlan(user.organisationId, offer);
    return ok(c, await planView(user.organisationId));
  });

  app.post('/password', async (c) => {
    const user = c.get('user');
    const input = validate(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }), await readStorableJson(c));
    // A stolen session must not become unlimited guesses at the password behind it.
    const address = clientAddress(c);
    const account = `password:${user.organisationId}:${user.id}`;
    await throttle.check(address, account);
    if (!(await verifySecret(input.currentPassword, user.passwordHash))) {
      await throttle.recordFailure(address, account);
      throw new CassaError('NOT_AUTHENTICATED', 'The current password is wrong', { reason: 'current-password' });
    }
    await throttle.recordSuccess(address, account);
    await ho.updateUser(user.organisationId, user.id, { passwordHash: await hashSecret(input.newPassword) });
    // Every other session of this user ends; this one gets a new id.
    await ho.deleteUserSessions(user.organisationId, user.id);
    await startSession(c, user);
    return ok(c, { changed: true });
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
    const input = validate(hoUserInputSchema, await readStorableJson(c));
    const plan = await planView(user.organisationId);
    if (plan.users >= plan.maxUsers) {
      throw new CassaError('CONFLICT', `Your ${plan.plan} plan allows ${plan.maxUsers} head-office users: remove one or change plan`, {
        limit: 'users',
        max: plan.maxUsers,
      });
    }
    await assertOwnStores(ho, user.organisationId, input.storeIds);
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
    const patch = validate(hoUserPatchSchema, await readStorableJson(c));
    if (c.req.param('id') === user.id && patch.role !== undefined && patch.role !== 'owner') {
      throw new CassaError('CONFLICT', 'You cannot demote yourself: ask another owner', { reason: 'self-demote' });
    }
    if (patch.storeIds !== undefined) await assertOwnStores(ho, user.organisationId, patch.storeIds);
    if (!(await ho.updateUser(user.organisationId, c.req.param('id'), patch))) throw new CassaError('NOT_FOUND', 'No such user');
    await ho.deleteUserSessions(user.organisationId, c.req.param('id'));
    return ok(c, { updated: true });
  });

  app.post('/users/:id/password-reset', async (c) => {
    const user = c.get('user');
    requireRole(user, 'owner');
    const target = await ho.getUser(user.organisationId, c.req.param('id'));
    if (!target) throw new CassaError('NOT_FOUND', 'No such user');
    const { token, expiresAt } = await issuePasswordReset(ho, target, now());
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return ok(c, { url: resetLinkUrl(base, token), expiresAt, email: target.email }, 201);
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
