import type { HeadOfficeMe, PairingCodeView, StoreView } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import type { RunWrite } from '../use-async';

const zones = ['Europe/Rome', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Zurich', 'America/New_York', 'UTC'];

/** The organisation's stores: each editable by whoever manages it, a pairing code for a new till, and (owners) a new store. */
export function StoresSection({ me, stores, run, onCode }: { me: HeadOfficeMe; stores: readonly StoreView[]; run: RunWrite; onCode: (code: PairingCodeView) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const canWrite = me.role !== 'viewer';
  const mayEdit = (storeId: string) => me.role === 'owner' || (me.role === 'manager' && (me.storeIds.length === 0 || me.storeIds.includes(storeId)));
  return (
    <section className="card" aria-label={t('stores.title')}>
      <h2>{t('stores.title')}</h2>
      <ul className="stores">
        {stores.map((s) => (
          <li key={s.id}>
            {editing === s.id ? <StoreEditForm store={s} run={run} onDone={() => setEditing(null)} /> : <StoreSummary store={s} />}
            <span className="actions">
              {mayEdit(s.id) && editing !== s.id ? (
                <button type="button" className="secondary" aria-label={t('stores.edit', { name: s.name })} onClick={() => setEditing(s.id)}>
                  ✎
                </button>
              ) : null}
              {canWrite ? (
                <button type="button" aria-label={`${t('stores.pair')}: ${s.name}`} onClick={() => void run(async () => onCode(await hoClient.call('registers.issuePairingCode', { storeId: s.id })))}>
                  {t('stores.pair')}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {me.role === 'owner' ? <NewStoreForm run={run} /> : null}
    </section>
  );
}

function StoreSummary({ store: s }: { store: StoreView }) {
  const { t } = useTranslation();
  return (
    <span>
      <strong>{s.name}</strong> <small>{s.timeZone}</small>
      {s.addressLines.length > 0 || s.vatNumber ? (
        <small className="address">{[...s.addressLines, s.vatNumber ? `${t('stores.vatNumber')} ${s.vatNumber}` : ''].filter((l) => l !== '').join(' · ')}</small>
      ) : null}
    </span>
  );
}

/** A store's name, address, VAT number and time zone; `onDone` closes it (after a save too). */
function StoreEditForm({ store: s, run, onDone }: { store: StoreView; run: RunWrite; onDone: () => void }) {
  const { t } = useTranslation();
  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const addressLines = String(form.get('address'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    await run(async () => {
      await hoClient.call('stores.save', { id: s.id, name: String(form.get('name')), timeZone: String(form.get('timeZone')), addressLines, vatNumber: String(form.get('vatNumber')).trim() });
      onDone();
    });
  }
  return (
    <form className="store-edit" aria-label={t('stores.edit', { name: s.name })} onSubmit={(e) => void save(e)}>
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
        <button type="button" className="secondary" onClick={onDone}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}

function NewStoreForm({ run }: { run: RunWrite }) {
  const { t } = useTranslation();
  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    await run(async () => {
      await hoClient.call('stores.save', { name: String(form.get('name')), timeZone: String(form.get('timeZone')) });
      target.reset();
    });
  }
  return (
    <form className="inline" aria-label={t('stores.new')} onSubmit={(e) => void create(e)}>
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
  );
}
