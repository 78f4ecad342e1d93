/**
 * @module
 * What the head-office web app and the sync server's head-office API say to each other: plain
 * types (no runtime), so the browser bundle pulls in nothing but these declarations.
 */
import type { z } from 'zod';
import type { planOfferSchema } from './contract';

export type HeadOfficeRole = 'owner' | 'manager' | 'viewer';

export interface HeadOfficeMe {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: HeadOfficeRole;
  /** Empty: every store. */
  readonly storeIds: readonly string[];
  readonly organisationId: string;
  readonly organisationName: string;
}

export interface SessionView {
  readonly user: HeadOfficeMe | null;
  /** True while the server has no head-office user at all: the first visit creates the owner. */
  readonly setupRequired: boolean;
}

/** A plan's seats: active registers and head-office users. */
export type PlanOffer = z.output<typeof planOfferSchema>;

/** The organisation's plan and the seats it uses now. */
export interface PlanView extends PlanOffer {
  readonly registers: number;
  readonly users: number;
}

export interface StoreView {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly addressLines: readonly string[];
  readonly vatNumber: string;
}

export interface RegisterView {
  readonly id: string;
  readonly storeId: string;
  readonly name: string;
  readonly pairedAt: string;
  readonly revokedAt: string | null;
  readonly lastSeenAt: string | null;
  readonly lastPullAt: string | null;
  readonly appVersion: string | null;
  readonly queueLength: number | null;
  /** Till clock minus server clock at its latest push, in ms; null before any push. */
  readonly clockSkewMs: number | null;
  readonly highWaterMark: number;
  /** Per stream: the change number the till's cursor reached, and the stream's head now. */
  readonly streams: readonly { stream: string; position: number; head: number; pulledAt: string }[];
}

export interface StoreTotals {
  readonly storeId: string;
  readonly takingsCents: number;
  readonly tickets: number;
  readonly returns: number;
  readonly voids: number;
  readonly itemsMilli: number;
}

export interface DashboardView {
  readonly from: string;
  readonly to: string;
  readonly compareFrom: string;
  readonly compareTo: string;
  readonly stores: readonly StoreTotals[];
  readonly compare: readonly StoreTotals[];
  readonly hourly: readonly { hour: number; takingsCents: number; tickets: number }[];
  readonly daily: readonly { businessDay: string; takingsCents: number; tickets: number }[];
  readonly topProducts: readonly { productId: string; description: string; quantityMilli: number; totalCents: number }[];
  readonly categories: readonly { categoryId: string; name: string; quantityMilli: number; totalCents: number }[];
  readonly payments: readonly { method: string; payments: number; amountCents: number }[];
  readonly vat: readonly { businessDay: string; vatCode: string; grossCents: number; netCents: number; vatCents: number }[];
  readonly registers: readonly { id: string; name: string; storeId: string }[];
  readonly cashiers: readonly { id: string; name: string }[];
}

export interface HeadOfficeUserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: HeadOfficeRole;
  readonly storeIds: readonly string[];
}

/**
 * A pushed op head office flagged or set aside: business problems (an unknown variant, sums that
 * do not add up, a date far from the server's clock, a break in the audit chain) on a stored
 * record, or a record the server could not store at all (`setAside`, kept whole in `payload`).
 */
export interface ProblemRecordView {
  readonly deviceId: string;
  readonly seq: number;
  readonly recordType: string;
  readonly recordId: string;
  readonly problems: readonly string[];
  readonly receivedAt: string;
  readonly setAside: boolean;
  /** The op's record as JSON text, only for a set-aside op. */
  readonly payload: string | null;
}

/** Head office's view of one register's audit chain: the last entry it holds and the breaks it saw. */
export interface AuditHeadView {
  readonly deviceId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly entries: number;
  readonly breaks: number;
  readonly updatedAt: string;
}

export * from './access';
export * from './contract';
