/**
 * @module
 * "Buoni e credito" (issue 17): the chain's vouchers, gift cards, store credit and loyalty points.
 * Negative balances come first, highlighted with how many registers spent offline; an account
 * opens on its entries (the sales, stores, registers and cashiers behind them, reserved or
 * offline, overspends and who looked at them). Owners and managers of every store set an
 * account's offline limit, issue a voucher, mark an overspend seen, and set the chain's default
 * offline limits and loyalty rule; everyone else reads.
 */
import type { HeadOfficeLedgerAccount, HeadOfficeMe, LedgerKind, LedgerSettings } from '@cassa/shared';
import { euroInputText, parseEuroInput } from '@cassa/shared';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime, money } from '../i18n';
import { DataTable, Table } from '../table';
import { useAsync, useWrite } from '../use-async';

const kinds: readonly LedgerKind[] = ['voucher', 'store-credit', 'points'];
/** The store and register of an entry head office made itself (a voucher issued here, a customer merge). */
const HEAD_OFFICE = 'head-office';

/** Cents, or points for a points account. */
function amountText(kind: LedgerKind, amount: number, language: string): string {
  return kind === 'points' ? amount.toLocaleString(language) : money(amount, language);
}

/** Typed euros (or points) into cents (or points); null when not a whole amount from 0 up. */
function parseAmount(kind: LedgerKind, text: string): number | null {
  if (kind === 'points') return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
  return parseEuroInput(text, { min: 0, max: 1_000_000_000 });
}

/**
 * How many registers spent offline since the account was last credited (entries come newest
 * first): what "spent offline by two registers" counts; the registers of its overspends when none.
 */
function offlineRegisters(account: HeadOfficeLedgerAccount): number {
  const since: string[] = [];
  for (const e of account.entries) {
    if (e.amount > 0) break;
    if (e.authorisation === 'offline') since.push(e.deviceId);
  }
  return new Set(since.length > 0 ? since : account.entries.filter((e) => e.overspend).map((e) => e.deviceId)).size;
}

function AccountDetail({ kind, account, canWrite, onChanged }: { kind: LedgerKind; account: string; canWrite: boolean; onChanged: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const detail = useAsync(() => hoClient.call('ledgers.account', { kind, account }), [kind, account]);
  const [error, setError] = useState<string | null>(null);
  const [limit, setLimit] = useState('');
  const run = useWrite(setError, async () => Promise.all([detail.reload(), onChanged()]));
  const data: HeadOfficeLedgerAccount | null = detail.data;
  if (!data) return <ErrorNote message={detail.error} />;
  const overspendRegisters = offlineRegisters(data);
  function saveLimit(value: number | null) {
    void run(() => hoClient.call('ledgers.setOfflineLimit', { kind, account, offlineLimit: value }));
  }
  return (
    <section className="card" aria-label={t('ledgers.accountTitle', { account })}>
      <h2>{t('ledgers.accountTitle', { account })}</h2>
      <ErrorNote message={error ?? detail.error} />
      {data.balance < 0 && <p className="bad" role="status">{t('ledgers.negative', { registers: t(`ledgers.registers.${Math.min(overspendRegisters, 4)}`, { count: overspendRegisters }) })}</p>}
      <dl className="facts">
        <dt>{t('ledgers.balance')}</dt>
        <dd className={data.balance < 0 ? 'bad' : undefined}>{amountText(kind, data.balance, i18n.language)}</dd>
        <dt>{t('ledgers.held')}</dt>
        <dd>{amountText(kind, data.held, i18n.language)}</dd>
        <dt>{t('ledgers.offlineLimit')}</dt>
        <dd>
          {amountText(kind, data.offlineLimit, i18n.language)} {data.ownOfflineLimit === null ? `(${t('ledgers.chainDefault')})` : ''}
        </dd>
        {data.customerId && (
          <>
            <dt>{t('ledgers.customer')}</dt>
            <dd>{data.customerName ?? data.customerId}</dd>
          </>
        )}
      </dl>
      {canWrite && (
        <form className="filters" onSubmit={(e) => {
          e.preventDefault();
          const value = parseAmount(kind, limit);
          if (value === null) return setError(t('ledgers.invalidAmount'));
          saveLimit(value);
        }}>
          <label>
            {t('ledgers.setLimit')}
            <input inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="0" />
          </label>
          <button type="submit">{t('ledgers.saveLimit')}</button>
          {data.ownOfflineLimit !== null && <button type="button" onClick={() => saveLimit(null)}>{t('ledgers.useDefault')}</button>}
        </form>
      )}
      <Table
        rows={data.entries}
        rowKey={(e) => e.id}
        empty={t('ledgers.noEntries')}
        columns={[
          { header: t('ledgers.when'), cell: (e) => dateTime(e.at, i18n.language) },
          { header: t('ledgers.reason'), cell: (e) => t(`ledgers.reasons.${e.reason}`) },
          { header: t('ledgers.amount'), cell: (e) => <span className={e.amount < 0 ? 'bad' : undefined}>{amountText(kind, e.amount, i18n.language)}</span>, numeric: true },
          { header: t('ledgers.store'), cell: (e) => (e.storeId === HEAD_OFFICE ? t('ledgers.headOffice') : e.storeName) },
          { header: t('ledgers.register'), cell: (e) => (e.deviceId === HEAD_OFFICE ? t('ledgers.headOffice') : e.deviceName) },
          { header: t('ledgers.sale'), cell: (e) => e.documentNumber ?? e.saleId ?? '—' },
          { header: t('ledgers.approvedBy'), cell: (e) => e.approvedBy ?? '—' },
          { header: t('ledgers.authorisation'), cell: (e) => t(`ledgers.authorisations.${e.authorisation}`) },
          {
            header: t('ledgers.overspend'),
            cell: (e) =>
              !e.overspend ? '—' : e.seenAt !== null ? (
                t('ledgers.seenBy', { name: e.seenBy ?? '', when: dateTime(e.seenAt, i18n.language) })
              ) : (
                <>
                  <span className="bad">{t('ledgers.overspendMark')}</span>{' '}
                  {canWrite && <button type="button" onClick={() => void run(() => hoClient.call('ledgers.markSeen', { entryId: e.id }))}>{t('ledgers.markSeen')}</button>}
                </>
              ),
          },
        ]}
      />
    </section>
  );
}

function IssueVoucher({ onIssued }: { onIssued: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  async function submit() {
    const cents = parseAmount('voucher', amount);
    if (cents === null || cents === 0) return setError(t('ledgers.invalidAmount'));
    try {
      const account = await hoClient.call('ledgers.issueVoucher', { amount: cents, customerId: null });
      setIssued(account.account);
      setError(null);
      setAmount('');
      onIssued(account.account);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <section className="card" aria-label={t('ledgers.issueTitle')}>
      <h2>{t('ledgers.issueTitle')}</h2>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>
          {t('ledgers.issueAmount')}
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
        </label>
        <button type="submit" className="primary">{t('ledgers.issue')}</button>
      </form>
      {issued && <p role="status">{t('ledgers.issued', { code: issued })}</p>}
      <ErrorNote message={error} />
    </section>
  );
}

type SettingsForm = { voucher: string; credit: string; points: string; pointsPerEuro: string; centsPerPoint: string; minimumRedeem: string };

function SettingsSection({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const current = useAsync(() => hoClient.call('ledgers.settings'), []);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const run = useWrite(setError, () => current.reload());
  const onLoaded = useEffectEvent((data: NonNullable<typeof current.data>) =>
    setForm({
      voucher: euroInputText(data.offlineLimits.voucher, i18n.language),
      credit: euroInputText(data.offlineLimits['store-credit'], i18n.language),
      points: String(data.offlineLimits.points),
      pointsPerEuro: String(data.loyalty.pointsPerEuro),
      centsPerPoint: euroInputText(data.loyalty.centsPerPoint, i18n.language),
      minimumRedeem: String(data.loyalty.minimumRedeem),
    }),
  );
  useEffect(() => {
    if (current.data) onLoaded(current.data);
  }, [current.data]);
  if (!form) return <ErrorNote message={error ?? current.error} />;
  function save() {
    if (!form) return;
    const voucher = parseAmount('voucher', form.voucher);
    const credit = parseAmount('store-credit', form.credit);
    const points = parseAmount('points', form.points);
    const pointsPerEuro = parseAmount('points', form.pointsPerEuro);
    const centsPerPoint = parseAmount('voucher', form.centsPerPoint);
    const minimumRedeem = parseAmount('points', form.minimumRedeem);
    if ([voucher, credit, points, pointsPerEuro, centsPerPoint, minimumRedeem].some((v) => v === null)) return setError(t('ledgers.invalidAmount'));
    const input: LedgerSettings = {
      offlineLimits: { voucher: voucher ?? 0, 'store-credit': credit ?? 0, points: points ?? 0 },
      loyalty: { pointsPerEuro: pointsPerEuro ?? 0, centsPerPoint: centsPerPoint ?? 0, minimumRedeem: minimumRedeem ?? 0 },
    };
    void run(() => hoClient.call('ledgers.saveSettings', input)).then(setSaved);
  }
  const field = (key: keyof SettingsForm, label: string) => (
    <label>
      {label}
      <input inputMode="decimal" disabled={!canWrite} value={form[key]} onChange={(e) => { setSaved(false); setForm({ ...form, [key]: e.target.value }); }} />
    </label>
  );
  return (
    <section className="card" aria-label={t('ledgers.settingsTitle')}>
      <h2>{t('ledgers.settingsTitle')}</h2>
      <ErrorNote message={error ?? current.error} />
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <p className="hint">{t('ledgers.offlineHelp')}</p>
        {current.data?.offlineLimitsAreDefault && <p className="hint">{t('ledgers.defaultsInForce')}</p>}
        {field('voucher', t('ledgers.defaultVoucher'))}
        {field('credit', t('ledgers.defaultCredit'))}
        {field('points', t('ledgers.defaultPoints'))}
        <h3>{t('ledgers.loyaltyTitle')}</h3>
        <p className="hint">{t('ledgers.loyaltyHelp')}</p>
        {field('pointsPerEuro', t('ledgers.pointsPerEuro'))}
        {field('centsPerPoint', t('ledgers.pointValue'))}
        {field('minimumRedeem', t('ledgers.minimumRedeem'))}
        {canWrite ? <button type="submit" className="primary">{t('ledgers.saveSettings')}</button> : <p className="hint">{t('ledgers.writersOnly')}</p>}
        {saved && <p role="status">{t('ledgers.settingsSaved')}</p>}
      </form>
    </section>
  );
}

export function LedgersPage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const canWrite = me.role === 'owner' || (me.role === 'manager' && me.storeIds.length === 0);
  const [kind, setKind] = useState('');
  const [only, setOnly] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<{ kind: LedgerKind; account: string } | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const list = useAsync(
    () => hoClient.call('ledgers.list', { ...(kind ? { kind: kind as LedgerKind } : {}), ...(only ? { only: only as 'negative' | 'overspent' } : {}), ...(query ? { q: query } : {}) }),
    [kind, only, query],
  );
  return (
    <>
      <h1>{t('nav.ledgers')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('ledgers.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>{t(`ledgers.kinds.${k}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('ledgers.show')}
          <select value={only} onChange={(e) => setOnly(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <option value="negative">{t('ledgers.onlyNegative')}</option>
            <option value="overspent">{t('ledgers.onlyOverspent')}</option>
          </select>
        </label>
        <label>
          {t('ledgers.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={64} />
        </label>
      </form>
      <ErrorNote message={list.error} />
      <DataTable
        title={t('nav.ledgers')}
        file="ledgers"
        rows={list.data ?? []}
        empty={t('ledgers.empty')}
        columns={[
          {
            header: t('ledgers.account'),
            cell: (a) => (
              <>
                <button type="button" className="link" onClick={() => setOpen({ kind: a.kind, account: a.account })}>{a.account}</button>
                {a.customerName ? ` · ${a.customerName}` : ''}
              </>
            ),
            csv: (a) => (a.customerName ? `${a.account} (${a.customerName})` : a.account),
          },
          { header: t('ledgers.kind'), cell: (a) => t(`ledgers.kinds.${a.kind}`), csv: (a) => a.kind },
          {
            header: t('ledgers.balance'),
            cell: (a) => (
              <span className={a.balance < 0 ? 'bad' : undefined}>
                {amountText(a.kind, a.balance, i18n.language)}
                {a.balance < 0 ? ` · ${t('ledgers.negativeShort')}` : ''}
              </span>
            ),
            csv: (a) => a.balance,
            numeric: true,
          },
          { header: t('ledgers.offlineLimit'), cell: (a) => amountText(a.kind, a.offlineLimit, i18n.language), csv: (a) => a.offlineLimit, numeric: true },
          { header: t('ledgers.overspend'), cell: (a) => (a.overspent ? <span className="bad">{t('ledgers.toLookAt')}</span> : '—'), csv: (a) => (a.overspent ? 1 : 0) },
          { header: t('ledgers.updated'), cell: (a) => dateTime(a.updatedAt, i18n.language), csv: (a) => a.updatedAt },
        ]}
      />
      {open && <AccountDetail key={`${open.kind}:${open.account}`} kind={open.kind} account={open.account} canWrite={canWrite} onChanged={list.reload} />}
      {canWrite && <IssueVoucher onIssued={(code) => { setOpen({ kind: 'voucher', account: code }); void list.reload(); }} />}
      <SettingsSection canWrite={canWrite} />
    </>
  );
}
