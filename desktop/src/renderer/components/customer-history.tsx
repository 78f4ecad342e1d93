/**
 * @module
 * A customer's purchases (issue 17): every store's from head office when it answers in time,
 * else this register's own, and the list says which. Asked for when the cashier opens it, never
 * while a sale waits.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf, TillContract } from '@cassa/shared';
import { describeError, formatDateTime, formatMoney } from '../i18n/i18n';
import { useTill } from '../till-context';

type History = OutputOf<TillContract, 'customer.history'>;

export function CustomerHistory({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    try {
      setHistory(await client.call('customer.history', { customerId }));
      setError(null);
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  if (!history) {
    return (
      <>
        <button type="button" disabled={busy} onClick={() => void load()}>{t('customer.history')}</button>
        {error && <p role="alert" className="error">{error}</p>}
      </>
    );
  }
  return (
    <section className="customer-history" aria-label={t('customer.history')}>
      <p className="muted small">{history.source === 'chain' ? t('customer.historyChain') : t('customer.historyRegister')}</p>
      {history.sales.length === 0 && <p className="muted">{t('customer.historyNone')}</p>}
      <ul>
        {history.sales.map((s) => (
          <li key={s.saleId}>
            {formatDateTime(s.completedAt, lang)} · {s.receiptNumber}
            {s.storeName && ` · ${s.storeName}`} · {formatMoney(s.totalCents, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}
