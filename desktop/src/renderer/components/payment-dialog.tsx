/**
 * @module
 * Taking a payment: the amount due prefilled, quick cash amounts, change due shown large.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod, TicketView } from '@cassa/shared';
import { formatMoney, parseMoneyInput } from '../i18n/i18n';
import { errorText, useTill } from '../till-context';

const quickCash = [500, 1000, 2000, 5000, 10000];

export function PaymentDialog({ method, ticket, onClose, onPaid }: {
  method: PaymentMethod;
  ticket: TicketView;
  onClose: () => void;
  onPaid: (ticket: TicketView) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const due = ticket.remainingCents;
  const [text, setText] = useState((due / 100).toFixed(2).replace('.', lang === 'it' ? ',' : '.'));
  const [error, setError] = useState<string | null>(null);
  const amount = parseMoneyInput(text);
  const change = useMemo(() => (method === 'cash' && amount !== null ? Math.max(0, amount - due) : 0), [amount, due, method]);
  const label = t(`sale.${method === 'store-credit' ? 'voucher' : method}`);

  async function pay(cents: number | null) {
    if (cents === null || cents <= 0) return setError(t('sale.amount'));
    try {
      onPaid(await client.call('sale.addPayment', { method, amountCents: cents }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="overlay">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('sale.payWith', { method: label })}
        onSubmit={(e) => { e.preventDefault(); void pay(amount); }}
        onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}
      >
        <h2>{t('sale.payWith', { method: label })}</h2>
        <p className="due">{t('sale.remaining')}: <strong>{formatMoney(due, lang)}</strong></p>
        <label>
          {t('sale.amount')}
          <input autoFocus inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        {method === 'cash' && (
          <div className="quick-cash">
            <button type="button" onClick={() => void pay(due)}>{t('sale.exact')}</button>
            {quickCash.filter((c) => c >= due).slice(0, 4).map((c) => (
              <button key={c} type="button" onClick={() => void pay(c)}>{formatMoney(c, lang)}</button>
            ))}
          </div>
        )}
        {change > 0 && <p className="change-due">{t('sale.changeDue')}: <strong>{formatMoney(change, lang)}</strong></p>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')}</button>
          <button type="submit" className="primary">{t('sale.confirmPayment')}</button>
        </div>
      </form>
    </div>
  );
}
