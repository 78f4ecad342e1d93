/**
 * @module
 * Login: pick your name, type your PIN (keyboard or the on-screen pad).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@cassa/shared';
import { LanguageSwitch } from '../components/language-switch';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { PinEntry } from '../components/pin-entry';

export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const { client, info, login } = useTill();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [chosen, setChosen] = useState<UserSummary | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('session.users', {}).then(setUsers).catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [client, i18n]);

  async function submit() {
    if (!chosen || pin.length === 0 || busy) return;
    setBusy(true);
    try {
      const session = await client.call('session.login', { userId: chosen.id, pin });
      login(session.user, session.token);
    } catch (e) {
      setError(describeError(e, i18n.language));
      setPin('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <header className="login-header">
        <h1>{info.shopName}</h1>
        <span>{info.registerName}</span>
        <LanguageSwitch />
      </header>
      {!chosen ? (
        <section aria-labelledby="login-title">
          <h2 id="login-title">{t('login.title')}</h2>
          <div className="user-grid" role="group" aria-label={t('login.chooseUser')}>
            {users.map((user) => (
              <button key={user.id} type="button" className="user-button" onClick={() => { setChosen(user); setError(null); }}>
                {user.name}
              </button>
            ))}
          </div>
        </section>
      ) : (
        <form
          className="pin-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>{chosen.name}</h2>
          <PinEntry label={t('login.pin')} pin={pin} onChange={setPin} />
          <div className="row">
            <button type="button" onClick={() => { setChosen(null); setPin(''); setError(null); }}>{t('login.back')}</button>
            <button type="submit" className="primary" disabled={busy || pin.length === 0}>{t('login.submit')}</button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </main>
  );
}
