import type { HeadOfficeMe } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';

export function AccountPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    try {
      await hoClient.call('account.changePassword', { currentPassword: String(form.get('current')), newPassword: String(form.get('next')) });
      target.reset();
      setError(null);
      setDone(true);
    } catch (err) {
      setDone(false);
      setError(errorText(err));
    }
  }
  return (
    <>
      <h1>{t('nav.account')}</h1>
      <section className="card" aria-label={t('account.change')}>
        <p>
          {me.name} · {me.email} · {t(`team.roles.${me.role}`)}
        </p>
        <h2>{t('account.change')}</h2>
        <form className="grid" onSubmit={(e) => void submit(e)}>
          <label>
            {t('account.current')}
            <input name="current" type="password" required autoComplete="current-password" />
          </label>
          <label>
            {t('account.next')}
            <input name="next" type="password" required minLength={10} autoComplete="new-password" />
          </label>
          <button type="submit">{t('account.change')}</button>
        </form>
        {done ? <p role="status">{t('account.changed')}</p> : null}
        <ErrorNote message={error} />
      </section>
    </>
  );
}
