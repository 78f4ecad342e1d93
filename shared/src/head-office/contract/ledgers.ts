/**
 * @module
 * The chain's ledgers at head office (issue 17): vouchers, gift cards, store credit and loyalty
 * points. Everyone signed in reads them (a user limited to some stores sees the entries made in
 * those stores); owners and managers of every store write: an account's offline limit, a voucher
 * issued from head office, an overspend marked as seen, and the chain's defaults (offline limits
 * per kind, the loyalty rule), which flow to every till as organisation-wide settings.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema } from '../../records/catalogue';
import { ledgerAccountIdSchema, ledgerKindSchema, loyaltyRuleSchema } from '../../records/chain-records';
import { ledgerOfflineDefaultsSchema } from '../../ledger/ledger-rules';
import { ledgerEntryViewSchema } from '../../sync/chain-messages';
import { organisationWriters, signedIn } from '../access';

/** An empty query value is no filter (the page sends what its fields hold). */
const emptyIsNone = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => undefined), schema]).optional();

export const ledgerListInputSchema = z.object({
  kind: emptyIsNone(ledgerKindSchema),
  /** `negative`: balance below zero; `overspent`: an overspend nobody has marked seen. */
  only: emptyIsNone(z.enum(['negative', 'overspent'])),
  /** Part of a voucher code, a customer id, or a customer's name, phone or email (its first 64 characters). */
  q: z.string().optional(),
});
export type LedgerListInput = z.output<typeof ledgerListInputSchema>;

export const ledgerAccountSummarySchema = z.object({
  kind: ledgerKindSchema,
  account: z.string(),
  balance: z.number().int().safe(),
  /** In force: the account's own, else the chain's default for its kind. */
  offlineLimit: z.number().int().nonnegative().safe(),
  /** Null: the chain's default applies. */
  ownOfflineLimit: z.number().int().nonnegative().safe().nullable(),
  customerId: z.string().nullable(),
  /** The customer's name when the chain's customers list holds them. */
  customerName: z.string().nullable(),
  overspent: z.boolean(),
  updatedAt: z.string(),
});
export type LedgerAccountSummary = z.output<typeof ledgerAccountSummarySchema>;

export const headOfficeLedgerEntrySchema = ledgerEntryViewSchema.extend({
  /** The register's name (its id when head office does not know it). */
  deviceName: z.string(),
  reservationId: z.string().nullable(),
  /** Who marked this overspend as seen at head office, by name, and when. */
  seenBy: z.string().nullable(),
  seenAt: z.string().nullable(),
});
export type HeadOfficeLedgerEntry = z.output<typeof headOfficeLedgerEntrySchema>;

export const headOfficeLedgerAccountSchema = ledgerAccountSummarySchema.extend({
  /** Held for reservations not yet settled, released or lapsed. */
  held: z.number().int().nonnegative().safe(),
  /** Newest first, at most 200. */
  entries: z.array(headOfficeLedgerEntrySchema),
});
export type HeadOfficeLedgerAccount = z.output<typeof headOfficeLedgerAccountSchema>;

const accountPath = z.object({ kind: ledgerKindSchema, account: ledgerAccountIdSchema });

export const ledgerOfflineLimitInputSchema = accountPath.extend({
  /** Cents (points for points); 0: nothing may be spent offline; null: the chain's default. */
  offlineLimit: z.number().int().nonnegative().max(1_000_000_000).nullable(),
});

export const issueVoucherInputSchema = z.object({
  /** Cents, positive. */
  amount: z.number().int().positive().max(1_000_000_000),
  customerId: idSchema.nullable().default(null),
});
export type IssueVoucherInput = z.output<typeof issueVoucherInputSchema>;

export const ledgerSettingsSchema = z.object({
  offlineLimits: ledgerOfflineDefaultsSchema,
  loyalty: loyaltyRuleSchema,
});
export type LedgerSettings = z.output<typeof ledgerSettingsSchema>;
export const ledgerSettingsViewSchema = ledgerSettingsSchema.extend({ offlineLimitsAreDefault: z.boolean() });
export type LedgerSettingsView = z.output<typeof ledgerSettingsViewSchema>;

export const ledgersContract = {
  'ledgers.list': route({
    method: 'GET',
    path: '/ledgers',
    summary: 'Vouchers, store credit and points accounts (at most 500), negative balances first',
    access: signedIn,
    input: ledgerListInputSchema,
    output: z.array(ledgerAccountSummarySchema),
  }),
  'ledgers.account': route({
    method: 'GET',
    path: '/ledgers/accounts/:kind/:account',
    summary: "An account with its latest entries: the sales, stores, registers, who approved and how, overspends",
    access: signedIn,
    input: accountPath,
    output: headOfficeLedgerAccountSchema,
  }),
  'ledgers.setOfflineLimit': route({
    method: 'POST',
    path: '/ledgers/accounts/:kind/:account/offline-limit',
    summary: "Sets the most one till may draw from the account while offline (0: nothing; null: the chain's default)",
    access: organisationWriters,
    input: ledgerOfflineLimitInputSchema,
    output: headOfficeLedgerAccountSchema,
  }),
  'ledgers.markSeen': route({
    method: 'POST',
    path: '/ledgers/entries/:entryId/seen',
    summary: 'Marks an overspend as looked at (who and when are kept)',
    access: organisationWriters,
    input: z.object({ entryId: z.string().min(1).max(64) }),
    output: headOfficeLedgerAccountSchema,
  }),
  'ledgers.issueVoucher': route({
    method: 'POST',
    path: '/ledgers/vouchers',
    summary: 'Issues a voucher from head office: a new code (V-XXXX-XXXX) with the amount on it',
    access: organisationWriters,
    input: issueVoucherInputSchema,
    output: headOfficeLedgerAccountSchema,
    status: 201,
  }),
  'ledgers.settings': route({
    method: 'GET',
    path: '/ledgers/settings',
    summary: "The chain's default offline limits and loyalty rule",
    access: signedIn,
    input: z.object({}),
    output: ledgerSettingsViewSchema,
  }),
  'ledgers.saveSettings': route({
    method: 'POST',
    path: '/ledgers/settings',
    summary: "Saves the chain's default offline limits and loyalty rule; every till receives them",
    access: organisationWriters,
    input: ledgerSettingsSchema,
    output: ledgerSettingsViewSchema,
  }),
} as const;
