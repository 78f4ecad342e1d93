/**
 * @module
 * The ticket: lines with quantity, VAT and amount (each line opens its actions), payments taken
 * so far, the total always large, and the pay buttons with their function keys. With a customer
 * attached: their store credit and loyalty points, and points redeemed as a discount (issue 17).
 */
import type { RefObject } from 'react';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView, PaymentMethod, TicketLineView, TicketView } from '@cassa/shared';
import { formatMoney, formatQuantity } from '../i18n/i18n';
import { changedLineId } from './changed-line';

interface Props {
  ticket: TicketView | null;
  /** The attached customer (null: none), and the store credit they still have for this ticket. */
  customer: CustomerView | null;
  creditLeftCents: number;
  onCustomer: () => void;
  paid: boolean;
  noReceipt: boolean;
  onNoReceipt: (value: boolean) => void;
  onEditLine: (line: TicketLineView) => void;
  onVoidLine: (line: TicketLineView) => void;
  onRemovePayment: (paymentId: string) => void;
  onPay: (method: PaymentMethod) => void;
  /** Redeem the customer's loyalty points as a discount (issue 17). */
  onPoints: () => void;
  onComplete: () => void;
  onPark: () => void;
  onTicketDiscount: () => void;
  onCancel: () => void;
}

export function TicketPanel(props: Props) {
  const { ticket, paid } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const lines = ticket?.lines ?? [];
  const isReturn = ticket?.kind === 'return';
  const canPay = lines.length > 0 && !paid;
  const linesRef = useRef<HTMLTableElement>(null);
  useKeepChangedLineInView(lines, linesRef);
  return (
    <section className={isReturn ? 'ticket return' : 'ticket'} aria-label={isReturn ? t('sale.returnTicket') : t('sale.ticket')}>
      {isReturn && <h2 className="ticket-kind">{t('sale.returnTicket')}</h2>}
      <table className="lines" ref={linesRef}>
        <tbody>
          {lines.length === 0 && (
            <tr><td className="muted" colSpan={4}>{t('sale.empty')}</td></tr>
          )}
          {lines.map((line) => (
            <tr key={line.lineId} className="line" data-line-id={line.lineId}>
              <td>
                <button
                  type="button"
                  className="line-button"
                  disabled={isReturn}
                  aria-label={t('sale.editLine', { name: line.description })}
                  onClick={() => props.onEditLine(line)}
                >
                  <span className="line-name">{line.description}</span>
                  <span className="muted small">
                    {formatQuantity(line.quantityMilli, line.unit, lang)} × {formatMoney(line.unitPriceCents, lang)}{line.unit === 'kg' ? '/kg' : ''}
                    {line.priceOverridden && ' *'}
                    {line.discountCents > 0 && ` · ${t('sale.discount')} −${formatMoney(line.discountCents, lang)}`}
                    {line.discount && ` (${line.discount.kind === 'percent' ? `${line.discount.basisPoints / 100}%` : formatMoney(line.discount.amountCents, lang)}, ${line.discount.reason})`}
                  </span>
                </button>
              </td>
              <td className="muted small">{/^\d+$/.test(line.vatCode) ? `${line.vatCode}%` : line.vatCode}</td>
              <td className="amount">{formatMoney(line.totalCents, lang)}</td>
              <td>
                <button type="button" className="icon" aria-label={t('sale.voidLine', { name: line.description })} onClick={() => props.onVoidLine(line)}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="totals">
        <div className="row customer-row">
          {props.customer ? (
            <span>
              <span className="customer-name">{t('customer.attached', { name: props.customer.name })}</span>
              {' · '}
              <span className="muted">{t('customer.credit', { amount: formatMoney(props.customer.storeCreditCents, lang) })}</span>
              {props.customer.pointsBalance !== undefined && <span className="muted"> · {t('ledger.pointsBalance', { n: props.customer.pointsBalance })}</span>}
            </span>
          ) : <span />}
          <button type="button" onClick={props.onCustomer} aria-keyshortcuts="F3">{t('customer.button')} <kbd>F3</kbd></button>
        </div>
        {ticket && ticket.ticketDiscount && (
          <div className="row">
            <span>{t('sale.ticketDiscount')} ({ticket.ticketDiscount.kind === 'percent' ? `${ticket.ticketDiscount.basisPoints / 100}%` : formatMoney(ticket.ticketDiscount.amountCents, lang)}, {ticket.ticketDiscount.reason})</span>
          </div>
        )}
        {ticket?.pointsRedeemed && (
          <div className="row points-row">
            <span>{t('ledger.redeemed', { points: ticket.pointsRedeemed.points, amount: formatMoney(ticket.pointsRedeemed.amountCents, lang) })} · {t(`ledger.${ticket.pointsRedeemed.authorisation}`)}</span>
          </div>
        )}
        {ticket && ticket.discountCents > 0 && (
          <div className="row"><span>{t('sale.discount')}</span><span>−{formatMoney(ticket.discountCents, lang)}</span></div>
        )}
        {ticket?.payments.map((p) => (
          <div className="row payment-row" key={p.paymentId}>
            <span>
              {t(`sale.${p.method}`)}{p.reference ? ` · ${p.reference}` : ''}
              {p.authorisation && <span className="muted small"> · {t(`ledger.${p.authorisation}`)}</span>}
            </span>
            <span>
              {formatMoney(p.amountCents, lang)}
              <button
                type="button"
                className="icon"
                aria-label={t('sale.removePayment', { method: t(`sale.${p.method}`), amount: formatMoney(p.amountCents, lang) })}
                onClick={() => props.onRemovePayment(p.paymentId)}
              >
                ✕
              </button>
            </span>
          </div>
        ))}
        {ticket && ticket.roundingCents !== 0 && (
          <div className="row"><span>{t('sale.rounding')}</span><span>{formatMoney(ticket.roundingCents, lang)}</span></div>
        )}
        <div className="row total">
          <span>{isReturn ? t('sale.refundTotal') : t('sale.total')}</span>
          <output aria-label={t('sale.total')}>{formatMoney(Math.abs(ticket?.totalCents ?? 0), lang)}</output>
        </div>
        {ticket && ticket.paidCents > 0 && ticket.remainingCents > 0 && (
          <div className="row remaining"><span>{t('sale.remaining')}</span><output aria-label={t('sale.remaining')}>{formatMoney(ticket.remainingCents, lang)}</output></div>
        )}
        {ticket && ticket.changeCents > 0 && (
          <div className="row"><span>{t('sale.change')}</span><span>{formatMoney(ticket.changeCents, lang)}</span></div>
        )}
      </div>
      <div className="pay-buttons">
        <button type="button" className="pay" disabled={!canPay} onClick={() => props.onPay('cash')}>
          {t('sale.cash')} <kbd>F8</kbd>
        </button>
        <button type="button" className="pay" disabled={!canPay} onClick={() => props.onPay('card')}>
          {t('sale.card')} <kbd>F9</kbd>
        </button>
        <button type="button" disabled={!canPay} onClick={() => props.onPay('voucher')}>
          {t('sale.voucher')}
        </button>
        {props.customer && (isReturn || props.creditLeftCents > 0) && (
          <button type="button" disabled={!canPay} onClick={() => props.onPay('store-credit')}>
            {t('sale.store-credit')}
          </button>
        )}
        {props.customer && !isReturn && ((props.customer.pointsBalance ?? 0) > 0 || ticket?.pointsRedeemed) && (
          <button type="button" disabled={lines.length === 0} onClick={props.onPoints}>
            {t('ledger.points')}
          </button>
        )}
        <button type="button" className="primary" disabled={!paid} onClick={props.onComplete}>
          {t('sale.complete')} <kbd>F12</kbd>
        </button>
        <button type="button" disabled={lines.length === 0 || isReturn || (ticket?.payments.length ?? 0) > 0} onClick={props.onPark}>
          {t('sale.park')} <kbd>F4</kbd>
        </button>
        <button type="button" disabled={lines.length === 0 || isReturn} onClick={props.onTicketDiscount}>
          {t('sale.ticketDiscount')}
        </button>
        <label className="check">
          <input type="checkbox" checked={props.noReceipt} onChange={(e) => props.onNoReceipt(e.target.checked)} />
          {t('sale.noReceipt')}
        </label>
        <button type="button" disabled={!ticket} onClick={props.onCancel}>
          {t('sale.cancel')}
        </button>
      </div>
    </section>
  );
}

/**
 * Scrolls the line list so the line just added or changed is visible: from the sixth line or so
 * the newest one would otherwise land below the fold while the cashier looks at it.
 */
function useKeepChangedLineInView(lines: readonly TicketLineView[], list: RefObject<HTMLTableElement | null>): void {
  const shown = useRef<readonly TicketLineView[]>([]);
  useLayoutEffect(() => {
    const changed = changedLineId(shown.current, lines);
    shown.current = lines;
    if (changed === null) return;
    const row = [...(list.current?.querySelectorAll<HTMLTableRowElement>('tr[data-line-id]') ?? [])].find((r) => r.dataset.lineId === changed);
    row?.scrollIntoView({ block: 'nearest' });
  }, [lines, list]);
}
