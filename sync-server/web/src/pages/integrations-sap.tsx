/**
 * @module
 * "Integrazioni" → SAP Business One (issue 19): the owner's links to SAP's Service Layer, each with
 * its mappings, last runs and days sent, and buttons to test, import items now and send a day now.
 * Managers read that only owners set it up (the procedures are owners-only).
 */
import { formatEuro, sapProblemText } from '@cassa/shared';
import type { HeadOfficeMe, SapLinkView, SapRunView, SapTestResult } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';
import { dateTime } from '../i18n';
import { useAsync, useWrite } from '../use-async';
import { readSapForm, sapFormOf } from './integrations-sap-form';
import type { SapFormFields } from './integrations-sap-form';

const emptyForm: SapFormFields = {
  name: 'SAP Business One',
  vatGroups: '',
  warehouses: '',
  paymentAccounts: 'cash = \ncard = ',
  customerCode: '',
  takingsItemCode: '',
  priceList: '1',
  itemsEveryMinutes: '60',
  sendDaysDaily: true,
};

export function SapSection({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-label={t('sap.title')}>
      <h2>{t('sap.title')}</h2>
      <p>{t('sap.intro')}</p>
      {me.role === 'owner' ? <SapLinks /> : <p>{t('sap.ownersOnly')}</p>}
    </section>
  );
}

function SapLinks() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<SapLinkView | 'new' | null>(null);
  const links = useAsync(() => hoClient.call('sap.list'), []);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const write = useWrite(setError, links.reload);
  return (
    <>
      <ErrorNote message={error ?? links.error} />
      {links.data?.length === 0 ? <p>{t('sap.none')}</p> : null}
      {(links.data ?? []).map((link) => (
        <SapLinkCard key={link.id} link={link} stores={stores.data ?? []} write={write} onEdit={() => setEditing(link)} />
      ))}
      {editing === null ? (
        <button type="button" onClick={() => setEditing('new')}>
          {t('sap.newLink')}
        </button>
      ) : (
        <SapLinkForm
          link={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            void links.reload();
          }}
        />
      )}
    </>
  );
}

function RunLine({ run }: { run: SapRunView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  return (
    <tr>
      <td>{dateTime(run.startedAt, i18n.language)}</td>
      <td>{run.kind === 'items' ? t('sap.kindItems') : t('sap.kindDay')}</td>
      <td>{t(`sap.outcome.${run.outcome ?? 'running'}`)}</td>
      <td>{run.written}</td>
      <td>
        {run.problems.slice(0, 5).map((p, index) => (
          <div key={index}>
            {p.subject}: {sapProblemText[p.problem][lang]} {p.detail}
          </div>
        ))}
        {run.problems.length > 5 ? <div>… +{run.problems.length - 5}</div> : null}
      </td>
    </tr>
  );
}

function SapLinkCard({ link, stores, write, onEdit }: { link: SapLinkView; stores: readonly { id: string; name: string }[]; write: ReturnType<typeof useWrite>; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const [tested, setTested] = useState<SapTestResult | null>(null);
  const mapped = stores.filter((store) => link.settings.warehouses.some((w) => w.storeId === store.id));
  function sendDay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void write(() => hoClient.call('sap.sendDay', { linkId: link.id, storeId: String(form.get('storeId')), businessDay: String(form.get('day')) }));
  }
  return (
    <article aria-label={link.settings.name}>
      <h3>{link.settings.name}</h3>
      <p>
        {link.credentialHints.serviceLayerUrl} · {link.credentialHints.companyDb} · {link.credentialHints.userName}
      </p>
      {link.lastProblem ? (
        <p role="alert">
          {t('sap.lastProblem')}: {sapProblemText[link.lastProblem][lang]} {link.lastProblemDetail}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void write(async () => setTested(await hoClient.call('sap.test', { linkId: link.id })))}>
          {t('sap.test')}
        </button>
        <button type="button" onClick={() => void write(() => hoClient.call('sap.importItems', { linkId: link.id }))}>
          {t('sap.importNow')}
        </button>
        <button type="button" onClick={onEdit}>
          {t('sap.edit')}
        </button>
        <button type="button" onClick={() => window.confirm(t('sap.removeConfirm')) && void write(() => hoClient.call('sap.remove', { linkId: link.id }))}>
          {t('sap.remove')}
        </button>
      </div>
      {tested ? <p role="status">{tested.ok ? t('sap.testOk') : `${tested.message?.[lang] ?? ''} ${tested.detail ?? ''}`}</p> : null}
      <form className="grid" onSubmit={sendDay}>
        <label>
          {t('sap.store')}
          <select name="storeId" required>
            {mapped.map((store) => (
              <option key={store.id} value={store.id}>
                {store.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sap.day')}
          <input name="day" type="date" required />
        </label>
        <button type="submit">{t('sap.sendDay')}</button>
      </form>
      <h4>{t('sap.runs')}</h4>
      <table>
        <tbody>
          {link.runs.slice(0, 10).map((run) => (
            <RunLine key={run.id} run={run} />
          ))}
        </tbody>
      </table>
      <h4>{t('sap.days')}</h4>
      <table>
        <thead>
          <tr>
            <th>{t('sap.day')}</th>
            <th>{t('sap.store')}</th>
            <th>{t('sap.reference')}</th>
            <th>{t('sap.documents')}</th>
            <th>{t('sap.gross')}</th>
          </tr>
        </thead>
        <tbody>
          {link.days.slice(0, 31).map((day) => (
            <tr key={`${day.storeId}-${day.businessDay}`}>
              <td>{day.businessDay}</td>
              <td>{day.storeId}</td>
              <td>
                {day.reference} ({t(`sap.state.${day.state}`)})
              </td>
              <td>{[day.invoiceDocEntry, day.creditNoteDocEntry, ...day.paymentDocEntries].filter((entry) => entry !== null).join(', ')}</td>
              <td>{formatEuro(day.grossCents, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function SapLinkForm({ link, onDone }: { link: SapLinkView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const initial = link ? sapFormOf(link.settings) : emptyForm;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    const read = readSapForm({
      name: field('name'),
      vatGroups: field('vatGroups'),
      warehouses: field('warehouses'),
      paymentAccounts: field('paymentAccounts'),
      customerCode: field('customerCode'),
      takingsItemCode: field('takingsItemCode'),
      priceList: field('priceList'),
      itemsEveryMinutes: field('itemsEveryMinutes'),
      sendDaysDaily: form.get('sendDaysDaily') === 'on',
    });
    if (!read.ok) {
      setError(t('sap.faultyLines', { lines: read.faultyLines.join('; ') }));
      return;
    }
    const given = ['serviceLayerUrl', 'companyDb', 'userName', 'password'].some((name) => field(name) !== '');
    const credentials = given ? { serviceLayerUrl: field('serviceLayerUrl'), companyDb: field('companyDb'), userName: field('userName'), password: field('password') } : undefined;
    try {
      await hoClient.call('sap.save', { ...(link ? { linkId: link.id } : {}), ...(credentials ? { credentials } : {}), settings: read.settings });
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const text = (name: keyof SapFormFields, label: string, multiline = false) => (
    <label>
      {label}
      {multiline ? <textarea name={name} rows={4} defaultValue={String(initial[name])} /> : <input name={name} defaultValue={String(initial[name])} required />}
    </label>
  );
  return (
    <form className="grid" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('sap.credentials')}</legend>
        {link ? <p>{t('sap.keepCredentials')}</p> : null}
        <label>
          {t('sap.serviceLayerUrl')}
          <input name="serviceLayerUrl" type="url" placeholder="https://sap.example.it:50000/b1s/v1" required={!link} />
        </label>
        <label>
          {t('sap.companyDb')}
          <input name="companyDb" required={!link} />
        </label>
        <label>
          {t('sap.userName')}
          <input name="userName" required={!link} autoComplete="off" />
        </label>
        <label>
          {t('sap.password')}
          <input name="password" type="password" required={!link} autoComplete="new-password" />
        </label>
      </fieldset>
      {text('name', t('sap.name'))}
      {text('vatGroups', t('sap.vatGroups'), true)}
      {text('warehouses', t('sap.warehouses'), true)}
      {text('paymentAccounts', t('sap.paymentAccounts'), true)}
      {text('customerCode', t('sap.customerCode'))}
      {text('takingsItemCode', t('sap.takingsItemCode'))}
      {text('priceList', t('sap.priceList'))}
      {text('itemsEveryMinutes', t('sap.itemsEveryMinutes'))}
      <label>
        <input name="sendDaysDaily" type="checkbox" defaultChecked={initial.sendDaysDaily} /> {t('sap.sendDaysDaily')}
      </label>
      <button type="submit">{t('sap.save')}</button>
      <ErrorNote message={error} />
    </form>
  );
}
