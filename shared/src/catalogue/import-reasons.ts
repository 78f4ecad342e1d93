/**
 * @module
 * Why an import row was rejected, or what it warns about: a closed list of codes with details,
 * rendered in Italian or English by whichever screen shows the report (the till's back office,
 * head office's catalogue page). `{name}` in a text is replaced by `details.name`.
 */

export const importReasonTexts = {
  // The file as a whole
  'file-encoding': {
    it: 'Il file non è in una codifica leggibile ({why}). Salvalo da Excel con "Salva con nome" → "CSV UTF-8 (delimitato da virgole)"',
    en: 'The file is not in a readable encoding ({why}). Save it from Excel with "Save as" → "CSV UTF-8 (comma delimited)"',
  },
  'file-unclosed-quote': { it: 'Un campo tra virgolette non viene mai chiuso', en: 'A quoted field is never closed' },
  'header-missing-column': {
    it: 'L\'intestazione non ha la colonna "{column}" (nomi italiani: codice, nome, prezzo, iva)',
    en: 'The header has no "{column}" column (Italian names work too: codice, nome, prezzo, iva)',
  },
  // A row
  'field-count': {
    it: 'La riga ha {found} campi, l\'intestazione {expected}: un separatore ("{delimiter}") di troppo o mancante, ad esempio in un prezzo scritto 12,10',
    en: 'The row has {found} fields, the header {expected}: a separator ("{delimiter}") too many or missing, e.g. in a price written 12,10',
  },
  'text-unstorable': {
    it: 'Un campo contiene un carattere NUL o non valido, che nessun database può conservare',
    en: 'A field holds a NUL or an invalid character that no database can store',
  },
  'sku-empty': { it: 'Il codice è vuoto', en: 'The SKU is empty' },
  'sku-duplicate': { it: 'Il codice {sku} compare due volte', en: 'SKU {sku} appears twice' },
  'name-empty': { it: 'Il nome è vuoto', en: 'The name is empty' },
  'name-too-long': { it: 'Il nome ha {length} caratteri, al massimo {max}', en: 'The name has {length} characters, at most {max}' },
  'price-invalid': { it: 'Il prezzo "{value}" non è un importo', en: 'The price "{value}" is not an amount' },
  'price-negative': { it: 'Il prezzo è negativo', en: 'The price is negative' },
  'unit-invalid': { it: 'L\'unità "{value}" non è pz, kg o m', en: 'Unit "{value}" is not pz, kg or m' },
  'vat-invalid': { it: 'L\'IVA "{value}" non è una di {allowed}', en: 'VAT "{value}" is not one of {allowed}' },
  'barcode-invalid': {
    it: 'Il codice a barre "{code}" non è valido, come lo rifiuterebbe la cassa alla scansione ({why})',
    en: 'Barcode "{code}" is not valid: a scan would refuse it ({why})',
  },
  'barcode-duplicate-in-file': {
    it: 'Il codice a barre {code} è già sulla riga {otherLine} di questo file',
    en: 'Barcode {code} is already on line {otherLine} of this file',
  },
  'barcode-taken': {
    it: 'Il codice a barre {code} appartiene già a {ownerSku} "{ownerName}"; per spostarlo metti 1 nella colonna sposta_barcode',
    en: 'Barcode {code} already belongs to {ownerSku} "{ownerName}"; to move it, put 1 in the move_barcode column',
  },
  'barcode-held': {
    it: 'Il codice a barre {code} appartiene già a {ownerSku} "{ownerName}": toglilo prima da quel prodotto',
    en: 'Barcode {code} already belongs to {ownerSku} "{ownerName}": remove it from that product first',
  },
  'move-flag-invalid': { it: 'sposta_barcode "{value}" non è 1 o 0', en: 'move_barcode "{value}" is not 1 or 0' },
  'product-rows-apart': { it: 'Le righe del prodotto {product} devono stare insieme', en: 'The rows of product {product} must stand together' },
  'variants-mixed': { it: 'Le varianti di {product} devono avere stessa IVA e unità', en: 'Variants of {product} must share VAT and unit' },
  'register-managed': {
    it: 'Questa cassa è collegata alla sede: il catalogo si gestisce dalla sede',
    en: 'This register is paired with head office: the catalogue is managed there',
  },
  // Warnings: the row is imported
  'name-unprintable': {
    it: 'Lo scontrino stamperà "?" al posto di {chars} nel nome',
    en: 'The receipt will print "?" instead of {chars} in the name',
  },
} as const satisfies Record<string, { it: string; en: string }>;

export type ImportReason = keyof typeof importReasonTexts;
export type ImportDetails = Readonly<Record<string, string | number>>;

export const importReasons = Object.keys(importReasonTexts) as ImportReason[];

/** A reason in the reader's language; an unknown code (a newer server) falls back to `fallback`. */
export function describeImportReason(reason: string, details: ImportDetails, language: 'it' | 'en', fallback = reason): string {
  const texts = (importReasonTexts as Record<string, { it: string; en: string } | undefined>)[reason];
  if (!texts) return fallback;
  return texts[language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in details ? String(details[name]) : whole));
}
