/**
 * @module
 * The back office's idle lock setting (issue 17): minutes without input before the till locks
 * itself, 0 for never; a manager's to set (head office may set it for the chain instead).
 */
import { useEffect, useState } from 'react';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { useChainStockText } from './i18n';

export function IdleLockPanel() {
  const { t, i18n } = useChainStockText();
  const { client } = useTill();
  const [minutes, setMinutes] = useState('');
  const [fromHeadOffice, setFromHeadOffice] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client
      .call('idleLock.get', {})
      .then((lock) => {
        setMinutes(String(lock.minutes));
        setFromHeadOffice(lock.fromHeadOffice);
      })
      .catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [client, i18n.language]);

  return (
    <form
      className="bo-panel"
      aria-label={t('idleLock.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const value = Number(minutes);
        if (!Number.isInteger(value) || value < 0 || value > 120) {
          setNotice(null);
          setError(t('idleLock.invalid'));
          return;
        }
        client
          .call('idleLock.set', { minutes: value })
          .then(() => {
            setError(null);
            setNotice(t('idleLock.saved'));
          })
          .catch((err: unknown) => setError(describeError(err, i18n.language)));
      }}
    >
      <h3>{t('idleLock.title')}</h3>
      <label>
        {t('idleLock.minutes')}
        <input className="bo-short" inputMode="numeric" readOnly={fromHeadOffice} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      {fromHeadOffice && <p className="muted">{t('idleLock.fromHeadOffice')}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {notice && <p role="status" className="notice">{notice}</p>}
      <div className="row">
        <span className="grow" />
        <button type="submit" className="primary" disabled={fromHeadOffice}>{t('idleLock.title')} ✓</button>
      </div>
    </form>
  );
}
