/**
 * @module
 * What a paired till asks head office about the rest of the chain while it is online: reserving
 * a voucher, store credit or points before a payment, an account's balance and history, a
 * product's stock in the other stores, and a customer's purchases anywhere. Every one of these is
 * optional to the till: when head office does not answer in time it goes on with what it holds.
 */
import { z } from 'zod';
import { idSchema, isoTimestampSchema } from '../records/catalogue';
import {
  ledgerAccountIdSchema,
  ledgerAuthorisationSchema,
  ledgerEntryReasonSchema,
  ledgerKindSchema,
} from '../records/chain-records';
import { boundedCentsSchema, text } from '../records/limits';

/**
 * A reservation's id is chosen by the till, so a request repeated after a lost answer is the same
 * reservation (never two holds); head office refuses an id another register already used.
 */
export const ledgerReserveRequestSchema = z.object({
  reservationId: idSchema,
  kind: ledgerKindSchema,
  account: ledgerAccountIdSchema,
  /** Cents (points for `points`) to hold: always positive. */
  amount: boundedCentsSchema.refine((n) => n > 0, 'reserve a positive amount'),
});
export type LedgerReserveRequest = z.infer<typeof ledgerReserveRequestSchema>;

export const ledgerReserveResponseSchema = z.object({
  reservationId: idSchema,
  /** `granted`: held until the sale's entry settles it or it lapses; `insufficient`: not enough is free. */
  outcome: z.enum(['granted', 'insufficient', 'unknown-account']),
  balance: z.number().int().safe(),
  /** Held for other reservations, not counting this one. */
  heldByOthers: z.number().int().nonnegative().safe(),
  /** What could be reserved now: balance minus every other hold, never below zero. */
  available: z.number().int().nonnegative().safe(),
  /** When the hold lapses if nothing settles or releases it (granted only). */
  expiresAt: isoTimestampSchema.nullable(),
});
export type LedgerReserveResponse = z.infer<typeof ledgerReserveResponseSchema>;

export const ledgerEntryViewSchema = z.object({
  id: z.string(),
  amount: z.number().int().safe(),
  reason: ledgerEntryReasonSchema,
  authorisation: ledgerAuthorisationSchema,
  storeId: z.string(),
  storeName: z.string(),
  deviceId: z.string(),
  saleId: z.string().nullable(),
  /** The sale's printed number (zzzz-nnnn) when head office holds the sale. */
  documentNumber: z.string().nullable(),
  /** Who approved it, by name (their id when head office does not know the person). */
  approvedBy: z.string().nullable(),
  overspend: z.boolean(),
  at: z.string(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

export const ledgerAccountViewSchema = z.object({
  kind: ledgerKindSchema,
  account: z.string(),
  balance: z.number().int().safe(),
  held: z.number().int().nonnegative().safe(),
  offlineLimit: z.number().int().nonnegative().safe(),
  customerId: z.string().nullable(),
  overspent: z.boolean(),
  /** Newest first, at most 200. */
  entries: z.array(ledgerEntryViewSchema),
});
export type LedgerAccountView = z.infer<typeof ledgerAccountViewSchema>;

export const otherStoresStockSchema = z.object({
  variantId: z.string(),
  /** Every store of the organisation with a stock row for the variant, this one included. */
  stores: z.array(z.object({ storeId: z.string(), storeName: z.string(), onHandMilli: z.number().int() })),
  asOf: isoTimestampSchema,
});
export type OtherStoresStock = z.infer<typeof otherStoresStockSchema>;

export const chainCustomerSaleSchema = z.object({
  saleId: z.string(),
  kind: z.enum(['sale', 'return', 'post-void']),
  storeId: z.string(),
  storeName: z.string(),
  documentNumber: z.string(),
  completedAt: z.string(),
  totalCents: z.number().int(),
});
export type ChainCustomerSale = z.infer<typeof chainCustomerSaleSchema>;

export const chainCustomerHistorySchema = z.object({
  /** The customer asked for, or the one it was merged into. */
  customerId: z.string(),
  /** Newest first, at most 200, from every store. */
  sales: z.array(chainCustomerSaleSchema),
});
export type ChainCustomerHistory = z.infer<typeof chainCustomerHistorySchema>;

/** A path segment naming a ledger account. */
export const ledgerAccountPathSchema = z.object({ kind: ledgerKindSchema, account: text().min(1).max(64) });
