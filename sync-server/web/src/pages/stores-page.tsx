import type { HeadOfficeMe, PairingCodeView, PlanView } from '@cassa/shared';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { useAsync, useWrite } from '../use-async';
import { StreamTags } from '../stream-tags';
import { ProblemsSection } from './problems-section';

const zones = ['Europe/Rome', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Zurich', 'America/New_York', 'UTC'];

function skewText(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${s >= 0 ? '+' : ''}${s} s`;
}

export function StoresPage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const registers = useAsync(() => hoClient.call('registers.list'), []);
  const plan = useAsync(() => hoClient.call('plan.get'), []);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const canWrite = me.role !== 'viewer';
  // Registers report in on their own: keep their contact times fresh while the page is open.
  const reloadRegisters = registers.reload;
  useEffect(() => {
    const timer = window.setInterval(() => void reloadRegisters(), 3000);
    return () => window.clearInterval(timer);
  }, [reloadRegisters]);

  const run = useWrite(setError, () => Promise.all([stores.reload(), registers.reload(), plan.reload()]));

  async function createStore(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    await run(async () => {
      await hoClient.call('stores.save', { name: String(form.get('name')), timeZone: String(form.get('timeZone')) });
      target.reset();
    });
  }

  async function saveStore(e: FormEvent<HTMLFormElement>, id: string) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const addressLines = String(form.get('address'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    await run(async () => {
      await hoClient.call('stores.save', { id, name: String(form.get('name')), timeZone: String(form.get('timeZone')), addressLines, vatNumber: String(form.get('vatNumber')).trim() });
      setEditing(null);
    });
  }

  const mayEdit = (storeId: string) => me.role === 'owner' || (me.role === 'manager' && (me.storeIds.length === 0 || me.storeIds.includes(storeId)));
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;

  return (
    <>
      <h1>{t('nav.stores')}</h1>
      {plan.data ? (
        <p className="plan">
          {t('stores.plan', { ...plan.data })} · <a href="#/plan">{t('stores.changePlan')}</a>
        </p>
      ) : null}
      <ErrorNote message={error ?? stores.error ?? registers.error} />
      <section className="card" aria-label={t('stores.title')}>
        <h2>{t('stores.title')}</h2>
        <ul className="stores">
          {(stores.data ?? []).map((s) => (
            <li key={s.id}>
              {editing === s.id ? (
                <form className="store-edit" aria-label={t('stores.edit', { name: s.name })} onSubmit={(e) => void saveStore(e, s.id)}>
                  <label>
                    {t('stores.name')}
                    <input name="name" defaultValue={s.name} required maxLength={120} />
                  </label>
                  <label>
                    {t('stores.address')}
                    <textarea name="address" defaultValue={s.addressLines.join('\n')} rows={3} maxLength={4 * 121} />
                  </label>
                  <label>
                    {t('stores.vatNumber')}
                    <input name="vatNumber" defaultValue={s.vatNumber} maxLength={32} />
                  </label>
                  <label>
                    {t('stores.timeZone')}
                    <select name="timeZone" defaultValue={s.timeZone}>
                      {[...new Set([s.timeZone, ...zones])].map((z) => (
                        <option key={z}>{z}</option>
                      ))}
                    </select>
                  </label>
                  <div className="actions">
                    <button type="submit">{t('stores.save')}</button>
                    <button type="button" className="secondary" onClick={() => setEditing(null)}>
                      {t('common.close')}
                    </button>
                  </div>
                </form>
              ) : (
                <span>
                  <strong>{s.name}</strong> <small>{s.timeZone}</small>
                  {s.addressLines.length > 0 || s.vatNumber ? (
                    <small className="address">
                      {[...s.addressLines, s.vatNumber ? `${t('stores.vatNumber')} ${s.vatNumber}` : ''].filter((l) => l !== '').join(' · ')}
                    </small>
                  ) : null}
                </span>
              )}
              <span className="actions">
                {mayEdit(s.id) && editing !== s.id ? (
                  <button type="button" className="secondary" aria-label={t('stores.edit', { name: s.name })} onClick={() => setEditing(s.id)}>
                    ✎
                  </button>
                ) : null}
                {canWrite ? (
                  <button type="button" aria-label={`${t('stores.pair')}: ${s.name}`} onClick={() => void run(async () => setCode(await hoClient.call('registers.issuePairingCode', { storeId: s.id })))}>
                    {t('stores.pair')}
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {me.role === 'owner' ? (
          <form className="inline" aria-label={t('stores.new')} onSubmit={(e) => void createStore(e)}>
            <label>
              {t('stores.name')}
              <input name="name" required maxLength={120} />
            </label>
            <label>
              {t('stores.timeZone')}
              <select name="timeZone" defaultValue="Europe/Rome">
                {zones.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            </label>
            <button type="submit">{t('stores.create')}</button>
          </form>
        ) : null}
      </section>

      {code ? (
        <section className="card pairing" aria-label={t('stores.code')}>
          <h2>
            {t('stores.code')} · {storeName(code.storeId)}
          </h2>
          <output aria-label={t('stores.code')} className="code">
            {code.code}
          </output>
          <div className="qr" role="img" aria-label={t('stores.qr')} dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
          <p>{t('stores.codeHelp', { server: code.serverUrl, until: dateTime(code.expiresAt, lang) })}</p>
          <button type="button" className="secondary" onClick={() => setCode(null)}>
            {t('common.close')}
          </button>
        </section>
      ) : null}

      <section className="card" aria-label={t('stores.registers')}>
        <h2>{t('stores.registers')}</h2>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stores.register')}</th>
                <th scope="col">{t('dash.store')}</th>
                <th scope="col">{t('stores.status')}</th>
                <th scope="col">{t('stores.lastContact')}</th>
                <th scope="col">{t('stores.lastPull')}</th>
                <th scope="col">{t('stores.version')}</th>
                <th scope="col" className="num">
                  {t('stores.queue')}
                </th>
                <th scope="col" className="num">
                  {t('stores.skew')}
                </th>
                <th scope="col">{t('stores.streams')}</th>
              </tr>
            </thead>
            <tbody>
              {(registers.data ?? []).map((r) => (
                <tr key={r.id}>
                  <td>
                    {renaming === r.id ? (
                      <form
                        className="inline"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const name = String(new FormData(e.currentTarget).get('name'));
                          void run(async () => {
                            await hoClient.call('registers.rename', { id: r.id, name });
                            setRenaming(null);
                          });
                        }}
                      >
                        <input name="name" defaultValue={r.name} aria-label={t('stores.newName', { name: r.name })} required />
                        <button type="submit">{t('stores.save')}</button>
                      </form>
                    ) : (
                      <strong>{r.name}</strong>
                    )}
                  <div className="actions">
                    {canWrite && !r.revokedAt ? (
                      <>
                        <button type="button" className="secondary" aria-label={t('stores.rename', { name: r.name })} onClick={() => setRenaming(r.id)}>
                          ✎
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('stores.revoke', { name: r.name })}
                          onClick={() => {
                            if (window.confirm(t('stores.confirmRevoke', { name: r.name }))) void run(() => hoClient.call('registers.revoke', { id: r.id }));
                          }}
                        >
                          {t('stores.revoke', { name: '' }).trim()}
                        </button>
                      </>
                    ) : null}
                    {canWrite ? (
                      // For a till that lost its token (reinstalled, old backup): this code pairs this register only.
                      <button
                        type="button"
                        className="secondary"
                        aria-label={t('stores.repair', { name: r.name })}
                        onClick={() => void run(async () => setCode(await hoClient.call('registers.issueRepairCode', { id: r.id })))}
                      >
                        {t('stores.repair', { name: '' }).trim()}
                      </button>
                    ) : null}
                  </div>
                  </td>
                  <td>{storeName(r.storeId)}</td>
                  <td>{r.revokedAt ? <span className="bad">{t('stores.revoked')}</span> : <span className="good">{t('stores.active')}</span>}</td>
                  <td>{r.lastSeenAt ? dateTime(r.lastSeenAt, lang) : t('stores.never')}</td>
                  <td>{r.lastPullAt ? dateTime(r.lastPullAt, lang) : t('stores.never')}</td>
                  <td>{r.appVersion ?? '—'}</td>
                  <td className="num">{r.queueLength ?? '—'}</td>
                  <td className="num">{skewText(r.clockSkewMs)}</td>
                  <td>
                    <StreamTags streams={r.streams} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canWrite ? <ProblemsSection registers={registers.data ?? []} /> : null}
    </>
  );
}
