/**
 * @module
 * The cashier's screen: scan or search, the ticket, payment, completion, and around them the
 * line actions, parked tickets, returns and the shift. Scans are caught at window level (keyboard
 * wedge) and from the host's scanners (`scanner.scan`), wherever the focus is. Keys: F2 search,
 * F4 park, F6 returns, F7 parked tickets, F8 cash, F9 card, F12 complete, Esc closes a dialog,
 * Enter in an empty search field takes the obvious next step (pay in cash, then complete).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem, CompletedSale, CustomerView, PaymentMethod, ShiftReport, ShiftView, TicketLineView, TicketView, VariantMatrix } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { CustomerDialog } from '../components/customer-dialog';
import { Dialog } from '../components/dialog';
import { DiscountForm } from '../components/discount-form';
import { LanguageSwitch } from '../components/language-switch';
import { LineDialog } from '../components/line-dialog';
import { OverrideCancelled, OverrideProvider, useGated } from '../components/override-prompt';
import { ParkedDialog } from '../components/parked-dialog';
import { PaymentDialog } from '../components/payment-dialog';
import { QuickKeys } from '../components/quick-keys';
import { ReceiptPreview } from '../components/receipt-preview';
import { ReturnDialog } from '../components/return-dialog';
import { CashMovementDialog, XReportDialog, ZCloseDialog } from '../components/shift-dialogs';
import { ShiftReportView } from '../components/shift-report-view';
import { StatusBar } from '../components/status-bar';
import { TicketPanel } from '../components/ticket-panel';
import { VariantPicker } from '../components/variant-picker';
import { WeightDialog } from '../components/weight-dialog';
import { describeError, formatMoney } from '../i18n/i18n';
import { isDeliberateEnter } from '../input/deliberate-enter';
import { useKeyboardWedge } from '../input/use-keyboard-wedge';
import { useTill } from '../till-context';
import { LockScreen } from './lock-screen';
import { ShiftOpenPanel } from './shift-open-panel';

type DialogName = 'customer' | 'line' | 'ticketDiscount' | 'parked' | 'return' | 'cash' | 'x' | 'z';

interface Done {
  readonly sale: CompletedSale;
  readonly kind: 'sale' | 'return' | 'post-void';
  readonly printed: boolean;
}

export function SaleScreen({ onBackOffice }: { onBackOffice: () => void }) {
  return (
    <OverrideProvider>
      <SaleScreenBody onBackOffice={onBackOffice} />
    </OverrideProvider>
  );
}

function SaleScreenBody({ onBackOffice }: { onBackOffice: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client, info, user, logout } = useTill();
  const gated = useGated();
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [shift, setShift] = useState<ShiftView | null | undefined>(undefined);
  const [zReport, setZReport] = useState<ShiftReport | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CatalogueItem[]>([]);
  const [quickKeys, setQuickKeys] = useState<CatalogueItem[]>([]);
  const [active, setActive] = useState(-1);
  const [matrix, setMatrix] = useState<VariantMatrix | null>(null);
  const [weighing, setWeighing] = useState<CatalogueItem | null>(null);
  const [paying, setPaying] = useState<PaymentMethod | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [editing, setEditing] = useState<TicketLineView | null>(null);
  const [returnQuery, setReturnQuery] = useState('');
  const [done, setDone] = useState<Done | null>(null);
  const [lastSaleId, setLastSaleId] = useState<string | null>(null);
  const [previewKey, setPreviewKey] = useState(0);
  const [noReceipt, setNoReceipt] = useState(false);
  const [parkedCount, setParkedCount] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [locked, setLocked] = useState(false);
  const [customer, setCustomer] = useState<CustomerView | null>(null);
  const lockedRef = useRef(false);
  lockedRef.current = locked;
  const scanRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);
  // When the last scan and the last two Enters came, to tell a deliberate Enter from a stray one.
  const lastScanAt = useRef(-Infinity);
  const enterTimes = useRef({ last: -Infinity, previous: -Infinity });

  // Back to the search field, unless a dialog has the cashier's attention.
  const refocus = useCallback(() => {
    if (!document.querySelector('[role="dialog"]')) scanRef.current?.focus();
  }, []);
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      setError(null);
      return await work();
    } catch (e) {
      // The host restarted (sessions live in memory): back to the PIN.
      if (e instanceof CassaError && e.code === 'NOT_AUTHENTICATED') logout();
      else if (!(e instanceof OverrideCancelled)) setError(describeError(e, i18n.language));
      return undefined;
    } finally {
      refocus();
    }
  }, [refocus, i18n, logout]);

  const refreshParked = useCallback(() => {
    client.call('sale.parked', {}).then((list) => setParkedCount(list.length)).catch(() => undefined);
  }, [client]);

  useEffect(() => {
    void run(async () => {
      setShift(await client.call('shift.current', {}));
      // "Reprint last" works after a reload too: the register remembers its last document.
      const last = await client.call('sale.last', {});
      if (last) setLastSaleId((current) => current ?? last.saleId);
      setTicket(await client.call('sale.current', {}));
    });
    refreshParked();
  }, [client, run, refreshParked]);

  useEffect(() => {
    client.call('catalogue.quickKeys', {}).then(setQuickKeys).catch(() => undefined);
  }, [client]);

  useEffect(() => {
    const seq = ++searchSeq.current;
    const text = query.trim();
    if (text.length < 2 || /^\d{8,14}$/.test(text)) {
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

  // The attached customer's name and store credit, fetched when the ticket's customer changes.
  const customerId = ticket?.customerId ?? null;
  useEffect(() => {
    if (!customerId) {
      setCustomer(null);
      return;
    }
    let live = true;
    client
      .call('customer.history', { customerId })
      .then((found) => { if (live) setCustomer(found.customer); })
      .catch(() => undefined);
    return () => { live = false; };
  }, [client, customerId]);
  const shownCustomer = customer && customer.id === customerId ? customer : null;
  const creditLeftCents = shownCustomer
    ? shownCustomer.storeCreditCents - (ticket?.payments ?? []).filter((p) => p.method === 'store-credit').reduce((a, p) => a + p.amountCents, 0)
    : 0;

  const applyTicket = useCallback((next: TicketView | null) => {
    setTicket(next);
    setDone(null);
    setNotice(null);
  }, []);

  const scan = useCallback((code: string) => {
    // A locked till takes no scans.
    if (lockedRef.current) return;
    lastScanAt.current = performance.now();
    // A receipt's QR code: the cashier means a return.
    if (/^CASSA:/i.test(code)) {
      setReturnQuery(code);
      setDialog('return');
      return;
    }
    void run(async () => applyTicket(await client.call('sale.scan', { code })));
  }, [client, run, applyTicket]);

  useKeyboardWedge(scan, () => scanRef.current);
  // Registered after the wedge's listener: an Enter it swallowed as a scan's suffix never gets here.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') enterTimes.current = { previous: enterTimes.current.last, last: e.timeStamp };
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => client.on('scanner.scan', ({ code }) => scan(code)), [client, scan]);

  async function choose(item: CatalogueItem) {
    setQuery('');
    setResults([]);
    if (item.hasVariants) {
      const m = await run(() => client.call('catalogue.matrix', { productId: item.productId }));
      if (m) setMatrix(m);
      return;
    }
    if (item.unit !== 'piece') {
      setWeighing(item);
      return;
    }
    const next = await run(() => client.call('sale.addItem', { variantId: item.variantId }));
    if (next) applyTicket(next);
  }

  const paid = ticket !== null && ticket.lines.length > 0 && ticket.remainingCents === 0;

  async function submitScan() {
    const code = query.trim();
    const picked = active >= 0 ? results[active] : undefined;
    if (picked && code.length >= 2 && !/^\d{8,14}$/.test(code)) return choose(picked);
    if (!code) {
      // A stray Enter (a scanner's CR+LF, a double press) must not open the payment.
      const { last, previous } = enterTimes.current;
      const at = Number.isFinite(last) ? last : performance.now();
      if (!isDeliberateEnter({ at, previousEnterAt: previous, lastScanAt: lastScanAt.current })) return;
      // Enter on an empty field: the obvious next step.
      if (paid) return complete();
      if (ticket && ticket.lines.length > 0) setPaying('cash');
      return;
    }
    setQuery('');
    setResults([]);
    scan(code);
  }

  async function complete() {
    const kind = ticket?.kind ?? 'sale';
    const printed = !noReceipt;
    const result = await run(() => client.call('sale.complete', { printReceipt: printed }));
    if (result) {
      setDone({ sale: result, kind, printed });
      setLastSaleId(result.saleId);
      setTicket(null);
      setPaying(null);
      setNoReceipt(false);
    }
  }

  async function park() {
    if (!ticket || ticket.lines.length === 0 || ticket.kind !== 'sale') return;
    const ok = await run(() => client.call('sale.park', {}));
    if (ok) {
      setTicket(null);
      setNotice(t('sale.parkedDone'));
      refreshParked();
    }
  }

  async function reprint(saleId: string) {
    const ok = await run(() => client.call('sale.reprint', { saleId }));
    if (ok) {
      setNotice(t('sale.reprinted'));
      setPreviewKey((k) => k + 1);
    }
  }

  function closeDialog() {
    setDialog(null);
    setEditing(null);
    setTimeout(refocus, 0);
  }

  /** Hides the sale behind the PIN prompt; the ticket stays open on the register as it is. */
  function lock() {
    // A manager's approval being asked for is finished (or cancelled) first: it is not ours to close.
    const approving = [...document.querySelectorAll('[role="dialog"] h2')].some((h) => h.textContent === t('override.title'));
    if (approving) return;
    setDialog(null);
    setEditing(null);
    setPaying(null);
    setMatrix(null);
    setWeighing(null);
    setQuery('');
    setResults([]);
    setError(null);
    lockedRef.current = true;
    setLocked(true);
  }

  const anyDialog = dialog !== null || paying !== null || matrix !== null || weighing !== null;
  // A layout effect, so the keys act on the ticket the screen shows from the moment it shows it.
  useLayoutEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        if (!locked) lock();
        return;
      }
      const hasLines = ticket !== null && ticket.lines.length > 0;
      const keys: Record<string, () => void> = {
        F2: () => { scanRef.current?.focus(); scanRef.current?.select(); },
        F3: () => setDialog('customer'),
        F4: () => void park(),
        F6: () => { setReturnQuery(''); setDialog('return'); },
        F7: () => setDialog('parked'),
        F8: () => { if (hasLines && !paid) setPaying('cash'); },
        F9: () => { if (hasLines && !paid) setPaying('card'); },
        F12: () => { if (paid) void complete(); },
      };
      const action = keys[e.key];
      if (!action) return;
      e.preventDefault();
      // A locked till: the function keys do nothing.
      if (locked) return;
      // With a dialog open only the dialog's own keys count (Esc, Enter).
      if (anyDialog || document.querySelector('[role="dialog"]') || !shift) return;
      action();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (locked) return <LockScreen onUnlocked={() => { lockedRef.current = false; setLocked(false); setTimeout(refocus, 0); }} />;
  if (shift === undefined) return <main className="centre"><p>{t('app.loading')}</p></main>;

  const header = (
    <header className="till-header">
      <strong>{info.shopName}</strong>
      <span>{info.registerName}</span>
      {shift && <span>{t('shift.number', { z: shift.zNumber })}</span>}
      <span className="grow" />
      <span>{user?.name}</span>
      <LanguageSwitch />
      {user?.role !== 'cashier' && (
        <button type="button" onClick={onBackOffice}>
          {t('app.backOffice')}
        </button>
      )}
      <button type="button" onClick={lock} aria-keyshortcuts="Control+L">{t('app.lock')} <kbd>Ctrl+L</kbd></button>
      <button type="button" onClick={logout}>{t('app.logout')}</button>
    </header>
  );

  if (!shift) {
    return (
      <div className="till">
        {header}
        <main className="shift-start">
          {zReport && (
            <section className="card report-card" aria-labelledby="z-done">
              <h2 id="z-done">{t('shift.zDone', { z: zReport.zNumber })}</h2>
              <ShiftReportView report={zReport} />
            </section>
          )}
          <ShiftOpenPanel title={zReport ? t('shift.newShift') : t('shift.title')} onOpened={(next) => { setShift(next); setZReport(null); setDone(null); }} />
        </main>
        <StatusBar />
      </div>
    );
  }

  const doneTitle = done
    ? t(done.kind === 'return' ? 'sale.doneReturn' : done.kind === 'post-void' ? 'sale.doneVoid' : 'sale.done', { number: done.sale.receiptNumber })
    : '';
  return (
    <div className="till">
      {header}
      <main className="sale">
        <section className="left">
          <form onSubmit={(e) => { e.preventDefault(); void submitScan(); }}>
            <label className="scan-label">
              <span>{t('sale.scan')} <kbd>F2</kbd></span>
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
                aria-keyshortcuts="F2"
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(results.length - 1, a + 1)); }
                  if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
                  if (e.key === 'Escape') { setQuery(''); setResults([]); }
                }}
              />
            </label>
          </form>
          {/* Right under the scan field, so the change due and the receipt preview show without scrolling. */}
          {done && (
            <div className="done" role="status" aria-label={doneTitle}>
              <p>{doneTitle}</p>
              {done.sale.changeCents > 0 && (
                <p className="change-due">{t('sale.changeDue')}: <strong>{formatMoney(done.sale.changeCents, lang)}</strong></p>
              )}
              {done.kind !== 'post-void' && (
                <div className="row">
                  <button type="button" onClick={() => void reprint(done.sale.saleId)}>{t('sale.reprint')}</button>
                  {done.kind === 'sale' && (
                    <button type="button" onClick={() => { setReturnQuery(`CASSA:${done.sale.saleId}`); setDialog('return'); }}>{t('sale.voidThis')}</button>
                  )}
                </div>
              )}
              {done.printed && done.kind !== 'post-void' && <ReceiptPreview key={`${done.sale.saleId}-${previewKey}`} />}
            </div>
          )}
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
          {results.length === 0 && <QuickKeys items={quickKeys} onChoose={(item) => void choose(item)} />}
          <nav className="actions" aria-label={t('sale.actions')}>
            <button type="button" onClick={() => setDialog('parked')}>{t('sale.parkedCount', { n: parkedCount })} <kbd>F7</kbd></button>
            <button type="button" onClick={() => { setReturnQuery(''); setDialog('return'); }}>{t('sale.returns')} <kbd>F6</kbd></button>
            <button type="button" disabled={!lastSaleId} onClick={() => lastSaleId && void reprint(lastSaleId)}>{t('sale.reprintLast')}</button>
          </nav>
          <nav className="actions" aria-label={t('shift.actions')}>
            <button type="button" onClick={() => setDialog('cash')}>{t('shift.cashMovement')}</button>
            <button type="button" onClick={() => setDialog('x')}>{t('shift.xReport')}</button>
            <button type="button" disabled={ticket !== null && ticket.lines.length > 0} onClick={() => setDialog('z')}>{t('shift.zClose')}</button>
          </nav>
          {error && <p role="alert" className="error">{error}</p>}
          {notice && <p role="status" className="notice">{notice}</p>}
        </section>
        <TicketPanel
          ticket={ticket}
          customer={shownCustomer}
          creditLeftCents={creditLeftCents}
          onCustomer={() => setDialog('customer')}
          paid={paid}
          noReceipt={noReceipt}
          onNoReceipt={setNoReceipt}
          onEditLine={(line) => { setEditing(line); setDialog('line'); }}
          onVoidLine={(line) => void run(async () => applyTicket(await gated((override) => client.call('sale.voidLine', { lineId: line.lineId, ...(override ? { override } : {}) }), 'void')))}
          onRemovePayment={(paymentId) => void run(async () => applyTicket(await client.call('sale.removePayment', { paymentId })))}
          onPay={(method) => setPaying(method)}
          onComplete={() => void complete()}
          onPark={() => void park()}
          onTicketDiscount={() => setDialog('ticketDiscount')}
          onCancel={() => void run(async () => { await gated((override) => client.call('sale.cancel', override ? { override } : {}), 'cancel'); applyTicket(null); })}
        />
      </main>
      {matrix && (
        <VariantPicker
          matrix={matrix}
          onClose={() => { setMatrix(null); setTimeout(refocus, 0); }}
          onPick={async (variantId) => {
            setMatrix(null);
            const next = await run(() => client.call('sale.addItem', { variantId }));
            if (next) applyTicket(next);
          }}
        />
      )}
      {weighing && (
        <WeightDialog
          item={weighing}
          onClose={() => { setWeighing(null); setTimeout(refocus, 0); }}
          onQuantity={async (quantityMilli) => {
            const variantId = weighing.variantId;
            setWeighing(null);
            const next = await run(() => client.call('sale.addItem', { variantId, quantityMilli }));
            if (next) applyTicket(next);
          }}
        />
      )}
      {paying && ticket && (
        <PaymentDialog
          method={paying}
          ticket={ticket}
          maxCents={paying === 'store-credit' ? creditLeftCents : undefined}
          onClose={() => { setPaying(null); setTimeout(refocus, 0); }}
          onPaid={(next) => {
            setPaying(null);
            applyTicket(next);
            if (next.remainingCents === 0) void complete();
            else setTimeout(refocus, 0);
          }}
        />
      )}
      {dialog === 'line' && editing && (
        <LineDialog
          line={ticket?.lines.find((l) => l.lineId === editing.lineId) ?? editing}
          onClose={closeDialog}
          onChanged={(next) => { applyTicket(next); closeDialog(); }}
        />
      )}
      {dialog === 'ticketDiscount' && ticket && (
        <Dialog title={t('sale.ticketDiscount')} onClose={closeDialog}>
          <DiscountForm
            autoFocus
            current={ticket.ticketDiscount}
            legend={t('sale.ticketDiscount')}
            onApply={(discount) => void run(async () => {
              applyTicket(await gated((override) => client.call('sale.discountTicket', { discount, ...(override ? { override } : {}) }), 'discount'));
              closeDialog();
            })}
            onRemove={() => void run(async () => { applyTicket(await client.call('sale.discountTicket', { discount: null })); closeDialog(); })}
          />
          {error && <p role="alert" className="error">{error}</p>}
          <div className="row"><span className="grow" /><button type="button" onClick={closeDialog}>{t('sale.close')} <kbd>Esc</kbd></button></div>
        </Dialog>
      )}
      {dialog === 'customer' && (
        <CustomerDialog
          current={shownCustomer}
          onClose={closeDialog}
          onChanged={(next, chosen) => { setCustomer(chosen); applyTicket(next); closeDialog(); }}
        />
      )}
      {dialog === 'parked' && (
        <ParkedDialog onClose={closeDialog} onResumed={(next) => { applyTicket(next); refreshParked(); closeDialog(); }} />
      )}
      {dialog === 'return' && (
        <ReturnDialog
          initialQuery={returnQuery}
          onClose={closeDialog}
          onStarted={(next) => { applyTicket(next); closeDialog(); }}
          onVoided={(sale) => { setDone({ sale, kind: 'post-void', printed: false }); setTicket(null); closeDialog(); }}
        />
      )}
      {dialog === 'cash' && <CashMovementDialog onClose={closeDialog} onDone={(message) => { setNotice(message); closeDialog(); }} />}
      {dialog === 'x' && <XReportDialog onClose={closeDialog} />}
      {dialog === 'z' && (
        <ZCloseDialog
          onClose={closeDialog}
          onClosed={(report) => { setDialog(null); setZReport(report); setShift(null); setTicket(null); setDone(null); setLastSaleId(null); }}
        />
      )}
      <StatusBar />
    </div>
  );
}
