/**
 * @module
 * Why a sale cannot become a documento commerciale as it stands, as codes with their facts, and
 * the table that words them for the cashier and the manager in Italian and English.
 */
import type { ReasonTable, VatCode } from '../domain';
import { formatEuro } from '../domain';
import type { LotteryCodeRefusal } from './lottery-code';
import { lotteryCodeReasons } from './lottery-code';
import type { TaxIdRefusal } from './tax-id';
import { taxIdReasons } from './tax-id';

export type FiscalRequestProblem =
  | 'sale-arithmetic'
  | 'no-department'
  | 'wrong-sign'
  | 'zero-quantity'
  | 'negative-price'
  | 'line-too-large'
  | 'too-many-lines'
  | 'too-many-tenders'
  | 'negative-tender'
  | 'change-exceeds-cash'
  | 'zero-total'
  | 'tenders-mismatch'
  | 'rounding-out-of-range'
  | 'lottery-code'
  | 'customer-tax-id'
  | 'option-not-for-kind'
  | 'original-missing'
  | 'invalid-request';

export interface FiscalRequestProblemDetails {
  readonly lineId?: string;
  readonly description?: string;
  readonly vatCode?: VatCode;
  readonly count?: number;
  readonly amountCents?: number;
  readonly expectedCents?: number;
  readonly actualCents?: number;
  /** The check's own code or the schema's message, for the log rather than the cashier. */
  readonly detail?: string;
  readonly option?: 'lotteryCode' | 'customerTaxId' | 'original';
  readonly lottery?: LotteryCodeRefusal;
  readonly taxId?: TaxIdRefusal;
}

export interface FiscalRequestIssue {
  readonly problem: FiscalRequestProblem;
  readonly details: FiscalRequestProblemDetails;
}

type Locale = 'it' | 'en';
const line = (d: FiscalRequestProblemDetails, locale: Locale) =>
  d.description === undefined ? '' : locale === 'it' ? ` (riga "${d.description}")` : ` (line "${d.description}")`;
const euro = (cents: number | undefined, locale: Locale) => (cents === undefined ? '?' : formatEuro(cents, locale));

/** Each problem in Italian and English. */
export const fiscalRequestReasons: ReasonTable<FiscalRequestProblem, FiscalRequestProblemDetails> = {
  'sale-arithmetic': {
    it: (d) => `Gli importi della vendita non tornano${d.detail === undefined ? '' : ` (${d.detail})`}: il documento non può essere emesso`,
    en: (d) => `The sale's figures do not add up${d.detail === undefined ? '' : ` (${d.detail})`}: no document can be issued`,
  },
  'no-department': {
    it: (d) => `Nessun reparto per IVA ${d.vatCode ?? '?'}${line(d, 'it')}: aggiungerlo alla tabella reparti come è programmato sul registratore`,
    en: (d) => `No department for VAT ${d.vatCode ?? '?'}${line(d, 'en')}: add it to the department table as the fiscal device holds it`,
  },
  'wrong-sign': {
    it: (d) => `Una vendita ha solo quantità positive e un reso solo negative${line(d, 'it')}`,
    en: (d) => `A sale has only positive quantities and a return only negative ones${line(d, 'en')}`,
  },
  'zero-quantity': {
    it: (d) => `Riga con quantità zero${line(d, 'it')}: toglierla`,
    en: (d) => `A line with quantity zero${line(d, 'en')}: remove it`,
  },
  'negative-price': {
    it: (d) => `Prezzo negativo${line(d, 'it')}: usare uno sconto o un reso`,
    en: (d) => `A negative price${line(d, 'en')}: use a discount or a return`,
  },
  'line-too-large': {
    it: (d) => `Importo della riga oltre il limite del registratore${line(d, 'it')}`,
    en: (d) => `The line's amount is beyond the fiscal device's limit${line(d, 'en')}`,
  },
  'too-many-lines': {
    it: (d) => `Troppe righe per un documento (${d.count ?? '?'}, al massimo 500): dividere la vendita`,
    en: (d) => `Too many lines for one document (${d.count ?? '?'}, at most 500): split the sale`,
  },
  'too-many-tenders': {
    it: (d) => `Troppi pagamenti per un documento (${d.count ?? '?'}, al massimo 20)`,
    en: (d) => `Too many payments for one document (${d.count ?? '?'}, at most 20)`,
  },
  'negative-tender': {
    it: () => 'Un pagamento ha il segno sbagliato per questo documento',
    en: () => 'A payment has the wrong sign for this document',
  },
  'change-exceeds-cash': {
    it: (d) => `Il resto (${euro(d.amountCents, 'it')}) supera i contanti ricevuti: il resto si dà solo sui contanti`,
    en: (d) => `The change (${euro(d.amountCents, 'en')}) is more than the cash taken: change comes only from cash`,
  },
  'zero-total': {
    it: () => 'Un documento a totale zero non ha pagamenti da dichiarare al registratore',
    en: () => 'A document totalling zero has no payment to declare to the fiscal device',
  },
  'tenders-mismatch': {
    it: (d) => `I pagamenti (${euro(d.actualCents, 'it')}) non corrispondono al totale del documento (${euro(d.expectedCents, 'it')})`,
    en: (d) => `The payments (${euro(d.actualCents, 'en')}) do not match the document's total (${euro(d.expectedCents, 'en')})`,
  },
  'rounding-out-of-range': {
    it: (d) => `Arrotondamento di ${euro(d.amountCents, 'it')}: per i contanti è al massimo 2 centesimi in più o 4 in meno`,
    en: (d) => `A rounding of ${euro(d.amountCents, 'en')}: cash rounding is at most 2 cents up or 4 down`,
  },
  'lottery-code': {
    it: (d) => (d.lottery ? (lotteryCodeReasons[d.lottery.problem].it(d.lottery.details)) : 'Codice lotteria non valido'),
    en: (d) => (d.lottery ? (lotteryCodeReasons[d.lottery.problem].en(d.lottery.details)) : 'The lottery code is not valid'),
  },
  'customer-tax-id': {
    it: (d) => (d.taxId ? taxIdReasons[d.taxId.problem].it(d.taxId.details) : 'Codice fiscale o partita IVA non validi'),
    en: (d) => (d.taxId ? taxIdReasons[d.taxId.problem].en(d.taxId.details) : 'The codice fiscale or partita IVA is not valid'),
  },
  'option-not-for-kind': {
    it: (d) =>
      d.option === 'original'
        ? 'Solo un reso o un annullo fa riferimento a un documento'
        : 'Codice lotteria e codice fiscale vanno solo su un documento di vendita',
    en: (d) =>
      d.option === 'original'
        ? 'Only a return or a void refers to a document'
        : 'A lottery code or a customer tax id goes only on a sale document',
  },
  'original-missing': {
    it: () => "Un annullo deve indicare il documento che annulla (matricola, Z, numero, data)",
    en: () => 'A void must name the document it cancels (serial, Z, number, date)',
  },
  'invalid-request': {
    it: (d) => `Richiesta al registratore non valida${d.detail === undefined ? '' : `: ${d.detail}`}`,
    en: (d) => `Invalid request to the fiscal device${d.detail === undefined ? '' : `: ${d.detail}`}`,
  },
};
