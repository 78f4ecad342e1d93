/**
 * @module
 * "Esportazioni per il gestionale" (issue 19): the export profiles (from a preset, the column map
 * editable as JSON and checked by the server against the shared schema), an export run for a range
 * of days, and the exports made. Owners and managers of every store only: the files hold every
 * chosen store's takings.
 */
import { EXPORT_PRESET_LAYOUTS, EXPORT_PRESETS } from '@cassa/shared';
import type { ErpExportProfileView, ErpExportView, ExportPreset, HeadOfficeMe } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';
import { useAsync, useWrite } from '../use-async';
import { ErpExportsList } from './integrations-erp-exports-list';

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

function ProfileForm({ stores, initial, onSave }: { stores: readonly { id: string; name: string }[]; initial: ErpExportProfileView | null; onSave: (input: Parameters<typeof hoClient.call<'erpExports.createProfile'>>[1]) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [layout, setLayout] = useState(JSON.stringify(initial?.layout ?? EXPORT_PRESET_LAYOUTS['mago-corrispettivi-csv'], null, 2));
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    let parsed: unknown;
    try {
      parsed = JSON.parse(layout);
    } catch (err) {
      setError(t('erpExports.layoutInvalid', { message: err instanceof Error ? err.message : String(err) }));
      return;
    }
    const store = String(form.get('store') ?? '');
    const time = String(form.get('time') ?? '');
    setError(null);
    await onSave({ name: String(form.get('name')), layout: parsed as never, storeIds: store === '' ? null : [store], scheduleTime: time === '' ? null : time });
  }
  return (
    <form className="grid" onSubmit={(e) => void submit(e)}>
      <label>
        {t('erpExports.name')}
        <input name="name" required maxLength={80} defaultValue={initial?.name ?? ''} />
      </label>
      <label>
        {t('erpExports.stores')}
        <select name="store" defaultValue={initial?.storeIds?.[0] ?? ''}>
          <option value="">{t('erpExports.allStores')}</option>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('erpExports.schedule')}
        <input name="time" type="time" defaultValue={initial?.scheduleTime ?? ''} />
        <small className="hint">{t('erpExports.scheduleHint')}</small>
      </label>
      <label>
        {t('erpExports.preset')}
        <select defaultValue="" onChange={(e) => e.target.value !== '' && setLayout(JSON.stringify(EXPORT_PRESET_LAYOUTS[e.target.value as ExportPreset], null, 2))}>
          <option value="">—</option>
          {EXPORT_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`erpExports.presets.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t('erpExports.layout')}
        <textarea rows={12} value={layout} onChange={(e) => setLayout(e.target.value)} spellCheck={false} />
        <small className="hint">{t('erpExports.layoutHint')}</small>
      </label>
      <button type="submit">{initial ? t('erpExports.save') : t('erpExports.create')}</button>
      <ErrorNote message={error} />
    </form>
  );
}

export function ErpExportsSection({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const allowed = me.role === 'owner' || (me.role === 'manager' && me.storeIds.length === 0);
  const profiles = useAsync(() => (allowed ? hoClient.call('erpExports.profiles') : Promise.resolve({ profiles: [] })), [allowed]);
  const stores = useAsync(() => (allowed ? hoClient.call('stores.list') : Promise.resolve([])), [allowed]);
  const [pages, setPages] = useState<{ exports: ErpExportView[]; next: string | null }>({ exports: [], next: null });
  const first = useAsync(async () => {
    const page = allowed ? await hoClient.call('erpExports.list', { limit: 20 }) : { exports: [], next: null };
    setPages(page);
    return page;
  }, [allowed]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const write = useWrite(setError, () => Promise.all([profiles.reload(), first.reload()]));

  if (!allowed) {
    return (
      <section className="card" aria-label={t('erpExports.title')}>
        <h2>{t('erpExports.title')}</h2>
        <p className="hint">{t('erpExports.readOnly')}</p>
      </section>
    );
  }
  const storeList = (stores.data ?? []).map((s) => ({ id: s.id, name: s.name }));
  const storeName = (id: string) => storeList.find((s) => s.id === id)?.name ?? id;

  async function run(profileId: string, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    let rows = 0;
    const ok = await write(async () => {
      rows = (await hoClient.call('erpExports.run', { profileId, from: String(form.get('from')), to: String(form.get('to')) })).rows;
    });
    setStatus(ok ? t('erpExports.made', { rows }) : null);
  }

  return (
    <section className="card" aria-label={t('erpExports.title')}>
      <h2>{t('erpExports.title')}</h2>
      <p className="hint">{t('erpExports.intro')}</p>
      <h3>{t('erpExports.profiles')}</h3>
      {(profiles.data?.profiles ?? []).length === 0 ? <p className="hint">{t('erpExports.noProfiles')}</p> : null}
      {(profiles.data?.profiles ?? []).map((p) => (
        <article key={p.id} className="card">
          <h4>{p.name}</h4>
          <p>
            {t(`erpExports.datasets.${p.layout.dataset}`)} · {t(`erpExports.formats.${p.layout.format}`)} · {p.storeIds === null ? t('erpExports.allStores') : p.storeIds.map(storeName).join(', ')} ·{' '}
            {p.scheduleTime === null ? t('erpExports.noSchedule') : `${t('erpExports.schedule')} ${p.scheduleTime}`}
            {p.lastScheduledDay !== null ? ` · ${t('erpExports.lastScheduled')}: ${p.lastScheduledDay}` : ''}
          </p>
          <form className="row" onSubmit={(e) => void run(p.id, e)}>
            <label>
              {t('erpExports.from')} <input name="from" type="date" required defaultValue={yesterday()} />
            </label>
            <label>
              {t('erpExports.to')} <input name="to" type="date" required defaultValue={yesterday()} />
            </label>
            <button type="submit">{t('erpExports.run')}</button>
            <button type="button" onClick={() => setEditing(editing === p.id ? null : p.id)}>
              {t('erpExports.edit')}
            </button>
            <button
              type="button"
              onClick={() => window.confirm(t('erpExports.confirmDelete', { name: p.name })) && void write(() => hoClient.call('erpExports.deleteProfile', { profileId: p.id }))}
            >
              {t('erpExports.delete')}
            </button>
          </form>
          {editing === p.id ? (
            <ProfileForm
              stores={storeList}
              initial={p}
              onSave={async (input) => {
                if (await write(() => hoClient.call('erpExports.updateProfile', { ...input, profileId: p.id }))) setEditing(null);
              }}
            />
          ) : null}
        </article>
      ))}
      <h3>{t('erpExports.create')}</h3>
      <ProfileForm stores={storeList} initial={null} onSave={(input) => write(() => hoClient.call('erpExports.createProfile', input))} />
      {status ? <p role="status">{status}</p> : null}
      <ErrorNote message={error ?? profiles.error ?? first.error} />
      <h3>{t('erpExports.exports')}</h3>
      <ErpExportsList
        exports={pages.exports}
        next={pages.next}
        onMore={() =>
          void hoClient.call('erpExports.list', { limit: 20, ...(pages.next === null ? {} : { after: pages.next }) }).then(
            (page) => setPages((held) => ({ exports: [...held.exports, ...page.exports], next: page.next })),
            (err: unknown) => setError(errorText(err)),
          )
        }
      />
    </section>
  );
}
