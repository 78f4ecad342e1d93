/**
 * @module
 * What every till of a chain shares beyond the catalogue: the ledgers behind vouchers,
 * gift cards, store credit and loyalty points, and the stock transfers a store is sent (customers
 * are `chainCustomerSchema`, beside the till's customer record).
 *
 * A ledger is a list of entries; a balance is their sum, so two tills that each add an entry
 * offline can never overwrite one another: head office keeps both, once each (entries are keyed by
 * the id the till gave them), and a balance below zero is the visible result of an overspend,
 * never a refused sale.
 */
import { z } from 'zod';
import { idSchema, isoTimestampSchema } from './catalogue';
import { boundedCentsSchema, boundedQuantitySchema, text } from './limits';

/**
 * `voucher`: a gift card or voucher, its account is the printed code (V-XXXX-XXXX);
 * `store-credit`: a customer's credit, its account is the customer id;
 * `points`: a customer's loyalty points, its account is the customer id, amounts are points.
 */
export const ledgerKindSchema = z.enum(['voucher', 'store-credit', 'points']);
export type LedgerKind = z.infer<typeof ledgerKindSchema>;

/** A ledger account's identity: a voucher's code or a customer's id. */
export const ledgerAccountIdSchema = text().min(1).max(64);

/**
 * Why an entry exists. `issue`: a gift card sold or a voucher given; `spend`: paid with;
 * `refund`: given back (a return to store credit, or a spend undone by a return); `earn` and
 * `redeem`: loyalty points; `adjust`: a person at head office corrected it; `merge`: moved from a
 * customer merged into another.
 */
export const ledgerEntryReasonSchema = z.enum(['issue', 'spend', 'refund', 'earn', 'redeem', 'adjust', 'merge']);
export type LedgerEntryReason = z.infer<typeof ledgerEntryReasonSchema>;

/**
 * How the till was allowed to draw on the account: `reserved` at head office before the payment
 * (the reservation's id travels with it so head office settles it), `offline` within the till's
 * own allowance (the last balance it knew minus what it already spent offline, capped by the
 * account's offline limit), or `credit` for an entry that adds to the account.
 */
export const ledgerAuthorisationSchema = z.enum(['reserved', 'offline', 'credit']);
export type LedgerAuthorisation = z.infer<typeof ledgerAuthorisationSchema>;

/** One ledger entry as a till makes it and sends it up through the outbox (type `ledger-entry`). */
export const ledgerEntryRecordSchema = z.object({
  id: idSchema,
  kind: ledgerKindSchema,
  account: ledgerAccountIdSchema,
  /** Cents (points for `points`): positive adds to the account, negative draws on it. Never zero. */
  amount: boundedCentsSchema.refine((n) => n !== 0, 'an entry moves something'),
  reason: ledgerEntryReasonSchema,
  authorisation: ledgerAuthorisationSchema,
  /** Set when `authorisation` is `reserved`. */
  reservationId: idSchema.nullable(),
  storeId: idSchema,
  deviceId: idSchema,
  saleId: idSchema.nullable(),
  /** Who approved it at the till (the cashier of the sale). */
  userId: idSchema.nullable(),
  /** For store credit and points, and a gift card sold to a known customer. */
  customerId: idSchema.nullable(),
  at: isoTimestampSchema,
});
export type LedgerEntryRecord = z.infer<typeof ledgerEntryRecordSchema>;

/**
 * One account as head office knows it, flowing down the `ledgers` stream (key `kind:account`).
 * A till's balance of an account is this balance plus its own entries head office had not yet
 * applied when it wrote this row: those whose outbox op number is above `includes[deviceId]`.
 */
export const ledgerAccountSchema = z.object({
  kind: ledgerKindSchema,
  account: ledgerAccountIdSchema,
  /** The sum of every entry head office holds; negative after an offline overspend. */
  balance: z.number().int().safe(),
  /** The most one till may draw from this account while it cannot reach head office (0: nothing offline). */
  offlineLimit: z.number().int().nonnegative().safe(),
  customerId: idSchema.nullable(),
  /** Per register: the highest outbox op number of its entries that `balance` includes. */
  includes: z.record(idSchema, z.number().int().nonnegative().safe()),
  /** Whether head office shows an overspend on this account that nobody has looked at yet. */
  overspent: z.boolean(),
  updatedAt: isoTimestampSchema,
});
export type LedgerAccount = z.infer<typeof ledgerAccountSchema>;

/** The key of a ledger account's row in the `ledgers` stream. */
export function ledgerAccountKey(kind: LedgerKind, account: string): string {
  return `${kind}:${account}`;
}

/**
 * A stock transfer on its way to a store, flowing down the `transfers` stream to that store's tills
 * only. The clerk receives it by scanning; the till books the `transfer-in` movements itself (with
 * the transfer's id as their reference) and head office closes the transfer when they arrive.
 */
export const incomingTransferSchema = z.object({
  id: idSchema,
  fromStoreId: idSchema,
  fromStoreName: text().max(120),
  toStoreId: idSchema,
  status: z.enum(['in-transit', 'received', 'cancelled']),
  note: text().max(500),
  lines: z
    .array(z.object({ variantId: idSchema, quantityMilli: boundedQuantitySchema.refine((n) => n > 0), productName: text().max(300), sku: text().max(64) }))
    .min(1)
    .max(500),
  createdAt: isoTimestampSchema,
});
export type IncomingTransfer = z.infer<typeof incomingTransferSchema>;

/**
 * The owner's loyalty rule (setting `loyalty.rule`): points earned per whole euro paid, and what a
 * point is worth when redeemed as a discount. Off when `pointsPerEuro` is 0.
 */
export const loyaltyRuleSchema = z.object({
  pointsPerEuro: z.number().int().nonnegative().max(1_000),
  /** Cents of discount per point redeemed. */
  centsPerPoint: z.number().int().nonnegative().max(10_000),
  /** The fewest points a customer may redeem at once. */
  minimumRedeem: z.number().int().nonnegative().max(1_000_000),
});
export type LoyaltyRule = z.infer<typeof loyaltyRuleSchema>;
export const LOYALTY_RULE_SETTING = 'loyalty.rule';
export const NO_LOYALTY: LoyaltyRule = { pointsPerEuro: 0, centsPerPoint: 0, minimumRedeem: 0 };

/** The chain's default offline limit per voucher (setting `ledger.offlineLimit`, cents) when head office set none on the card. */
export const LEDGER_OFFLINE_LIMIT_SETTING = 'ledger.offlineLimit';

/**
 * A gift card sold at the till is a ticket line of this built-in product, outside the catalogue:
 * a multi-purpose voucher, not subject to VAT when sold (nature N2, DPR 633/72 art. 6-quater), the
 * VAT being due on what it later pays for. It moves no stock.
 */
export const GIFT_CARD_PRODUCT_ID = 'cassa-gift-card';
export const GIFT_CARD_VARIANT_ID = 'cassa-gift-card';

/**
 * Issue 18: what head office knows about a variant's stock at one store that the store's tills
 * cannot know from their own movements (`store-stock` stream, sent only to that store's tills;
 * the row's key is `storeId/variantId`, since head office keeps one row per key and organisation
 * and two stores may sell one variant: read the variant from `variantId`). `headOfficeMilli`:
 * the sum of the movements head office booked itself at the store (transfer legs it booked,
 * online orders shipped from it); `reservedMilli`: held for online orders not yet shipped. A
 * till shows on hand as its own level plus `headOfficeMilli`, and available as that minus
 * `reservedMilli`.
 */
export const storeStockRowSchema = z.object({
  variantId: idSchema,
  headOfficeMilli: boundedQuantitySchema,
  reservedMilli: boundedQuantitySchema,
  updatedAt: isoTimestampSchema,
});
export type StoreStockRow = z.infer<typeof storeStockRowSchema>;
