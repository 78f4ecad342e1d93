/**
 * @module
 * Selling a gift card (issue 17, `sale.addGiftCard`): its value becomes a ticket line; the code is
 * issued when the sale completes, shown on the completion banner and printed on the receipt.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '@cassa/shared';
import { describeError, formatMoney, parseMoneyInput } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';

const quickValues = [2500, 5000, 10000];

export function GiftCardDialog({ onClose, onTicket }: { onClose: () => void; onTicket: (ticket: TicketView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(cents: number | null) {
    if (cents === null || cents <= 0) return setError(t('sale.invalidAmount'));
    if (busy) return;
    setBusy(true);
    try {
      onTicket(await client.call('sale.addGiftCard', { amountCents: cents }));
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('ledger.giftCardTitle')} onClose={onClose}>
      <form className="payment" onSubmit={(e) => { e.preventDefault(); void add(parseMoneyInput(text)); }}>
        <label>
          {t('ledger.giftCardAmount')}
          <input autoFocus inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="quick-cash">
          {quickValues.map((cents) => (
            <button key={cents} type="button" onClick={() => void add(cents)}>{formatMoney(cents, lang)}</button>
          ))}
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={busy}>{t('ledger.addGiftCard')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
