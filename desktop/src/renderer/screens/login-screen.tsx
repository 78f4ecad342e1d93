/**
 * @module
 * Login: pick your name, type your PIN (keyboard or the on-screen pad).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { EnrolDeviceForm } from '../components/enrol-device-form';
import { LanguageSwitch } from '../components/language-switch';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { PinEntry } from '../components/pin-entry';

/** `initialUsers`: the names already fetched while the till started; the screen still asks for fresh ones. */
export function LoginScreen({ initialUsers }: { initialUsers?: UserSummary[] } = {}) {
  const { t, i18n } = useTranslation();
  const { client, info, login } = useTill();
  const [users, setUsers] = useState<UserSummary[]>(initialUsers ?? []);
  const [chosen, setChosen] = useState<UserSummary | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A tablet the till does not know (or no longer knows) joins with a code from the counter.
  const [needsEnrolment, setNeedsEnrolment] = useState(false);
  const [enrolments, setEnrolments] = useState(0);

  const notEnrolled = (e: unknown) => e instanceof CassaError && e.code === 'DEVICE_NOT_ENROLLED';

  useEffect(() => {
    client
      .call('session.users', {})
      .then((next) => {
        setUsers(next);
        setNeedsEnrolment(false);
        setError(null);
      })
      .catch((e: unknown) => (notEnrolled(e) ? setNeedsEnrolment(true) : setError(describeError(e, i18n.language))));
  }, [client, i18n, enrolments]);

  async function submit() {
    if (!chosen || pin.length === 0 || busy) return;
    setBusy(true);
    try {
      const session = await client.call('session.login', { userId: chosen.id, pin });
      login(session.user, session.token);
    } catch (e) {
      if (notEnrolled(e)) {
        setChosen(null);
        setNeedsEnrolment(true);
      } else setError(describeError(e, i18n.language));
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
      {needsEnrolment ? (
        <EnrolDeviceForm onEnrolled={() => setEnrolments((n) => n + 1)} />
      ) : !chosen ? (
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
