/**
 * @module
 * Stock across stores at the till (issue 17): a product's on hand here and at the chain's other
 * stores, the transfers on their way to this store, and the idle lock's time.
 */
import { z } from 'zod';
import { idSchema } from '../records/catalogue';
import { incomingTransferSchema } from '../records/chain-records';
import { boundedQuantitySchema } from '../records/limits';

export const stockElsewhereViewSchema = z.object({
  variantId: z.string(),
  /** This store's on hand: the till's own level plus what head office booked here (issue 18). */
  hereMilli: z.number().int(),
  /** Issue 18: of which held here for online orders not yet shipped. */
  hereReservedMilli: z.number().int(),
  /** Issue 18: on hand here less reserved. */
  hereAvailableMilli: z.number().int(),
  /** Every store head office knows a level for (this one included), or null when head office was never reached for it. */
  stores: z.array(z.object({ storeId: z.string(), storeName: z.string(), onHandMilli: z.number().int(), here: z.boolean() })).nullable(),
  /** When head office gave these figures: now when `live`, else the last answer kept (its age is shown). */
  asOf: z.string().nullable(),
  /** True when the figures came from head office just now. */
  live: z.boolean(),
});
export type StockElsewhereView = z.infer<typeof stockElsewhereViewSchema>;

export const incomingTransferViewSchema = incomingTransferSchema.extend({
  /** When this till received it by scanning (null: not here). */
  receivedHereAt: z.string().nullable(),
});
export type IncomingTransferView = z.infer<typeof incomingTransferViewSchema>;

export const transferReceiptInputSchema = z
  .object({
    transferId: idSchema,
    /** What the clerk counted: one line per variant, zero lines left out. */
    lines: z.array(z.object({ variantId: idSchema, quantityMilli: boundedQuantitySchema.refine((n) => n >= 0) }).strict()).max(500),
  })
  .strict();
export type TransferReceiptInput = z.infer<typeof transferReceiptInputSchema>;

/** Minutes without input before the till locks itself; 0: never. */
export const idleLockSchema = z.object({ minutes: z.number().int().min(0).max(120) }).strict();
export type IdleLock = z.infer<typeof idleLockSchema>;
/** As read: `fromHeadOffice` when head office set it for the chain (the till then shows it read-only). */
export const idleLockViewSchema = idleLockSchema.extend({ fromHeadOffice: z.boolean() });
export type IdleLockView = z.infer<typeof idleLockViewSchema>;
