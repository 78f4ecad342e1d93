/**
 * @module
 * The till API, declared once. The core implements it (`satisfies TillHandlers<…>`), the
 * Electron IPC bridge and the HTTP host serve it, and the renderer calls it through
 * `createTillClient`. Adding a procedure: add it here, then one handler in desktop/src/core/api.
 */
import { z } from 'zod';
import { centsSchema, idSchema, productSchema, roleSchema } from '../records/catalogue';
import { boundedCentsSchema } from '../records/limits';
import { paymentMethodSchema } from '../records/till-records';
import type { Handlers } from './define';
import { action, command, query } from './define';
import {
  appInfoSchema,
  catalogueItemSchema,
  completedSaleSchema,
  customerInputSchema,
  customerViewSchema,
  parkedTicketSchema,
  receiptLookupSchema,
  deviceSettingsSchema,
  discountSchema,
  managedUserSchema,
  reportGroupingSchema,
  salesReportSchema,
  stockLevelSchema,
  tillSettingsSchema,
  importProgressSchema,
  importReportSchema,
  printerStatusViewSchema,
  shiftReportSchema,
  shiftViewSchema,
  syncStateViewSchema,
  ticketViewSchema,
  userSummarySchema,
  variantMatrixSchema,
} from './till-views';
import { enrolmentCodeSchema, lanDeviceViewSchema, pinSchema } from './lan-access';
import { departmentTableSchema } from '../fiscal/departments';
import { departmentSchema, fiscalClosureSchema, fiscalReferenceSchema } from '../fiscal/fiscal-model';
import { fiscalConnectionInputSchema, fiscalConnectionViewSchema, fiscalDepartmentsViewSchema, fiscalStatusViewSchema, fiscalZViewSchema } from './fiscal-office-views';
import { idleLockSchema, idleLockViewSchema, incomingTransferViewSchema, stockElsewhereViewSchema, transferReceiptInputSchema } from './chain-stock-views';
import { fiscalSaleInputShape, fiscalStateViewSchema, manualFiscalDocumentInputSchema, saleFiscalDocumentSchema } from './fiscal-cashier-views';
// Issue 17: chain ledgers
import { ledgerDrawResultSchema, voucherLookupSchema } from './ledger-views';
// Issue 17: ledger-ui
import { loyaltyRuleSchema } from '../records/chain-records';
import { receiptViewSchema } from './receipt-view';

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

/** A manager's PIN typed on the cashier's screen, for one gated action. */
export const managerOverrideSchema = z.object({ userId: idSchema, pin: z.string().min(4).max(12) });

const quantityMilli = z.number().int().min(-1_000_000_000).max(1_000_000_000);

export const tillContract = {
  'app.info': query('public', none, appInfoSchema),

  /** `local`: the counter itself, or a tablet enrolled with `lanDevices.enrol`. */
  'session.users': query('local', none, z.array(userSummarySchema)),
  'session.login': command(
    'local',
    z.object({ userId: idSchema, pin: z.string().min(1).max(12) }).strict(),
    z.object({ token: z.string(), user: userSummarySchema }),
  ),
  'session.logout': command('cashier', none, ok),
  /** Unlocks a locked screen: the PIN of the session's own user, checked (and failures counted) like a login. */
  'session.unlock': command('cashier', z.object({ pin: z.string().min(1).max(12) }).strict(), ok),
  'session.me': query('cashier', none, userSummarySchema),

  /** A tablet joins with the code shown at the counter; the host keeps its credential in an HttpOnly cookie. */
  'lanDevices.enrol': command('public', z.object({ code: enrolmentCodeSchema, name: z.string().trim().min(1).max(60) }).strict(), z.object({ id: idSchema, name: z.string() })),
  /** Only at the counter: a one-time code, valid for minutes, for enrolling one tablet. */
  'lanDevices.issueCode': command('manager', none, z.object({ code: enrolmentCodeSchema, expiresAt: z.string() })),
  'lanDevices.list': query('manager', none, z.array(lanDeviceViewSchema)),
  'lanDevices.revoke': command('manager', z.object({ id: idSchema }).strict(), ok),

  'catalogue.search': query(
    'cashier',
    z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    z.array(catalogueItemSchema),
  ),
  'catalogue.matrix': query('cashier', z.object({ productId: idSchema }).strict(), variantMatrixSchema),
  /** The touch grid of favourites, in the shop's order. */
  'catalogue.quickKeys': query('cashier', none, z.array(catalogueItemSchema)),
  'catalogue.setQuickKeys': command('manager', z.object({ variantIds: z.array(idSchema).max(48) }).strict(), z.array(catalogueItemSchema)),
  'catalogue.categories': query('cashier', none, z.array(z.object({ id: idSchema, name: z.string(), parentId: idSchema.nullable() }))),

  /** Long work: runs outside the command queue, in batches, and reports progress as events. */
  'catalogue.import': action(
    'manager',
    z.object({ csv: z.string().min(1), dryRun: z.boolean().default(true), importId: z.string().max(64).optional() }).strict(),
    importReportSchema,
  ),
  'catalogue.export': query('manager', z.object({ delimiter: z.enum([';', ',']).default(';') }).strict(), z.object({ csv: z.string() })),

  /** Back office: a product with its variants, when the register is not managed by head office. */
  'catalogue.saveProduct': command('manager', z.object({ product: productSchema }).strict(), variantMatrixSchema),

  'reports.sales': query(
    'manager',
    z.object({ from: z.iso.date(), to: z.iso.date(), groupBy: reportGroupingSchema }).strict(),
    salesReportSchema,
  ),
  'stock.levels': query(
    'manager',
    z.object({ query: z.string().max(100).default(''), belowMilli: z.number().int().optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.array(stockLevelSchema),
  ),
  /** Counted stock or goods received: a movement, never an overwrite. */
  'stock.adjust': command(
    'manager',
    z.object({ variantId: idSchema, deltaMilli: z.number().int().refine((n) => n !== 0, 'must not be zero'), reason: z.enum(['adjustment', 'goods-received']), note: z.string().max(200).default('') }).strict(),
    stockLevelSchema,
  ),

  'users.list': query('admin', none, z.array(managedUserSchema)),
  'users.save': command(
    'admin',
    z.object({ id: idSchema.optional(), name: z.string().trim().min(1).max(80), role: roleSchema, pin: pinSchema.optional(), active: z.boolean() }).strict(),
    managedUserSchema,
  ),

  'settings.get': query('manager', none, tillSettingsSchema),
  'settings.save': command('admin', tillSettingsSchema, tillSettingsSchema),

  /** Connected serial ports, USB printers and HID devices, each source failing on its own. */
  'devices.discover': action(
    'admin',
    none,
    z.array(z.object({ source: z.string(), ok: z.boolean(), reason: z.string().nullable(), devices: z.array(z.object({ connection: z.string(), label: z.string(), role: z.string().nullable() })) })),
  ),
  'devices.settings': query(
    'manager',
    none,
    z.object({
      saved: deviceSettingsSchema,
      /** What this run of the till uses: the saved settings unless an environment variable overrides them. */
      running: z.object({ printer: z.string(), scanner: z.string().nullable(), display: z.string().nullable(), scale: z.string().nullable() }),
      /** False on a till running in a browser (a phone, issue 20): it opens no device by cable or network, so the connections above cannot be changed there. */
      devicesReachable: z.boolean(),
    }),
  ),
  /** Checks every connection string (a malformed one is refused naming the wrong part); applies at the next start. */
  'devices.saveSettings': command('admin', deviceSettingsSchema, z.object({ saved: deviceSettingsSchema, restartRequired: z.literal(true) })),
  'printer.testPrint': command('manager', none, z.object({ printJobId: idSchema })),

  'sale.current': query('cashier', none, ticketViewSchema.nullable()),
  'sale.scan': command('cashier', z.object({ code: z.string().min(1).max(64) }).strict(), ticketViewSchema),
  'sale.addItem': command(
    'cashier',
    z.object({ variantId: idSchema, quantityMilli: quantityMilli.optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.setQuantity': command(
    'cashier',
    z.object({ lineId: idSchema, quantityMilli }).strict(),
    ticketViewSchema,
  ),
  'sale.voidLine': command(
    'cashier',
    z.object({ lineId: idSchema, override: managerOverrideSchema.optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.overridePrice': command(
    'cashier',
    z.object({ lineId: idSchema, unitPriceCents: centsSchema.nonnegative(), reason: z.string().min(1).max(120), override: managerOverrideSchema.optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.discountLine': command(
    'cashier',
    z.object({ lineId: idSchema, discount: discountSchema.nullable(), override: managerOverrideSchema.optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.discountTicket': command(
    'cashier',
    z.object({ discount: discountSchema.nullable(), override: managerOverrideSchema.optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.addPayment': command(
    'cashier',
    z.object({ method: paymentMethodSchema, amountCents: boundedCentsSchema.positive(), reference: z.string().max(64).optional() }).strict(),
    ticketViewSchema,
  ),
  'sale.removePayment': command('cashier', z.object({ paymentId: idSchema }).strict(), ticketViewSchema),
  /**
   * With an Italian fiscal device: the lottery code and the customer's tax id of a sale, or the
   * original's document of a return (see fiscal-cashier-views.ts); `override` is a manager's PIN
   * for an unreferenced return.
   */
  'sale.complete': command(
    'cashier',
    z.object({ printReceipt: z.boolean().default(true), ...fiscalSaleInputShape, override: managerOverrideSchema.optional() }).strict(),
    completedSaleSchema,
  ),
  'sale.park': command('cashier', none, ok),
  'sale.parked': query('cashier', none, z.array(parkedTicketSchema)),
  'sale.resume': command('cashier', z.object({ ticketId: idSchema }).strict(), ticketViewSchema),

  /** Finds a completed document by receipt number (zzzz-nnnn), scanned receipt code or id. */
  /** The register's last completed document (for "reprint last" after a reload), or null. */
  'sale.last': query('cashier', none, receiptLookupSchema.nullable()),
  'sale.findReceipt': query('cashier', z.object({ query: z.string().min(1).max(80) }).strict(), receiptLookupSchema),
  'sale.startReturn': command(
    'cashier',
    z.object({
      saleId: idSchema,
      lines: z.array(z.object({ lineId: idSchema, quantityMilli: z.number().int().positive() })).min(1),
      override: managerOverrideSchema.optional(),
    }).strict(),
    ticketViewSchema,
  ),
  'sale.postVoid': command(
    'cashier',
    z.object({
      saleId: idSchema,
      reason: z.string().min(1).max(200),
      override: managerOverrideSchema.optional(),
      /** With a fiscal device: the sale's document when this till does not know it (sold before the device was set). */
      original: fiscalReferenceSchema.optional(),
    }).strict(),
    completedSaleSchema,
  ),
  'sale.reprint': command('cashier', z.object({ saleId: idSchema }).strict(), z.object({ printJobId: idSchema })),
  'sale.cancel': command('cashier', z.object({ override: managerOverrideSchema.optional() }).strict(), ok),

  // Fiscal device, cashier (issue 16)
  /** The fiscal device's state: its status and every document not issued yet, with the reason. */
  'fiscal.state': query('cashier', none, fiscalStateViewSchema),
  /** A sale's documento commerciale (DOCUMENTO N. zzzz-nnnn), or that it is still waiting. */
  'fiscal.documentOfSale': query('cashier', z.object({ saleId: idSchema }).strict(), saleFiscalDocumentSchema),
  /** Sends blocked documents again (an uncertain one is checked on the device first). Waits on the device: an action. */
  'fiscal.retry': action('cashier', none, fiscalStateViewSchema),
  /** A manager records the document issued by hand for a blocked sale; audited. A cashier needs a manager's PIN. */
  'fiscal.recordManual': command(
    'cashier',
    z.object({ jobId: idSchema, document: manualFiscalDocumentInputSchema, override: managerOverrideSchema.optional() }).strict(),
    fiscalStateViewSchema,
  ),

  'customer.create': command('cashier', customerInputSchema, customerViewSchema),
  'customer.search': query('cashier', z.object({ query: z.string().min(1).max(80) }).strict(), z.array(customerViewSchema)),
  // Issue 17, customers everywhere: a customer's details changed here reach every till (the latest
  // edit wins); the history asks head office for every store's purchases (an action: it waits on
  // the network, briefly, never holding up a sale) and falls back to this register's own sales.
  'customer.update': command('cashier', customerInputSchema.extend({ id: idSchema }), customerViewSchema),
  /** The customer as this till holds it (the survivor when it was merged), with its store credit: no network. */
  'customer.get': query('cashier', z.object({ customerId: idSchema }).strict(), customerViewSchema),
  'customer.history': action(
    'cashier',
    z.object({ customerId: idSchema }).strict(),
    z.object({
      /** The customer asked for, or the one it was merged into. */
      customer: customerViewSchema,
      /** `chain`: every store's purchases, from head office; `register`: this till's own (offline or unpaired). */
      source: z.enum(['chain', 'register']),
      sales: z.array(
        z.object({
          saleId: idSchema,
          receiptNumber: z.string(),
          kind: z.string(),
          completedAt: z.string(),
          totalCents: centsSchema,
          /** The store it was made in, when head office said. */
          storeName: z.string().nullable(),
        }),
      ),
    }),
  ),
  'sale.setCustomer': command('cashier', z.object({ customerId: idSchema.nullable() }).strict(), ticketViewSchema),
  'voucher.issue': command(
    'manager',
    z.object({ amountCents: boundedCentsSchema.positive(), reason: z.string().min(1).max(200) }).strict(),
    z.object({ code: z.string(), balanceCents: centsSchema }),
  ),
  'voucher.balance': query('cashier', z.object({ code: z.string().min(4).max(40) }).strict(), z.object({ code: z.string(), balanceCents: centsSchema })),

  // Issue 17: chain ledgers
  /**
   * Pays with a voucher (its code as `reference`) or the ticket customer's store credit. Online,
   * held at head office first (waiting at most LEDGER_RESERVE_TIMEOUT_MS); without an answer,
   * within this till's offline allowance. Refused with OVERPAYMENT (and the amount available)
   * when neither covers it. An action: the sale never waits on the queue for head office.
   */
  'sale.payWithCredit': action(
    'cashier',
    z.object({ method: z.enum(['voucher', 'store-credit']), reference: z.string().trim().min(4).max(40).optional(), amountCents: boundedCentsSchema.positive() }).strict(),
    ledgerDrawResultSchema,
  ),
  /** Redeems the ticket customer's loyalty points as a ticket discount (points × the rule's cents per point); held or offline like a payment. */
  'sale.redeemPoints': action('cashier', z.object({ points: z.number().int().positive().max(100_000_000) }).strict(), ledgerDrawResultSchema),
  /** Takes the redeemed points off the ticket again (and lets head office's hold go). */
  'sale.cancelPointsRedemption': command('cashier', none, ticketViewSchema),
  /** A gift card of this amount as a ticket line (VAT nature N2, no stock); its code is issued when the sale completes. */
  'sale.addGiftCard': command('cashier', z.object({ amountCents: boundedCentsSchema.positive().max(100_000_000) }).strict(), ticketViewSchema),
  /** A voucher's balance, offline limit and history: head office's when it answers in time, else this till's own figure with its age. */
  'voucher.lookup': action('cashier', z.object({ code: z.string().trim().min(4).max(40) }).strict(), voucherLookupSchema),
  // Issue 17: ledger-ui (the points dialog says what a point is worth before the cashier redeems)
  /** The owner's loyalty rule as this till holds it (off: pointsPerEuro 0). */
  'loyalty.rule': query('cashier', none, loyaltyRuleSchema),

  // Fiscal device, back office (issue 16)
  /** The fiscal device's connection: saved, in use for this run, and whether a restart applies the saved one. */
  'fiscal.connection': query('manager', none, fiscalConnectionViewSchema),
  /** Checks the string's scheme and parts (epson-rt, epson-rts, custom-rt, rch-rt, rch-rt+http; '' for none); audited; applies at the next start. */
  'fiscal.setConnection': command('manager', z.object({ connection: fiscalConnectionInputSchema, override: managerOverrideSchema.optional() }).strict(), fiscalConnectionViewSchema),
  'fiscal.departments': query('manager', none, fiscalDepartmentsViewSchema),
  /** Replaces the department ↔ VAT table (what the device holds); audited. */
  'fiscal.setDepartments': command('manager', z.object({ departments: departmentTableSchema, override: managerOverrideSchema.optional() }).strict(), fiscalDepartmentsViewSchema),
  /** The table the device reports, where its brand can say (null where it cannot); nothing is saved. */
  'fiscal.readDepartments': action('manager', none, z.object({ departments: z.array(departmentSchema).nullable() })),
  /** Asks the device how it is now (paper, cover, journal, files to send, certificate). */
  'fiscal.status': action('manager', none, fiscalStatusViewSchema),
  /** The device's X reading: its day so far, nothing closed. */
  'fiscal.xReading': action('cashier', none, fiscalClosureSchema),
  /** The device's Z stored with a closed shift and the day's totals per VAT; null for a shift closed without a device. */
  'fiscal.zClosure': query('cashier', z.object({ shiftId: idSchema }).strict(), fiscalZViewSchema.nullable()),

  'shift.current': query('cashier', none, shiftViewSchema.nullable()),
  'shift.open': command('cashier', z.object({ floatCents: boundedCentsSchema.nonnegative() }).strict(), shiftViewSchema),
  'shift.cashMovement': command(
    'cashier',
    z.object({ kind: z.enum(['in', 'out']), amountCents: boundedCentsSchema.positive(), reason: z.string().min(1).max(200) }).strict(),
    shiftReportSchema,
  ),
  'shift.report': query('cashier', none, shiftReportSchema),
  /** Prints a shift's X report, or a closed shift's Z again, on the receipt printer (the Z also prints by itself at the close). */
  'shift.printReport': command('cashier', z.object({ shiftId: idSchema, kind: z.enum(['X', 'Z']) }).strict(), z.object({ printJobId: idSchema })),
  'shift.close': command(
    'cashier',
    z
      .object({
        /** Denomination in cents (as a string key) → how many were counted in the drawer. */
        // Euro has 15 denominations; a bounded count keeps the counted total within what a shift record holds.
        denominations: z
          .record(z.string().regex(/^\d{1,5}$/), z.number().int().min(0).max(100_000))
          .refine((counts) => Object.keys(counts).length <= 30, { message: 'At most 30 denominations' }),
        override: managerOverrideSchema.optional(),
      })
      .strict(),
    shiftReportSchema,
  ),

  'printer.status': query('cashier', none, printerStatusViewSchema),
  /** The last receipt the virtual printer produced, as text and PNG (null for a real printer). */
  'printer.preview': query('cashier', none, z.object({ text: z.string(), pngBase64: z.string() }).nullable()),
  /** Issue 20: a sale's receipt as the printer would print it, for a screen without a printer and for sharing. */
  'sale.receiptView': query('cashier', z.object({ saleId: z.string().min(1).max(80) }).strict(), receiptViewSchema),
  /** Reads a stable weight from the scale: waits on the device, so outside the command queue. */
  'scale.weigh': action('cashier', none, z.object({ grams: z.number().int() })),
  'devices.status': query(
    'cashier',
    none,
    z.array(z.object({ kind: z.enum(['scanner', 'display', 'scale']), connection: z.string(), state: z.string(), detail: z.string().nullable() })),
  ),
  /** Opens the drawer without a sale (to give change, say): audited. */
  'drawer.open': command('cashier', z.object({ reason: z.string().min(1).max(200) }).strict(), ok),
  'sync.state': query('cashier', none, syncStateViewSchema),
  'sync.now': action('cashier', none, syncStateViewSchema),
  'sync.pair': action(
    'admin',
    z.object({ serverUrl: z.url({ protocol: /^https?$/ }), code: z.string().min(4).max(40) }).strict(),
    syncStateViewSchema,
  ),
  /** Every record not yet acknowledged, as a file head office can import (before a reset or a repair). */
  'sync.exportUnsent': action('admin', none, z.object({ fileName: z.string(), content: z.string(), records: z.number().int() })),
  /** Refused with SYNC_UNSENT_RECORDS while anything waits in the outbox. */
  'sync.unpair': action('admin', none, syncStateViewSchema),

  // Stock across stores and the idle lock (issue 17).
  /** On hand here and, from head office within a short wait, at every store; offline, the last answer kept with its age. */
  'stock.elsewhere': action('cashier', z.object({ variantId: idSchema }).strict(), stockElsewhereViewSchema),
  /** Transfers head office sent to this store: in transit first, then the latest received or cancelled. */
  'transfers.incoming': query('cashier', none, z.array(incomingTransferViewSchema)),
  /** The transfer's line a scanned code is for; an item the transfer does not hold is refused (transfer-unexpected-item). */
  'transfers.scan': query('cashier', z.object({ transferId: idSchema, code: z.string().min(1).max(64) }).strict(), z.object({ variantId: idSchema, productName: z.string(), sku: z.string() })),
  /** Books what was counted in (transfer-in movements, reference = the transfer) in one transaction; head office closes the transfer. */
  'transfers.receive': command('cashier', transferReceiptInputSchema, incomingTransferViewSchema),
  'idleLock.get': query('cashier', none, idleLockViewSchema),
  /** Refused (head-office-managed) when head office set it for the chain. */
  'idleLock.set': command('manager', idleLockSchema, idleLockViewSchema),
} as const;

export type TillContract = typeof tillContract;
export type TillProcedure = keyof TillContract;

/** Events the till pushes to its screens. */
export const tillEvents = {
  'sale.changed': ticketViewSchema,
  'printer.status': printerStatusViewSchema,
  'sync.state': syncStateViewSchema,
  'scanner.scan': z.object({ code: z.string(), source: z.string() }),
  'catalogue.importProgress': importProgressSchema,
  /** The fiscal queue or the device's status changed (issue 16): the cashier's banner and status bar. */
  'fiscal.changed': fiscalStateViewSchema,
} as const;

export type TillEvents = typeof tillEvents;
export type TillHandlers<Ctx> = Handlers<TillContract, Ctx>;

export function isTillProcedure(name: string): name is TillProcedure {
  return Object.hasOwn(tillContract, name);
}
