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

  let roundingCents = 0;
  if (options.cashRounding && cashPaid > 0) {
    const cashDue = Math.max(0, due - otherPaid);
    roundingCents = roundForCash(cashDue).differenceCents;
  }
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
