/**
 * @module
 * The ticket: lines with quantity, VAT and amount, the total always large, and the pay buttons.
 */
import { useTranslation } from 'react-i18next';
import type { PaymentMethod, TicketView } from '@cassa/shared';
import { formatMoney, formatQuantity } from '../i18n/i18n';
import { useTill } from '../till-context';

interface Props {
  ticket: TicketView | null;
  onChange: (ticket: TicketView | null) => void;
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  onPay: (method: PaymentMethod) => void;
  onComplete: () => void;
  paid: boolean;
}

export function TicketPanel({ ticket, onChange, run, onPay, onComplete, paid }: Props) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const lines = ticket?.lines ?? [];
  return (
    <section className="ticket" aria-label={t('sale.ticket')}>
      <table className="lines">
        <tbody>
          {lines.length === 0 && (
            <tr><td className="muted" colSpan={4}>{t('sale.empty')}</td></tr>
          )}
          {lines.map((line) => (
            <tr key={line.lineId} className="line">
              <td>
                <div>{line.description}</div>
                <div className="muted small">
                  {formatQuantity(line.quantityMilli, line.unit, lang)} × {formatMoney(line.unitPriceCents, lang)}
                  {line.discountCents > 0 && ` · ${t('sale.discount')} −${formatMoney(line.discountCents, lang)}`}
                </div>
              </td>
              <td className="muted small">{/^\d+$/.test(line.vatCode) ? `${line.vatCode}%` : line.vatCode}</td>
              <td className="amount">{formatMoney(line.totalCents, lang)}</td>
              <td>
                <button
                  type="button"
                  className="icon"
                  aria-label={t('sale.voidLine', { name: line.description })}
                  onClick={() => void run(async () => onChange(await client.call('sale.voidLine', { lineId: line.lineId })))}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="totals">
        {ticket && ticket.discountCents > 0 && (
          <div className="row"><span>{t('sale.discount')}</span><span>−{formatMoney(ticket.discountCents, lang)}</span></div>
        )}
        {ticket && ticket.paidCents > 0 && (
          <div className="row"><span>{t('sale.paid')}</span><span>{formatMoney(ticket.paidCents, lang)}</span></div>
        )}
        {ticket && ticket.roundingCents !== 0 && (
          <div className="row"><span>{t('sale.rounding')}</span><span>{formatMoney(ticket.roundingCents, lang)}</span></div>
        )}
        <div className="row total" aria-live="polite">
          <span>{t('sale.total')}</span>
          <output aria-label={t('sale.total')}>{formatMoney(ticket?.totalCents ?? 0, lang)}</output>
        </div>
        {ticket && ticket.changeCents > 0 && (
          <div className="row"><span>{t('sale.change')}</span><span>{formatMoney(ticket.changeCents, lang)}</span></div>
        )}
        {ticket && ticket.paidCents > 0 && ticket.remainingCents > 0 && (
          <div className="row"><span>{t('sale.remaining')}</span><span>{formatMoney(ticket.remainingCents, lang)}</span></div>
        )}
      </div>
      <div className="pay-buttons">
        <button type="button" className="pay" disabled={lines.length === 0 || paid} onClick={() => onPay('cash')}>
          {t('sale.cash')} <kbd>F8</kbd>
        </button>
        <button type="button" className="pay" disabled={lines.length === 0 || paid} onClick={() => onPay('card')}>
          {t('sale.card')} <kbd>F9</kbd>
        </button>
        <button type="button" className="primary" disabled={!paid} onClick={onComplete}>
          {t('sale.complete')} <kbd>F12</kbd>
        </button>
        <button
          type="button"
          disabled={!ticket}
          onClick={() => void run(async () => { await client.call('sale.cancel', {}); onChange(null); })}
        >
          {t('sale.cancel')}
        </button>
      </div>
    </section>
  );
}
