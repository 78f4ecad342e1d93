/**
 * @module
 * What the till's chain-ledger procedures return (issue 17): paying with a voucher or store
 * credit, redeeming loyalty points, and looking a voucher up. The rules behind them are
 * shared/src/ledger/ledger-rules.ts; the figures here are what the till saw when it decided.
 */
import { z } from 'zod';
import { ledgerKindSchema } from '../records/chain-records';
import { ledgerEntryViewSchema } from '../sync/chain-messages';
import { ticketViewSchema } from './till-views';

/** How a draw on a ledger was allowed: held at head office, or within this till's offline allowance. */
export const ledgerDrawAuthorisationSchema = z.enum(['reserved', 'offline']);
export type LedgerDrawAuthorisation = z.infer<typeof ledgerDrawAuthorisationSchema>;

/** `sale.payWithCredit` and `sale.redeemPoints`. */
export const ledgerDrawResultSchema = z.object({
  ticket: ticketViewSchema,
  authorisation: ledgerDrawAuthorisationSchema,
  /**
   * What the account could still give after this draw, as the till knows it: head office's free
   * amount when reserved, this till's remaining offline allowance when offline (cents; points for points).
   */
  availableCents: z.number().int(),
});
export type LedgerDrawResult = z.infer<typeof ledgerDrawResultSchema>;

/** An entry of a voucher's history: head office's entry view, whose store name is null in the till's own figure. */
export const voucherLookupEntrySchema = ledgerEntryViewSchema.extend({
  /** The store's name when head office answered; null for this till's own figure. */
  storeName: z.string().nullable(),
});
export type VoucherLookupEntry = z.infer<typeof voucherLookupEntrySchema>;

/** `voucher.lookup`: a voucher's (or gift card's) balance and history. */
export const voucherLookupSchema = z.object({
  code: z.string(),
  kind: ledgerKindSchema,
  /** Whether anyone (head office or this till) knows the code. */
  known: z.boolean(),
  balanceCents: z.number().int(),
  /** Held at head office for payments in progress (0 when the figure is the till's own). */
  heldCents: z.number().int().nonnegative(),
  offlineLimitCents: z.number().int().nonnegative(),
  /** What this till could take now without head office. */
  offlineAllowanceCents: z.number().int().nonnegative(),
  /** `head-office`: asked just now; `till`: what this till holds (head office's last row plus its own entries since). */
  source: z.enum(['head-office', 'till']),
  /** When head office's figure behind a `till` answer was written (null: never heard from head office about it). */
  asOf: z.string().nullable(),
  /** Milliseconds since `asOf` at the time of the answer (null with `asOf` null or a `head-office` answer). */
  ageMs: z.number().int().nonnegative().nullable(),
  overspent: z.boolean(),
  /** Newest first. */
  entries: z.array(voucherLookupEntrySchema),
});
export type VoucherLookup = z.infer<typeof voucherLookupSchema>;
