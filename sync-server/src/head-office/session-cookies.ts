/**
 * @module
 * The HTTP side of head-office sessions: the session token in an HttpOnly cookie, the CSRF token
 * in a readable one (`auth.ts` names them and sets their flags). Handlers call this with the
 * request's context; the sessions service behind it never sees HTTP.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { HeadOfficeUserRow } from '../storage/head-office-storage';
import { ensureCsrfCookie, newToken, setSessionCookies } from './auth';
import type { CookiePolicy } from './auth';
import type { Sessions } from './services/sessions';

export interface SessionCookies {
  /** Signs `user` in on this browser: a new session in place of the one it presented. */
  start(c: Context, user: Pick<HeadOfficeUserRow, 'organisationId' | 'id'>): Promise<void>;
  /** Signs this browser out: its session ends, its cookie is cleared, a fresh CSRF token is set. */
  end(c: Context): Promise<void>;
  /** This browser's signed-in user, and the CSRF token its page must echo (set now if missing). */
  current(c: Context): Promise<{ user: HeadOfficeUserRow | null; csrfToken: string }>;
}

export function sessionCookies(policy: CookiePolicy, sessions: Sessions): SessionCookies {
  return {
    async start(c, user) {
      const { token, csrfToken } = await sessions.start(user, getCookie(c, policy.session));
      setSessionCookies(c, policy, token, csrfToken);
    },
    async end(c) {
      await sessions.end(getCookie(c, policy.session));
      setSessionCookies(c, policy, null, newToken());
    },
    async current(c) {
      const cookieCsrf = ensureCsrfCookie(c, policy);
      const session = await sessions.find(getCookie(c, policy.session));
      return { user: session?.user ?? null, csrfToken: session?.csrfToken ?? cookieCsrf };
    },
  };
}
