/**
 * @module
 * Who may call a head-office procedure: the roles, and how the signed-in user's store list limits
 * it. The server's adapter enforces both before a handler runs; the OpenAPI document prints them.
 */
import type { HeadOfficeRole } from './contract/account';

export type HeadOfficeScope =
  /** No session needed (sign-in, setup, a reset link) or no store involved. */
  | 'none'
  /** Any store list: the handler shows only the user's stores. */
  | 'own-stores'
  /** The input's `storeId` must be one of the user's stores. */
  | 'store'
  /** Organisation-wide data: a user limited to some stores may not, unless an owner. */
  | 'organisation'
  /** Reading what belongs to every store (the sales channels): any listed role, but not a user limited to some stores. */
  | 'every-store';

export interface HeadOfficeAccess {
  /** `public`: no session; otherwise the signed-in user's role must be one of these. */
  readonly roles: 'public' | readonly HeadOfficeRole[];
  readonly scope: HeadOfficeScope;
}

export const publicAccess: HeadOfficeAccess = { roles: 'public', scope: 'none' };
/** Anyone signed in; what they see is limited to their stores. */
export const signedIn: HeadOfficeAccess = { roles: ['owner', 'manager', 'viewer'], scope: 'own-stores' };
export const ownersOnly: HeadOfficeAccess = { roles: ['owner'], scope: 'none' };
/** Catalogue, till users, chain settings: owners, and managers of every store. */
export const organisationWriters: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'organisation' };
/** A change to one store (its registers, stock): owners, and managers of that store. */
export const storeWriters: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'store' };
