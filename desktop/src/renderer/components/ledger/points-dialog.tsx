/**
 * @module
 * Redeeming the attached customer's loyalty points as a ticket discount (issue 17,
 * `sale.redeemPoints`): held at head office like a payment, or within the till's offline
 * allowance. The owner's rule (`loyalty.rule`) says what a point is worth before the cashier
 * redeems; the discount the points bought is the till's answer, shown once taken;
 * points already redeemed on the ticket can be taken off again (`sale.cancelPointsRedemption`).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoyaltyRule, TicketView } from '@cassa/shared';
import { describeError, formatMoney } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';

export function PointsDialog({ ticket, pointsBalance, onClose, onTicket }: {
  ticket: TicketView;
  pointsBalance: number;
  onClose: () => void;
  /** The ticket after the discount (or its removal), and the sentence to show. */
  onTicket: (ticket: TicketView, notice: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const [text, setText] = useState(String(Math.max(0, pointsBalance)));
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [rule, setRule] = useState<LoyaltyRule | null>(null);
  const redeemed = ticket.pointsRedeemed ?? null;
  useEffect(() => {
    let live = true;
    client.call('loyalty.rule', {}).then((found) => live && setRule(found)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client]);

  async function redeem() {
    const points = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : 0;
    if (points <= 0) return setError(t('ledger.invalidPoints'));
    if (points > pointsBalance) return setError(t('ledger.notEnoughPoints', { n: pointsBalance }));
    if (checking) return;
    setChecking(true);
    setError(null);
    try {
      const result = await client.call('sale.redeemPoints', { points });
      const taken = result.ticket.pointsRedeemed;
      const how = t(`ledger.${result.authorisation}`);
      onTicket(result.ticket, taken ? `${t('ledger.redeemed', { points: taken.points, amount: formatMoney(taken.amountCents, lang) })} · ${how}` : null);
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setChecking(false);
    }
  }

  async function cancel() {
    try {
      onTicket(await client.call('sale.cancelPointsRedemption', {}), null);
    } catch (e) {
      setError(describeError(e, lang));
    }
  }

  return (
    <Dialog title={t('ledger.redeemTitle')} onClose={onClose}>
      <form className="payment" aria-busy={checking} onSubmit={(e) => { e.preventDefault(); void redeem(); }}>
        <p className="due">{t('sale.remaining')}: <strong>{formatMoney(ticket.remainingCents, lang)}</strong></p>
        <p role="status">{t('ledger.pointsBalance', { n: pointsBalance })}</p>
        {rule && rule.centsPerPoint > 0 && (
          <p className="muted">
            {t('ledger.pointValue', { amount: formatMoney(rule.centsPerPoint, lang) })}
            {rule.minimumRedeem > 1 && ` · ${t('ledger.minimumRedeem', { n: rule.minimumRedeem })}`}
          </p>
        )}
        {rule && rule.centsPerPoint === 0 && !redeemed && <p className="error">{t('ledger.pointsOff')}</p>}
        {redeemed ? (
          <>
            <p role="status">{t('ledger.redeemed', { points: redeemed.points, amount: formatMoney(redeemed.amountCents, lang) })} · {t(`ledger.${redeemed.authorisation}`)}</p>
            <div className="row"><button type="button" onClick={() => void cancel()}>{t('ledger.removeRedeem')}</button></div>
          </>
        ) : (
          <label>
            {t('ledger.pointsToRedeem')}
            <input autoFocus inputMode="numeric" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
          </label>
        )}
        {checking && <p role="status" className="checking">{t('ledger.checking')}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          {!redeemed && <button type="submit" className="primary" disabled={checking}>{t('ledger.redeem')} <kbd>↵</kbd></button>}
        </div>
      </form>
    </Dialog>
  );
}
