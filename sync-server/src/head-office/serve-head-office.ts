/**
 * @module
 * Head office's side of the one contract adapter: a procedure that is not public needs a signed-in
 * session (and the CSRF token when it writes), then the roles and store scope its declaration
 * names. Handlers receive a `HeadOfficeCall`; the services they call never see HTTP.
 */
import { CassaError } from '@cassa/shared';
import type { HeadOfficeAccess, HttpContract, HttpHandlers } from '@cassa/shared';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { readJson, readStorableJson } from '../http-support';
import type { HeadOfficeUserRow } from '../storage/head-office-storage';
import { requireOrganisationWriter, requireRole, requireStore, storeScope } from './auth';
import type { HeadOfficeEnv } from './auth';
import { serveContract } from '../http/serve-contract';

export interface HeadOfficeCall {
  /** The signed-in user; null only in a public procedure. */
  readonly user: HeadOfficeUserRow | null;
  /** For the few handlers that speak HTTP themselves: session cookies, an event stream. */
  readonly http: Context<HeadOfficeEnv>;
}

/** The signed-in user of a procedure whose access is not public. */
export function userOf(call: HeadOfficeCall): HeadOfficeUserRow {
  if (!call.user) throw new CassaError('NOT_AUTHENTICATED', 'Please sign in');
  return call.user;
}

/**
 * Procedures whose JSON body is read as sent, even with text no engine stores: the handler refuses
 * such text piece by piece (a CSV row holding a NUL is one rejected row, not a refused file).
 */
const BODIES_CHECKED_BY_HANDLER: ReadonlySet<string> = new Set(['catalogue.import']);

export type HeadOfficeHandlers<C extends HttpContract<HeadOfficeAccess>> = HttpHandlers<C, HeadOfficeCall, Response>;

/** The roles and store scope a procedure declares, for this user and input. */
export function checkAccess(user: HeadOfficeUserRow, access: HeadOfficeAccess, input: unknown): void {
  checkRoles(user, access);
  checkScope(user, access, input);
}

function checkRoles(user: HeadOfficeUserRow, access: HeadOfficeAccess): void {
  if (access.roles !== 'public') requireRole(user, ...access.roles);
  if (access.scope === 'organisation') requireOrganisationWriter(user);
  if (access.scope === 'every-store' && user.role !== 'owner' && storeScope(user) !== null) {
    throw new CassaError('NOT_AUTHORISED', 'Only users of every store may see this');
  }
}

function checkScope(user: HeadOfficeUserRow, access: HeadOfficeAccess, input: unknown): void {
  if (access.scope === 'store') {
    const storeId = (input as { storeId?: unknown }).storeId;
    if (typeof storeId !== 'string') throw new CassaError('INTERNAL', 'A store-scoped procedure needs a storeId input');
    requireStore(user, storeId);
  }
}

/** Mounts `contract` on `app`; `sessionAuth` is the middleware that sets the signed-in user. */
export function serveHeadOffice<C extends HttpContract<HeadOfficeAccess>>(
  app: Hono<HeadOfficeEnv>,
  contract: C,
  handlers: HeadOfficeHandlers<C>,
  sessionAuth: MiddlewareHandler<HeadOfficeEnv>,
): void {
  serveContract(app, contract, handlers, {
    readBody: (c, _procedure, name) => (BODIES_CHECKED_BY_HANDLER.has(name) ? readJson(c) : readStorableJson(c)),
    // Who and which role before the body is read: a viewer learns nothing from validation errors.
    authenticate: async (c, procedure) => {
      if (procedure.access.roles === 'public') return;
      await sessionAuth(c, async () => {});
      checkRoles(c.get('user'), procedure.access);
    },
    // The store scope needs the validated input (its `storeId`).
    context: (c, procedure, input): HeadOfficeCall => {
      if (procedure.access.roles === 'public') return { user: null, http: c };
      const user = c.get('user');
      checkScope(user, procedure.access, input);
      return { user, http: c };
    },
  });
}
