/**
 * @module
 * The head-office API under `/api/ho`, for the web app: sign-in, plan, dashboard (and its live
 * event stream), stores and registers, head-office users. Catalogue, till users, stock, transfers
 * and chain settings are procedures of the head-office contract (`catalogue-handlers.ts`,
 * `stock-handlers.ts`, served by `serveHeadOffice`). Every route checks the signed-in user's role
 * and store scope here, on the server.
 */
import { randomUUID } from 'node:crypto';
import {
  CassaError,
  headOfficeContract,
} from '@cassa/shared';
import type { DashboardView, HeadOfficeMe, PairingCodeResponse, SessionView, TillUser } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AdminApi } from '../admin-api';
import { sha256Hex } from '../credentials';
import { readStorableJson, validate } from '../http-support';
import type { Logger } from '../http-support';
import type { Mailer } from './smtp';
import { addDays, isValidTimeZone, localDayAndHour, DEFAULT_TIME_ZONE } from '../storage/business-day';
import type { HeadOfficeUserRow, Plan } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';
import { createClientAddress, createProxyTrust } from '../client-address';
import {
  SESSION_HOURS,
  cookiePolicy,
  csrfCheck,
  ensureCsrfCookie,
  newToken,
  requireRole,
  requireStore,
  sessionAuth,
  setSessionCookies,
  storeScope,
} from './auth';
import type { HeadOfficeEnv } from './auth';
import { decoyHash, hashSecret, verifySecret } from './passwords';
import type { SalesEvents } from './sales-events';
import { issuePasswordReset, resetLinkUrl, resetTokenHash } from './password-reset';
import { createSignInThrottle } from './sign-in-throttle';
import { catalogueHandlers, tillUserHandlers } from './catalogue-handlers';
import { chainSettingsHandlers, stockHandlers } from './stock-handlers';
import { assertOwnStores } from './user-admin';
import { DEFAULT_PLAN, PLAN_OFFERS, planHandlers, planUsage } from './plans';
import { serveHeadOffice } from './serve-head-office';

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
const hoUserInputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(80),
  role: hoRoleSchema,
  storeIds: z.array(idParam).max(500),
  password: passwordSchema,
});
const hoUserPatchSchema = z.object({ name: z.string().trim().min(1).max(80).optional(), role: hoRoleSchema.optional(), storeIds: z.array(idParam).max(500).optional() });
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
  serveHeadOffice(
    app,
    headOfficeContract,
    {
      ...planHandlers(deps),
      ...catalogueHandlers(deps),
      ...tillUserHandlers(deps),
      ...stockHandlers(deps),
      ...chainSettingsHandlers(deps),
    },
    auth,
  );

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

  return app;
}
