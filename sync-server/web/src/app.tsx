import type { HeadOfficeMe, SessionView } from '@cassa/shared';
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from './api';
import { setLanguage } from './i18n';
import { AccountPage } from './pages/account-page';
import { CataloguePage } from './pages/catalogue-page';
import { DashboardPage } from './pages/dashboard-page';
import { PlanPage } from './pages/plan-page';
import { SalesPage } from './pages/sales-page';
import { TillSettingsPage } from './pages/till-settings-page';
import { StockPage } from './pages/stock-page';
import { StoresPage } from './pages/stores-page';
import { TeamPage } from './pages/team-page';
import { TillUsersPage } from './pages/till-users-page';
// Issue 17, ledger area.
import { LedgersPage } from './pages/ledgers-page';
// Issue 17, customers everywhere
import { CustomersPage } from './pages/customers-page';
// Issue 18, sales channels
import { ChannelsPage } from './pages/channels-page';
// Issue 19, ERP links and the open API
import { IntegrationsPage } from './pages/integrations-page';
import { errorText } from './error-text';

const pages = ['dashboard', 'sales', 'customers', 'stores', 'catalogue', 'tillUsers', 'tillSettings', 'team', 'stock', 'ledgers', 'channels', 'integrations', 'plan', 'account'] as const;
type Page = (typeof pages)[number];

function pageFromHash(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0] as Page;
  return pages.includes(name) ? name : 'dashboard';
}

export function ErrorNote({ message }: { message: string | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {t('common.error', { message })}
    </p>
  );
}

function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'it')}>
        <option value="it">Italiano</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

function SetupForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('setup');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await hoClient.call('session.setup', {
        organisationName: String(form.get('organisation')),
        name: String(form.get('name')),
        email: String(form.get('email') ?? 'placeholder@example.invalid'),
        password: String(form.get('password')),
        ...(token ? { setupToken: token } : {}),
      });
      window.location.hash = '#/dashboard';
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="auth">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('setup.organisation')}
          <input name="organisation" required maxLength={120} autoComplete="organization" />
        </label>
        <label>
          {t('setup.name')}
          <input name="name" required maxLength={80} autoComplete="name" />
        </label>
        {token ? null : (
          <label>
            {t('setup.email')}
            <input name="email" type="email" required autoComplete="email" />
          </label>
        )}
        <label>
          {t('setup.password')}
          <input name="password" type="password" required minLength={10} autoComplete="new-password" />
        </label>
        <button type="submit" disabled={busy}>
          {t('setup.submit')}
        </button>
        <ErrorNote message={error} />
      </form>
    </main>
  );
}

/** `#/reset?token=…`: the holder of a one-time link (from an owner or the server's console) chooses a new password. */
function ResetForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('token') ?? '';
  const [email, setEmail] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    hoClient.call('passwordReset.peek', { token }).then(
      (found) => setEmail(found.email),
      (err: unknown) => setError(errorText(err)),
    );
  }, [token]);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await hoClient.call('passwordReset.redeem', { token, newPassword: String(form.get('password')) });
      window.location.hash = '#/dashboard';
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="auth">
      <h1>{t('reset.title')}</h1>
      {email !== null ? <p>{t('reset.intro', { email })}</p> : null}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('reset.password')}
          <input name="password" type="password" required minLength={10} autoComplete="new-password" />
        </label>
        <button type="submit" disabled={busy || email === null}>
          {t('reset.submit')}
        </button>
        <ErrorNote message={error} />
      </form>
    </main>
  );
}

/** Shown when the server can send email: a one-time link to every account with that address. */
function ForgotForm() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      await hoClient.call('passwordReset.request', { email: String(form.get('email')) });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <details>
      <summary>{t('login.forgotTitle')}</summary>
      <form aria-label={t('login.forgotTitle')} onSubmit={(e) => void submit(e)}>
        <label>
          {t('login.email')}
          <input name="email" type="email" required autoComplete="username" />
        </label>
        <button type="submit">{t('login.forgotSubmit')}</button>
        {sent ? <p role="status">{t('login.forgotSent')}</p> : null}
        <ErrorNote message={error} />
      </form>
    </details>
  );
}

function LoginForm({ onDone, resetByEmail }: { onDone: () => void; resetByEmail: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      await hoClient.call('session.login', { email: String(form.get('email')), password: String(form.get('password')) });
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <main className="auth">
      <h1>{t('login.title')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('login.email')}
          <input name="email" type="email" required autoComplete="username" />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit">{t('login.submit')}</button>
        <ErrorNote message={error} />
        {resetByEmail ? null : <p className="hint">{t('login.forgot')}</p>}
      </form>
      {resetByEmail ? <ForgotForm /> : null}
    </main>
  );
}

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hashPage, setPage] = useState<Page>(pageFromHash());
  const [menuOpen, setMenuOpen] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setSession(await hoClient.call('session.get'));
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void refresh();
    const onHash = () => {
      setPage(pageFromHash());
      setMenuOpen(false);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [refresh]);

  if (error) return <ErrorNote message={error} />;
  if (!session) return <p>{t('common.loading')}</p>;
  const setupLink = window.location.hash.includes('setup=');
  if (window.location.hash.startsWith('#/reset?')) {
    return (
      <>
        <header className="bar">
          <strong>{t('app.title')}</strong>
          <LanguagePicker />
        </header>
        <ResetForm onDone={() => void refresh()} />
      </>
    );
  }
  if (!session.user && (session.setupRequired || setupLink)) {
    return (
      <>
        <header className="bar">
          <strong>{t('app.title')}</strong>
          <LanguagePicker />
        </header>
        <SetupForm onDone={() => void refresh()} />
      </>
    );
  }
  if (!session.user) {
    return (
      <>
        <header className="bar">
          <strong>{t('app.title')}</strong>
          <LanguagePicker />
        </header>
        <LoginForm onDone={() => void refresh()} resetByEmail={session.resetByEmail} />
      </>
    );
  }
  const me: HeadOfficeMe = session.user;
  // Channels sell the whole chain's stock: a user limited to some stores has no business there.
  const seesChannels = me.storeIds.length === 0;
  // Integrations move the whole chain's data: owners, and managers of every store.
  const seesIntegrations = seesChannels && me.role !== 'viewer';
  const visible = pages.filter((p) => (p !== 'team' || me.role === 'owner') && (p !== 'channels' || seesChannels) && (p !== 'integrations' || seesIntegrations));
  // A link to a page this user does not have (a store manager sent #/channels) opens the dashboard.
  const page = visible.includes(hashPage) ? hashPage : 'dashboard';
  return (
    <>
      <header className="bar">
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          ☰<span className="visually-hidden">{t('app.menu')}</span>
        </button>
        <strong>{me.organisationName}</strong>
        <span className="who">
          {me.name} · {t(`team.roles.${me.role}`)}
        </span>
        <LanguagePicker />
        <button
          type="button"
          onClick={() => {
            void hoClient.call('session.logout').then(refresh);
          }}
        >
          {t('app.signOut')}
        </button>
      </header>
      <div className="layout">
        <nav id="main-nav" aria-label={t('app.menu')} className={menuOpen ? 'open' : ''}>
          <ul>
            {visible.map((p) => (
              <li key={p}>
                <a href={`#/${p}`} aria-current={p === page ? 'page' : undefined}>
                  {t(`nav.${p}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          {page === 'dashboard' && <DashboardPage />}
          {page === 'sales' && <SalesPage />}
          {page === 'stores' && <StoresPage me={me} />}
          {page === 'catalogue' && <CataloguePage me={me} />}
          {page === 'tillUsers' && <TillUsersPage me={me} />}
          {page === 'tillSettings' && <TillSettingsPage me={me} />}
          {page === 'team' && me.role === 'owner' && <TeamPage />}
          {page === 'stock' && <StockPage me={me} />}
          {page === 'ledgers' && <LedgersPage me={me} />}
          {page === 'plan' && <PlanPage me={me} />}
          {page === 'account' && <AccountPage me={me} />}
          {page === 'customers' && <CustomersPage me={me} />}
          {page === 'channels' && seesChannels && <ChannelsPage me={me} />}
          {page === 'integrations' && seesIntegrations && <IntegrationsPage me={me} />}
        </main>
      </div>
    </>
  );
}
