/**
 * @module
 * The account procedures of the head-office contract (session, setup, sign-in, password resets,
 * one's own password) and the owners' management of head-office users, each adapting the
 * contract to a service. Only here does HTTP show: cookies, the client's address, the origin.
 */
import type { accountContract, usersContract } from '@cassa/shared';
import type { Context } from 'hono';
import { createClientAddress, createProxyTrust } from '../client-address';
import type { CookiePolicy } from './auth';
import type { HeadOfficeDeps } from './routes';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createHeadOfficeUsers } from './services/head-office-users';
import { createPasswordResets } from './services/password-resets';
import { createPlans } from './services/plans';
import { createSessions } from './services/sessions';
import { createSignIn, describeUser } from './services/sign-in';
import { sessionCookies } from './session-cookies';
import { createSignInThrottle } from './sign-in-throttle';

/** Where links in mail and on screen point: the public address, else the one this request came to. */
function linkBase(deps: HeadOfficeDeps, c: Context): string {
  return deps.publicUrl ?? new URL(c.req.url).origin;
}

/** The account services over one storage, clock and sign-in throttle. */
export function accountServices(deps: HeadOfficeDeps) {
  const { storage, now } = deps;
  const throttle = createSignInThrottle({ storage, now, maxFailuresPerAddress: deps.loginAttemptsPerWindow ?? 30 });
  const plans = createPlans({ ho: storage.headOffice, defaultPlan: deps.defaultPlan });
  return {
    plans,
    signIn: createSignIn({ storage, admin: deps.admin, plans, throttle, now }),
    resets: createPasswordResets({ storage, throttle, now, mailer: deps.mailer, log: deps.log }),
    users: createHeadOfficeUsers({ ho: storage.headOffice, plans, now }),
    sessions: createSessions({ ho: storage.headOffice, now }),
  };
}

export type AccountServices = ReturnType<typeof accountServices>;

export function accountHandlers(deps: HeadOfficeDeps, services: AccountServices, cookies: CookiePolicy): HeadOfficeHandlers<typeof accountContract> {
  const { storage } = deps;
  const { signIn, resets } = services;
  const clientAddress = deps.clientAddress ?? createClientAddress(createProxyTrust([]));
  const session = sessionCookies(cookies, services.sessions);

  return {
    'session.get': async (_input, call) => {
      const { user, csrfToken } = await session.current(call.http);
      return {
        user: user ? await describeUser(storage, user) : null,
        setupRequired: await signIn.setupRequired(),
        csrfToken,
        resetByEmail: resets.byEmail,
      };
    },
    'session.peekSetupToken': ({ token }) => signIn.peekSetupToken(token),
    'session.setup': async (input, call) => {
      const user = await signIn.setup(input);
      await session.start(call.http, user);
      return describeUser(storage, user);
    },
    'session.login': async (input, call) => {
      const user = await signIn.login(input, clientAddress(call.http));
      await session.start(call.http, user);
      return describeUser(storage, user);
    },
    'session.logout': async (_input, call) => {
      await session.end(call.http);
      return { signedOut: true };
    },
    'passwordReset.peek': ({ token }) => resets.peek(token),
    'passwordReset.request': async ({ email }, call) => {
      await resets.request(email, clientAddress(call.http), linkBase(deps, call.http));
      return { requested: true };
    },
    'passwordReset.redeem': async ({ token, newPassword }, call) => {
      const user = await resets.redeem(token, newPassword);
      await session.start(call.http, user);
      return describeUser(storage, user);
    },
    'account.changePassword': async (input, call) => {
      const user = userOf(call);
      await signIn.changePassword(user, input, clientAddress(call.http));
      // Every other session ended with the change; this browser gets a new one.
      await session.start(call.http, user);
      return { changed: true };
    },
  };
}

export function usersHandlers(deps: HeadOfficeDeps, services: AccountServices): HeadOfficeHandlers<typeof usersContract> {
  const { users, resets } = services;

  return {
    'users.list': (_input, call) => users.list(userOf(call).organisationId),
    'users.create': (input, call) => users.create(userOf(call), input),
    'users.update': async ({ id, ...patch }, call) => {
      await users.update(userOf(call), id, patch);
      return { updated: true };
    },
    'users.issuePasswordReset': ({ id }, call) => resets.issueFor(userOf(call).organisationId, id, linkBase(deps, call.http)),
    'users.remove': async ({ id }, call) => {
      await users.remove(userOf(call), id);
      return { deleted: true };
    },
  };
}
