/**
 * @module
 * What the back office and the shift close show of the Italian fiscal device (issue 16 items 5 and
 * 7): its connection, its status in words, the department table and the device's Z with the day's
 * totals per VAT rate or nature. The device's own figures (Z number, daily amount) are what it
 * reported; the per-VAT totals are added up by the till from the documents the device issued in
 * that Z, the way the device adds them (fiscal-vat-totals.ts).
 */
import { z } from 'zod';
import { departmentSchema, FISCAL_FAILURES, fiscalClosureSchema, fiscalStatusSchema } from '../fiscal/fiscal-model';
import { vatBreakdownRowSchema } from '../records/till-records';

/** A connection string as typed: one line, no control characters (NUL included), bounded. */
export const fiscalConnectionInputSchema = z
  .string()
  .max(300)
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: 'A connection string is one line without control characters' });

export const fiscalConnectionViewSchema = z.object({
  /** The saved connection string ('' for none): Back office → Devices. */
  saved: z.string(),
  /** What this run of the till uses: null for no device. */
  inUse: z.string().nullable(),
  /** True when `CASSA_FISCAL` decides this run, whatever is saved. */
  fromEnvironment: z.boolean(),
  /** The saved string differs from the one in use: it applies at the next start. */
  restartRequired: z.boolean(),
});
export type FiscalConnectionView = z.infer<typeof fiscalConnectionViewSchema>;

export const fiscalStatusViewSchema = z.object({
  configured: z.boolean(),
  status: fiscalStatusSchema.nullable(),
  /** When the device last answered a status query (or failed to). */
  statusAt: z.string().nullable(),
  /** Why the last status query failed, when it did. */
  statusFailure: z.enum(FISCAL_FAILURES).nullable(),
  /** Whole days since the device's last Z this till stored; null when it has stored none. */
  daysSinceClosure: z.number().int().min(0).nullable(),
  /** Sales of this till still waiting for their documento commerciale. */
  documentsWaiting: z.number().int().min(0),
});
export type FiscalStatusView = z.infer<typeof fiscalStatusViewSchema>;

export const fiscalDepartmentsViewSchema = z.object({
  departments: z.array(departmentSchema),
  /** A fiscal device is set: products whose VAT has no department cannot be sold. */
  enforced: z.boolean(),
});

/** The device's Z kept with a closed shift, and the day's totals per VAT of the documents it closed. */
export const fiscalZViewSchema = z.object({
  closure: fiscalClosureSchema,
  /** Per VAT rate or nature, sales / returns / voids apart; null when a document's lines could not be placed. */
  vatTotals: z
    .object({
      sales: z.array(vatBreakdownRowSchema),
      returns: z.array(vatBreakdownRowSchema),
      voids: z.array(vatBreakdownRowSchema),
    })
    .nullable(),
  /** How many documents of this till the Z closed. */
  documents: z.number().int().min(0),
});
export type FiscalZView = z.infer<typeof fiscalZViewSchema>;
