/**
 * @module
 * The loud panel over the sale when a documento commerciale could not be issued (issue 16 item
 * 3): what is wrong in the cashier's words (carta esaurita, coperchio aperto, registratore spento
 * o non raggiungibile…), which sale waits, "Riprova", and "Registra a mano" (a manager's, audited).
 * Documents merely on their way (sent a moment ago) show in the status bar, not here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalJobStateView, FiscalStateView } from '@cassa/shared';
import { describeError, formatMoney } from '../../i18n/i18n';
import { useTill } from '../../till-context';

/** `onRecordManual` opens "Registra a mano" for the job; the screen renders that dialog beside its others. */
export function FiscalBanner({ state, onState, onRecordManual }: {
  state: FiscalStateView | null;
  onState: (next: FiscalStateView) => void;
  onRecordManual: (job: FiscalJobStateView) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const { client } = useTill();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocked = state?.jobs.find((job) => job.state === 'blocked');
  if (!state?.configured || !blocked) return null;
  const others = state.jobs.length - 1;

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      onState(await client.call('fiscal.retry', {}));
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="fiscal-banner" role="alert" aria-label={t('fiscal.bannerTitle')}>
      <h2>{t('fiscal.bannerTitle')}</h2>
      <p className="fiscal-reason">{blocked.reason?.[lang] ?? blocked.failure}</p>
      <p>
        {t('fiscal.bannerSale', { number: blocked.receiptNumber, total: formatMoney(blocked.totalCents, lang) })}
        {others > 0 && ` ${t('fiscal.bannerMore', { n: others })}`}
      </p>
      {blocked.uncertain && <p className="small">{t('fiscal.uncertain')}</p>}
      {error && <p className="error">{error}</p>}
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void retry()}>{busy ? t('fiscal.retrying') : t('fiscal.retry')}</button>
        <button type="button" onClick={() => onRecordManual(blocked)}>{t('fiscal.recordManual')}</button>
      </div>
    </section>
  );
}
