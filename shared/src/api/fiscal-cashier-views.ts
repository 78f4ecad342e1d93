/**
 * @module
 * What the cashier's screen reads about the Italian fiscal device (issue 16): the queue of
 * documents waiting or blocked, each with its sale and the reason in both languages, and the
 * device's own status. Views, not records: they never leave the till.
 */
import { z } from 'zod';
import { idSchema } from '../records/catalogue';
import { text } from '../records/limits';
import { FISCAL_FAILURES, fiscalDocumentSchema, fiscalReferenceSchema, fiscalStatusSchema } from '../fiscal/fiscal-model';

export const fiscalFailureSchema = z.enum(FISCAL_FAILURES);

/** A sentence in each of the till's languages, so a screen switching language needs no new call. */
export const bilingualTextSchema = z.object({ it: z.string(), en: z.string() });

/** A sale whose documento commerciale is not issued yet: waiting its turn, or blocked on the device. */
export const fiscalJobViewSchema = z.object({
  jobId: idSchema,
  saleId: idSchema,
  /** The till's own number of the sale (zzzz-nnnn), as on the ticket view. */
  receiptNumber: z.string(),
  kind: z.enum(['sale', 'return', 'void']),
  state: z.enum(['pending', 'sending', 'blocked']),
  /** The device may have issued it without the till hearing back: checked before any resend. */
  uncertain: z.boolean(),
  failure: fiscalFailureSchema.nullable(),
  /** What is wrong and what to do, worded for the cashier; null while nothing failed. */
  reason: bilingualTextSchema.nullable(),
  attempts: z.number().int().min(0),
  totalCents: z.number().int(),
  createdAt: z.string(),
});
export type FiscalJobStateView = z.infer<typeof fiscalJobViewSchema>;

export const fiscalStateViewSchema = z.object({
  /** False on a till without a fiscal device: the screens show nothing fiscal. */
  configured: z.boolean(),
  status: fiscalStatusSchema.nullable(),
  statusAt: z.string().nullable(),
  /** Why the last status query failed (the device off or unreachable), when it did. */
  statusFailure: fiscalFailureSchema.nullable(),
  statusReason: bilingualTextSchema.nullable(),
  jobs: z.array(fiscalJobViewSchema),
});
export type FiscalStateView = z.infer<typeof fiscalStateViewSchema>;

/** A sale's document as the ticket view and the receipt lookup show it. */
export const saleFiscalDocumentSchema = z.object({
  configured: z.boolean(),
  document: fiscalDocumentSchema.nullable(),
  /** The sale has a job not issued yet (its document is on its way, or blocked). */
  waiting: z.boolean(),
});
export type SaleFiscalDocument = z.infer<typeof saleFiscalDocumentSchema>;

/**
 * What the cashier types or scans for a sale's document. The strings are only bounded here: the
 * core checks them with shared/src/fiscal (lottery-code.ts, tax-id.ts) and refuses in the
 * cashier's language with the exact problem (a wrong check character, cash only…), which a
 * schema's message could not say.
 */
export const fiscalSaleInputShape = {
  /** The receipts lottery code (8 letters and digits; electronic payments only). */
  lotteryCode: z.string().max(40).optional(),
  /** Codice fiscale or partita IVA for a "scontrino parlante". */
  customerTaxId: z.string().max(40).optional(),
  /** A return of a sale whose document this till does not know (another till's, or before the device was set). */
  original: fiscalReferenceSchema.optional(),
  /** A return without any document reference: a manager's choice (their PIN in `override`), audited. */
  unreferencedReturn: z.boolean().optional(),
};

/** A document a manager records as issued by hand for a blocked sale. */
export const manualFiscalDocumentInputSchema = z.object({
  serial: text().max(20),
  zNumber: z.number().int().min(0).max(9999),
  documentNumber: z.number().int().min(1).max(9999),
  date: text().max(20),
  time: text().max(20),
});
