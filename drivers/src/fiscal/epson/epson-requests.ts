/**
 * @module
 * Pure builders: a FiscalRequest (or a report, or a query) in, the Fiscal ePOS-Print XML text that
 * fpmate.cgi takes out. Formats follow reference/fiscal-rt.md §1; each choice between conflicting
 * sources ([C]) is named where it is made. Nothing here talks to a device.
 */
import type { FiscalLine, FiscalReference, FiscalRequest, FiscalTender, FiscalTenderKind } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import { checkTenders, lineNetCents } from '../fiscal-request-checks';
import { element, fitDescription, formatAmount, formatQuantity, soapEnvelope } from './epson-xml';

export { lineNetCents } from '../fiscal-request-checks';

export interface EpsonRequestContext {
  /** Operator number printed on the document (1…99). */
  readonly operator: number;
  /** Today, for the date of an unreferenced return only (the device dates the document itself). */
  readonly today?: Date;
}

type SaleRequest = Extract<FiscalRequest, { kind: 'sale' }>;
type ReturnRequest = Extract<FiscalRequest, { kind: 'return' }>;
type VoidRequest = Extract<FiscalRequest, { kind: 'void' }>;

/**
 * `printRecTotal paymentType/index` per tender kind (reference §1, "Codes"; lyancoder `fiscal.type.ts`
 * unless said otherwise):
 * - cash 0/0; cheque 1/0;
 * - electronic 2/1: card tenders must be paymentType 2 with index ≥ 1 for the 2026 POS–RT link;
 * - not-collected 2/0: index 0 of type 2 is "credit / non riscosso";
 * - meal-ticket 3/1 — [C] lyancoder's table has 3 = ticket, efsta maps tickets to 4-01 (multi-ticket);
 *   we follow lyancoder because 4 is the multi-ticket variant that also wants a ticket count;
 * - voucher 6/1 — efsta maps vouchers to 6-01 (6 = payment discount in lyancoder's table): a
 *   single-use voucher was taxed when sold, so at redemption it reduces what is collected.
 */
export const epsonTenderCodes: Readonly<Record<FiscalTenderKind, { readonly paymentType: number; readonly index: number; readonly label: string }>> = {
  cash: { paymentType: 0, index: 0, label: 'Contanti' },
  cheque: { paymentType: 1, index: 0, label: 'Assegno' },
  electronic: { paymentType: 2, index: 1, label: 'Pagamento elettronico' },
  'not-collected': { paymentType: 2, index: 0, label: 'Non riscosso' },
  'meal-ticket': { paymentType: 3, index: 1, label: 'Buoni pasto' },
  voucher: { paymentType: 6, index: 1, label: 'Buono' },
};

/** Cash rounding down is a payment discount, efsta's 6-00 (reference §1, "Codes"). */
const roundingDownCode = { paymentType: 6, index: 0 } as const;
/** adjustmentType 5: surcharge on the last item (reference §1, "Codes"); for rounding up [U]. */
const surchargeOnLastItem = 5;
/** adjustmentType 0: discount on the last item. */
const discountOnLastItem = 0;

export function buildSaleRequest(request: SaleRequest, context: EpsonRequestContext): string {
  const op = context.operator;
  const body: string[] = [element('beginFiscalReceipt', { operator: op })];
  if (request.customerTaxId !== null) body.push(taxIdDirectIo(request.customerTaxId));
  for (const line of request.lines) body.push(...saleLine(line, op));
  body.push(...roundingUp(request.roundingCents, request.lines, op));
  // Before the totals (lyancoder, fiskaltrust); the device also needs its lottery firmware.
  if (request.lotteryCode !== null) {
    // The lottery takes cashless purchases only (reference §4, "Lottery").
    if (!request.tenders.some((t) => t.kind === 'electronic')) throw new FiscalDeviceError('bad-request', 'A lottery code needs an electronic payment');
    body.push(element('printRecLotteryID', { operator: op, code: request.lotteryCode }));
  }
  checkTenders(request.lines, request.tenders, request.roundingCents);
  body.push(...totals(request.tenders, request.roundingCents, op));
  body.push(element('endFiscalReceipt', { operator: op }));
  return soapEnvelope('printerFiscalReceipt', body);
}

/**
 * A reso: the type-4 `REFUND` message goes BEFORE `beginFiscalReceipt` (reference §1, "Reso"), then
 * one `printRecRefund` per line. The printer needs flag SET 14/58 = 1 to print refund lines (OCA).
 */
export function buildReturnRequest(request: ReturnRequest, context: EpsonRequestContext): string {
  const op = context.operator;
  if (request.roundingCents > 0) {
    throw new FiscalDeviceError('bad-request', 'A return cannot be rounded up on an Epson RT: round the refund down or not at all');
  }
  const body: string[] = [
    element('printRecMessage', { operator: op, messageType: 4, index: 1, font: 1, message: referenceMessage('REFUND', request.original, context.today) }),
    element('beginFiscalReceipt', { operator: op }),
  ];
  for (const line of request.lines) body.push(refundLine(line, op));
  checkTenders(request.lines, request.tenders, request.roundingCents);
  // OCA sends payment and paymentType on a refund's total; MS sends only the operator. OCA's form
  // keeps the true tender type on the document, which the 2026 POS–RT link wants.
  body.push(...totals(request.tenders, request.roundingCents, op));
  body.push(element('endFiscalReceipt', { operator: op }));
  return soapEnvelope('printerFiscalReceipt', body);
}

/**
 * An annullo: the type-4 `VOID` message, then an empty receipt closed by a bare total
 * (procassa `annulloDirettoScontrino`); the device cancels the referenced document whole.
 * fiskaltrust also repeats the lines as `printRecVoid`; lyancoder sends the message alone.
 */
export function buildVoidRequest(request: VoidRequest, context: EpsonRequestContext): string {
  const op = context.operator;
  return soapEnvelope('printerFiscalReceipt', [
    element('printRecMessage', { operator: op, messageType: 4, index: 1, font: 1, message: referenceMessage('VOID', request.original, context.today) }),
    element('beginFiscalReceipt', { operator: op }),
    element('printRecTotal', { operator: op }),
    element('endFiscalReceipt', { operator: op }),
  ]);
}

export function buildIssueRequest(request: FiscalRequest, context: EpsonRequestContext): string {
  switch (request.kind) {
    case 'sale':
      return buildSaleRequest(request, context);
    case 'return':
      return buildReturnRequest(request, context);
    case 'void':
      return buildVoidRequest(request, context);
  }
}

/** X reading: the day so far. */
export function buildXReportRequest(context: EpsonRequestContext): string {
  return soapEnvelope('printerFiscalReport', [element('printXReport', { operator: context.operator })]);
}

/**
 * Daily closure. `printXZReport` (X then Z in one), as OCA does: OCA notes that `printZReport`
 * alone is "forbid by Epson by default", so a printer fresh from the technician refuses it.
 */
export function buildZReportRequest(context: EpsonRequestContext): string {
  return soapEnvelope('printerFiscalReport', [element('printXZReport', { operator: context.operator })]);
}

/** The 5-digit printer status. */
export function buildPrinterStatusRequest(): string {
  return soapEnvelope('printerCommand', [element('queryPrinterStatus', { operator: 1, statusType: 1 })]);
}

/** One `directIO` command with its data. */
export function buildDirectIoRequest(command: number, data: string): string {
  return soapEnvelope('printerCommand', [element('directIO', { command, data })]);
}

/** directIO 1138 `01`: RT status (files pending, old, rejected, certificate, service). */
export const buildRtStatusRequest = (): string => buildDirectIoRequest(1138, '01');
/** directIO 1387 `01`: the last emitted document (fiskaltrust `LastEmittedDocStatus`). */
export const buildLastDocumentRequest = (): string => buildDirectIoRequest(1387, '01');
/** directIO 3217 `01`: the serial (Odoo, procassa). */
export const buildSerialRequest = (): string => buildDirectIoRequest(3217, '01');

/**
 * directIO 9205 pre-check: `1` (refund) or `2` (void) + serial(11) + DDMMYYYY + doc(4) + Z(4)
 * (iconic `RefundCommands.java`, procassa). A reply starting with 0 or 1 means allowed.
 */
export function buildPreCheckRequest(kind: 'return' | 'void', original: FiscalReference): string {
  const data = `${kind === 'return' ? '1' : '2'}${original.serial}${ddmmyyyy(original.date)}${pad4(original.documentNumber)}${pad4(original.zNumber)}`;
  return buildDirectIoRequest(9205, data);
}

function saleLine(line: FiscalLine, op: number): string[] {
  const out = [
    element('printRecItem', {
      operator: op,
      description: fitDescription(line.description),
      quantity: formatQuantity(line.quantityMilli),
      unitPrice: formatAmount(line.unitPriceCents),
      department: line.department,
      justification: 1,
    }),
  ];
  if (line.discountCents > 0) {
    out.push(element('printRecItemAdjustment', {
      operator: op,
      adjustmentType: discountOnLastItem,
      description: 'Sconto',
      amount: formatAmount(line.discountCents),
      department: line.department,
      justification: 2,
    }));
  }
  return out;
}

/**
 * `printRecRefund` has no adjustment of its own: a discounted line is refunded as one unit at its
 * net amount, so the refund equals what was paid, to the cent.
 */
function refundLine(line: FiscalLine, op: number): string {
  const discounted = line.discountCents > 0;
  return element('printRecRefund', {
    operator: op,
    description: fitDescription(line.description),
    quantity: discounted ? '1' : formatQuantity(line.quantityMilli),
    unitPrice: formatAmount(discounted ? lineNetCents(line) : line.unitPriceCents),
    department: line.department,
    justification: 1,
  });
}

/**
 * Rounding up (customer pays more in cash) is a surcharge on the last line [U], so the device taxes
 * it in that line's VAT class, where shared's `fiscalVatTotals` and the Z leave rounding out. A till
 * with an RT therefore never rounds up (shared ticket-math `cashRoundingCents`): only a record made
 * before that rule reaches here with one, and it is issued rather than blocked for good.
 */
function roundingUp(roundingCents: number, lines: readonly FiscalLine[], op: number): string[] {
  const last = lines.at(-1);
  if (roundingCents <= 0 || !last) return [];
  return [element('printRecItemAdjustment', {
    operator: op,
    adjustmentType: surchargeOnLastItem,
    description: 'Arrotondamento',
    amount: formatAmount(roundingCents),
    department: last.department,
    justification: 2,
  })];
}

function totals(tenders: readonly FiscalTender[], roundingCents: number, op: number): string[] {
  const out: string[] = [];
  if (roundingCents < 0) {
    out.push(element('printRecTotal', { operator: op, description: 'Arrotondamento', payment: formatAmount(-roundingCents), ...roundingDownCode, justification: 1 }));
  }
  for (const tender of tenders) {
    const code = epsonTenderCodes[tender.kind];
    out.push(element('printRecTotal', {
      operator: op,
      description: fitDescription(tender.description ?? code.label) || code.label,
      payment: formatAmount(tender.amountCents),
      paymentType: code.paymentType,
      index: code.index,
      justification: 1,
    }));
  }
  return out;
}

/**
 * `REFUND|VOID zzzz nnnn ddmmyyyy SERIAL` (reference §1). An unreferenced return [C]: MS sends
 * `9999 9999 <date> <origin>`, fiskaltrust `0000 0000 <date> 00000000000`; we follow fiskaltrust,
 * whose all-zero serial iconic also uses for a "free refund".
 */
function referenceMessage(kind: 'REFUND' | 'VOID', original: FiscalReference | null, today: Date | undefined): string {
  if (original === null) {
    const day = today ?? new Date();
    const date = `${String(day.getDate()).padStart(2, '0')}${String(day.getMonth() + 1).padStart(2, '0')}${day.getFullYear()}`;
    return `${kind} 0000 0000 ${date} 00000000000`;
  }
  return `${kind} ${pad4(original.zNumber)} ${pad4(original.documentNumber)} ${ddmmyyyy(original.date)} ${original.serial}`;
}

/** Scontrino parlante (fiskaltrust): 1060 + `01` + P.IVA(11), or 1061 + `01` + CF(16). */
function taxIdDirectIo(taxId: string): string {
  return taxId.length === 11 ? element('directIO', { command: 1060, data: `01${taxId}` }) : element('directIO', { command: 1061, data: `01${taxId}` });
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function ddmmyyyy(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day ?? ''}${month ?? ''}${year ?? ''}`;
}
