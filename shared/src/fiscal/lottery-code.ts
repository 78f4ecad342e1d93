/**
 * @module
 * The receipts lottery (lotteria degli scontrini) code a customer shows as a barcode: 8 letters and
 * digits, and only for a purchase of at least €1 paid electronically (reference
 * ../shared/reference/fiscal-rt.md §4 "Lottery" and §1 "Lottery": the 8-character code of
 * fiskaltrust's 1387 layout). A code the device would refuse, or the tax agency would discard,
 * is refused at the till while the customer can still pay by card or keep the code.
 */
import type { ReasonTable } from '../domain';
import type { FiscalTender } from './fiscal-model';

export type LotteryCodeProblem = 'empty' | 'length' | 'characters' | 'no-electronic-payment' | 'below-one-euro';

export interface LotteryCodeProblemDetails {
  readonly length?: number;
  readonly position?: number;
}

export interface LotteryCodeRefusal {
  readonly problem: LotteryCodeProblem;
  readonly details: LotteryCodeProblemDetails;
}

const LOTTERY_CODE_LENGTH = 8;
/** The lottery counts purchases from €1 (reference §4). */
export const LOTTERY_MINIMUM_CENTS = 100;

/** The code as the device takes it: trimmed and upper-cased, as a scanner or a cashier may give it. */
export function normalisedLotteryCode(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * Why `text` cannot go on this document as a lottery code, or null when it can. `tenders` are the
 * document's tenders as they will be declared: at least one must be electronic (a card), and they
 * must add up to €1 or more. Partly-cash purchases with a card part are accepted; whether the
 * agency counts them is [U] in the reference, which says only "cashless payments".
 * @example lotteryCodeProblem(' ab12cd34 ', [{ kind: 'electronic', amountCents: 250 }]) // null
 */
export function lotteryCodeProblem(text: string, tenders: readonly Pick<FiscalTender, 'kind' | 'amountCents'>[]): LotteryCodeRefusal | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { problem: 'empty', details: {} };
  // Checked before upper-casing: 'ß' upper-cases to 'SS' and would pass as two letters.
  const bad = /[^0-9A-Za-z]/.exec(trimmed);
  if (bad) return { problem: 'characters', details: { position: bad.index + 1 } };
  if (trimmed.length !== LOTTERY_CODE_LENGTH) return { problem: 'length', details: { length: trimmed.length } };
  if (!tenders.some((tender) => tender.kind === 'electronic' && tender.amountCents > 0)) {
    return { problem: 'no-electronic-payment', details: {} };
  }
  const totalCents = tenders.reduce((sum, tender) => sum + tender.amountCents, 0);
  if (totalCents < LOTTERY_MINIMUM_CENTS) return { problem: 'below-one-euro', details: {} };
  return null;
}

/** Each refusal in Italian and English, for the till's message beside the lottery field. */
export const lotteryCodeReasons: ReasonTable<LotteryCodeProblem, LotteryCodeProblemDetails> = {
  empty: { it: () => 'Codice lotteria vuoto', en: () => 'The lottery code is empty' },
  length: {
    it: (d) => `Il codice lotteria ha 8 caratteri${d.length === undefined ? '' : `, questo ne ha ${d.length}`}`,
    en: (d) => `A lottery code has 8 characters${d.length === undefined ? '' : `, this one has ${d.length}`}`,
  },
  characters: {
    it: (d) => `Il codice lotteria ha solo lettere e cifre${d.position === undefined ? '' : `: carattere non ammesso in posizione ${d.position}`}`,
    en: (d) => `A lottery code has letters and digits only${d.position === undefined ? '' : `: unexpected character at position ${d.position}`}`,
  },
  'no-electronic-payment': {
    it: () => 'La lotteria degli scontrini vale solo per pagamenti elettronici: pagare con carta o togliere il codice',
    en: () => 'The receipts lottery is for electronic payments only: pay by card or remove the code',
  },
  'below-one-euro': {
    it: () => 'La lotteria degli scontrini vale per acquisti da 1 € in su',
    en: () => 'The receipts lottery is for purchases of €1 or more',
  },
};
