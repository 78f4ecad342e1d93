/**
 * @module
 * The register's users (administrators only): add one, change a role or PIN, deactivate. Saving
 * a user ends that user's open sessions. A paired register refuses: head office owns users.
 */
import { useEffect, useState } from 'react';
import type { Role } from '@cassa/shared';
import { pinLength, pinSchema, roleSchema } from '@cassa/shared';
import { Feedback, useAction, useBackOffice } from './shared';

interface ManagedUser {
  id: string;
  name: string;
  role: Role;
  active: boolean;
}

export function UsersTab() {
  const { t, client, isAdmin } = useBackOffice();
  const [users, setUsers] = useState<ManagedUser[]>([]);
  const [editing, setEditing] = useState<{ user: ManagedUser | null; key: number } | null>(null);
  const { busy, error, notice, run, setNotice } = useAction();

  useEffect(() => {
    if (!isAdmin) return;
    void run(() => client.call('users.list', {})).then((next) => {
      if (next) setUsers(next);
    });
  }, [client, isAdmin, run]);

  if (!isAdmin) return <p className="notice">{t('common.adminOnly')}</p>;

  const replace = (saved: ManagedUser) =>
    setUsers((old) => (old.some((u) => u.id === saved.id) ? old.map((u) => (u.id === saved.id ? saved : u)) : [...old, saved].sort((a, b) => a.name.localeCompare(b.name))));

  function toggle(user: ManagedUser) {
    void run(
      () => client.call('users.save', { id: user.id, name: user.name, role: user.role, active: !user.active }),
      (saved) => `${saved.name}: ${saved.active ? t('users.active') : t('users.inactive')}`,
    ).then((saved) => saved && replace(saved));
  }

  return (
    <div className="bo-stack">
      <div className="bo-toolbar">
        <span className="grow" />
        <button type="button" className="primary" onClick={() => setEditing({ user: null, key: Date.now() })}>{t('users.add')}</button>
      </div>
      <Feedback error={error} notice={notice} />
      {editing && (
        <UserForm
          key={editing.key}
          user={editing.user}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            replace(saved);
            setEditing(null);
            setNotice(t('common.saved'));
          }}
        />
      )}
      <table className="bo-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.edit')}</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.active ? undefined : 'bo-inactive'}>
              <th scope="row">{user.name}</th>
              <td>{t(`users.roles.${user.role}`)}</td>
              <td>{user.active ? t('users.active') : t('users.inactive')}</td>
              <td className="bo-actions">
                <button type="button" aria-label={`${t('common.edit')} ${user.name}`} onClick={() => setEditing({ user, key: Date.now() })}>{t('common.edit')}</button>
                <button type="button" className={user.active ? 'danger' : undefined} aria-label={`${user.active ? t('users.deactivate') : t('users.reactivate')} ${user.name}`} disabled={busy} onClick={() => toggle(user)}>
                  {user.active ? t('users.deactivate') : t('users.reactivate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserForm({ user, onCancel, onSaved }: { user: ManagedUser | null; onCancel: () => void; onSaved: (saved: ManagedUser) => void }) {
  const { t, client } = useBackOffice();
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'cashier');
  const [pin, setPin] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const { busy, error, run, setError } = useAction();
  const title = user ? t('users.editTitle', { name: user.name }) : t('users.add');
  return (
    <form
      className="bo-panel"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        if (pin && !pinSchema.safeParse(pin).success) return setError(t('users.invalidPin'));
        if (!user && !pin) return setError(t('users.pinRequired'));
        void run(() => client.call('users.save', { ...(user ? { id: user.id } : {}), name, role, active, ...(pin ? { pin } : {}) })).then((saved) => saved && onSaved(saved));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>{title}</h3>
      <div className="bo-grid">
        <label>
          {t('users.name')}
          <input autoFocus required value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('users.role')}
          <select value={role} onChange={(e) => setRole(roleSchema.parse(e.target.value))}>
            {roleSchema.options.map((r) => (
              <option key={r} value={r}>{t(`users.roles.${r}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {user ? t('users.newPin') : t('users.pin')}
          <input type="password" inputMode="numeric" autoComplete="new-password" value={pin} maxLength={pinLength.max} aria-describedby="pin-hint" onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
        </label>
        <small id="pin-hint">{t('users.pinHint')}</small>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('users.active')}
        </label>
      </div>
      <Feedback error={error} />
      <div className="row">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
      </div>
    </form>
  );
}
