/**
 * @module
 * The fiscal part of the sale screen (issue 16): the device's state for the banner, the lottery
 * code and tax id typed in the payment step, and, for a return of a sale whose document this
 * till does not know, the original's document typed by the cashier. `completeInput()` turns them
 * into `sale.complete`'s fields, or says what is wrong before anything is sent.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalJobStateView, FiscalReference, FiscalStateView, TicketView } from '@cassa/shared';
import type { FiscalSaleExtras } from '../../components/fiscal/fiscal-sale-fields';
import { fiscalExtrasInput, noFiscalExtras } from '../../components/fiscal/fiscal-sale-fields';
import type { TypedOriginal } from '../../components/fiscal/return-original-panel';
import { emptyOriginal, parseOriginal } from '../../components/fiscal/return-original-panel';
import { useFiscalState, useSaleDocument } from '../../components/fiscal/use-fiscal-state';

export type FiscalCompleteInput =
  | { readonly ok: true; readonly input: { lotteryCode?: string; customerTaxId?: string; original?: FiscalReference; unreferencedReturn?: boolean }; readonly needsManager: boolean }
  | { readonly ok: false; readonly problem: string };

export interface FiscalSale {
  readonly state: FiscalStateView | null;
  readonly setState: (next: FiscalStateView) => void;
  readonly configured: boolean;
  readonly extras: FiscalSaleExtras;
  readonly setExtras: (next: FiscalSaleExtras) => void;
  /** A return whose original document the cashier must type (or a manager waive). */
  readonly needsOriginal: boolean;
  readonly original: TypedOriginal;
  readonly setOriginal: (next: TypedOriginal) => void;
  /** Why the return cannot complete as typed, shown in the original's panel (in view, unlike the screen's error line). */
  readonly originalProblem: string | null;
  readonly showProblem: (message: string) => void;
  readonly completeInput: () => FiscalCompleteInput;
  /** A blocked job whose document a manager is typing in ("Registra a mano"), or null. */
  readonly recordingJob: FiscalJobStateView | null;
  readonly setRecordingJob: (job: FiscalJobStateView | null) => void;
  /** After a completed sale: the next ticket starts with empty fields. */
  readonly reset: () => void;
}

export function useFiscalSale(ticket: TicketView | null): FiscalSale {
  const { t } = useTranslation();
  const [state, setState] = useFiscalState();
  const [extras, setExtras] = useState<FiscalSaleExtras>(noFiscalExtras);
  const [original, setTypedOriginal] = useState<TypedOriginal>(emptyOriginal);
  const [originalProblem, setOriginalProblem] = useState<string | null>(null);
  const [recordingJob, setRecordingJob] = useState<FiscalJobStateView | null>(null);
  const setOriginal = (next: TypedOriginal) => {
    setTypedOriginal(next);
    setOriginalProblem(null);
  };
  const configured = state?.configured === true;
  const returnOf = ticket?.kind === 'return' ? ticket.originalSaleId : null;
  const known = useSaleDocument(configured ? returnOf : null);
  const needsOriginal = configured && returnOf !== null && known !== null && known.document === null && !known.waiting;
  const ticketId = ticket?.id ?? null;
  // A different ticket (resumed, cancelled, a return started) starts with its own empty fields.
  useEffect(() => {
    setExtras(noFiscalExtras);
    setTypedOriginal(emptyOriginal);
    setOriginalProblem(null);
  }, [ticketId]);

  function completeInput(): FiscalCompleteInput {
    if (!configured || !ticket) return { ok: true, input: {}, needsManager: false };
    // A sale's fields were checked in the payment dialog, against the payment being made; here the
    // ticket may be the render's before that payment, so the core's check (worded alike) decides.
    if (ticket.kind === 'sale') return { ok: true, input: fiscalExtrasInput(extras), needsManager: false };
    if (!needsOriginal) return { ok: true, input: {}, needsManager: false };
    if (original.unreferenced) return { ok: true, input: { unreferencedReturn: true }, needsManager: true };
    const parsed = parseOriginal(original);
    return parsed.ok ? { ok: true, input: { original: parsed.value }, needsManager: false } : { ok: false, problem: t(parsed.key) };
  }

  return {
    state,
    setState,
    configured,
    extras,
    setExtras,
    needsOriginal,
    original,
    setOriginal,
    originalProblem,
    showProblem: setOriginalProblem,
    completeInput,
    recordingJob,
    setRecordingJob,
    reset: () => {
      setExtras(noFiscalExtras);
      setTypedOriginal(emptyOriginal);
      setOriginalProblem(null);
    },
  };
}
