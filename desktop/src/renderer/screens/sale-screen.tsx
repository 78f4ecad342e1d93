/**
 * @module
 * The cashier's screen: scan or search, the ticket, payment, completion. The scan field keeps the
 * focus so a scanner always lands in the sale; F8 cash, F9 card, F12 complete.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem, CompletedSale, PaymentMethod, ShiftView, TicketView, VariantMatrix } from '@cassa/shared';
import { LanguageSwitch } from '../components/language-switch';
import { PaymentDialog } from '../components/payment-dialog';
import { ReceiptPreview } from '../components/receipt-preview';
import { StatusBar } from '../components/status-bar';
import { TicketPanel } from '../components/ticket-panel';
import { VariantPicker } from '../components/variant-picker';
import { formatMoney } from '../i18n/i18n';
import { errorText, useTill } from '../till-context';
import { ShiftOpenPanel } from './shift-open-panel';

export function SaleScreen() {
  const { t, i18n } = useTranslation();
  const { client, info, user, logout } = useTill();
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [shift, setShift] = useState<ShiftView | null | undefined>(undefined);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CatalogueItem[]>([]);
  const [active, setActive] = useState(-1);
  const [matrix, setMatrix] = useState<VariantMatrix | null>(null);
  const [paying, setPaying] = useState<PaymentMethod | null>(null);
  const [done, setDone] = useState<CompletedSale | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);

  const refocus = useCallback(() => scanRef.current?.focus(), []);
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      setError(null);
      return await work();
    } catch (e) {
      setError(errorText(e));
      return undefined;
    } finally {
      refocus();
    }
  }, [refocus]);

  useEffect(() => {
    void run(async () => {
      setShift(await client.call('shift.current', {}));
      setTicket(await client.call('sale.current', {}));
    });
  }, [client, run]);

  useEffect(() => {
    const seq = ++searchSeq.current;
    const text = query.trim();
    if (text.length < 2) {
      setResults([]);
      return;
    }
    const timer = setTimeout(() => {
      client
        .call('catalogue.search', { query: text, limit: 12 })
        .then((items) => {
          if (seq === searchSeq.current) {
            setResults(items);
            setActive(items.length > 0 ? 0 : -1);
          }
        })
        .catch(() => undefined);
    }, 60);
    return () => clearTimeout(timer);
  }, [client, query]);

  const applyTicket = useCallback((next: TicketView | null) => {
    setTicket(next);
    setDone(null);
  }, []);

  async function choose(item: CatalogueItem) {
    setQuery('');
    setResults([]);
    if (item.hasVariants) {
      const m = await run(() => client.call('catalogue.matrix', { productId: item.productId }));
      if (m) setMatrix(m);
      return;
    }
    const next = await run(() => client.call('sale.addItem', { variantId: item.variantId }));
    if (next) applyTicket(next);
  }

  async function submitScan() {
    const picked = active >= 0 ? results[active] : undefined;
    if (picked && query.trim().length >= 2 && !/^\d{8,14}$/.test(query.trim())) return choose(picked);
    const code = query.trim();
    if (!code) return;
    setQuery('');
    setResults([]);
    const next = await run(() => client.call('sale.scan', { code }));
    if (next) applyTicket(next);
  }

  async function complete() {
    const result = await run(() => client.call('sale.complete', { printReceipt: true }));
    if (result) {
      setDone(result);
      setTicket(null);
      setPaying(null);
    }
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === 'F8') { e.preventDefault(); if (ticket && ticket.lines.length > 0) setPaying('cash'); }
      if (e.key === 'F9') { e.preventDefault(); if (ticket && ticket.lines.length > 0) setPaying('card'); }
      if (e.key === 'F12') { e.preventDefault(); if (ticket && ticket.remainingCents === 0 && ticket.lines.length > 0) void complete(); }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (shift === undefined) return <main className="centre"><p>{t('app.loading')}</p></main>;

  const lang = i18n.language;
  const paid = ticket !== null && ticket.lines.length > 0 && ticket.remainingCents === 0;
  return (
    <div className="till">
      <header className="till-header">
        <strong>{info.shopName}</strong>
        <span>{info.registerName}</span>
        {shift && <span>{t('shift.number', { z: shift.zNumber })}</span>}
        <span className="grow" />
        <span>{user?.name}</span>
        <LanguageSwitch />
        <button type="button" onClick={logout}>{t('app.logout')}</button>
      </header>
      {!shift ? (
        <ShiftOpenPanel onOpened={setShift} />
      ) : (
        <main className="sale">
          <section className="left">
            <form onSubmit={(e) => { e.preventDefault(); void submitScan(); }}>
              <label className="scan-label">
                {t('sale.scan')}
                <input
                  ref={scanRef}
                  autoFocus
                  className="scan-input"
                  value={query}
                  autoComplete="off"
                  spellCheck={false}
                  role="combobox"
                  aria-expanded={results.length > 0}
                  aria-controls="search-results"
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(results.length - 1, a + 1)); }
                    if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
                    if (e.key === 'Escape') { setQuery(''); setResults([]); }
                  }}
                />
              </label>
            </form>
            {results.length > 0 && (
              <ul id="search-results" role="listbox" aria-label={t('sale.results')} className="results">
                {results.map((item, i) => (
                  <li key={item.variantId} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => { e.preventDefault(); void choose(item); }}>
                    <span>{item.name}</span>
                    <span className="muted">{item.sku}</span>
                    <span className="price">{formatMoney(item.priceCents, lang)}</span>
                  </li>
                ))}
              </ul>
            )}
            {error && <p role="alert" className="error">{error}</p>}
            {done && (
              <div className="done" role="status">
                <p>{t('sale.done', { number: done.receiptNumber })}</p>
                {done.changeCents > 0 && (
                  <p className="change-due">{t('sale.changeDue')}: <strong>{formatMoney(done.changeCents, lang)}</strong></p>
                )}
                <ReceiptPreview key={done.saleId} />
              </div>
            )}
          </section>
          <TicketPanel
            ticket={ticket}
            onChange={applyTicket}
            run={run}
            onPay={(method) => setPaying(method)}
            onComplete={() => void complete()}
            paid={paid}
          />
        </main>
      )}
      {matrix && (
        <VariantPicker
          matrix={matrix}
          onClose={() => { setMatrix(null); refocus(); }}
          onPick={async (variantId) => {
            setMatrix(null);
            const next = await run(() => client.call('sale.addItem', { variantId }));
            if (next) applyTicket(next);
          }}
        />
      )}
      {paying && ticket && (
        <PaymentDialog
          method={paying}
          ticket={ticket}
          onClose={() => { setPaying(null); refocus(); }}
          onPaid={(next) => {
            setPaying(null);
            applyTicket(next);
            if (next.remainingCents === 0) void complete();
          }}
        />
      )}
      <StatusBar />
    </div>
  );
}
