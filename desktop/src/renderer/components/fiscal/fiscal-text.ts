/**
 * @module
 * How the cashier reads the fiscal device's words: the document's number as the device prints it
 * ("DOCUMENTO N. zzzz-nnnn", reference/fiscal-rt.md §4 "Numbering"), its date, and the device's
 * status in one short phrase for the status bar.
 */
import type { FiscalDocument, FiscalStateView } from '@cassa/shared';
import { formatDocumentNumber } from '@cassa/shared';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "0003-0012": the Z, then the number within it, as the device prints them. */
export function fiscalDocumentNumber(document: Pick<FiscalDocument, 'zNumber' | 'documentNumber'>): string {
  return formatDocumentNumber(document.zNumber, document.documentNumber);
}

/** The device's `YYYY-MM-DD` as the shop reads it on paper: dd/mm/yyyy in both languages. */
export function fiscalDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** The status bar's phrase: what is wrong with the device, else "ready"; and whether it is bad. */
export function fiscalStatusPhrase(state: FiscalStateView, t: T): { text: string; bad: boolean } {
  const { status } = state;
  if (state.statusFailure === 'offline' || state.statusFailure === 'outcome-unknown') return { text: t('fiscal.offline'), bad: true };
  const blocked = state.jobs.find((job) => job.state === 'blocked');
  if (blocked?.failure === 'offline') return { text: t('fiscal.offline'), bad: true };
  if (status?.printer === 'paper-out' || blocked?.failure === 'paper-out') return { text: t('fiscal.paperOut'), bad: true };
  if (status?.printer === 'cover-open' || blocked?.failure === 'cover-open') return { text: t('fiscal.coverOpen'), bad: true };
  if (status?.printer === 'offline') return { text: t('fiscal.offline'), bad: true };
  if ((status && !status.inService) || blocked?.failure === 'not-in-service') return { text: t('fiscal.notInService'), bad: true };
  if (status?.closureNeeded || blocked?.failure === 'closure-needed') return { text: t('fiscal.closureNeeded'), bad: true };
  // Any other refusal: the banner says what it is in full; the bar says a document is stuck.
  if (blocked) return { text: t('fiscal.blocked'), bad: true };
  if (status?.printer === 'paper-low') return { text: t('fiscal.paperLow'), bad: false };
  if (status?.journal === 'near-full') return { text: t('fiscal.journalNearFull'), bad: false };
  return { text: t('fiscal.ok'), bad: false };
}

export function waitingText(count: number, t: T): string {
  return count === 1 ? t('fiscal.waitingOne') : t('fiscal.waiting', { n: count });
}
