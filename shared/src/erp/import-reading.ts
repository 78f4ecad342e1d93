/**
 * @module
 * An ERP file's records into checked rows — items, barcodes or price-list prices — and a worded
 * note for every row refused, with its line. The checks are the catalogue import's: a name within
 * PRODUCT_NAME_MAX_LENGTH, the till's scan check on barcodes, one code per file, text every engine
 * can store, a warning for a name the receipt printer cannot print. What needs the catalogue (who
 * holds a barcode, which item a code is) is the service's, after this.
 */
import type { VatCode } from '../domain';
import { catalogueBarcodeProblem, barcodeKey, VAT_CODES } from '../domain';
import type { Unit } from '../records/catalogue';
import { PRODUCT_NAME_MAX_LENGTH } from '../records/catalogue';
import { isStorableText, MAX_AMOUNT_CENTS } from '../records/limits';
import { unprintableOnReceipt } from '../catalogue/receipt-charset';
import type { ErpColumnMap, ErpImportField, ErpImportKind } from './import-formats';
import type { ErpImportNote, ErpImportReason } from './import-reasons';
import { erpImportNote } from './import-reasons';
import type { ImportReason } from '../catalogue/import-reasons';
import type { ImportDetails } from '../catalogue/import-reasons';
import type { ErpRecord } from './import-records';
import { readErpRecords } from './import-records';
import { readErpAmount, readErpDate, readErpVat } from './import-values';

export type ErpItemRow = {
  readonly kind: 'items';
  readonly line: number;
  readonly code: string;
  readonly description: string;
  readonly vatCode: VatCode;
  readonly category: string | null;
  readonly unit: Unit;
  readonly priceCents: number;
};
export type ErpBarcodeRow = { readonly kind: 'barcodes'; readonly line: number; readonly code: string; readonly barcode: string; readonly move: boolean };
export type ErpPriceRow = {
  readonly kind: 'price-list';
  readonly line: number;
  readonly list: string;
  readonly code: string;
  readonly priceCents: number;
  /** The first business day the price applies (yyyy-mm-dd); null: as soon as it is imported. */
  readonly validFrom: string | null;
};
export type ErpImportRow = ErpItemRow | ErpBarcodeRow | ErpPriceRow;

export interface ErpImportRead {
  readonly rows: ErpImportRow[];
  readonly refused: ErpImportNote[];
  readonly warnings: ErpImportNote[];
  /** Rows the file holds (0 when the file as a whole was refused). */
  readonly records: number;
}

/** The longest code, as the catalogue's SKU and id allow. */
export const ERP_CODE_MAX_LENGTH = 64;
/** The longest category name an item may give (its id, `c-` and all, fits in 64). */
export const ERP_CATEGORY_MAX_LENGTH = 60;

/** Units of measure as ERPs spell them (PZ, NR, N., KG, MT…), onto the till's three. */
const unitAliases: Readonly<Record<string, Unit>> = {
  '': 'piece', pz: 'piece', 'pz.': 'piece', nr: 'piece', 'nr.': 'piece', n: 'piece', 'n.': 'piece', num: 'piece', piece: 'piece', pcs: 'piece',
  kg: 'kg', 'kg.': 'kg', m: 'm', mt: 'm', 'mt.': 'm', 'm.': 'm',
};

const moveFlags: Readonly<Record<string, boolean>> = { '': false, '0': false, n: false, no: false, false: false, '1': true, s: true, si: true, 'sì': true, yes: true, true: true, x: true };

class RowRefusal extends Error {
  constructor(
    readonly reason: ErpImportReason | ImportReason,
    readonly details: ImportDetails = {},
  ) {
    super(reason);
  }
}

function checkedCode(value: string, field: ErpImportField): string {
  if (!value) throw new RowRefusal('erp-field-empty', { field });
  if (value.length > ERP_CODE_MAX_LENGTH) throw new RowRefusal('erp-code-too-long', { value: value.slice(0, 80), max: ERP_CODE_MAX_LENGTH });
  return value;
}

function price(value: string, decimal: ',' | '.'): number {
  if (!value) throw new RowRefusal('erp-field-empty', { field: 'price' });
  const amount = readErpAmount(value, decimal);
  if (!amount.ok) throw new RowRefusal('price-invalid', { value });
  if (amount.value < 0) throw new RowRefusal('price-negative', { value });
  // The product schema's ceiling: a price past it would be stored, then refused by every till.
  if (amount.value > MAX_AMOUNT_CENTS) throw new RowRefusal('price-invalid', { value });
  return amount.value;
}

function readRow(record: ErpRecord, kind: ErpImportKind, map: ErpColumnMap, vatMapping: Readonly<Record<string, VatCode>>, warnings: ErpImportNote[]): ErpImportRow {
  const get = (field: ErpImportField) => (record.fields[field] ?? '').trim();
  if (!record.fits) throw new RowRefusal('field-count', { found: record.found, expected: record.expected, delimiter: map.layout === 'delimited' ? map.delimiter : '' });
  // No engine stores U+0000 or half a surrogate pair.
  if (!Object.values(record.fields).every((value) => isStorableText(value ?? ''))) throw new RowRefusal('text-unstorable');
  const code = checkedCode(get('code'), 'code');
  if (kind === 'items') {
    const description = get('description');
    if (!description) throw new RowRefusal('name-empty');
    if (description.length > PRODUCT_NAME_MAX_LENGTH) throw new RowRefusal('name-too-long', { length: description.length, max: PRODUCT_NAME_MAX_LENGTH });
    const vat = readErpVat(get('vat'), vatMapping);
    if (!vat.ok) throw new RowRefusal('erp-vat-unknown', { value: get('vat'), allowed: VAT_CODES.join(', ') });
    const unit = unitAliases[get('unit').toLowerCase()];
    if (!unit) throw new RowRefusal('unit-invalid', { value: get('unit') });
    const priceCents = price(get('price'), map.decimal);
    const unprintable = unprintableOnReceipt(description);
    if (unprintable.length > 0) warnings.push(erpImportNote(record.line, code, 'name-unprintable', { chars: unprintable.join(' ') }));
    const category = get('category');
    // Its id is derived from it (`categoryIdOf`), and ids stop at 64 characters.
    if (category.length > ERP_CATEGORY_MAX_LENGTH) throw new RowRefusal('erp-code-too-long', { value: category.slice(0, 80), max: ERP_CATEGORY_MAX_LENGTH });
    return { kind, line: record.line, code, description, vatCode: vat.value, category: category || null, unit, priceCents };
  }
  if (kind === 'barcodes') {
    const barcode = get('barcode');
    if (!barcode) throw new RowRefusal('erp-field-empty', { field: 'barcode' });
    const problem = catalogueBarcodeProblem(barcode);
    if (problem) throw new RowRefusal('barcode-invalid', { code: barcode, why: problem.message });
    const move = moveFlags[get('move').toLowerCase()];
    if (move === undefined) throw new RowRefusal('move-flag-invalid', { value: get('move') });
    return { kind, line: record.line, code, barcode, move };
  }
  const list = checkedCode(get('list'), 'list');
  const priceCents = price(get('price'), map.decimal);
  let validFrom: string | null = null;
  if (get('validFrom')) {
    const date = readErpDate(get('validFrom'));
    if (!date.ok) throw new RowRefusal('erp-date-invalid', { value: get('validFrom') });
    validFrom = date.value;
  }
  return { kind, line: record.line, list, code, priceCents, validFrom };
}

/**
 * Reads a decoded ERP file. In-file duplicates are refused on the later row (an item twice, a
 * barcode on two rows); price-list rows are checked one by one here and chosen among by date in
 * {@link currentPrices}.
 */
export function readErpImportFile(text: string, kind: ErpImportKind, map: ErpColumnMap, vatMapping: Readonly<Record<string, VatCode>> = {}): ErpImportRead {
  const read = readErpRecords(text, kind, map);
  if (!read.ok) return { rows: [], refused: [read.note], warnings: [], records: 0 };
  const rows: ErpImportRow[] = [];
  const refused: ErpImportNote[] = [];
  const warnings: ErpImportNote[] = [];
  const seenCodes = new Map<string, number>();
  const seenBarcodes = new Map<string, number>();
  for (const record of read.records) {
    try {
      const row = readRow(record, kind, map, vatMapping, warnings);
      if (row.kind === 'items') {
        const other = seenCodes.get(row.code.toLowerCase());
        if (other !== undefined) throw new RowRefusal('erp-item-duplicate', { code: row.code, otherLine: other });
        seenCodes.set(row.code.toLowerCase(), row.line);
      }
      if (row.kind === 'barcodes') {
        const other = seenBarcodes.get(barcodeKey(row.barcode));
        if (other !== undefined) throw new RowRefusal('barcode-duplicate-in-file', { code: row.barcode, otherLine: other });
        seenBarcodes.set(barcodeKey(row.barcode), row.line);
      }
      rows.push(row);
    } catch (error) {
      if (!(error instanceof RowRefusal)) throw error;
      refused.push(erpImportNote(record.line, (record.fields.code ?? '').trim().slice(0, 80), error.reason, error.details));
    }
  }
  return { rows, refused, warnings, records: read.records.length };
}

/**
 * The price each list gives each code on `today` (yyyy-mm-dd, the shop's business day): the row
 * with the latest `validFrom` not after today. Rows dated later are refused (imported again on
 * their day); older rows are superseded (a warning); two rows from the same day are a conflict.
 */
export function currentPrices(rows: readonly ErpPriceRow[], today: string): { current: ErpPriceRow[]; refused: ErpImportNote[]; warnings: ErpImportNote[] } {
  const refused: ErpImportNote[] = [];
  const warnings: ErpImportNote[] = [];
  const best = new Map<string, ErpPriceRow>();
  for (const row of rows) {
    if (row.validFrom !== null && row.validFrom > today) {
      refused.push(erpImportNote(row.line, row.code, 'erp-price-not-yet-valid', { validFrom: row.validFrom }));
      continue;
    }
    const key = `${row.list}\u0000${row.code.toLowerCase()}`;
    const held = best.get(key);
    if (!held) {
      best.set(key, row);
      continue;
    }
    const heldFrom = held.validFrom ?? '';
    const rowFrom = row.validFrom ?? '';
    if (heldFrom === rowFrom) {
      refused.push(erpImportNote(row.line, row.code, 'erp-price-duplicate', { list: row.list, code: row.code, otherLine: held.line }));
      continue;
    }
    const [newer, older] = rowFrom > heldFrom ? [row, held] : [held, row];
    warnings.push(erpImportNote(older.line, older.code, 'erp-price-superseded', { list: older.list, code: older.code, otherLine: newer.line }));
    best.set(key, newer);
  }
  return { current: [...best.values()].sort((a, b) => a.line - b.line), refused, warnings };
}
