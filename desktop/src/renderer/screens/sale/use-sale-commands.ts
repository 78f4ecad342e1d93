/**
 * @module
 * What the cashier does to the ticket as a whole: complete it (with or without a receipt), park
 * it, reprint a document, pick a search result, and Enter in the scan field (the result picked,
 * the code typed, or on an empty field the obvious next step: pay in cash, then complete).
 */
import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem, PaymentMethod, TicketView, TillClient } from '@cassa/shared';
import type { ManagerOverride } from '../../components/override-prompt';
import { useGated } from '../../components/override-prompt';
import type { FiscalSale } from './use-fiscal-sale';
import type { ItemPicker } from './item-picker';
import type { CatalogueSearch } from './use-catalogue-search';
import { BARCODE_TEXT } from './use-catalogue-search';
import type { ScanInput } from './use-scan-input';
import type { TicketAction } from './use-ticket-state';

type Run = <T>(work: () => Promise<T>) => Promise<T | undefined>;

export interface SaleCommands {
  readonly complete: () => Promise<void>;
  readonly park: () => Promise<void>;
  readonly reprint: (saleId: string) => Promise<void>;
  readonly choose: (item: CatalogueItem) => Promise<void>;
  readonly submitScan: () => Promise<void>;
}

export function useSaleCommands(options: {
  readonly client: TillClient;
  readonly run: Run;
  readonly ticket: TicketView | null;
  readonly noReceipt: boolean;
  readonly dispatch: Dispatch<TicketAction>;
  readonly setPaying: (method: PaymentMethod | null) => void;
  readonly refreshParked: () => void;
  readonly search: CatalogueSearch;
  readonly picker: ItemPicker;
  readonly scanInput: ScanInput;
  readonly fiscal: Pick<FiscalSale, 'completeInput' | 'reset'> & { readonly onProblem: (message: string) => void };
}): SaleCommands {
  const { client, run, ticket, noReceipt, dispatch, setPaying, refreshParked, search, picker, scanInput, fiscal } = options;
  const { t } = useTranslation();
  const gated = useGated();
  const hasLines = ticket !== null && ticket.lines.length > 0;
  const paid = hasLines && ticket.remainingCents === 0;

  async function complete() {
    const kind = ticket?.kind ?? 'sale';
    const printed = !noReceipt;
    // Fiscal (issue 16): the lottery code, tax id or a return's original document go with the sale.
    const extra = fiscal.completeInput();
    if (!extra.ok) return fiscal.onProblem(extra.problem);
    const send = (override?: ManagerOverride) => client.call('sale.complete', { printReceipt: printed, ...extra.input, ...(override ? { override } : {}) });
    const result = await run(() => (extra.needsManager ? gated(send, 'unreferencedReturn') : send()));
    if (result) {
      dispatch({ type: 'completed', done: { sale: result, kind, printed } });
      setPaying(null);
      fiscal.reset();
    }
  }

  async function park() {
    if (!ticket || ticket.lines.length === 0 || ticket.kind !== 'sale') return;
    const ok = await run(() => client.call('sale.park', {}));
    if (ok) {
      dispatch({ type: 'parked', notice: t('sale.parkedDone') });
      refreshParked();
    }
  }

  async function reprint(saleId: string) {
    const ok = await run(() => client.call('sale.reprint', { saleId }));
    if (ok) dispatch({ type: 'reprinted', notice: t('sale.reprinted') });
  }

  function choose(item: CatalogueItem) {
    search.clear();
    return picker.choose(item);
  }

  async function submitScan() {
    const code = search.query.trim();
    const picked = search.active >= 0 ? search.results[search.active] : undefined;
    if (picked && code.length >= 2 && !BARCODE_TEXT.test(code)) return choose(picked);
    if (!code) {
      // A stray Enter (a scanner's CR+LF, a double press) must not open the payment.
      if (!scanInput.enterIsDeliberate()) return;
      // Enter on an empty field: the obvious next step.
      if (paid) return complete();
      if (hasLines) setPaying('cash');
      return;
    }
    search.clear();
    scanInput.scan(code);
  }

  return { complete, park, reprint, choose, submitScan };
}
