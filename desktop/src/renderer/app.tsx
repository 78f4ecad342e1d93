/**
 * @module
 * The till's top level: fetch the app info, then the login screen or the sale screen.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { AppInfo, UserSummary } from '@cassa/shared';
import { createTillClient } from '@cassa/shared';
import { initI18n, storedLocale } from './i18n/i18n';
import { LoginScreen } from './screens/login-screen';
import { SaleScreen } from './screens/sale-screen';
import { IncomingTransfersScreen } from './chain-stock/incoming-transfers-screen';
import { TillProvider } from './till-context';
import type { SessionTransport } from './transport/session-transport';

// A manager's screen, not the cashier's: fetched the first time it opens, so a till (a phone above
// all, issue 20) starts without compiling a third of the UI it does not show.
const BackOfficeScreen = lazy(() => import('./back-office').then((module) => ({ default: module.BackOfficeScreen })));

export function App({ transport }: { transport: SessionTransport }) {
  const client = useMemo(() => createTillClient(transport), [transport]);
  const i18n = useMemo(() => initI18n(storedLocale() ?? 'it'), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [user, setUser] = useState<UserSummary | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  // Asked beside app.info rather than after it, so the login screen shows its names at once: on a
  // phone each round trip to the worker is a render and a layout more before the cashier can tap.
  const [startUsers, setStartUsers] = useState<UserSummary[] | undefined>(undefined);
  // The back office replaces the sale screen (not laid over it), so the sale screen's window-wide
  // keys and scanner listener are gone while a manager works there.
  const [backOffice, setBackOffice] = useState(false);
  // Issue 17: incoming transfers replace the sale screen too, so their scans never ring up in a sale.
  const [transfers, setTransfers] = useState(false);

  useEffect(() => {
    // A refusal here (a LAN tablet not yet enrolled) is the login screen's to word: it asks again.
    client.call('session.users', {}).then(setStartUsers, () => undefined);
    client
      .call('app.info', {})
      .then((next) => {
        setInfo(next);
        // The shop's default language, unless the cashier chose one on this till.
        if (!storedLocale()) void i18n.changeLanguage(next.defaultLocale);
      })
      .catch((error: unknown) => setStartError(error instanceof Error ? error.message : String(error)));
  }, [client, i18n]);

  useEffect(() => {
    const setLang = (lng: string) => {
      document.documentElement.lang = lng;
    };
    setLang(i18n.language);
    i18n.on('languageChanged', setLang);
    return () => i18n.off('languageChanged', setLang);
  }, [i18n]);

  const login = useCallback(
    (next: UserSummary, token: string) => {
      transport.setToken(token);
      setUser(next);
    },
    [transport],
  );
  const logout = useCallback(() => {
    void client.call('session.logout', {}).catch(() => undefined);
    transport.setToken(null);
    setUser(null);
    setBackOffice(false);
    setTransfers(false);
  }, [client, transport]);

  if (startError) return <main className="centre"><p role="alert">{startError}</p></main>;
  if (!info) return <main className="centre"><p>{i18n.t('app.loading')}</p></main>;
  return (
    <I18nextProvider i18n={i18n}>
      <TillProvider value={{ client, info, user, login, logout }}>
        {!user ? (
          <LoginScreen initialUsers={startUsers} />
        ) : backOffice && user.role !== 'cashier' ? (
          <Suspense fallback={<main className="centre"><p>{i18n.t('app.loading')}</p></main>}>
            <BackOfficeScreen onClose={() => setBackOffice(false)} />
          </Suspense>
        ) : transfers ? (
          <IncomingTransfersScreen onClose={() => setTransfers(false)} />
        ) : (
          <SaleScreen onBackOffice={() => setBackOffice(true)} onTransfers={() => setTransfers(true)} />
        )}
      </TillProvider>
    </I18nextProvider>
  );
}
