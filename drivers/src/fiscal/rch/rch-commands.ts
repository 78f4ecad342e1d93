/**
 * @module
 * Pure builders: a FiscalRequest (or a report, or a query) in, the RCH protocol commands out, one
 * string per command, in the order the printer takes them. Both transports send these same strings
 * (the native framed protocol one frame each, service.cgi one `<cmd>` each).
 *
 * Sources (reference/fiscal-rt.md §3): lyancoder/fiscal-printer (`=R1/$200/(DOLCE)`,
 * `=R2/$100/*2/(CAFFE)`, `=T1`) and lucafabbri/rch-driver-js-core `Core.ts` (written by an RCH
 * author: `=K` clear, `=V-` discount, `=S` subtotal, `=T<n>/$<cents>/(<text>)`, `=r` reso, `=k`
 * annullo, `="/?L` lottery, `="/?C` tax code, `=c` close, `=x` end, `=C1/2/3/10` modes and reports,
 * `<</?…` reads). Amounts are whole cents, as `$200` = €2.00 in both.
 */
import { deviceLineAmountCents } from '@cassa/shared';
import type { FiscalLine, FiscalReference, FiscalRequest, FiscalTender, FiscalTenderKind } from '@cassa/shared';
import { checkTenders, lineNetCents } from '../fiscal-request-checks';
import { FiscalDeviceError } from '../fiscal-device';
import { printableText } from '../fiscal-text';

type SaleRequest = Extract<FiscalRequest, { kind: 'sale' }>;
type ReturnRequest = Extract<FiscalRequest, { kind: 'return' }>;
type VoidRequest = Extract<FiscalRequest, { kind: 'void' }>;

/**
 * Description width [U]: no source states the item text limit; rch-driver-js-core cuts payment
 * texts to 36 characters, so items use the same.
 */
export const rchDescriptionWidth = 36;

/**
 * `=T<n>` payment numbers of a printer as RCH ships it (rch-driver-js `RchDefault.ts`):
 * 1 CONTANTI, 2 NON RISCOSSO BENI, 3 ASSEGNI, 4 CARTE DI CREDITO, 5 TICKETS, 10 BUONI MULTIUSO.
 * - electronic → 4: card and other electronic payments apart, as the 2026 POS–RT link wants;
 * - voucher → 10 BUONI MULTIUSO [C]: the Epson adapter sends vouchers as a payment discount (efsta
 *   6-01, RCH's 9 SCONTO A PAGARE would be its match); Cassa's voucher is "not takings until the
 *   goods are handed over", which is the multi-use voucher RCH names, so 10.
 * A technician can renumber payments; these are the defaults only.
 */
export const rchPaymentNumbers: Readonly<Record<FiscalTenderKind, number>> = {
  cash: 1,
  'not-collected': 2,
  cheque: 3,
  electronic: 4,
  'meal-ticket': 5,
  voucher: 10,
};

/** `=K`: clears whatever was keyed but not confirmed (rch-driver-js sends it before and after a receipt). */
export const rchClear = '=K';
/** `=c` then `=x`: close the receipt and end the operation, as rch-driver-js `printReceipt` ends. */
const closeAndEnd = ['=c', '=x'] as const;

/**
 * Text for a `(…)` field: printable ASCII only, and without `(` `)` (a `)` would end the field early;
 * neither source shows an escape for it, so parentheses become spaces). `/` stays [U]. The native
 * frame is ASCII and no source names the printer's code page [U], so accented letters fold to their
 * base letter and `€` becomes `EUR`.
 */
export function rchText(text: string, width = rchDescriptionWidth): string {
  const plain = printableText(text.replace(/[()]/g, ' ').replace(/€/g, 'EUR'))
    .normalize('NFD')
    .replace(/[^ -~]/g, '');
  return [...plain].slice(0, width).join('').trimEnd();
}

/** Integer cents as the `$` field takes them (`$200` = €2.00); never negative, never a float. */
export function rchCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`amount ${cents} is not a whole, non-negative number of cents`);
  return String(cents);
}

export function buildSaleCommands(request: SaleRequest): string[] {
  checkTenders(request.lines, request.tenders, request.roundingCents);
  if (request.lotteryCode !== null && !request.tenders.some((t) => t.kind === 'electronic')) {
    // The lottery takes cashless purchases only (reference §4, "Lottery").
    throw new FiscalDeviceError('bad-request', 'A lottery code needs an electronic payment');
  }
  const out: string[] = [rchClear];
  // `="/?C/(<code>)` (Core `printFiscalCode`); its place in the receipt is [U]: before the lines.
  if (request.customerTaxId !== null) out.push(`="/?C/(${request.customerTaxId})`);
  for (const line of request.lines) out.push(...itemCommands(line));
  out.push(...roundingUp(request.roundingCents));
  // `="/?L/$1/(<code>)` after the lines, before the payments, as rch-driver-js `printReceipt` does.
  if (request.lotteryCode !== null) out.push(`="/?L/$1/(${request.lotteryCode})`);
  out.push(...roundingDown(request.roundingCents), ...request.tenders.map(payment), ...closeAndEnd, rchClear);
  return out;
}

/**
 * A reso: `=r/&DDMMYY/[<Z>/]<doc>` opens it (Core `returnGoods`; the reference's §3 calls `=k` the
 * refund, but rch-driver-js `ComConst` names `=r` "Reso" and `=k` "Annullo"), then the lines.
 * rch-driver-js closes a return with a bare `=T1`; we send the true tenders instead [U], which the
 * 2026 POS–RT link wants. An unreferenced return has no command in any source: refused here.
 */
export function buildReturnCommands(request: ReturnRequest): string[] {
  if (request.original === null) {
    throw new FiscalDeviceError('bad-request', 'An RCH printer needs the original document for a return: no source shows an unreferenced reso');
  }
  // A till with an RT rounds a refund only down (shared ticket-math `cashRoundingCents`): the
  // payment discount below. A rounding up would be a surcharge on goods given back.
  if (request.roundingCents > 0) throw new FiscalDeviceError('bad-request', 'A return on an RCH printer cannot be rounded up: round the refund down or not at all');
  checkTenders(request.lines, request.tenders, request.roundingCents);
  const out = [rchClear, referenceCommand('=r', request.original, 'act')];
  for (const line of request.lines) out.push(...itemCommands(line));
  out.push(...roundingDown(request.roundingCents), ...request.tenders.map(payment), ...closeAndEnd, rchClear);
  return out;
}

/** An annullo: `=k/&DDMMYY/[<Z>/]<doc>/(<serial>)` then a bare `=T1` (rch-driver-js `printReceipt`). */
export function buildVoidCommands(request: VoidRequest): string[] {
  return [rchClear, referenceCommand('=k', request.original, 'act'), '=T1', ...closeAndEnd, rchClear];
}

export function buildIssueCommands(request: FiscalRequest): string[] {
  switch (request.kind) {
    case 'sale':
      return buildSaleCommands(request);
    case 'return':
      return buildReturnCommands(request);
    case 'void':
      return buildVoidCommands(request);
  }
}

/**
 * The printer's own pre-check: the same command with `/*1` ("only check", Core `returnGoods` /
 * `returnReceipt`); `/*2` would do it.
 */
export function buildPreCheckCommands(kind: 'return' | 'void', original: FiscalReference): string[] {
  return [rchClear, referenceCommand(kind === 'return' ? '=r' : '=k', original, 'check'), rchClear];
}

/** X: `=C2` (X mode), `=C10` (the report), `=C1` (back to registering) (Core `x`, `xReport`, `reg`). */
export const buildXReportCommands = (): string[] => [rchClear, '=C2', '=C10', '=C1'];
/** Z: `=C3` (Z mode), `=C10`, `=C1` (Core `z`, `zReport`, `reg`). */
export const buildZReportCommands = (): string[] => [rchClear, '=C3', '=C10', '=C1'];
/**
 * The last receipt from the journal: `=C453/$0` in programming mode `=C4`, then `=C1` back
 * (rch-driver-js `getLastReceipt`); the reply is the receipt's text, line by line.
 */
export const buildLastReceiptCommands = (): string[] => ['=C4', '=C453/$0', '=C1'];
/**
 * Reads (Core): `<</?i/*4` printer status; `</?i/*5` inactivity and files pending (Core writes this
 * one with a single `<`; the reference's §3 writes the status `</?i/*4` with one too: we follow Core).
 */
export const rchReads = {
  printerStatus: '<</?i/*4',
  pendingFiles: '</?i/*5',
  serial: '<</?m',
  /** "Total zeroing number": the count of Z closures made. */
  zCount: '<</?7',
  /** "Corrispettivo fiscale": the day's takings so far [U: daily or since what is not stated]. */
  dailyAmount: '<</?1',
  dateTime: '<</?d',
} as const;

/** `=C422` sends the pending daily files to the tax agency; `=C501`/`=C508` print the day by department / VAT. */
export const rchSendPending = '=C422';
export const rchDailyDepartments = '=C501';
export const rchDailyVat = '=C508';
/** `=C528/&<DDMMYY>/[<Z>/]<doc>/*<t>`: the VAT of one document (reference §3; `t` is [U], 1 used). */
export function rchDocumentVat(original: Pick<FiscalReference, 'date' | 'zNumber' | 'documentNumber'>): string {
  return `=C528/&${ddmmyy(original.date)}/[${original.zNumber}/]${original.documentNumber}/*1`;
}

function itemCommands(line: FiscalLine): string[] {
  const text = rchText(line.description) || '-';
  const whole = line.quantityMilli % 1000 === 0;
  // The `*` quantity is a whole number in both sources (Core floors it): weighed goods go as one
  // unit at the line's exact amount, and the description says the weight [U].
  const cmd = whole
    ? `=R${line.department}/$${rchCents(line.unitPriceCents)}${line.quantityMilli === 1000 ? '' : `/*${line.quantityMilli / 1000}`}/(${text})`
    : `=R${line.department}/$${rchCents(deviceLineAmountCents(line))}/(${rchText(`${formatMilli(line.quantityMilli)} ${line.description}`) || '-'})`;
  const out = [cmd];
  if (line.discountCents > 0) {
    lineNetCents(line);
    // `=V-/*<cents>/(<text>)`: an amount off the last item (Core `discountValue`).
    out.push(`=V-/*${rchCents(line.discountCents)}/(SCONTO)`);
  }
  return out;
}

/**
 * Payment 9 SCONTO A PAGARE of an RCH printer as shipped (rch-driver-js `RchDefault.ts`, reference
 * §3): a payment discount, booked beside the tenders in no VAT class, like Epson's paymentType 6
 * (efsta 6-00). A cash rounding down goes there, so the printer's per-VAT totals leave it out as
 * shared's `fiscalVatTotals` and the till's Z do.
 */
const rchPaymentDiscount = 9;

/** A cash rounding down: `=T9/$<cents>/(ARROTONDAMENTO)`, before the tenders (Epson sends its 6-00 first too). */
function roundingDown(cents: number): string[] {
  return cents < 0 ? [`=T${rchPaymentDiscount}/$${rchCents(-cents)}/(ARROTONDAMENTO)`] : [];
}

/**
 * A cash rounding up on the subtotal: `=S` then `=V+`, as Core's `increaseValueSubtotal` chains
 * them [U: no source shows rounding itself]. It lands in the VAT classes; a till with an RT never
 * rounds up (shared ticket-math `cashRoundingCents`), so only a record made before that rule sends one.
 */
function roundingUp(cents: number): string[] {
  return cents > 0 ? ['=S', `=V+/*${cents}/(ARROTONDAMENTO)`] : [];
}

function payment(tender: FiscalTender): string {
  const number = rchPaymentNumbers[tender.kind];
  const text = tender.description === undefined ? '' : rchText(tender.description);
  return `=T${number}/$${rchCents(tender.amountCents)}${text === '' ? '' : `/(${text})`}`;
}

/** `/*1` only checks; the issuing form carries no `*` field, as rch-driver-js sends it. */
function referenceCommand(verb: '=r' | '=k', original: FiscalReference, mode: 'act' | 'check'): string {
  // Core appends the serial to `=k` only (another device's document); `=r` takes none.
  const serial = verb === '=k' ? `/(${original.serial})` : '';
  return `${verb}/&${ddmmyy(original.date)}/[${original.zNumber}/]${original.documentNumber}${mode === 'check' ? '/*1' : ''}${serial}`;
}

function ddmmyy(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day ?? ''}${month ?? ''}${(year ?? '').slice(-2)}`;
}

function formatMilli(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole},${fraction}`;
}
