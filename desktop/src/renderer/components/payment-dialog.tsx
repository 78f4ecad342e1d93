/**
 * @module
 * Taking (or, on a return, giving back) one payment: the amount due prefilled and selected, quick
 * cash amounts, change due shown large. A smaller card or voucher amount leaves the rest to pay
 * by another method: that is split tender.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod, TicketView } from '@cassa/shared';
import { describeError, formatMoney, moneyInputText, parseMoneyInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';
import type { FiscalSaleExtras } from './fiscal/fiscal-sale-fields';
import { FiscalSaleFields, fiscalExtrasProblem } from './fiscal/fiscal-sale-fields';

const quickCash = [500, 1000, 2000, 5000, 10000];
const maxChangeCents = 50_000;

export function PaymentDialog({ method, ticket, maxCents, fiscal, onClose, onPaid }: {
  method: PaymentMethod;
  ticket: TicketView;
  /** At most this much is offered (a customer's store credit left). */
  maxCents?: number | undefined;
  /** With an Italian fiscal device, on a sale: the lottery code and the customer's tax id (issue 16). */
  fiscal?: { extras: FiscalSaleExtras; onChange: (next: FiscalSaleExtras) => void } | undefined;
  onClose: () => void;
  onPaid: (ticket: TicketView) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const due = ticket.remainingCents;
  const refund = ticket.kind === 'return';
  const offered = maxCents !== undefined && !refund ? Math.max(0, Math.min(due, maxCents)) : due;
  const [text, setText] = useState(moneyInputText(offered, lang));
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [balance, setBalance] = useState<number | null>(null);
  // A scan while the dialog is open changes what is due: offer the new amount.
  useEffect(() => setText(moneyInputText(offered, lang)), [offered, lang]);
  const amount = parseMoneyInput(text);
  const change = method === 'cash' && !refund && amount !== null ? Math.max(0, amount - due) : 0;
  const label = t(`sale.${method}`);
  const title = t(refund ? 'sale.refundWith' : 'sale.payWith', { method: label });

  /** A voucher's balance, and at most that much (or what is due) offered as the amount. */
  function checkVoucher() {
    const code = reference.trim();
    if (code.length < 4) return;
    client
      .call('voucher.balance', { code })
      .then((found) => {
        setBalance(found.balanceCents);
        setText(moneyInputText(Math.min(found.balanceCents, due), lang));
        setError(null);
      })
      .catch((e: unknown) => {
        setBalance(null);
        setError(describeError(e, lang));
      });
  }

  /** A lottery code or tax id the device would refuse, said now while the customer is here. */
  function fiscalProblem(cents: number): boolean {
    if (!fiscal) return false;
    const card = ticket.payments.filter((p) => p.method === 'card').reduce((sum, p) => sum + p.amountCents, 0) + (method === 'card' ? cents : 0);
    const problem = fiscalExtrasProblem(fiscal.extras, card, lang);
    if (problem) setError(problem);
    return problem !== null;
  }

  async function pay(cents: number | null) {
    if (cents === null || cents <= 0) return setError(t('sale.invalidAmount'));
    // No one hands over 500 € more than is due: that is a slip (or a barcode in the wrong field).
    if (method === 'cash' && !refund && cents - due >= maxChangeCents) return setError(t('sale.implausibleAmount'));
    if (fiscalProblem(cents)) return;
    if (busy) return;
    setBusy(true);
    try {
      const ref = reference.trim();
      onPaid(await client.call('sale.addPayment', { method, amountCents: cents, ...(ref ? { reference: ref } : {}) }));
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="payment" onSubmit={(e) => { e.preventDefault(); void pay(amount); }}>
        <p className="due">{refund ? t('sale.refundTotal') : t('sale.remaining')}: <strong>{formatMoney(due, lang)}</strong></p>
        {method === 'voucher' && (
          <label>
            {t('sale.voucherCode')}
            <input autoFocus data-scan="fill" autoComplete="off" maxLength={64} value={reference} onChange={(e) => { setReference(e.target.value); setBalance(null); }} onBlur={checkVoucher} />
          </label>
        )}
        {method === 'store-credit' && maxCents !== undefined && !refund && (
          <p role="status">{t('customer.credit', { amount: formatMoney(maxCents, lang) })}</p>
        )}
        {method === 'voucher' && balance !== null && (
          <p role="status">{t('sale.voucherBalance', { amount: formatMoney(balance, lang) })}</p>
        )}
        <label>
          {t('sale.amount')}
          <input autoFocus={method !== 'voucher'} inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        {method === 'cash' && !refund && (
          <div className="quick-cash">
            <button type="button" onClick={() => void pay(due)}>{t('sale.exact')}</button>
            {quickCash.filter((c) => c > due).slice(0, 4).map((c) => (
              <button key={c} type="button" onClick={() => void pay(c)}>{formatMoney(c, lang)}</button>
            ))}
          </div>
        )}
        {fiscal && !refund && (
          <FiscalSaleFields extras={fiscal.extras} onChange={fiscal.onChange} lottery={method === 'card' || ticket.payments.some((p) => p.method === 'card')} />
        )}
        {change > 0 && <p className="change-due" role="status">{t('sale.changeDue')}: <strong>{formatMoney(change, lang)}</strong></p>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={busy}>{t('sale.confirmPayment')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
