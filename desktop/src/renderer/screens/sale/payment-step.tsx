/**
 * @module
 * The payment step's dialog for the method chosen: cash and card (and every refund) through
 * `PaymentDialog`; on a sale, a voucher, gift card or store credit through the chain ledger
 * (`CreditPaymentDialog`, issue 17) and loyalty points as a discount (`PointsDialog`). A paid
 * ticket completes at once, as before.
 */
import type { CustomerView, PaymentMethod, TicketView } from '@cassa/shared';
import { CreditPaymentDialog } from '../../components/ledger/credit-payment-dialog';
import { PointsDialog } from '../../components/ledger/points-dialog';
import { PaymentDialog } from '../../components/payment-dialog';
import type { FiscalSale } from './use-fiscal-sale';

/** What the cashier is paying with: a payment method, or loyalty points (a discount). */
export type PaymentStep = PaymentMethod | 'points';

export function PaymentStepDialog(props: {
  step: PaymentStep;
  ticket: TicketView;
  customer: CustomerView | null;
  creditLeftCents: number;
  fiscal: FiscalSale;
  onClose: () => void;
  /** The ticket after the payment (or discount); a notice says how a ledger draw was allowed. */
  onPaid: (ticket: TicketView, notice: string | null) => void;
}) {
  const { step, ticket, customer, creditLeftCents, fiscal, onClose, onPaid } = props;
  const sale = ticket.kind === 'sale';
  if (step === 'points') {
    return <PointsDialog ticket={ticket} pointsBalance={customer?.pointsBalance ?? 0} onClose={onClose} onTicket={onPaid} />;
  }
  if (sale && (step === 'voucher' || step === 'store-credit')) {
    return <CreditPaymentDialog method={step} ticket={ticket} creditLeftCents={creditLeftCents} onClose={onClose} onPaid={onPaid} />;
  }
  return (
    <PaymentDialog
      method={step}
      ticket={ticket}
      maxCents={step === 'store-credit' ? creditLeftCents : undefined}
      fiscal={fiscal.configured && sale ? { extras: fiscal.extras, onChange: fiscal.setExtras } : undefined}
      onClose={onClose}
      onPaid={(next) => onPaid(next, null)}
    />
  );
}
