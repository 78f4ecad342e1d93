/**
 * @module
 * A ticket's arithmetic, pure: line amounts, line and ticket discounts, VAT per rate, payments,
 * Italian cash rounding, change. The till core stores ticket state; this decides every figure,
 * so the screen, the receipt and head office can never disagree by a cent.
 */
import type { Cents, QuantityMilli, VatCode } from '../domain';
import { allocateProportionally, lineAmount, percentDiscount, roundForCash, vatBreakdown } from '../domain';
import type { Discount } from '../api/till-views';
import type { PaymentMethod } from '../records/till-records';

export interface TicketLineInput {
  readonly lineId: string;
  readonly quantityMilli: QuantityMilli;
  readonly unitPriceCents: Cents;
  readonly vatCode: VatCode;
  readonly discount: Discount | null;
}

export interface TicketPaymentInput {
  readonly method: PaymentMethod;
  /** Positive for money taken; on a return ticket, positive for money given back. */
  readonly amountCents: Cents;
}

export interface TicketOptions {
  /** Round the cash part to 0.05 € (Italian rule); off unless the shop turns it on. */
  readonly cashRounding: boolean;
  /**
   * A fiscal device (RT) issues this till's documents: cash then rounds only down
   * ({@link cashRoundingCents}).
   */
  readonly fiscalDevice: boolean;
}

export interface TicketLineTotals {
  readonly lineId: string;
  readonly grossCents: Cents;
  readonly discountCents: Cents;
  readonly totalCents: Cents;
}

export interface TicketTotals {
  readonly lines: readonly TicketLineTotals[];
  readonly subtotalCents: Cents;
  readonly discountCents: Cents;
  /** Signed: negative on a return. */
  readonly totalCents: Cents;
  readonly vatBreakdown: ReturnType<typeof vatBreakdown>;
  /** Magnitude collected (sale) or given back (return). */
  readonly paidCents: Cents;
  readonly roundingCents: Cents;
  readonly remainingCents: Cents;
  readonly changeCents: Cents;
  readonly fullyPaid: boolean;
}

/**
 * The cash rounding of the cash part of a ticket (`cashDueCents`, a magnitude: what is collected
 * on a sale, given back on a return): the one rule the screens, the sale record and so the Z and
 * head office follow (they read the record's `roundingCents`).
 * - Without a fiscal device: to the nearest 0.05 € ({@link roundForCash}; L. 96/2017 art. 13-quater),
 *   -2 to +2 cents.
 * - With a fiscal device: only DOWN, -4 to 0 cents, on a refund too. An RT books a rounding down as
 *   a payment discount beside the tenders, in no VAT class (efsta maps rounding to Epson's
 *   paymentType 6 index 0, "payment discount"; RCH has payment 9 "SCONTO A PAGARE";
 *   shared/reference/fiscal-rt.md §1 and §3), which is what `fiscalVatTotals` and the Z count. No
 *   source shows an RT booking a rounding UP outside the VAT classes: Epson's only way is a
 *   surcharge on a line, taxed in that line's class, and it refuses one on a return. So the shop
 *   bears the rounding (at most 4 cents, a payment discount) rather than tax cents it did not sell.
 * @example cashRoundingCents(98, { cashRounding: true, fiscalDevice: false }) // 2
 * @example cashRoundingCents(98, { cashRounding: true, fiscalDevice: true }) // -3
 */
export function cashRoundingCents(cashDueCents: Cents, options: TicketOptions): Cents {
  if (!options.cashRounding || cashDueCents <= 0) return 0;
  // `+ 0` turns the -0 of an exact multiple into 0.
  if (options.fiscalDevice) return -(cashDueCents % 5) + 0;
  return roundForCash(cashDueCents).differenceCents;
}

function discountOn(amountMagnitude: Cents, discount: Discount | null): Cents {
  if (!discount || amountMagnitude <= 0) return 0;
  return discount.kind === 'percent'
    ? percentDiscount(amountMagnitude, discount.basisPoints)
    : Math.min(discount.amountCents, amountMagnitude);
}

export function computeTicket(
  lines: readonly TicketLineInput[],
  ticketDiscount: Discount | null,
  payments: readonly TicketPaymentInput[],
  options: TicketOptions,
  /** Issue 17: loyalty points redeemed, an amount off the ticket after its discount, spread over the lines like it. */
  pointsCutCents: Cents = 0,
): TicketTotals {
  const grosses = lines.map((line) => lineAmount(line.unitPriceCents, line.quantityMilli));
  const afterLine = lines.map((line, i) => {
    const gross = grosses[i] ?? 0;
    const sign = gross < 0 ? -1 : 1;
    return gross - sign * discountOn(Math.abs(gross), line.discount);
  });
  const sumAfterLine = afterLine.reduce((a, b) => a + b, 0);
  // A ticket discount only applies to a sale: spreading it over returned goods has no meaning.
  const ticketCut = sumAfterLine > 0 && afterLine.every((a) => a >= 0) ? discountOn(sumAfterLine, ticketDiscount) : 0;
  const shares = ticketCut > 0 ? allocateProportionally(ticketCut, afterLine) : afterLine.map(() => 0);
  // Issue 17: points redeemed come off what is left after the ticket discount, never below zero.
  const afterTicket = afterLine.map((a, i) => a - (shares[i] ?? 0));
  const leftAfterTicket = sumAfterLine - ticketCut;
  const pointsCut = pointsCutCents > 0 && leftAfterTicket > 0 && afterLine.every((a) => a >= 0) ? Math.min(pointsCutCents, leftAfterTicket) : 0;
  if (pointsCut > 0) allocateProportionally(pointsCut, afterTicket).forEach((share, i) => (shares[i] = (shares[i] ?? 0) + share));

  const lineTotals = lines.map((line, i): TicketLineTotals => {
    const gross = grosses[i] ?? 0;
    const total = (afterLine[i] ?? 0) - (shares[i] ?? 0);
    return { lineId: line.lineId, grossCents: gross, discountCents: Math.abs(gross - total), totalCents: total };
  });
  const subtotalCents = grosses.reduce((a, b) => a + b, 0);
  const totalCents = lineTotals.reduce((a, l) => a + l.totalCents, 0);
  const breakdown = vatBreakdown(lines.map((line, i) => ({ grossCents: lineTotals[i]?.totalCents ?? 0, vatCode: line.vatCode })));

  const due = Math.abs(totalCents);
  const paidCents = payments.reduce((a, p) => a + p.amountCents, 0);
  const cashPaid = payments.filter((p) => p.method === 'cash').reduce((a, p) => a + p.amountCents, 0);
  const otherPaid = paidCents - cashPaid;

  // Rounding follows the cash part only, and only once some cash is tendered.
  const roundingCents = cashPaid > 0 ? cashRoundingCents(Math.max(0, due - otherPaid), options) : 0;
  const dueAfterRounding = due + roundingCents;
  const remainingCents = Math.max(0, dueAfterRounding - paidCents);
  const changeCents = Math.max(0, paidCents - dueAfterRounding);
  return {
    lines: lineTotals,
    subtotalCents,
    discountCents: Math.abs(subtotalCents - totalCents),
    totalCents,
    vatBreakdown: breakdown,
    paidCents,
    roundingCents,
    remainingCents,
    changeCents,
    fullyPaid: remainingCents === 0 && (lines.length > 0),
  };
}
