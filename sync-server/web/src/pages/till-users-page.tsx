import type { HeadOfficeMe, StoreView, TillUserView } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';
import { NamedOptions } from '../named-options';

const roles = ['cashier', 'manager', 'admin'] as const;

export function TillUsersPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const users = useAsync(() => hoClient.call('tillUsers.list'), []);
  // A register receives only the users of its store: none chosen means every store.
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const storeNames = (ids: readonly string[] | undefined) =>
    !ids || ids.length === 0 ? t('till.allStores') : ids.map((id) => stores.data?.find((s) => s.id === id)?.name ?? id).join(', ');
  const storeSize = Math.min(4, Math.max(2, stores.data?.length ?? 2));
  const [error, setError] = useState<string | null>(null);
  const canWrite = me.role === 'owner' || (me.role === 'manager' && me.storeIds.length === 0);

  const run = useWrite(setError, () => users.reload());

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    void run(async () => {
      await hoClient.call('tillUsers.save', {
        name: String(form.get('name')),
        role: String(form.get('role')) as TillUserView['role'],
        pin: String(form.get('pin')),
        active: true,
        storeIds: form.getAll('stores').map(String),
      });
      target.reset();
    });
  }

  return (
    <>
      <h1>{t('till.title')}</h1>
      <ErrorNote message={error ?? users.error} />
      <section className="card" aria-label={t('till.title')}>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('till.name')}</th>
                {canWrite ? (
                  <th scope="col" colSpan={4}>
                    {t('till.role')} · {t('till.stores')} · {t('till.active')} · {t('till.pin')}
                  </th>
                ) : (
                  <>
                    <th scope="col">{t('till.role')}</th>
                    <th scope="col">{t('till.stores')}</th>
                    <th scope="col">{t('till.active')}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  {canWrite ? (
                    <td colSpan={4}>
                      <form
                        className="inline"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const form = new FormData(e.currentTarget);
                          const pin = String(form.get('pin') ?? '');
                          void run(() =>
                            hoClient.call('tillUsers.save', {
                              id: u.id,
                              name: u.name,
                              role: String(form.get('role')) as TillUserView['role'],
                              active: form.get('active') === 'on',
                              storeIds: form.getAll('stores').map(String),
                              ...(pin ? { pin } : {}),
                            }),
                          );
                        }}
                      >
                        <select name="role" defaultValue={u.role} aria-label={`${t('till.role')}: ${u.name}`}>
                          {roles.map((r) => (
                            <option key={r} value={r}>
                              {t(`till.roles.${r}`)}
                            </option>
                          ))}
                        </select>
                        <select name="stores" multiple size={storeSize} defaultValue={[...(u.storeIds ?? [])]} aria-label={`${t('till.stores')}: ${u.name}`}>
                          <NamedOptions items={stores.data ?? []} />
                        </select>
                        <label className="check">
                          <input type="checkbox" name="active" defaultChecked={u.active} /> {t('till.active')}
                        </label>
                        <input name="pin" type="password" inputMode="numeric" pattern="[0-9]{4,8}" aria-label={t('till.newPin', { name: u.name })} size={8} autoComplete="off" />
                        <button type="submit">{t('till.save', { name: '' }).trim()}</button>
                      </form>
                    </td>
                  ) : (
                    <>
                      <td>{t(`till.roles.${u.role}`)}</td>
                      <td>{storeNames(u.storeIds)}</td>
                      <td>{u.active ? t('common.yes') : t('common.no')}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canWrite ? (
          <form className="inline" aria-label={t('till.add')} onSubmit={add}>
            <label>
              {t('till.name')}
              <input name="name" required maxLength={80} />
            </label>
            <label>
              {t('till.role')}
              <select name="role" defaultValue="cashier">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`till.roles.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('till.stores')}
              <select name="stores" multiple size={storeSize}>
                <NamedOptions items={stores.data ?? []} />
              </select>
            </label>
            <label>
              {t('till.pin')}
              <input name="pin" type="password" inputMode="numeric" pattern="[0-9]{4,8}" required autoComplete="off" />
            </label>
            <button type="submit">{t('till.add')}</button>
          </form>
        ) : null}
      </section>
    </>
  );
}
