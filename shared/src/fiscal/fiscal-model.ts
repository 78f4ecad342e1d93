/**
 * @module
 * The documento commerciale as Cassa asks an Italian fiscal device (RT, registratore telematico)
 * to issue it, and what the device answers, whatever its brand: the adapters in `drivers` turn
 * these into Epson, Custom or RCH requests, and the till, head office and exports read the answers.
 * Facts and sources: ../shared/reference/fiscal-rt.md.
 *
 * Money is integer cents and VAT-inclusive, as everywhere in Cassa; quantities are thousandths.
 * The device numbers documents itself (`DOCUMENTO N. zzzz-nnnn` with its 11-character serial):
 * Cassa never invents those numbers, it records what the device reports.
 */
import { z } from 'zod';
import { vatCodeSchema } from '../domain';
import { text } from '../records/limits';

/** A department (reparto) the device holds: 1…99 on every brand the reference covers. */
export const departmentNumberSchema = z.number().int().min(1).max(99);

/** One row of the department ↔ VAT table: what a line of that VAT code is sent as. */
export const departmentSchema = z.object({
  department: departmentNumberSchema,
  vatCode: vatCodeSchema,
  description: text().max(40),
});
export type Department = z.infer<typeof departmentSchema>;

/** The device's 11-character serial (matricola), e.g. `99MEY012345`: letters and digits. */
export const fiscalSerialSchema = z.string().regex(/^[0-9A-Z]{11}$/, 'A fiscal serial is 11 letters and digits');

/** A calendar date as the device printed it, in the shop's zone: `YYYY-MM-DD`. */
export const fiscalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A time of day as the device printed it: `HH:MM:SS` (or `HH:MM` where the device gives no seconds). */
export const fiscalTimeSchema = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/);

/** A document the device issued: what the sale records, prints on nothing else, and sends to head office. */
export const fiscalDocumentSchema = z.object({
  serial: fiscalSerialSchema,
  /** The closure (Z) the document belongs to: the one the next Z will close. */
  zNumber: z.number().int().min(0).max(9999),
  /** Its progressive number within that Z, from 1. */
  documentNumber: z.number().int().min(1).max(9999),
  date: fiscalDateSchema,
  time: fiscalTimeSchema,
  /** The document's total as the device recorded it. */
  amountCents: z.number().int().min(0),
});
export type FiscalDocument = z.infer<typeof fiscalDocumentSchema>;

/** How a tender is declared to the device. Electronic payments stay apart (2026 POS–RT link). */
export const FISCAL_TENDER_KINDS = [
  'cash',
  /** Card or any electronic payment. */
  'electronic',
  'cheque',
  /** Meal tickets (buoni pasto). */
  'meal-ticket',
  /** A single-use voucher: not takings until the goods are handed over. */
  'voucher',
  /** Paid on account, store credit, or not collected now (non riscosso). */
  'not-collected',
] as const;
export const fiscalTenderKindSchema = z.enum(FISCAL_TENDER_KINDS);
export type FiscalTenderKind = z.infer<typeof fiscalTenderKindSchema>;

export const fiscalLineSchema = z.object({
  description: text().min(1).max(60),
  /** Thousandths, always positive: a return says so by its document kind, not by a sign. */
  quantityMilli: z.number().int().min(1).max(99_999_999),
  /** VAT-inclusive price of one unit (of one kg for weighed goods). */
  unitPriceCents: z.number().int().min(0).max(99_999_999),
  department: departmentNumberSchema,
  /** Taken off this line as a discount right after it (0 for none). */
  discountCents: z.number().int().min(0).max(99_999_999),
});
export type FiscalLine = z.infer<typeof fiscalLineSchema>;

export const fiscalTenderSchema = z.object({
  kind: fiscalTenderKindSchema,
  amountCents: z.number().int().min(1).max(99_999_999),
  /** Printed beside the amount (e.g. "Carta", "Contanti"); the adapter picks a default. */
  description: text().max(40).optional(),
});
export type FiscalTender = z.infer<typeof fiscalTenderSchema>;

/** The 8-character code of the receipts lottery (lotteria degli scontrini). */
export const lotteryCodeSchema = z.string().regex(/^[0-9A-Z]{8}$/, 'A lottery code is 8 letters and digits');

/** The document a return or a void refers to. */
export const fiscalReferenceSchema = z.object({
  serial: fiscalSerialSchema,
  zNumber: z.number().int().min(0).max(9999),
  documentNumber: z.number().int().min(1).max(9999),
  date: fiscalDateSchema,
});
export type FiscalReference = z.infer<typeof fiscalReferenceSchema>;

const commonReceipt = {
  lines: z.array(fiscalLineSchema).min(1).max(500),
  tenders: z.array(fiscalTenderSchema).min(1).max(20),
  /**
   * Cash rounding to €0.05 (DL 50/2017), signed: negative rounds down. -2…+2 to the nearest 5
   * cents; down to -4 where a till with a fiscal device rounds only down (ticket-math.ts
   * `cashRoundingCents`), a payment discount in no VAT class.
   */
  roundingCents: z.number().int().min(-4).max(2),
};

/** What Cassa asks the device to issue. */
export const fiscalRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sale'),
    ...commonReceipt,
    lotteryCode: lotteryCodeSchema.nullable(),
    /** Codice fiscale (16) or partita IVA (11) for a "scontrino parlante", already validated. */
    customerTaxId: z.string().regex(/^([0-9A-Z]{16}|\d{11})$/).nullable(),
  }),
  z.object({
    kind: z.literal('return'),
    ...commonReceipt,
    /** Null only for an unreferenced return, a manager's audited choice. */
    original: fiscalReferenceSchema.nullable(),
  }),
  z.object({ kind: z.literal('void'), original: fiscalReferenceSchema, amountCents: z.number().int().min(0) }),
]);
export type FiscalRequest = z.infer<typeof fiscalRequestSchema>;

/** Why a device did not issue, in words the till can show; `outcome-unknown` means it may have. */
export const FISCAL_FAILURES = [
  'paper-out',
  'cover-open',
  'offline',
  'journal-full',
  'fiscal-memory-full',
  'closure-needed',
  'clock-error',
  'not-in-service',
  'certificate-expired',
  'department-not-programmed',
  'busy',
  'refused',
  'bad-request',
  'outcome-unknown',
] as const;
export type FiscalFailure = (typeof FISCAL_FAILURES)[number];

/** What the device says about itself: the till's status bar and head office's register list show it. */
export const fiscalStatusSchema = z.object({
  printer: z.enum(['ok', 'paper-low', 'paper-out', 'cover-open', 'offline']),
  journal: z.enum(['ok', 'near-full', 'full']),
  inService: z.boolean(),
  training: z.boolean(),
  /** A document is open on the device (a previous request stopped halfway). */
  documentOpen: z.boolean(),
  /** The device refuses documents until a daily closure (Z) is run. */
  closureNeeded: z.boolean(),
  /** Daily files not yet sent to the tax agency, files older than the deadline, files rejected; null where the brand cannot say. */
  filesPending: z.number().int().min(0).nullable(),
  filesOld: z.number().int().min(0).nullable(),
  filesRejected: z.number().int().min(0).nullable(),
  certificateExpiry: fiscalDateSchema.nullable(),
});
export type FiscalStatus = z.infer<typeof fiscalStatusSchema>;

/** A daily closure (Z) or a reading (X) as the device reported it. */
export const fiscalClosureSchema = z.object({
  serial: fiscalSerialSchema,
  /** For a Z, the closure just made; for an X, the one the day will close as. */
  zNumber: z.number().int().min(0).max(9999),
  /** The day's takings the device counted (sales less returns and voids). */
  dailyAmountCents: z.number().int(),
  date: fiscalDateSchema,
  time: fiscalTimeSchema,
});
export type FiscalClosure = z.infer<typeof fiscalClosureSchema>;
