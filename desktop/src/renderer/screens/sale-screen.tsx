/**
 * @module
 * The cashier's screen: scan or search, the ticket, payment, completion, and around them the
 * line actions, parked tickets, returns and the shift. Scans are caught at window level (keyboard
 * wedge) and from the host's scanners (`scanner.scan`), wherever the focus is. Keys: F2 search,
 * F4 park, F6 returns, F7 parked tickets, F8 cash, F9 card, F12 complete, Esc closes a dialog,
 * Enter in an empty search field takes the obvious next step (pay in cash, then complete).
 * The state lives in focused hooks and the parts of the screen in components under ./sale/.
 */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftReport, ShiftView, TicketView } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { OverrideCancelled, OverrideProvider } from '../components/override-prompt';
import { FiscalBanner } from '../components/fiscal/fiscal-banner';
import { ReturnOriginalPanel } from '../components/fiscal/return-original-panel';
import { isVoucherCode } from '../components/ledger/ledger-text';
import { StatusBar } from '../components/status-bar';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { LockScreen } from './lock-screen';
import { DoneBanner } from './sale/done-banner';
import { FiscalDialogs } from './sale/fiscal-dialogs';
import { ItemPickerDialogs, useItemPicker } from './sale/item-picker';
import { OpenTicket } from './sale/open-ticket';
import type { PaymentStep } from './sale/payment-step';
import { PaymentStepDialog } from './sale/payment-step';
import { SaleActions } from './sale/sale-actions';
import { SaleDialogs } from './sale/sale-dialogs';
import { ScanField, SearchResults } from './sale/scan-field';
import { CameraScanButton } from '../input/camera-scan-button';
import { ShiftStart } from './sale/shift-start';
import { TillHeader } from './sale/till-header';
import { useAttachedCustomer } from './sale/use-attached-customer';
import { useCatalogueSearch } from './sale/use-catalogue-search';
import { useFiscalSale } from './sale/use-fiscal-sale';
import { useSaleCommands } from './sale/use-sale-commands';
import { useSaleDialogs } from './sale/use-sale-dialogs';
import { useSaleStart } from './sale/use-sale-start';
import { useSaleShortcuts } from './sale/use-sale-shortcuts';
import { useScanInput } from './sale/use-scan-input';
import { useTicketState } from './sale/use-ticket-state';
import { useTillLock } from './sale/use-till-lock';
import { useIdleLock } from '../chain-stock/use-idle-lock';
import { useParkedCount, useQuickKeys } from './sale/use-till-lists';

export function SaleScreen({ onBackOffice, onTransfers }: { onBackOffice: () => void; onTransfers?: () => void }) {
  return (
    <OverrideProvider>
      <SaleScreenBody onBackOffice={onBackOffice} onTransfers={onTransfers} />
    </OverrideProvider>
  );
}

/**
 * Runs a till call: clears the error before, shows it after (a manager's refusal to approve is no
 * error; a host that restarted sends the cashier back to the PIN), and puts the focus back.
 */
function useRun(setError: (error: string | null) => void, refocus: () => void) {
  const { i18n } = useTranslation();
  const { logout } = useTill();
  return useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      setError(null);
      return await work();
    } catch (e) {
      if (e instanceof CassaError && e.code === 'NOT_AUTHENTICATED') logout();
      else if (!(e instanceof OverrideCancelled)) setError(describeError(e, i18n.language));
      return undefined;
    } finally {
      refocus();
    }
  }, [setError, refocus, i18n, logout]);
}

/** What a scanned or typed code means on the sale screen: a receipt's QR opens a return, a voucher's code its balance, anything else rings up. */
function useScannedCode(
  client: ReturnType<typeof useTill>['client'],
  run: ReturnType<typeof useRun>,
  applyTicket: (next: TicketView | null) => void,
  { openReturn, openVoucher }: Pick<ReturnType<typeof useSaleDialogs>, 'openReturn' | 'openVoucher'>,
) {
  return useCallback((code: string) => {
    if (/^CASSA:/i.test(code)) openReturn(code);
    // A voucher's or gift card's code (issue 17): its balance and history.
    else if (isVoucherCode(code)) openVoucher(code);
    else void run(async () => applyTicket(await client.call('sale.scan', { code })));
  }, [client, run, applyTicket, openReturn, openVoucher]);
}

function SaleScreenBody({ onBackOffice, onTransfers }: { onBackOffice: () => void; onTransfers?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const { client } = useTill();
  const [{ ticket, done, lastSaleId, previewKey, noReceipt, notice }, dispatch] = useTicketState();
  const [shift, setShift] = useState<ShiftView | null | undefined>(undefined);
  const [zReport, setZReport] = useState<ShiftReport | null>(null);
  const [paying, setPaying] = useState<PaymentStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);

  // Back to the search field, unless a dialog has the cashier's attention.
  const refocus = useCallback(() => {
    if (!document.querySelector('[role="dialog"]')) scanRef.current?.focus();
  }, []);
  const run = useRun(setError, refocus);
  const { locked, isLocked, lock: lockTill, unlock } = useTillLock(refocus);
  const applyTicket = useCallback((next: TicketView | null) => dispatch({ type: 'applied', ticket: next }), [dispatch]);
  const search = useCatalogueSearch(client);
  const dialogs = useSaleDialogs(refocus);
  const picker = useItemPicker(client, run, applyTicket);
  const quickKeys = useQuickKeys(client);
  const { parkedCount, refreshParked } = useParkedCount(client);
  const { customer, creditLeftCents, setCustomer } = useAttachedCustomer(client, ticket);

  useSaleStart({ client, run, dispatch, setShift, refreshParked });

  const { openReturn } = dialogs;
  const onCode = useScannedCode(client, run, applyTicket, dialogs);

  const scanInput = useScanInput({ client, isLocked, onCode, field: () => scanRef.current });
  const fiscal = useFiscalSale(ticket);
  const { complete, park, reprint, choose, submitScan } = useSaleCommands({
    client, run, ticket, noReceipt, dispatch, setPaying, refreshParked, search, picker, scanInput,
    fiscal: { completeInput: fiscal.completeInput, reset: fiscal.reset, onProblem: fiscal.showProblem },
  });
  const hasLines = ticket !== null && ticket.lines.length > 0;
  const paid = hasLines && ticket.remainingCents === 0;

  /** Hides the sale behind the PIN prompt; the ticket stays open on the register as it is. */
  function lock() {
    // A manager's approval being asked for is finished (or cancelled) first: it is not ours to close.
    const approving = [...document.querySelectorAll('[role="dialog"] h2')].some((h) => h.textContent === t('override.title'));
    if (approving) return;
    dialogs.dismiss();
    setPaying(null);
    picker.closeMatrix();
    picker.closeWeighing();
    search.clear();
    setError(null);
    lockTill();
  }

  useIdleLock(client, locked, lock); // Issue 17: after the manager's idle time, locked as by Ctrl+L.
  const anyDialog = dialogs.dialog !== null || paying !== null || picker.matrix !== null || picker.weighing !== null || fiscal.recordingJob !== null;
  useSaleShortcuts({
    locked,
    blocked: anyDialog || !shift,
    hasLines,
    paid,
    actions: {
      lock,
      focusSearch: () => { scanRef.current?.focus(); scanRef.current?.select(); },
      customer: () => dialogs.open('customer'),
      park: () => void park(),
      returns: () => openReturn(''),
      parked: () => dialogs.open('parked'),
      pay: setPaying,
      complete: () => void complete(),
    },
  });

  if (locked) return <LockScreen onUnlocked={unlock} />;
  if (shift === undefined) return <main className="centre"><p>{t('app.loading')}</p></main>;

  const header = <TillHeader shift={shift} onBackOffice={onBackOffice} onLock={lock} />;
  if (!shift) {
    return (
      <div className="till">
        {header}
        <ShiftStart zReport={zReport} onOpened={(next) => { setShift(next); setZReport(null); dispatch({ type: 'shiftOpened' }); }} />
        <StatusBar />
      </div>
    );
  }

  return (
    <div className="till">
      {header}
      <main className="sale">
        <section className="left">
          <FiscalBanner state={fiscal.state} onState={fiscal.setState} onRecordManual={fiscal.setRecordingJob} />
          <div className="scan-row">
            <ScanField search={search} inputRef={scanRef} onSubmit={() => void submitScan()} />
            <CameraScanButton onCode={scanInput.scan} onClosed={() => setTimeout(refocus, 0)} />
          </div>
          {fiscal.needsOriginal && <ReturnOriginalPanel typed={fiscal.original} problem={fiscal.originalProblem} onChange={fiscal.setOriginal} />}
          {done && (
            <DoneBanner done={done} previewKey={previewKey} onReprint={(saleId) => void reprint(saleId)} onVoid={(saleId) => openReturn(`CASSA:${saleId}`)} />
          )}
          <SearchResults search={search} quickKeys={quickKeys} onChoose={(item) => void choose(item)} />
          <SaleActions
            parkedCount={parkedCount}
            lastSaleId={lastSaleId}
            ticketHasLines={hasLines}
            onOpen={dialogs.open}
            onReturns={() => openReturn('')}
            onReprint={(saleId) => void reprint(saleId)} onTransfers={onTransfers}
          />
          {error && <p role="alert" className="error">{error}</p>}
          {notice && <p role="status" className="notice">{notice}</p>}
        </section>
        <OpenTicket
          ticket={ticket}
          customer={customer}
          creditLeftCents={creditLeftCents}
          onCustomer={() => dialogs.open('customer')}
          paid={paid}
          noReceipt={noReceipt}
          onNoReceipt={(value) => dispatch({ type: 'noReceipt', noReceipt: value })}
          onEditLine={dialogs.editLine}
          onPay={(method) => setPaying(method)}
          onPoints={() => setPaying('points')}
          onComplete={() => void complete()}
          onPark={() => void park()}
          onTicketDiscount={() => dialogs.open('ticketDiscount')}
          run={run}
          onTicket={applyTicket}
        />
      </main>
      <ItemPickerDialogs picker={picker} refocus={refocus} />
      {paying && ticket && (
        <PaymentStepDialog
          step={paying}
          ticket={ticket}
          customer={customer} creditLeftCents={creditLeftCents} fiscal={fiscal}
          onClose={() => { setPaying(null); setTimeout(refocus, 0); }}
          onPaid={(next, said) => {
            setPaying(null);
            dispatch({ type: 'applied', ticket: next, notice: said });
            if (next.remainingCents === 0 && next.lines.length > 0) void complete();
            else setTimeout(refocus, 0);
          }}
        />
      )}
      <SaleDialogs
        dialogs={dialogs}
        ticket={ticket}
        customer={customer}
        error={error}
        run={run}
        onTicket={applyTicket}
        onCustomer={setCustomer}
        onResumed={refreshParked}
        onVoided={(sale) => dispatch({ type: 'voided', done: { sale, kind: 'post-void', printed: false } })}
        onNotice={(message) => dispatch({ type: 'notice', notice: message })}
        onZClosed={(report) => { setZReport(report); setShift(null); dispatch({ type: 'shiftClosed' }); }}
      />
      <FiscalDialogs fiscal={fiscal} refocus={refocus} />
      <StatusBar />
    </div>
  );
}
