/**
 * @module
 * Why a row of an ERP file was refused, or what it warns about, in Italian and English. The
 * catalogue import's reasons (`catalogue/import-reasons.ts`: barcode-taken, field-count,
 * text-unstorable, …) are reused as they are; these are only the ERP file's own. A note has the
 * catalogue import's shape (line, code, reason, details, English message), so one report renders both.
 */
import type { ImportNote } from '../catalogue/catalogue-import';
import type { ImportDetails } from '../catalogue/import-reasons';
import { describeImportReason, importReasonTexts } from '../catalogue/import-reasons';

export const erpImportReasonTexts = {
  'erp-file-empty': { it: 'Il file non contiene righe', en: 'The file holds no rows' },
  'erp-header-missing-column': {
    it: 'L\'intestazione non ha la colonna "{column}" che il tracciato indica per {field}',
    en: 'The header has no "{column}" column, which the layout names for {field}',
  },
  'erp-map-missing-field': {
    it: 'Il tracciato non dice in quale colonna si trova {field}',
    en: 'The layout does not say which column holds {field}',
  },
  'erp-xml-invalid': { it: 'Il file XML non è leggibile ({why})', en: 'The XML file cannot be read ({why})' },
  'erp-field-empty': { it: 'Il campo {field} è vuoto', en: 'Field {field} is empty' },
  'erp-code-too-long': { it: 'Il codice "{value}" supera {max} caratteri', en: 'Code "{value}" is longer than {max} characters' },
  'erp-vat-unknown': {
    it: 'Il codice IVA "{value}" del gestionale non corrisponde a un\'aliquota o natura ({allowed}): aggiungilo alla tabella di conversione IVA',
    en: 'ERP VAT code "{value}" is no rate or nature ({allowed}): add it to the VAT code mapping',
  },
  'erp-date-invalid': {
    it: 'La data "{value}" non è una data (gg/mm/aaaa o aaaa-mm-gg)',
    en: 'Date "{value}" is not a date (dd/mm/yyyy or yyyy-mm-dd)',
  },
  'erp-price-not-yet-valid': {
    it: 'Il prezzo vale dal {validFrom}: importa di nuovo il listino da quel giorno',
    en: 'The price applies from {validFrom}: import the list again from that day',
  },
  'erp-price-superseded': {
    it: 'Il listino {list} ha un prezzo più recente per {code} (riga {otherLine})',
    en: 'List {list} has a newer price for {code} (line {otherLine})',
  },
  'erp-price-duplicate': {
    it: 'Il listino {list} ha già un prezzo per {code} dalla stessa data (riga {otherLine})',
    en: 'List {list} already has a price for {code} from the same date (line {otherLine})',
  },
  'erp-price-list-unmapped': {
    it: 'Il listino {list} non è collegato a nessun negozio: collegalo in "Listini" prima di importarlo',
    en: 'Price list {list} is linked to no store: link it under "Price lists" before importing it',
  },
  'erp-item-unknown': {
    it: 'L\'articolo {code} non è nel catalogo: importa prima gli articoli',
    en: 'Item {code} is not in the catalogue: import the items first',
  },
  'erp-item-duplicate': { it: 'L\'articolo {code} compare già alla riga {otherLine}', en: 'Item {code} already appears on line {otherLine}' },
  'erp-barcodes-too-many': {
    it: 'L\'articolo {code} avrebbe più di {max} codici a barre',
    en: 'Item {code} would have more than {max} barcodes',
  },
} as const satisfies Record<string, { it: string; en: string }>;

export type ErpImportReason = keyof typeof erpImportReasonTexts;

/** A refused or warned row: the catalogue import's note, with the ERP's reasons too. */
export type ErpImportNote = Omit<ImportNote, 'reason'> & { readonly reason: ErpImportReason | ImportNote['reason'] };

export function erpImportNote(line: number, code: string, reason: ErpImportReason | ImportNote['reason'], details: ImportDetails = {}): ErpImportNote {
  return { line, sku: code, reason, details, message: describeErpImportReason(reason, details, 'en') };
}

/** A reason of either table in the reader's language; an unknown code falls back to itself. */
export function describeErpImportReason(reason: string, details: ImportDetails, language: 'it' | 'en'): string {
  const texts = (erpImportReasonTexts as Record<string, { it: string; en: string } | undefined>)[reason];
  if (!texts) return reason in importReasonTexts ? describeImportReason(reason, details, language) : reason;
  return texts[language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in details ? String(details[name]) : whole));
}
