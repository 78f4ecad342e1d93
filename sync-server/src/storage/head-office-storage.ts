/**
 * @module
 * Head office's own tables over SqlDatabase: head-office users and sessions, setup tokens,
 * subscription plans, what registers report about themselves, and the dashboard's reads from
 * the pre-aggregated daily and hourly tables. Every read and write is filtered by organisation.
 * Each concern is its own module under ./head-office/; this file declares the one interface
 * callers see and composes them into it.
 */
import type { DashboardView, HeadOfficeRole, RegisterView, StockRowView, StoreTotals, StoreView } from '@cassa/shared';
import type { SqlDatabase } from './sql-database';
import { createDashboardReads, variantLabel } from './head-office/dashboard-reads';
import { createFiscalReads } from './head-office/fiscal-reads';
import type { FiscalReads } from './head-office/fiscal-reads';
import { createOneTimeLinkStorage } from './head-office/one-time-links';
import { assertRegisterSeat, createPlanStorage } from './head-office/plans';
import { createRegisterStorage } from './head-office/registers';
import { createSignInStorage } from './head-office/sign-in';
import { createHeadOfficeUsers } from './head-office/users';

export { assertRegisterSeat, variantLabel };

export interface HeadOfficeUserRow {
  readonly organisationId: string;
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly role: HeadOfficeRole;
  readonly storeIds: readonly string[];
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

export interface SessionRow {
  readonly organisationId: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface Plan {
  readonly plan: string;
  readonly maxRegisters: number;
  readonly maxUsers: number;
}

export interface DashboardFilter {
  readonly from: string;
  readonly to: string;
  /** null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
  readonly deviceId?: string;
  readonly cashierId?: string;
}

export type DashboardData = Omit<DashboardView, 'compare' | 'compareFrom' | 'compareTo' | 'categories' | 'registers' | 'cashiers' | 'channels'> & {
  readonly categoryTotals: readonly { categoryId: string; quantityMilli: number; totalCents: number }[];
};

export interface StockQuery {
  /** null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
  readonly search?: string;
  readonly atMostMilli?: number;
}

/** A register as storage knows it; the service adds its fiscal device's view (warnings need the clock). */
export type RegisterRow = Omit<RegisterView, 'fiscal'>;

export interface HeadOfficeStorage extends FiscalReads {
  countAllUsers(): Promise<number>;
  /** The organisation's id when the database holds exactly one and it has no head-office user. */
  soleOrganisationWithoutUsers(): Promise<string | null>;
  countUsers(organisationId: string): Promise<number>;
  createUser(user: Omit<HeadOfficeUserRow, 'failedLogins' | 'lockedUntil'>, now: Date): Promise<void>;
  /** The oldest account with this email (an email may have one account per organisation). */
  findUserByEmail(email: string): Promise<HeadOfficeUserRow | null>;
  /** Every account with this email, oldest first (at most `limit`). */
  findUsersByEmail(email: string, limit: number): Promise<HeadOfficeUserRow[]>;
  getUser(organisationId: string, id: string): Promise<HeadOfficeUserRow | null>;
  listUsers(organisationId: string): Promise<HeadOfficeUserRow[]>;
  updateUser(organisationId: string, id: string, patch: { name?: string; role?: HeadOfficeRole; storeIds?: readonly string[]; passwordHash?: string }): Promise<boolean>;
  deleteUser(organisationId: string, id: string): Promise<boolean>;
  /** Failures (wrong passwords) recorded under a key since `since`: how many, and the latest. */
  countFailures(keyHash: string, since: Date): Promise<{ count: number; latest: Date | null }>;
  /** Records one failure under each key and forgets every failure older than `since`. */
  recordFailures(keyHashes: readonly string[], now: Date, since: Date): Promise<void>;
  clearFailures(keyHash: string): Promise<void>;

  createSession(input: { tokenHash: string; organisationId: string; userId: string; csrfToken: string; now: Date; expiresAt: Date }): Promise<void>;
  getSession(tokenHash: string, now: Date): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(organisationId: string, userId: string): Promise<void>;

  createSetupToken(input: { tokenHash: string; email: string; organisationId: string | null; expiresAt: Date }): Promise<void>;
  /** Uses the token once; null when unknown, used or expired. */
  redeemSetupToken(tokenHash: string, now: Date): Promise<{ email: string; organisationId: string | null } | null>;
  peekSetupToken(tokenHash: string, now: Date): Promise<{ email: string } | null>;

  /** A new reset link for a user; any earlier unused one of theirs stops working. */
  createPasswordReset(input: { tokenHash: string; organisationId: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user a live (unused, unexpired) reset link is for; null otherwise. */
  peekPasswordReset(tokenHash: string, now: Date): Promise<HeadOfficeUserRow | null>;
  /** Uses the link once and sets the new password hash; the user, or null when unknown, used or expired. */
  redeemPasswordReset(tokenHash: string, passwordHash: string, now: Date): Promise<HeadOfficeUserRow | null>;

  getPlan(organisationId: string): Promise<Plan | null>;
  setPlan(organisationId: string, plan: Plan): Promise<void>;
  /**
   * The owner's own change of plan: refused (CONFLICT) when the organisation already uses more
   * registers or head-office users than the new plan allows, checked in the same transaction as
   * the change so a pairing cannot slip in between.
   */
  changePlan(organisationId: string, plan: Plan): Promise<void>;
  activeRegisterCount(organisationId: string): Promise<number>;

  listStores(organisationId: string): Promise<StoreView[]>;
  setStoreTimeZone(organisationId: string, storeId: string, timeZone: string): Promise<void>;
  listRegisters(organisationId: string): Promise<RegisterRow[]>;
  renameRegister(organisationId: string, deviceId: string, name: string): Promise<boolean>;
  recordDeviceReport(organisationId: string, deviceId: string, report: { clockSkewMs?: number; appVersion?: string; queueLength?: number }): Promise<void>;
  recordDevicePull(organisationId: string, deviceId: string, stream: string, changeNo: number, now: Date): Promise<void>;

  /** Live head-office rows of one entity (products, categories, users, store prices), as stored. */
  readRows(organisationId: string, entity: string): Promise<unknown[]>;
  dashboard(organisationId: string, filter: DashboardFilter): Promise<DashboardData>;
  storeTotals(organisationId: string, filter: DashboardFilter): Promise<StoreTotals[]>;
  /**
   * On hand per variant per store, lowest first (at most 2000 rows). `search` matches a product
   * name, SKU or barcode (case-insensitive); `atMostMilli` keeps the rows at or below it.
   */
  stock(organisationId: string, query: StockQuery): Promise<StockRowView[]>;
}

export function createHeadOfficeStorage(db: SqlDatabase): HeadOfficeStorage {
  return {
    ...createHeadOfficeUsers(db),
    ...createSignInStorage(db),
    ...createOneTimeLinkStorage(db),
    ...createPlanStorage(db),
    ...createRegisterStorage(db),
    ...createDashboardReads(db),
    ...createFiscalReads(db),
  };
}
