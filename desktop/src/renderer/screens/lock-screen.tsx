/**
 * @module
 * The locked till: the sale screen is hidden (its ticket untouched on the register) until the same
 * user types their PIN (`session.unlock`, failures counted like a login). "Switch user" logs out.
 * While it shows, scans and function keys do nothing (the sale screen ignores them).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CassaError } from '@cassa/shared';
import { LanguageSwitch } from '../components/language-switch';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { PinEntry } from '../components/pin-entry';
import { useChainStockText } from '../chain-stock/i18n';

export function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const { t, i18n } = useTranslation();
  const { client, info, user, logout } = useTill();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handOverText = useChainStockText().t('idleLock.handOver');

  /** Issue 17: the open ticket is parked, so the colleague who logs in next resumes it; then to the login. */
  async function handOver() {
    setBusy(true);
    try {
      await client.call('sale.park', {});
      logout();
    } catch (e) {
      // No ticket, or an empty one: nothing to hand over.
      if (e instanceof CassaError && (e.code === 'SALE_NOT_OPEN' || e.code === 'NOT_AUTHENTICATED')) return logout();
      setError(describeError(e, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    if (pin.length === 0 || busy) return;
    setBusy(true);
    try {
      await client.call('session.unlock', { pin });
      onUnlocked();
    } catch (e) {
      // The host restarted (sessions live in memory): back to the login.
      if (e instanceof CassaError && e.code === 'NOT_AUTHENTICATED') return logout();
      setError(describeError(e, i18n.language));
      setPin('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="lock-screen" aria-labelledby="lock-title">
      <header className="login-header">
        <h1 id="lock-title">{t('lock.title')}</h1>
        <span>{info.shopName} · {info.registerName}</span>
        <LanguageSwitch />
      </header>
      <form
        className="pin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{user?.name}</h2>
        <PinEntry label={t('lock.prompt', { name: user?.name ?? '' })} pin={pin} onChange={setPin} />
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={logout}>{t('lock.switchUser')}</button>
          <button type="button" disabled={busy} onClick={() => void handOver()}>{handOverText}</button>
          <button type="submit" className="primary" disabled={busy || pin.length === 0}>{t('lock.unlock')}</button>
        </div>
      </form>
    </main>
  );
}
