/**
 * @module
 * Pure builders: a FiscalRequest (or a report, or a query) in, the XML text Custom's
 * `/xml/printer.htm` takes out. Formats follow reference/fiscal-rt.md §2 and Custom's XML manual
 * (see ./custom-xml.ts); each choice the sources leave open is marked [U] where it is made.
 * Nothing here talks to a device.
 */
import type { FiscalLine, FiscalReference, FiscalRequest, FiscalTender, FiscalTenderKind } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import { checkTenders, lineNetCents } from '../fiscal-request-checks';
import { customDocument, customElement, ddmmyy, fitCustomDescription, formatCents, formatMilli } from './custom-xml';

export interface CustomRequestContext {
  /** Today, for the docDate of an unreferenced return only (the device dates the document itself). */
  readonly today?: Date;
  /**
   * `printRecItem idVat` per department. The manual: "If the use of quantity is needed, the use of
   * the idVat tag is mandatory", and the device's VAT table order is its own. Departments missing
   * here go without idVat (as lyancoder sends them) [U].
   */
  readonly vatIndexByDepartment?: Readonly<Record<number, number>>;
  /** `printRecTotal paymentType` per tender kind, where the printer's payment table differs from the defaults. */
  readonly paymentTypes?: Readonly<Partial<Record<FiscalTenderKind, number>>>;
}

type SaleRequest = Extract<FiscalRequest, { kind: 'sale' }>;
type ReturnRequest = Extract<FiscalRequest, { kind: 'return' }>;
type VoidRequest = Extract<FiscalRequest, { kind: 'void' }>;

/**
 * Custom's VAT index for Cassa's default departments (1 = 22 %, 2 = 10 %, 3 = 5 %, 4 = 4 %),
 * from fiskaltrust `GetIdVat` (22 % → 1, 10 % → 2, 4 % → 3, 5 % → 4) [U: the device's table
 * is programmed by a technician; pass `vatIndexByDepartment` when it differs].
 */
export const defaultCustomVatIndexByDepartment: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 4, 4: 3 };

/**
 * `printRecTotal paymentType` per tender kind. The manual: "Type of payment (from 1 to 30, based on
 * database programming on the printer)"; its examples use 1 = "Payment in Cash".
 * - cash 1, electronic 2, meal-ticket 3: fiskaltrust `GetPaymentType` (cash → 1, card → 2,
 *   voucher/ticket → 3). Card payments stay apart from cash for the 2026 POS–RT link.
 * - cheque 4, not-collected 5, voucher 6: no source [U]; the shop's payment table must match, or
 *   pass `paymentTypes`.
 */
export const customTenderCodes: Readonly<Record<FiscalTenderKind, { readonly paymentType: number; readonly label: string }>> = {
  cash: { paymentType: 1, label: 'Contanti' },
  electronic: { paymentType: 2, label: 'Pagamento elettronico' },
  'meal-ticket': { paymentType: 3, label: 'Buoni pasto' },
  cheque: { paymentType: 4, label: 'Assegno' },
  'not-collected': { paymentType: 5, label: 'Non riscosso' },
  voucher: { paymentType: 6, label: 'Buono' },
};

/** printRecItemAdjustment / printRecSubtotalAdjustment: "2 = markup, 3 = discount. Other values are not allowed." */
const markup = 2;
const discount = 3;

export function buildCustomSaleRequest(request: SaleRequest, context: CustomRequestContext = {}): string {
  const body: string[] = [customElement('beginFiscalReceipt')];
  // Right after begin, as lyancoder and fiskaltrust send it; the device needs its lottery firmware.
  if (request.lotteryCode !== null) {
    // The lottery takes cashless purchases only (reference §4, "Lottery").
    if (!request.tenders.some((t) => t.kind === 'electronic')) throw new FiscalDeviceError('bad-request', 'A lottery code needs an electronic payment');
    body.push(customElement('setLotteryCode', { code: request.lotteryCode }));
  }
  checkTenders(request.lines, request.tenders, request.roundingCents);
  for (const line of request.lines) body.push(...saleLine(line, context));
  body.push(...roundingAndSubtotal(request.roundingCents));
  // Scontrino parlante: `fixedLines pitch="B"` is "customer fiscal code/VAT number" (manual);
  // fiskaltrust sends it after the items and subtotal, before printRecTotal [U: placement].
  if (request.customerTaxId !== null) body.push(customElement('fixedLines', { description: request.customerTaxId, pitch: 'B' }));
  body.push(...totals(request.tenders, context));
  body.push(customElement('endFiscalReceiptCut'));
  return customDocument('printerFiscalReceipt', body);
}

/**
 * A reso: `beginRtDocRefund` (or `beginRtDocRefundSpecial service="ND"` without an original) opens
 * the document in place of beginFiscalReceipt, then the lines as printRecItem (fiskaltrust), then
 * the tenders. fiskaltrust sends no printRecTotal on a return; the manual's structure (begin, sales,
 * payments, end: "No payment … endFiscalReceipt will return an error") and the 2026 POS–RT link
 * (true tender type) decide for sending them [U].
 */
export function buildCustomReturnRequest(request: ReturnRequest, context: CustomRequestContext = {}): string {
  const begin =
    request.original === null
      ? customElement('beginRtDocRefundSpecial', { service: 'ND', docDate: ddmmyy(isoToday(context.today)) })
      : referenceElement('beginRtDocRefund', request.original, false);
  const body = [begin, ...request.lines.map((line) => refundLine(line, context))];
  checkTenders(request.lines, request.tenders, request.roundingCents);
  body.push(...roundingAndSubtotal(request.roundingCents));
  body.push(...totals(request.tenders, context));
  body.push(customElement('endFiscalReceiptCut'));
  return customDocument('printerFiscalReceipt', body);
}

/**
 * An annullo: `beginRtDocAnnulment` then the close. The request carries no lines, so none are
 * sent: the device cancels the referenced document whole, as fiskaltrust's request does when it
 * has no items [U: lyancoder repeats the lines].
 */
export function buildCustomVoidRequest(request: VoidRequest): string {
  return customDocument('printerFiscalReceipt', [referenceElement('beginRtDocAnnulment', request.original, false), customElement('endFiscalReceiptCut')]);
}

export function buildCustomIssueRequest(request: FiscalRequest, context: CustomRequestContext = {}): string {
  switch (request.kind) {
    case 'sale':
      return buildCustomSaleRequest(request, context);
    case 'return':
      return buildCustomReturnRequest(request, context);
    case 'void':
      return buildCustomVoidRequest(request);
  }
}

/**
 * The device's pre-check: the same begin element with `checkOnly="1"` and nothing else, as in the
 * manual's getVatTotalsOnDemand example. Its responseBuf says 0 not found, 1 found, 2 not allowed.
 */
export function buildCustomReferenceCheck(kind: 'return' | 'void', original: FiscalReference): string {
  return customDocument('printerFiscalReceipt', [referenceElement(kind === 'return' ? 'beginRtDocRefund' : 'beginRtDocAnnulment', original, true)]);
}

/** X reading: `printXReport` (manual; lyancoder, fiskaltrust). */
export function buildCustomXReport(): string {
  return customDocument('printerFiscalReport', [customElement('printXReport')]);
}

/** Daily closure: `printZReport description=""`, the manual's "FISCAL ZEROSET" example (fiskaltrust sends the same). */
export function buildCustomZReport(): string {
  return customDocument('printerFiscalReport', [customElement('printZReport', { description: '' })]);
}

/** printerStatus (S1 cover open, S2 paper end, S3 paper near end, S4 EJ full, S5 EJ almost full), fpStatus, receiptStep. */
export const buildCustomStatusRequest = (): string => customDocument('printerCommand', [customElement('queryPrinterStatus')]);
/** `<infoResp>`: serial, service state, zSetNumber, EJ, certificate. */
export const buildCustomInfoRequest = (): string => customDocument('printerCommand', [customElement('getInfo')]);
/**
 * The day's VAT totals, whose `<lastDocument>` holds the last receipt's number, dateTime and total
 * (manual rev 2.00; older firmware may not know the command [U]).
 */
export const buildCustomLastDocumentRequest = (): string => customDocument('printerCommand', [customElement('getVatTotalsOnDemand', { vatgroup: 0, doctype: 0 })]);
/** The day's counters: receipts, returns and annulments with their totals (manual, getDailyTotals). */
export const buildCustomDailyTotalsRequest = (): string => customDocument('printerCommand', [customElement('getDailyTotals')]);

function referenceElement(name: 'beginRtDocRefund' | 'beginRtDocAnnulment', original: FiscalReference, checkOnly: boolean): string {
  // The manual's own example writes docRefZ="zzzz" docRefNumber="nnnn": zero-padded to 4 [U].
  return customElement(name, {
    docRefZ: pad4(original.zNumber),
    docRefNumber: pad4(original.documentNumber),
    docDate: ddmmyy(original.date),
    printPreview: 0,
    fiscalSerial: original.serial,
    checkOnly: checkOnly ? 1 : 0,
  });
}

function itemAttributes(line: FiscalLine, quantityMilli: number, unitPriceCents: number, context: CustomRequestContext): Record<string, string | number> {
  const idVat = (context.vatIndexByDepartment ?? defaultCustomVatIndexByDepartment)[line.department];
  return {
    description: fitCustomDescription(line.description),
    unitPrice: formatCents(unitPriceCents),
    department: line.department,
    ...(idVat === undefined ? {} : { idVat }),
    quantity: formatMilli(quantityMilli),
  };
}

function saleLine(line: FiscalLine, context: CustomRequestContext): string[] {
  const out = [customElement('printRecItem', itemAttributes(line, line.quantityMilli, line.unitPriceCents, context))];
  if (line.discountCents > 0) {
    // (checkTenders has already refused a discount larger than its line.) "The discount or markup is applied to the item sold with the previous operation" (manual).
    out.push(customElement('printRecItemAdjustment', { adjustmentType: discount, description: 'Sconto', amount: formatCents(line.discountCents), department: line.department }));
  }
  return out;
}

/** A discounted line is refunded as one unit at its net amount, so the refund equals what was paid, to the cent. */
function refundLine(line: FiscalLine, context: CustomRequestContext): string {
  const discounted = line.discountCents > 0;
  return customElement('printRecItem', itemAttributes(line, discounted ? 1000 : line.quantityMilli, discounted ? lineNetCents(line) : line.unitPriceCents, context));
}

/**
 * Cash rounding as a markup (2) or discount (3) on the subtotal, then the subtotal. The manual also
 * has `printTotalRoundingMarkup` but does not say how a rounding down is signed there [U].
 */
function roundingAndSubtotal(roundingCents: number): string[] {
  const out: string[] = [];
  if (roundingCents !== 0) {
    out.push(customElement('printRecSubtotalAdjustment', { adjustmentType: roundingCents > 0 ? markup : discount, description: 'Arrotondamento', amount: formatCents(Math.abs(roundingCents)) }));
  }
  out.push(customElement('printRecSubtotal'));
  return out;
}

function totals(tenders: readonly FiscalTender[], context: CustomRequestContext): string[] {
  return tenders.map((tender) => {
    const code = customTenderCodes[tender.kind];
    return customElement('printRecTotal', {
      description: fitCustomDescription(tender.description ?? code.label) || code.label,
      payment: formatCents(tender.amountCents),
      paymentType: context.paymentTypes?.[tender.kind] ?? code.paymentType,
    });
  });
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function isoToday(today: Date | undefined): string {
  const day = today ?? new Date();
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}
