import type { HeadOfficeRole, PasswordResetLink, StoreView } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';
import { NamedOptions } from '../named-options';

export function TeamPage() {
  const { t } = useTranslation();
  const users = useAsync(() => hoClient.call('users.list'), []);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const [error, setError] = useState<string | null>(null);
  const [resetLink, setResetLink] = useState<PasswordResetLink | null>(null);

  const run = useWrite(setError, () => users.reload());

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    void run(async () => {
      await hoClient.call('users.create', {
        email: String(form.get('email')),
        name: String(form.get('name')),
        // One of the select's three options; the server checks it like any input.
        role: String(form.get('role')) as HeadOfficeRole,
        storeIds: form.getAll('stores').map(String),
        password: String(form.get('password')),
      });
      target.reset();
    });
  }

  const storeNames = (ids: readonly string[]) => (ids.length === 0 ? t('team.allStores') : ids.map((id) => stores.data?.find((s) => s.id === id)?.name ?? id).join(', '));

  return (
    <>
      <h1>{t('team.title')}</h1>
      <ErrorNote message={error ?? users.error} />
      <section className="card" aria-label={t('team.title')}>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('team.name')}</th>
                <th scope="col">{t('team.email')}</th>
                <th scope="col">{t('team.role')}</th>
                <th scope="col">{t('team.stores')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('team.remove', { name: '' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{t(`team.roles.${u.role}`)}</td>
                  <td>{storeNames(u.storeIds)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={t('team.resetFor', { name: u.name })}
                      onClick={() => void run(async () => setResetLink(await hoClient.call('users.issuePasswordReset', { id: u.id })))}
                    >
                      {t('team.reset')}
                    </button>{' '}
                    {u.role !== 'owner' ? (
                      <button type="button" className="danger" aria-label={t('team.remove', { name: u.name })} onClick={() => void run(() => hoClient.call('users.remove', { id: u.id }))}>
                        ✕
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {resetLink ? (
          <div role="status">
            <p className="hint">{t('team.resetLink', { email: resetLink.email, expires: new Date(resetLink.expiresAt).toLocaleString() })}</p>
            <input readOnly value={resetLink.url} aria-label={t('team.resetLinkLabel')} onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
        <form className="grid" aria-label={t('team.add')} onSubmit={add}>
          <label>
            {t('team.email')}
            <input name="email" type="email" required autoComplete="off" />
          </label>
          <label>
            {t('team.name')}
            <input name="name" required maxLength={80} />
          </label>
          <label>
            {t('team.role')}
            <select name="role" defaultValue="viewer">
              {(['owner', 'manager', 'viewer'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`team.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('team.stores')}
            <select name="stores" multiple size={Math.min(4, Math.max(2, stores.data?.length ?? 2))}>
              <NamedOptions items={stores.data ?? []} />
            </select>
          </label>
          <label>
            {t('team.password')}
            <input name="password" type="password" minLength={10} required autoComplete="new-password" />
          </label>
          <button type="submit">{t('team.add')}</button>
        </form>
      </section>
    </>
  );
}
