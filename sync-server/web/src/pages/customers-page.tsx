/**
 * @module
 * The chain's customers (issue 17): search, edit, and the duplicates head office proposes (same
 * phone, email or codice fiscale) with a merge that says first what moves. Everyone reads; owners
 * and managers edit and merge. Every till of every store gets the changes.
 */
import type { CustomerDuplicateGroup, HeadOfficeCustomer, HeadOfficeMe } from '@cassa/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { money } from '../i18n';
import { Table } from '../table';
import { useAsync, useWrite } from '../use-async';
import type { RunWrite } from '../use-async';

type Draft = { id: string; name: string; phone: string; email: string; taxCode: string; vatNumber: string };

const draftOf = (c: HeadOfficeCustomer): Draft => ({ id: c.id, name: c.name, phone: c.phone ?? '', email: c.email ?? '', taxCode: c.taxCode ?? '', vatNumber: c.vatNumber ?? '' });

function CustomerEditor({ draft, onChange, onDone, run }: { draft: Draft; onChange: (d: Draft) => void; onDone: () => void; run: RunWrite }) {
  const { t } = useTranslation();
  const field = (key: Exclude<keyof Draft, 'id'>, max: number) => (
    <label>
      {t(`customers.${key}`)}
      <input value={draft[key]} maxLength={max} onChange={(e) => onChange({ ...draft, [key]: e.target.value })} />
    </label>
  );
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  async function save() {
    const ok = await run(() =>
      hoClient.call('customers.save', { id: draft.id, name: draft.name, phone: orNull(draft.phone), email: orNull(draft.email), taxCode: orNull(draft.taxCode), vatNumber: orNull(draft.vatNumber) }),
    );
    if (ok) onDone();
  }
  return (
    <form className="card" aria-label={t('customers.edit')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('customers.edit')}</h2>
      {field('name', 120)}
      {field('phone', 32)}
      {field('email', 120)}
      {field('taxCode', 16)}
      {field('vatNumber', 11)}
      <button type="submit">{t('customers.save')}</button>
      <button type="button" onClick={onDone}>{t('customers.cancel')}</button>
    </form>
  );
}

function DuplicatesSection({ groups, canWrite, run }: { groups: readonly CustomerDuplicateGroup[]; canWrite: boolean; run: RunWrite }) {
  const { t, i18n } = useTranslation();
  function merge(group: CustomerDuplicateGroup) {
    const [survivor, ...others] = group.customers;
    if (!survivor) return;
    const sales = others.reduce((n, c) => n + c.salesCount, 0);
    const message = t('customers.confirmMerge', { survivor: survivor.name, others: others.map((c) => c.name).join(', '), count: others.length, sales });
    if (window.confirm(message)) void run(() => hoClient.call('customers.merge', { survivorId: survivor.id, otherIds: others.map((c) => c.id) }));
  }
  return (
    <section className="card" aria-label={t('customers.duplicates')}>
      <h2>{t('customers.duplicates')}</h2>
      <p className="hint">{t('customers.duplicatesHelp')}</p>
      {groups.length === 0 && <p className="hint">{t('customers.noDuplicates')}</p>}
      {groups.map((group) => (
        <div key={`${group.match}:${group.key}`} className="duplicate-group">
          <h3>{t(`customers.match.${group.match}`, { key: group.key })}</h3>
          <Table
            rows={group.customers}
            rowKey={(c) => c.id}
            columns={[
              { header: t('customers.name'), cell: (c) => c.name },
              { header: t('customers.phone'), cell: (c) => c.phone ?? '' },
              { header: t('customers.email'), cell: (c) => c.email ?? '' },
              { header: t('customers.sales'), cell: (c) => `${c.salesCount} · ${money(c.salesTotalCents, i18n.language)}`, numeric: true },
            ]}
          />
          {canWrite && (
            <button type="button" onClick={() => merge(group)}>
              {t('customers.merge', { survivor: group.customers[0]?.name ?? '' })}
            </button>
          )}
        </div>
      ))}
    </section>
  );
}

export function CustomersPage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const customers = useAsync(() => hoClient.call('customers.search', query ? { query } : {}), [query]);
  const duplicates = useAsync(() => hoClient.call('customers.duplicates'), []);
  const run = useWrite(setError, () => Promise.all([customers.reload(), duplicates.reload()]));
  const canWrite = me.role === 'owner' || me.role === 'manager';
  return (
    <>
      <h1>{t('customers.title')}</h1>
      <ErrorNote message={error ?? customers.error ?? duplicates.error} />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('customers.search')}
          <input type="search" value={search} maxLength={80} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </form>
      {draft && <CustomerEditor draft={draft} onChange={setDraft} onDone={() => setDraft(null)} run={run} />}
      <Table
        rows={customers.data ?? []}
        rowKey={(c) => c.id}
        empty={t('customers.empty')}
        columns={[
          { header: t('customers.name'), cell: (c) => c.name },
          { header: t('customers.phone'), cell: (c) => c.phone ?? '' },
          { header: t('customers.email'), cell: (c) => c.email ?? '' },
          { header: t('customers.taxCode'), cell: (c) => c.taxCode ?? '' },
          { header: t('customers.sales'), cell: (c) => `${c.salesCount} · ${money(c.salesTotalCents, i18n.language)}`, numeric: true },
          {
            header: '',
            cell: (c) => (canWrite ? <button type="button" onClick={() => setDraft(draftOf(c))}>{t('customers.editOne', { name: c.name })}</button> : null),
          },
        ]}
      />
      <DuplicatesSection groups={duplicates.data ?? []} canWrite={canWrite} run={run} />
    </>
  );
}
