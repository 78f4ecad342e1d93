/**
 * @module
 * Paying a sale with a voucher, a gift card or the customer's store credit (issue 17): the code
 * typed or scanned shows the balance the till knows (head office's, or its own with its age), the
 * amount is at most that and what is due, and confirming asks head office to hold it
 * (`sale.payWithCredit`). While that is in flight the dialog says "Checking the balance…"; the
 * till answers within its reservation timeout, online or offline, so the wait is short. A refusal
 * is shared's sentence, with what is available.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView, VoucherLookup } from '@cassa/shared';
import { describeError, formatMoney, moneyInputText, parseMoneyInput } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';
import { drawSentence, figureSource, isVoucherCode } from './ledger-text';

export function CreditPaymentDialog({ method, ticket, creditLeftCents, onClose, onPaid }: {
  method: 'voucher' | 'store-credit';
  ticket: TicketView;
  /** The attached customer's store credit as the till knows it, less what this ticket already takes. */
  creditLeftCents: number;
  onClose: () => void;
  /** The ticket with the payment, and the sentence saying how it was allowed. */
  onPaid: (ticket: TicketView, notice: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const due = ticket.remainingCents;
  const offered = method === 'store-credit' ? Math.max(0, Math.min(due, creditLeftCents)) : due;
  const [code, setCode] = useState('');
  const [found, setFound] = useState<VoucherLookup | null>(null);
  const [text, setText] = useState(moneyInputText(offered, lang));
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const asked = useRef('');
  useEffect(() => setText(moneyInputText(offered, lang)), [offered, lang]);

  /** The voucher's balance as the till knows it, and at most that much (or what is due) offered. */
  const lookUp = useCallback((text: string) => {
    const typed = text.trim().toUpperCase();
    if (typed.length < 4 || typed === asked.current) return;
    asked.current = typed;
    client
      .call('voucher.lookup', { code: typed })
      .then((answer) => {
        if (asked.current !== typed) return;
        setFound(answer);
        setError(answer.known ? null : t('ledger.unknownCode', { code: typed }));
        if (answer.known) setText(moneyInputText(Math.max(0, Math.min(answer.balanceCents, due)), lang));
      })
      .catch((e: unknown) => setError(describeError(e, lang)));
  }, [client, due, lang, t]);
  // A whole code typed or scanned (the wedge types a scan into this field) is looked up at once.
  useEffect(() => {
    if (isVoucherCode(code)) lookUp(code);
  }, [code, lookUp]);

  async function pay() {
    const cents = parseMoneyInput(text);
    if (cents === null || cents <= 0) return setError(t('sale.invalidAmount'));
    if (checking) return;
    const reference = code.trim().toUpperCase();
    setChecking(true);
    setError(null);
    try {
      const result = await client.call('sale.payWithCredit', { method, amountCents: cents, ...(method === 'voucher' ? { reference } : {}) });
      const what = method === 'voucher' ? t('ledger.voucherNamed', { code: reference }) : t('sale.store-credit');
      onPaid(result.ticket, drawSentence(what, cents, result, t, lang));
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setChecking(false);
    }
  }

  return (
    <Dialog title={t('sale.payWith', { method: t(`sale.${method}`) })} onClose={onClose}>
      <form className="payment" aria-busy={checking} onSubmit={(e) => { e.preventDefault(); void pay(); }}>
        <p className="due">{t('sale.remaining')}: <strong>{formatMoney(due, lang)}</strong></p>
        {method === 'voucher' && (
          <label>
            {t('sale.voucherCode')}
            <input
              autoFocus
              data-scan="fill"
              autoComplete="off"
              maxLength={40}
              value={code}
              onChange={(e) => { setCode(e.target.value); setFound(null); asked.current = ''; }}
              onBlur={() => lookUp(code)}
              onKeyDown={(e) => {
                // Enter after the code (a scanner's suffix, or the cashier's): look it up, then the amount.
                if (e.key !== 'Enter') return;
                e.preventDefault();
                lookUp(code);
                amountRef.current?.focus();
              }}
            />
          </label>
        )}
        {method === 'voucher' && found?.known && <VoucherFigure found={found} />}
        {method === 'store-credit' && <p role="status">{t('ledger.creditAvailable', { amount: formatMoney(creditLeftCents, lang) })}</p>}
        <label>
          {t('sale.amount')}
          <input ref={amountRef} autoFocus={method !== 'voucher'} inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        {checking && <p role="status" className="checking">{t('ledger.checking')}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={checking}>{t('sale.confirmPayment')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

/** A voucher's balance, where the figure comes from, and what this till could take alone. */
export function VoucherFigure({ found }: { found: VoucherLookup }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="voucher-figure" role="status">
      <p>
        <strong>{t('ledger.knownBalance', { amount: formatMoney(found.balanceCents, lang) })}</strong>
        {' · '}
        <span className="muted">{figureSource(found, t, lang)}</span>
      </p>
      {found.heldCents > 0 && <p className="muted small">{t('ledger.held', { amount: formatMoney(found.heldCents, lang) })}</p>}
      <p className="muted small">{t('ledger.offlineAllowance', { amount: formatMoney(found.offlineAllowanceCents, lang) })}</p>
      {found.overspent && <p className="error">{t('ledger.overspent')}</p>}
    </div>
  );
}
