/**
 * @module
 * What the till API returns: views shaped for the screen, not the database rows behind them.
 */
import { z } from 'zod';
import { variableMeasureLayoutShapeSchema, vatCodeSchema } from '../domain';
import { errorCodes } from '../errors';
import { centsSchema, idSchema, roleSchema, unitSchema } from '../records/catalogue';
import { boundedCentsSchema, text } from '../records/limits';
import { paymentMethodSchema, vatBreakdownRowSchema } from '../records/till-records';

export const userSummarySchema = z.object({ id: idSchema, name: z.string(), role: roleSchema });
export type UserSummary = z.infer<typeof userSummarySchema>;

export const appInfoSchema = z.object({
  shopName: z.string(),
  storeId: idSchema,
  /** Only for a caller with a session: a stranger could use it to claim this register. */
  deviceId: idSchema.optional(),
  registerName: z.string(),
  version: z.string(),
  defaultLocale: z.enum(['it', 'en']),
  /** `lan` when the host is reachable from other machines: every call then needs a session. */
  exposure: z.enum(['local', 'lan']),
  paired: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const catalogueItemSchema = z.object({
  variantId: idSchema,
  productId: idSchema,
  name: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  priceCents: centsSchema,
  vatCode: vatCodeSchema,
  unit: unitSchema,
  barcodes: z.array(z.string()),
  /** What the counter may sell: on hand (with head office's part) less what online orders hold (issue 18). */
  stockMilli: z.number().int(),
  /** True when the product has a size × colour (or other) matrix to pick from. */
  hasVariants: z.boolean(),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const variantMatrixSchema = z.object({
  productId: idSchema,
  name: z.string(),
  /** The product's own code, list price, category and on-sale flag, for editing it. */
  sku: z.string(),
  priceCents: centsSchema,
  categoryId: idSchema.nullable(),
  active: z.boolean(),
  /** Variant id → its own price (null: the product's list price applies). */
  ownPrices: z.record(z.string(), centsSchema.nullable()),
  axes: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  variants: z.array(catalogueItemSchema),
});
export type VariantMatrix = z.infer<typeof variantMatrixSchema>;

export const discountSchema = z.discriminatedUnion('kind', [
  /** Basis points: 1000 = 10 %. */
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(10_000), reason: z.string().min(1).max(120) }),
  z.object({ kind: z.literal('amount'), amountCents: boundedCentsSchema.positive(), reason: z.string().min(1).max(120) }),
]);
export type Discount = z.infer<typeof discountSchema>;

export const ticketLineViewSchema = z.object({
  lineId: idSchema,
  variantId: idSchema,
  productId: idSchema,
  description: z.string(),
  sku: z.string(),
  unit: unitSchema,
  vatCode: vatCodeSchema,
  quantityMilli: z.number().int(),
  unitPriceCents: centsSchema,
  priceOverridden: z.boolean(),
  discount: discountSchema.nullable(),
  /** Line discount plus this line's share of a ticket discount. */
  discountCents: centsSchema,
  totalCents: centsSchema,
});
export type TicketLineView = z.infer<typeof ticketLineViewSchema>;

export const ticketPaymentViewSchema = z.object({
  paymentId: idSchema,
  method: paymentMethodSchema,
  amountCents: centsSchema,
  reference: z.string().nullable(),
  // Issue 17: chain ledgers
  /** A voucher or store-credit payment: held at head office (`reserved`) or taken within the till's offline allowance. */
  authorisation: z.enum(['reserved', 'offline']).nullable().optional(),
});

export const ticketViewSchema = z.object({
  id: idSchema,
  status: z.enum(['open', 'parked']),
  kind: z.enum(['sale', 'return']),
  originalSaleId: idSchema.nullable(),
  customerId: idSchema.nullable(),
  lines: z.array(ticketLineViewSchema),
  ticketDiscount: discountSchema.nullable(),
  subtotalCents: centsSchema,
  discountCents: centsSchema,
  /** Amount due before cash rounding. */
  totalCents: centsSchema,
  vatBreakdown: z.array(vatBreakdownRowSchema),
  payments: z.array(ticketPaymentViewSchema),
  paidCents: centsSchema,
  /** Cash rounding applied so far (Italian 0.05 € rule, when enabled and paid in cash). */
  roundingCents: centsSchema,
  remainingCents: centsSchema,
  changeCents: centsSchema,
  // Issue 17: chain ledgers
  /** Loyalty points redeemed on this ticket, as a ticket discount worth `amountCents` (null: none). */
  pointsRedeemed: z.object({ points: z.number().int().positive(), amountCents: centsSchema, authorisation: z.enum(['reserved', 'offline']) }).nullable().optional(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const completedSaleSchema = z.object({
  saleId: idSchema,
  receiptNumber: z.string(),
  totalCents: centsSchema,
  changeCents: centsSchema,
  printJobId: idSchema.nullable(),
  // Issue 17: chain ledgers
  /** The voucher codes this sale's gift-card lines issued, one per line. */
  giftCards: z.array(z.object({ code: z.string(), amountCents: centsSchema })).optional(),
  /** Loyalty points this document earned (negative: a return took them back) and the customer's balance after; null without a customer or a rule. */
  points: z.object({ earned: z.number().int(), redeemed: z.number().int().nonnegative(), balance: z.number().int() }).nullable().optional(),
});
export type CompletedSale = z.infer<typeof completedSaleSchema>;

export const shiftViewSchema = z.object({
  id: idSchema,
  zNumber: z.number().int(),
  openedAt: z.string(),
  openedBy: z.string(),
  floatCents: centsSchema,
  status: z.enum(['open', 'closed']),
});
export type ShiftView = z.infer<typeof shiftViewSchema>;

export const printerStatusViewSchema = z.object({
  connection: z.string(),
  state: z.enum(['ready', 'offline', 'error', 'absent']),
  detail: z.string().nullable(),
  pendingJobs: z.number().int(),
  /** From the drawer's sensor through the printer: null when the printer does not report it. */
  drawerOpen: z.boolean().nullable(),
});

/** Why one direction of sync (push or pull) last failed: a shared error code, or the network, or an unreadable answer. */
export const syncDirectionErrorSchema = z.object({
  code: z.enum([...errorCodes, 'NETWORK', 'BAD_RESPONSE'] as const),
  message: z.string(),
});
export type SyncDirectionErrorView = z.infer<typeof syncDirectionErrorSchema>;

export const syncStateViewSchema = z.object({
  paired: z.boolean(),
  online: z.boolean(),
  lastSyncAt: z.string().nullable(),
  pending: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** The code of `lastError` when it has one, so the screen can say it in the cashier's language. */
  lastErrorCode: z.enum(errorCodes).nullable().optional(),
  /** Pushes and pulls back off separately: which one is failing, and why (null once it works again). */
  failing: z.enum(['push', 'pull', 'both']).nullable().optional(),
  pushError: syncDirectionErrorSchema.nullable().optional(),
  pullError: syncDirectionErrorSchema.nullable().optional(),
});
export type SyncStateView = z.infer<typeof syncStateViewSchema>;

export const euroDenominations = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1] as const;

export const shiftReportSchema = z.object({
  shiftId: idSchema,
  zNumber: z.number().int(),
  kind: z.enum(['X', 'Z']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  floatCents: centsSchema,
  salesCount: z.number().int(),
  salesTotalCents: centsSchema,
  returnsCount: z.number().int(),
  returnsTotalCents: centsSchema,
  discountsCents: centsSchema,
  /** Net amount per payment method: takings minus refunds, cash net of change. */
  byMethod: z.array(z.object({ method: paymentMethodSchema, amountCents: centsSchema })),
  cashInCents: centsSchema,
  cashOutCents: centsSchema,
  expectedCashCents: centsSchema,
  countedCashCents: centsSchema.nullable(),
  varianceCents: centsSchema.nullable(),
  vatBreakdown: z.array(vatBreakdownRowSchema),
});
export type ShiftReport = z.infer<typeof shiftReportSchema>;

export const receiptLookupSchema = z.object({
  saleId: idSchema,
  kind: z.enum(['sale', 'return', 'post-void']),
  receiptNumber: z.string(),
  completedAt: z.string(),
  totalCents: centsSchema,
  /** True when this is the register's last document and can still be post-voided. */
  postVoidable: z.boolean(),
  lines: z.array(
    z.object({
      lineId: idSchema,
      description: z.string(),
      vatCode: vatCodeSchema,
      unit: unitSchema,
      quantityMilli: z.number().int(),
      totalCents: centsSchema,
      /** What may still be returned: sold minus what earlier returns already took back. */
      returnableMilli: z.number().int(),
    }),
  ),
  payments: z.array(z.object({ method: paymentMethodSchema, amountCents: centsSchema })),
});
export type ReceiptLookup = z.infer<typeof receiptLookupSchema>;

export const parkedTicketSchema = z.object({
  ticketId: idSchema,
  parkedAt: z.string(),
  cashierName: z.string(),
  lineCount: z.number().int(),
  totalCents: centsSchema,
});

/** One row's rejection or warning: `reason` is a code of `importReasonTexts` (shared/catalogue). */
export const importNoteSchema = z.object({
  line: z.number().int(),
  sku: z.string(),
  reason: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number()])),
  /** English, for logs; screens render `reason` and `details` in their language. */
  message: z.string(),
});

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  products: z.number().int(),
  variants: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  rejectedCount: z.number().int(),
  /** The first rejected rows, each with its line number and why (a reason code with details). */
  rejected: z.array(importNoteSchema),
  /** Rows imported with a warning (a name the receipt printer cannot fully print). */
  warningCount: z.number().int(),
  warnings: z.array(importNoteSchema),
  durationMs: z.number().int(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importProgressSchema = z.object({
  importId: z.string(),
  processedLines: z.number().int(),
  totalLines: z.number().int(),
  rejected: z.number().int(),
});

export const customerViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  taxCode: z.string().nullable(),
  vatNumber: z.string().nullable(),
  storeCreditCents: centsSchema,
  // Issue 17: chain ledgers
  /** Loyalty points as this till sees them (head office's last figure plus this till's entries since). */
  pointsBalance: z.number().int().optional(),
});
export type CustomerView = z.infer<typeof customerViewSchema>;

export const customerInputSchema = z
  .object({
    // Text a database can store (no NUL): the record goes to head office and every till (issue 17).
    name: text().trim().min(1).max(120),
    phone: text().trim().max(32).optional(),
    email: z.email().max(120).optional(),
    /** Codice fiscale (16 characters) for an invoice request. */
    taxCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{16}$/, 'A codice fiscale has 16 letters and digits').optional(),
    /** Partita IVA: 11 digits. */
    vatNumber: z.string().trim().regex(/^\d{11}$/, 'A partita IVA has 11 digits').optional(),
  })
  .strict();

export const reportGroupingSchema = z.enum(['day', 'hour', 'product', 'category', 'payment', 'cashier', 'vat']);
export type ReportGrouping = z.infer<typeof reportGroupingSchema>;

export const salesReportSchema = z.object({
  groupBy: reportGroupingSchema,
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      tickets: z.number().int(),
      quantityMilli: z.number().int(),
      totalCents: centsSchema,
      vatCents: centsSchema,
    }),
  ),
  totalCents: centsSchema,
});
export type SalesReport = z.infer<typeof salesReportSchema>;

export const stockLevelSchema = z.object({
  variantId: idSchema,
  productId: idSchema,
  name: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  /** This till's own level plus what head office booked at this store (issue 18, `store-stock`). */
  onHandMilli: z.number().int(),
  /** Issue 18: held for online orders not yet shipped. */
  reservedMilli: z.number().int(),
  /** Issue 18: on hand less reserved. */
  availableMilli: z.number().int(),
});

export const tillSettingsSchema = z.object({
  shopName: z.string().min(1).max(120),
  addressLines: z.array(z.string().max(120)).max(4),
  vatNumber: z.string().max(32),
  registerName: z.string().min(1).max(40),
  receiptFooter: z.array(z.string().max(64)).max(6),
  cashRounding: z.boolean(),
  cashierDiscountLimitBp: z.number().int().min(0).max(10_000),
  defaultLocale: z.enum(['it', 'en']),
  /**
   * How the shop's scales lay out in-store barcodes (prefixes 20–29). Checked by the till as it
   * saves (lengths, overlaps), so its mistakes come back as codes a screen words in its language.
   * Left out on save: unchanged.
   */
  scaleLayouts: z.array(variableMeasureLayoutShapeSchema).max(40).optional(),
  /** Output only: head office sets the layouts, so this till's screen shows them read-only. */
  scaleLayoutsFromHeadOffice: z.boolean().optional(),
  /** Which cashier actions need a manager's PIN. Left out on save: unchanged. */
  approvals: z.object({ cancelTicket: z.boolean(), voidLine: z.boolean() }).optional(),
  /** The owner's ceiling for a price override and any line amount, in cents (at most 1.000.000 €). */
  maxLineAmountCents: z.number().int().min(1).max(100_000_000).optional(),
  /** Output only: head office sets the approvals or the ceiling, so this till shows them read-only. */
  policiesFromHeadOffice: z.boolean().optional(),
});
export type TillSettingsView = z.infer<typeof tillSettingsSchema>;

/**
 * What head office sets for every till of the chain (`/api/ho/chain-settings`): scale label
 * layouts, the actions that need a manager's PIN, the ceiling for a line amount or overridden price.
 */
export const chainSettingsSchema = z.object({
  scaleLayouts: z.array(variableMeasureLayoutShapeSchema).max(40),
  approvals: z.object({ cancelTicket: z.boolean(), voidLine: z.boolean() }),
  maxLineAmountCents: z.number().int().min(1).max(100_000_000),
  /** Issue 17: minutes without input before every till locks itself (0: never). Left out on save: unchanged. */
  idleLockMinutes: z.number().int().min(0).max(120).optional(),
});
export type ChainSettingsInput = z.infer<typeof chainSettingsSchema>;
/** As read: `scaleLayoutsAreDefault` when head office has set none and tills use the default. */
export type ChainSettingsView = ChainSettingsInput & { readonly scaleLayoutsAreDefault: boolean };

export const managedUserSchema = z.object({ id: idSchema, name: z.string(), role: roleSchema, active: z.boolean() });

/** Device connection strings as the shop sets them; '' means none. Applied at the next start. */
export const deviceSettingsSchema = z.object({
  printer: z.string().max(200),
  printerProfile: z.string().max(40),
  scanner: z.string().max(200),
  display: z.string().max(200),
  scale: z.string().max(200),
  scaleProtocol: z.enum(['mettler-toledo-8217', 'adam']),
});
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;
