/**
 * @module
 * What a till creates and sends up: immutable records with ids made at the till. A correction is
 * a new record (a return, a post-void), never an edit, so replication only ever inserts.
 */
import { z } from 'zod';
import { vatCodeSchema } from '../domain';
import { departmentSchema, fiscalClosureSchema, fiscalDocumentSchema, fiscalStatusSchema } from '../fiscal/fiscal-model';
import { idSchema, isoTimestampSchema, roleSchema } from './catalogue';
import { ledgerEntryRecordSchema } from './chain-records';
import {
  boundedCentsSchema as centsSchema,
  boundedQuantitySchema,
  MAX_AUDIT_DETAILS_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_SALE_LINES,
  MAX_SALE_PAYMENTS,
  MAX_SHIFT_CASH_MOVEMENTS,
  MAX_SHIFT_TOTAL_CENTS,
  storableJson,
  text,
} from './limits';

export const paymentMethodSchema = z.enum(['cash', 'card', 'voucher', 'store-credit']);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const saleLineRecordSchema = z.object({
  lineId: idSchema,
  productId: idSchema,
  variantId: idSchema,
  sku: text().max(64),
  description: text().max(MAX_DESCRIPTION_LENGTH),
  vatCode: vatCodeSchema,
  /** Thousandths of the unit: 1000 = one piece or one kg. Negative on returns. */
  quantityMilli: boundedQuantitySchema,
  unitPriceCents: centsSchema,
  /** Line and share of ticket discounts, as a positive amount taken off the line. */
  discountCents: centsSchema,
  totalCents: centsSchema,
  /** On a return or post-void: the line of the original sale this one gives back. */
  originalLineId: idSchema.optional(),
});
export type SaleLineRecord = z.infer<typeof saleLineRecordSchema>;

export const paymentRecordSchema = z.object({
  method: paymentMethodSchema,
  amountCents: centsSchema,
  /** Voucher or store-credit account the payment drew on. */
  reference: text().max(64).nullable(),
});

export const vatBreakdownRowSchema = z.object({
  vatCode: vatCodeSchema,
  grossCents: centsSchema,
  netCents: centsSchema,
  vatCents: centsSchema,
});

export const saleRecordSchema = z.object({
  id: idSchema,
  kind: z.enum(['sale', 'return', 'post-void']),
  storeId: idSchema,
  deviceId: idSchema,
  shiftId: idSchema,
  /** Z number and document number within it: printed as zzzz-nnnn. */
  zNumber: z.number().int().positive().max(1_000_000_000),
  documentNumber: z.number().int().positive().max(1_000_000_000),
  originalSaleId: idSchema.nullable(),
  cashierId: idSchema,
  customerId: idSchema.nullable(),
  completedAt: isoTimestampSchema,
  lines: z.array(saleLineRecordSchema).min(1).max(MAX_SALE_LINES),
  payments: z.array(paymentRecordSchema).max(MAX_SALE_PAYMENTS),
  changeCents: centsSchema.nonnegative(),
  roundingCents: centsSchema,
  totalCents: centsSchema,
  vatBreakdown: z.array(vatBreakdownRowSchema).max(20),
});
export type SaleRecord = z.infer<typeof saleRecordSchema>;

export const cashMovementRecordSchema = z.object({
  id: idSchema,
  kind: z.enum(['in', 'out']),
  amountCents: centsSchema.positive(),
  reason: text().min(1).max(200),
  userId: idSchema,
  at: isoTimestampSchema,
});

export const shiftRecordSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  zNumber: z.number().int().positive().max(1_000_000_000),
  openedAt: isoTimestampSchema,
  openedBy: idSchema,
  floatCents: centsSchema.nonnegative(),
  closedAt: isoTimestampSchema,
  closedBy: idSchema,
  cashMovements: z.array(cashMovementRecordSchema).max(MAX_SHIFT_CASH_MOVEMENTS),
  /** Denomination in cents → count, as the cashier counted the drawer. */
  countedDenominations: z.record(text().max(12), z.number().int().nonnegative().max(1_000_000)),
  countedCashCents: z.number().int().min(-MAX_SHIFT_TOTAL_CENTS).max(MAX_SHIFT_TOTAL_CENTS),
  expectedCashCents: z.number().int().min(-MAX_SHIFT_TOTAL_CENTS).max(MAX_SHIFT_TOTAL_CENTS),
  varianceCents: z.number().int().min(-MAX_SHIFT_TOTAL_CENTS).max(MAX_SHIFT_TOTAL_CENTS),
  salesCount: z.number().int().nonnegative().max(1_000_000_000),
  salesTotalCents: z.number().int().min(-MAX_SHIFT_TOTAL_CENTS).max(MAX_SHIFT_TOTAL_CENTS),
});
export type ShiftRecord = z.infer<typeof shiftRecordSchema>;

export const stockMovementReasonSchema = z.enum([
  'sale',
  'return',
  'adjustment',
  'transfer-in',
  'transfer-out',
  'goods-received',
]);

export const stockMovementRecordSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  variantId: idSchema,
  deltaMilli: boundedQuantitySchema,
  reason: stockMovementReasonSchema,
  referenceId: idSchema.nullable(),
  userId: idSchema.nullable(),
  at: isoTimestampSchema,
});
export type StockMovementRecord = z.infer<typeof stockMovementRecordSchema>;

export const customerRecordSchema = z.object({
  id: idSchema,
  name: text().min(1).max(120),
  phone: text().max(32).nullable(),
  email: text().max(120).nullable(),
  taxCode: text().max(16).nullable(),
  vatNumber: text().max(32).nullable(),
  createdAt: isoTimestampSchema,
  /**
   * When this version was written (issue 17): a till that edits a customer sends the whole record
   * again under the same id, and head office keeps the version with the latest `updatedAt`
   * (`createdAt` for records of tills that never edit). Optional so older tills' records stay valid.
   */
  updatedAt: isoTimestampSchema.optional(),
});
export type CustomerRecord = z.infer<typeof customerRecordSchema>;

/**
 * A customer as every till of the organisation holds it (the `customers` stream). A merged customer
 * stays as a row pointing at the one that survived, so a till that still holds the old id (on an
 * open ticket, in a sale) finds the survivor.
 */
export const chainCustomerSchema = customerRecordSchema.extend({
  mergedInto: idSchema.nullable(),
  updatedAt: isoTimestampSchema,
});
export type ChainCustomer = z.infer<typeof chainCustomerSchema>;

export const auditRecordSchema = z.object({
  id: idSchema,
  deviceId: idSchema,
  /** Position in this device's audit chain, from 1. */
  sequence: z.number().int().positive().safe(),
  at: isoTimestampSchema,
  userId: idSchema.nullable(),
  role: roleSchema.nullable(),
  action: text().min(1).max(64),
  details: storableJson(MAX_AUDIT_DETAILS_LENGTH),
  previousHash: text().max(128),
  hash: text().max(128),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/**
 * The documento commerciale an Italian fiscal device (RT) issued for a sale, return or post-void,
 * as the till learnt it: from the device's answer (`device`), from its last-document query after
 * a lost answer (`recovered`), or typed in by a manager for a document issued by hand (`manual`).
 * A separate record because it arrives after the sale, which is immutable.
 */
export const fiscalDocumentRecordSchema = z.object({
  /** The till's fiscal job id: one per sale, so one document record per sale. */
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  saleId: idSchema,
  document: fiscalDocumentSchema,
  source: z.enum(['device', 'recovered', 'manual']),
  recordedAt: isoTimestampSchema,
  /** The manager who typed a manual document in; null when the device said it. */
  recordedBy: idSchema.nullable(),
});
export type FiscalDocumentRecord = z.infer<typeof fiscalDocumentRecordSchema>;

/** Per-VAT totals of one group (sales, returns or voids) of a closure, as `fiscalVatTotals` gives them. */
const closureVatRowsSchema = z.array(vatBreakdownRowSchema).max(20);

/**
 * The device's daily fiscal closure (Z), run with the till's shift close: the device's own serial,
 * Z number, date and takings, and the day's totals per VAT code (sales, returns and voids apart)
 * that the till computed with shared's `fiscalVatTotals` over the documents of that Z, with the
 * department table it used, so head office can compute the same totals from the sales and
 * documents it received and flag a difference. A record of its own rather than fields on the
 * shift: it names the device (serial), not the till, it is keyed by (serial, Z) which a re-push
 * or a second till on the same device cannot duplicate, and tills outside Italy never send one.
 */
export const fiscalClosureRecordSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  /** The till shift this Z closed with. */
  shiftId: idSchema,
  closure: fiscalClosureSchema,
  /** Documents of this Z the till holds (sales, returns, voids). */
  documents: z.number().int().nonnegative().max(1_000_000),
  vatTotals: z.object({ sales: closureVatRowsSchema, returns: closureVatRowsSchema, voids: closureVatRowsSchema }),
  departments: z.array(departmentSchema).max(99),
  closedAt: isoTimestampSchema,
});
export type FiscalClosureRecord = z.infer<typeof fiscalClosureRecordSchema>;

/**
 * What the fiscal device reported about itself, sent when it changes (not once per poll): head
 * office keeps the latest per register, by `reportedAt`, and warns before the takings' deadline.
 */
export const fiscalStatusRecordSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  /** The device's serial when the till knows it (from its last document or closure). */
  serial: fiscalClosureSchema.shape.serial.nullable(),
  status: fiscalStatusSchema,
  /** The device's last Z the till ran, as the device dated it; null before the first. */
  lastClosureDate: fiscalClosureSchema.shape.date.nullable(),
  reportedAt: isoTimestampSchema,
});
export type FiscalStatusRecord = z.infer<typeof fiscalStatusRecordSchema>;

/** One till-made record, as it travels in the outbox and the push protocol. */
export const tillRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sale'), record: saleRecordSchema }),
  z.object({ type: z.literal('shift'), record: shiftRecordSchema }),
  z.object({ type: z.literal('stock-movement'), record: stockMovementRecordSchema }),
  z.object({ type: z.literal('customer'), record: customerRecordSchema }),
  z.object({ type: z.literal('audit'), record: auditRecordSchema }),
  z.object({ type: z.literal('fiscal-document'), record: fiscalDocumentRecordSchema }),
  z.object({ type: z.literal('fiscal-closure'), record: fiscalClosureRecordSchema }),
  z.object({ type: z.literal('fiscal-status'), record: fiscalStatusRecordSchema }),
  z.object({ type: z.literal('ledger-entry'), record: ledgerEntryRecordSchema }),
]);
export type TillRecord = z.infer<typeof tillRecordSchema>;

/**
 * The text an audit entry's SHA-256 hash covers, the same at the till that writes the chain and at
 * head office that checks it. `details` is the entry's details as JSON text.
 */
export function auditHashInput(
  deviceId: string,
  entry: Pick<AuditRecord, 'sequence' | 'id' | 'at' | 'userId' | 'role' | 'action' | 'previousHash'> & { readonly details: string },
): string {
  return JSON.stringify([deviceId, entry.sequence, entry.id, entry.at, entry.userId, entry.role, entry.action, entry.details, entry.previousHash]);
}

/** The previous hash of a chain's first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
