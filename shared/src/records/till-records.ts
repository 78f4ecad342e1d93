/**
 * @module
 * What a till creates and sends up: immutable records with ids made at the till. A correction is
 * a new record (a return, a post-void), never an edit, so replication only ever inserts.
 */
import { z } from 'zod';
import { vatCodeSchema } from '../domain';
import { centsSchema, idSchema, isoTimestampSchema, roleSchema } from './catalogue';

export const paymentMethodSchema = z.enum(['cash', 'card', 'voucher', 'store-credit']);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const saleLineRecordSchema = z.object({
  lineId: idSchema,
  productId: idSchema,
  variantId: idSchema,
  sku: z.string(),
  description: z.string(),
  vatCode: vatCodeSchema,
  /** Thousandths of the unit: 1000 = one piece or one kg. Negative on returns. */
  quantityMilli: z.number().int().safe(),
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
  reference: z.string().max(64).nullable(),
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
  zNumber: z.number().int().positive(),
  documentNumber: z.number().int().positive(),
  originalSaleId: idSchema.nullable(),
  cashierId: idSchema,
  customerId: idSchema.nullable(),
  completedAt: isoTimestampSchema,
  lines: z.array(saleLineRecordSchema).min(1),
  payments: z.array(paymentRecordSchema),
  changeCents: centsSchema.nonnegative(),
  roundingCents: centsSchema,
  totalCents: centsSchema,
  vatBreakdown: z.array(vatBreakdownRowSchema),
});
export type SaleRecord = z.infer<typeof saleRecordSchema>;

export const cashMovementRecordSchema = z.object({
  id: idSchema,
  kind: z.enum(['in', 'out']),
  amountCents: centsSchema.positive(),
  reason: z.string().min(1).max(200),
  userId: idSchema,
  at: isoTimestampSchema,
});

export const shiftRecordSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  deviceId: idSchema,
  zNumber: z.number().int().positive(),
  openedAt: isoTimestampSchema,
  openedBy: idSchema,
  floatCents: centsSchema.nonnegative(),
  closedAt: isoTimestampSchema,
  closedBy: idSchema,
  cashMovements: z.array(cashMovementRecordSchema),
  /** Denomination in cents → count, as the cashier counted the drawer. */
  countedDenominations: z.record(z.string(), z.number().int().nonnegative()),
  countedCashCents: centsSchema,
  expectedCashCents: centsSchema,
  varianceCents: centsSchema,
  salesCount: z.number().int().nonnegative(),
  salesTotalCents: centsSchema,
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
  deltaMilli: z.number().int().safe(),
  reason: stockMovementReasonSchema,
  referenceId: idSchema.nullable(),
  userId: idSchema.nullable(),
  at: isoTimestampSchema,
});
export type StockMovementRecord = z.infer<typeof stockMovementRecordSchema>;

export const customerRecordSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(120),
  phone: z.string().max(32).nullable(),
  email: z.string().max(120).nullable(),
  taxCode: z.string().max(16).nullable(),
  vatNumber: z.string().max(32).nullable(),
  createdAt: isoTimestampSchema,
});
export type CustomerRecord = z.infer<typeof customerRecordSchema>;

export const auditRecordSchema = z.object({
  id: idSchema,
  deviceId: idSchema,
  /** Position in this device's audit chain, from 1. */
  sequence: z.number().int().positive(),
  at: isoTimestampSchema,
  userId: idSchema.nullable(),
  role: roleSchema.nullable(),
  action: z.string().min(1).max(64),
  details: z.json(),
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** One till-made record, as it travels in the outbox and the push protocol. */
export const tillRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sale'), record: saleRecordSchema }),
  z.object({ type: z.literal('shift'), record: shiftRecordSchema }),
  z.object({ type: z.literal('stock-movement'), record: stockMovementRecordSchema }),
  z.object({ type: z.literal('customer'), record: customerRecordSchema }),
  z.object({ type: z.literal('audit'), record: auditRecordSchema }),
]);
export type TillRecord = z.infer<typeof tillRecordSchema>;
