/**
 * @module
 * Head office's sales pages and the fiscal device of each register (issue 16): a day's sales with
 * their documento commerciale (or "waiting for the document" on a register with a fiscal device),
 * one sale in full, and the device's daily closures (Z) with their totals per VAT as the till sent
 * them and as head office recomputed them from the sales it received.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { fiscalStatusSchema } from '../../fiscal/fiscal-model';
import { idSchema, saleRecordSchema, vatBreakdownRowSchema } from '../../records';
import { signedIn } from '../access';

const cents = z.number().int();
/** A business day, `YYYY-MM-DD`; empty counts as absent. */
const dayQuery = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a day as YYYY-MM-DD');
const idQuery = z.string().max(64);

/** A sale's documento commerciale as head office received it: `number` is the printed `zzzz-nnnn`. */
export const fiscalDocumentViewSchema = z.object({
  serial: z.string(),
  zNumber: z.number().int(),
  documentNumber: z.number().int(),
  number: z.string(),
  date: z.string(),
  time: z.string(),
  amountCents: cents,
  source: z.enum(['device', 'recovered', 'manual']),
});
export type FiscalDocumentView = z.output<typeof fiscalDocumentViewSchema>;

/**
 * `issued`: the document arrived. `awaiting`: the sale was made on a register with a fiscal device
 * and its document has not arrived (yet). `none`: the register has no fiscal device.
 */
export const saleFiscalStateSchema = z.enum(['issued', 'awaiting', 'none']);

export const saleSummaryViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['sale', 'return', 'post-void']),
  storeId: z.string(),
  deviceId: z.string(),
  completedAt: z.string(),
  businessDay: z.string(),
  totalCents: cents,
  flagged: z.boolean(),
  fiscalState: saleFiscalStateSchema,
  document: fiscalDocumentViewSchema.nullable(),
});
export type SaleSummaryView = z.output<typeof saleSummaryViewSchema>;

export const salesListViewSchema = z.object({
  day: z.string(),
  sales: z.array(saleSummaryViewSchema),
  /** True when the day had more sales than the page shows. */
  truncated: z.boolean(),
});
export type SalesListView = z.output<typeof salesListViewSchema>;

export const saleDetailViewSchema = saleSummaryViewSchema.extend({
  record: saleRecordSchema,
  problems: z.array(z.string()),
});
export type SaleDetailView = z.output<typeof saleDetailViewSchema>;

const vatRows = z.array(vatBreakdownRowSchema);
const vatTotalsViewSchema = z.object({ sales: vatRows, returns: vatRows, voids: vatRows });

/** A device's daily closure (Z): its own figures, the till's totals per VAT and head office's own. */
export const fiscalClosureViewSchema = z.object({
  serial: z.string(),
  zNumber: z.number().int(),
  deviceId: z.string(),
  storeId: z.string(),
  shiftId: z.string(),
  date: z.string(),
  time: z.string(),
  dailyAmountCents: cents,
  documents: z.number().int(),
  tillTotals: vatTotalsViewSchema,
  /** Null when head office could not compute them (a sale or a voided document it lacks). */
  headOfficeTotals: vatTotalsViewSchema.nullable(),
  totalsMatch: z.boolean(),
});
export type FiscalClosureView = z.output<typeof fiscalClosureViewSchema>;

/**
 * What head office warns about a register's fiscal device. `danger` when the takings risk missing
 * the legal deadline for sending them, or the device cannot issue documents; `warning` otherwise.
 */
export const FISCAL_WARNING_CODES = [
  'not-in-service',
  'printer',
  'journal-near-full',
  'journal-full',
  'closure-needed',
  'closure-overdue',
  'files-pending',
  'files-old',
  'files-rejected',
  'certificate-expiring',
  'certificate-expired',
] as const;
export const fiscalWarningSchema = z.object({
  code: z.enum(FISCAL_WARNING_CODES),
  level: z.enum(['warning', 'danger']),
  /** Files for the files codes, days since the last Z for `closure-overdue`; null otherwise. */
  count: z.number().int().nullable(),
  /** The deadline for sending (`closure-overdue`) or the certificate's expiry; null otherwise. */
  date: z.string().nullable(),
  /** The printer's state for `printer`; null otherwise. */
  detail: z.string().nullable(),
});
export type FiscalWarning = z.output<typeof fiscalWarningSchema>;

export const registerFiscalViewSchema = z.object({
  serial: z.string().nullable(),
  status: fiscalStatusSchema,
  reportedAt: z.string(),
  lastClosureDate: z.string().nullable(),
  warnings: z.array(fiscalWarningSchema),
});
export type RegisterFiscalView = z.output<typeof registerFiscalViewSchema>;

export const salesContract = {
  'sales.list': route({
    method: 'GET',
    path: '/sales',
    summary: "One business day's sales (default today) of the user's stores, each with its documento commerciale or whether it is awaited",
    access: signedIn,
    input: z.object({ day: dayQuery.optional(), store: idQuery.optional(), register: idQuery.optional() }),
    output: salesListViewSchema,
  }),
  'sales.get': route({
    method: 'GET',
    path: '/sales/:id',
    summary: "One sale in full with its documento commerciale; the sale's store must be one of the user's",
    access: signedIn,
    input: z.object({ id: idSchema }),
    output: saleDetailViewSchema,
  }),
  'fiscalClosures.list': route({
    method: 'GET',
    path: '/fiscal-closures',
    summary: "The latest daily closures (Z) of the fiscal devices of the user's registers, with totals per VAT from the till and from head office",
    access: signedIn,
    input: z.object({ register: idQuery.optional() }),
    output: z.array(fiscalClosureViewSchema),
  }),
} as const;
