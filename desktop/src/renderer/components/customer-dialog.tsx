/**
 * @module
 * The ticket's customer: find one (`customer.search`) or create one (`customer.create`) and attach
 * them to the open ticket (`sale.setCustomer`, which opens a ticket when there is none), or take
 * the customer off it. Scans while it is open still land in the sale (the wedge listens above).
 */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView, TicketView } from '@cassa/shared';
import { describeError, formatMoney } from '../i18n/i18n';
import { useTill } from '../till-context';
import { CustomerHistory } from './customer-history';
import { Dialog } from './dialog';

export function CustomerDialog({ current, onClose, onChanged }: {
  current: CustomerView | null;
  onClose: () => void;
  onChanged: (ticket: TicketView, customer: CustomerView | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CustomerView[] | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [taxCode, setTaxCode] = useState('');
  const [vatNumber, setVatNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  async function search(text: string) {
    const q = text.trim();
    const mine = ++seq.current;
    if (q.length === 0) return setFound(null);
    try {
      const list = await client.call('customer.search', { query: q.slice(0, 80) });
      if (mine === seq.current) {
        setFound(list);
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(describeError(e, lang));
    }
  }

  // Search as the cashier types (after a short pause). Only the text re-runs it: `search` reads
  // the latest client and language when it runs.
  const searchLater = useEffectEvent((text: string) => void search(text));
  useEffect(() => {
    if (query.trim().length < 2) return;
    const timer = setTimeout(() => searchLater(query), 150);
    return () => clearTimeout(timer);
  }, [query]);

  async function attach(customer: CustomerView | null) {
    if (busy) return;
    setBusy(true);
    try {
      const ticket = await client.call('sale.setCustomer', { customerId: customer?.id ?? null });
      onChanged(ticket, customer);
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  async function create() {
    if (busy) return;
    const given = (value: string) => (value.trim() ? value.trim() : undefined);
    const fields = { phone: given(phone), email: given(email), taxCode: given(taxCode)?.toUpperCase(), vatNumber: given(vatNumber) };
    if (!name.trim()) return;
    setBusy(true);
    let created: CustomerView;
    try {
      created = await client.call('customer.create', {
        name: name.trim(),
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      });
    } catch (e) {
      setError(describeError(e, lang));
      setBusy(false);
      return;
    }
    setBusy(false);
    await attach(created);
  }

  return (
    <Dialog title={t('customer.title')} onClose={onClose} wide>
      {current && (
        <div className="row customer-row">
          <span>
            <span className="customer-name">{t('customer.attached', { name: current.name })}</span>
            {' · '}
            {t('customer.credit', { amount: formatMoney(current.storeCreditCents, lang) })}
          </span>
          <button type="button" disabled={busy} onClick={() => void attach(null)}>{t('customer.detach')}</button>
        </div>
      )}
      {current && <CustomerHistory key={current.id} customerId={current.id} />}
      <form className="row" onSubmit={(e) => { e.preventDefault(); void search(query); }}>
        <label className="grow">
          {t('customer.search')}
          <input autoFocus autoComplete="off" maxLength={80} value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit">{t('customer.find')}</button>
      </form>
      {found && found.length === 0 && <p className="muted">{t('customer.none')}</p>}
      {found && found.length > 0 && (
        <ul className="customer-results" aria-label={t('sale.results')}>
          {found.map((c) => (
            <li key={c.id}>
              <span>
                <strong>{c.name}</strong>
                <span className="muted small">
                  {[c.phone, c.email, c.taxCode, c.vatNumber].filter(Boolean).map((v) => ` · ${v}`).join('')}
                  {c.storeCreditCents > 0 && ` · ${t('customer.credit', { amount: formatMoney(c.storeCreditCents, lang) })}`}
                </span>
              </span>
              <button type="button" disabled={busy || current?.id === c.id} onClick={() => void attach(c)}>
                {t('customer.attach', { name: c.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="customer-form" aria-label={t('customer.create')} onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <h3 className="full">{t('customer.create')}</h3>
        <label className="full">
          {t('customer.name')}
          <input autoComplete="off" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('customer.phone')}
          <input type="tel" autoComplete="off" maxLength={32} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <label>
          {t('customer.email')}
          <input type="email" autoComplete="off" maxLength={120} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('customer.taxCode')}
          <input autoComplete="off" maxLength={16} value={taxCode} onChange={(e) => setTaxCode(e.target.value.toUpperCase())} />
        </label>
        <label>
          {t('customer.vatNumber')}
          <input inputMode="numeric" autoComplete="off" maxLength={11} value={vatNumber} onChange={(e) => setVatNumber(e.target.value)} />
        </label>
        <div className="row full">
          <span className="grow" />
          <button type="submit" className="primary" disabled={busy || !name.trim()}>{t('customer.createAttach')}</button>
        </div>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row"><span className="grow" /><button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button></div>
    </Dialog>
  );
}
