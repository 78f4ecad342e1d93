/**
 * @module
 * Head-office sign-in: sessions in HttpOnly SameSite=Strict cookies (Secure over https), a new
 * session id at every sign-in (no fixation), a double-submit CSRF token on every state-changing
 * request. Wrong passwords are slowed down in `sign-in-throttle.ts` (never a lockout).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { HeadOfficeRole } from '@cassa/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { sha256Hex } from '../credentials';
import type { HeadOfficeUserRow } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';

export const SESSION_COOKIE = 'cassa_ho';
export const CSRF_COOKIE = 'cassa_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_HOURS = 12;

export type HeadOfficeEnv = { Variables: { user: HeadOfficeUserRow; sessionHash: string } };

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * Cookie names and the Secure flag. With an https `CASSA_PUBLIC_URL` the cookies are always
 * Secure and carry the `__Host-` prefix (the browser then refuses them over http, from a
 * subdomain or with another path), whatever the proxy in front says; without it, Secure follows
 * the request's scheme or X-Forwarded-Proto.
 */
export interface CookiePolicy {
  readonly session: string;
  readonly csrf: string;
  secure(c: Context): boolean;
}

export function cookiePolicy(publicUrl: string | undefined): CookiePolicy {
  if (publicUrl !== undefined && new URL(publicUrl).protocol === 'https:') {
    return { session: `__Host-${SESSION_COOKIE}`, csrf: `__Host-${CSRF_COOKIE}`, secure: () => true };
  }
  return { session: SESSION_COOKIE, csrf: CSRF_COOKIE, secure: isHttps };
}

export function setSessionCookies(c: Context, policy: CookiePolicy, session: string | null, csrf: string): void {
  const secure = policy.secure(c);
  if (session === null) setCookie(c, policy.session, '', { path: '/', httpOnly: true, sameSite: 'Strict', secure, maxAge: 0 });
  else setCookie(c, policy.session, session, { path: '/', httpOnly: true, sameSite: 'Strict', secure, maxAge: SESSION_HOURS * 3600 });
  // Readable by our own page (it sends it back in a header); a cross-site page can neither read it nor set the header.
  setCookie(c, policy.csrf, csrf, { path: '/', httpOnly: false, sameSite: 'Strict', secure });
}

export function ensureCsrfCookie(c: Context, policy: CookiePolicy): string {
  const existing = getCookie(c, policy.csrf);
  if (existing && existing.length >= 32) return existing;
  const csrf = newToken();
  setCookie(c, policy.csrf, csrf, { path: '/', httpOnly: false, sameSite: 'Strict', secure: policy.secure(c) });
  return csrf;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(sha256Hex(a), 'hex');
  const y = Buffer.from(sha256Hex(b), 'hex');
  return timingSafeEqual(x, y);
}

/** Every request that changes something must echo the CSRF cookie in the header. */
export const csrfCheck = (policy: CookiePolicy): MiddlewareHandler => async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const header = c.req.header(CSRF_HEADER) ?? '';
    const cookie = getCookie(c, policy.csrf) ?? '';
    if (header.length < 32 || cookie.length < 32 || !same(header, cookie)) {
      throw new CassaError('NOT_AUTHORISED', 'Missing or wrong CSRF token: reload the page');
    }
  }
  await next();
};

export function sessionAuth(storage: SyncStorage, now: () => Date, policy: CookiePolicy): MiddlewareHandler<HeadOfficeEnv> {
  return async (c, next) => {
    const token = getCookie(c, policy.session);
    if (!token) throw new CassaError('NOT_AUTHENTICATED', 'Please sign in');
    const sessionHash = sha256Hex(token);
    const session = await storage.headOffice.getSession(sessionHash, now());
    if (!session) throw new CassaError('NOT_AUTHENTICATED', 'Your session has ended: please sign in again');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !same(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)) {
      throw new CassaError('NOT_AUTHORISED', 'Missing or wrong CSRF token: reload the page');
    }
    const user = await storage.headOffice.getUser(session.organisationId, session.userId);
    if (!user) throw new CassaError('NOT_AUTHENTICATED', 'Please sign in');
    c.set('user', user);
    c.set('sessionHash', sessionHash);
    await next();
  };
}

// ── Roles and store scope, checked on the server for every call ─────────────────────────────────

export function requireRole(user: HeadOfficeUserRow, ...roles: HeadOfficeRole[]): void {
  if (!roles.includes(user.role)) throw new CassaError('NOT_AUTHORISED', `This needs one of: ${roles.join(', ')}`);
}

/** null: every store. */
export function storeScope(user: HeadOfficeUserRow): readonly string[] | null {
  return user.storeIds.length === 0 ? null : user.storeIds;
}

export function requireStore(user: HeadOfficeUserRow, storeId: string): void {
  const scope = storeScope(user);
  if (scope !== null && !scope.includes(storeId)) throw new CassaError('NOT_AUTHORISED', `You may not see store ${storeId}`);
}

/** Organisation-wide data (catalogue, till users): owners and managers of every store. */
export function requireOrganisationWriter(user: HeadOfficeUserRow): void {
  requireRole(user, 'owner', 'manager');
  if (user.role !== 'owner' && storeScope(user) !== null) {
    throw new CassaError('NOT_AUTHORISED', 'Only managers of every store may change organisation-wide data');
  }
}
