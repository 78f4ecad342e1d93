/**
 * @module
 * The sale screen's dialogs, one open at a time: a line, the ticket discount, the customer,
 * parked tickets, returns, cash movements, the X report and the Z close, and (issue 17) selling a
 * gift card and a voucher's balance. Each hands what changed
 * back to the screen and closes.
 */
import { useTranslation } from 'react-i18next';
import type { CompletedSale, CustomerView, ShiftReport, TicketView } from '@cassa/shared';
import { CustomerDialog } from '../../components/customer-dialog';
import { Dialog } from '../../components/dialog';
import { DiscountForm } from '../../components/discount-form';
import { GiftCardDialog } from '../../components/ledger/gift-card-dialog';
import { VoucherLookupDialog } from '../../components/ledger/voucher-lookup-dialog';
import { LineDialog } from '../../components/line-dialog';
import { useGated } from '../../components/override-prompt';
import { ParkedDialog } from '../../components/parked-dialog';
import { ReturnDialog } from '../../components/return-dialog';
import { CashMovementDialog, XReportDialog, ZCloseDialog } from '../../components/shift-dialogs';
import { useTill } from '../../till-context';
import type { SaleDialogs as Dialogs } from './use-sale-dialogs';

type Run = <T>(work: () => Promise<T>) => Promise<T | undefined>;

export interface SaleDialogsProps {
  readonly dialogs: Dialogs;
  readonly ticket: TicketView | null;
  readonly customer: CustomerView | null;
  readonly error: string | null;
  readonly run: Run;
  readonly onTicket: (next: TicketView | null) => void;
  readonly onCustomer: (chosen: CustomerView | null) => void;
  readonly onResumed: () => void;
  readonly onVoided: (sale: CompletedSale) => void;
  readonly onNotice: (message: string) => void;
  readonly onZClosed: (report: ShiftReport) => void;
}

function TicketDiscountDialog({ ticket, error, run, onTicket, onClose }: { ticket: TicketView; error: string | null; run: Run; onTicket: (next: TicketView) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useTill();
  const gated = useGated();
  return (
    <Dialog title={t('sale.ticketDiscount')} onClose={onClose}>
      <DiscountForm
        autoFocus
        current={ticket.ticketDiscount}
        legend={t('sale.ticketDiscount')}
        onApply={(discount) => void run(async () => {
          onTicket(await gated((override) => client.call('sale.discountTicket', { discount, ...(override ? { override } : {}) }), 'discount'));
          onClose();
        })}
        onRemove={() => void run(async () => { onTicket(await client.call('sale.discountTicket', { discount: null })); onClose(); })}
      />
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row"><span className="grow" /><button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button></div>
    </Dialog>
  );
}

export function SaleDialogs(props: SaleDialogsProps) {
  const { dialogs, ticket, customer, onTicket } = props;
  const { dialog, editing, close } = dialogs;
  switch (dialog) {
    case 'line':
      return editing && (
        <LineDialog
          line={ticket?.lines.find((l) => l.lineId === editing.lineId) ?? editing}
          onClose={close}
          onChanged={(next) => { onTicket(next); close(); }}
        />
      );
    case 'ticketDiscount':
      return ticket && <TicketDiscountDialog ticket={ticket} error={props.error} run={props.run} onTicket={onTicket} onClose={close} />;
    case 'customer':
      return (
        <CustomerDialog
          current={customer}
          onClose={close}
          onChanged={(next, chosen) => { props.onCustomer(chosen); onTicket(next); close(); }}
        />
      );
    case 'parked':
      return <ParkedDialog onClose={close} onResumed={(next) => { onTicket(next); props.onResumed(); close(); }} />;
    case 'return':
      return (
        <ReturnDialog
          initialQuery={dialogs.returnQuery}
          onClose={close}
          onStarted={(next) => { onTicket(next); close(); }}
          onVoided={(sale) => { props.onVoided(sale); close(); }}
        />
      );
    case 'cash':
      return <CashMovementDialog onClose={close} onDone={(message) => { props.onNotice(message); close(); }} />;
    case 'x':
      return <XReportDialog onClose={close} />;
    case 'z':
      return <ZCloseDialog onClose={close} onClosed={(report) => { dialogs.dismiss(); props.onZClosed(report); }} />;
    case 'giftCard':
      return <GiftCardDialog onClose={close} onTicket={(next) => { onTicket(next); close(); }} />;
    case 'voucher':
      return <VoucherLookupDialog code={dialogs.voucherCode} onClose={close} />;
    case null:
      return null;
  }
}
