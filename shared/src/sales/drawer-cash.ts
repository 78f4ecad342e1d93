/**
 * @module
 * A completed sale record's effect on the cash drawer: the one rule the till's X and Z reports,
 * the back office's takings by payment and head office's dashboard follow.
 *
 * `computeTicket` (ticket-math.ts) works in magnitudes: `paidCents` is what the customer gave (a
 * sale) or what the cashier handed over (a refund), and `changeCents` is what exceeds the amount
 * due after cash rounding. The record stores a refund's payments negative (money given back,
 * sale-completion.ts), the change as the same non-negative magnitude. So the change always flows
 * against the ticket: out of the drawer on a sale, back into it on a refund. A refund never takes
 * more than is due (ticket-service `checkRefundTender`), so its change is the cash rounding's: a
 * €0.96 refund typed as €0.96 rounds down to €0.95 (DL 50/2017) and the customer hands 1 cent
 * back; the drawer is down 95. `fiscalTendersOf` (fiscal/fiscal-tenders.ts) nets the change the
 * same way, so the device's cash and the drawer's agree.
 */
import type { Cents } from '../domain';
import type { PaymentMethod, SaleRecord } from '../records/till-records';

export type SaleKind = SaleRecord['kind'];

/** The signed drawer movement of a record's change: taken out on a sale, handed back in on a return or post-void. */
export function changeIntoDrawerCents(kind: SaleKind, changeCents: Cents): Cents {
  return kind === 'sale' ? -changeCents : changeCents;
}

/** The signed net of one payment method over a record: the change is cash's alone. */
export function netOfMethodCents(sale: Pick<SaleRecord, 'kind' | 'payments' | 'changeCents'>, method: PaymentMethod): Cents {
  const paid = sale.payments.reduce((sum, p) => (p.method === method ? sum + p.amountCents : sum), 0);
  return method === 'cash' ? paid + changeIntoDrawerCents(sale.kind, sale.changeCents) : paid;
}

/** The cash a record left in the drawer (negative: taken out). */
export function drawerCashCents(sale: Pick<SaleRecord, 'kind' | 'payments' | 'changeCents'>): Cents {
  return netOfMethodCents(sale, 'cash');
}
