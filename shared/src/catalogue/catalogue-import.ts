/**
 * @module
 * Catalogue rows from a spreadsheet into products. One row per sellable item (variant); rows that
 * share a `product` key (standing together) become one product with a size × colour matrix.
 * Headers are matched in Italian or English, any case. Every rejected row says why (a reason code
 * with details, see import-reasons.ts); good rows are never held back by bad ones. A row whose
 * field count differs from the header's is rejected (never read shifted), barcodes pass the scan
 * check, two rows never claim one GTIN, names respect PRODUCT_NAME_MAX_LENGTH, and a name the
 * receipt printer cannot print is imported with a warning. A `sposta_barcode`/`move_barcode`
 * column set to 1 lets a row take its barcodes from the product holding them (see
 * barcode-clashes.ts).
 *
 * @example
 * sku;prodotto;nome;prezzo;iva;taglia;colore;barcode;sposta_barcode
 * TSH-M-BLU;TSH;T-shirt;19,90;22;M;Blu;8001234500016;0
 */
import type { Product, Unit } from '../records/catalogue';
import { isStorableText } from '../records/limits';
import { PRODUCT_NAME_MAX_LENGTH } from '../records/catalogue';
import type { VatCode } from '../domain';
import { barcodeKey, catalogueBarcodeProblem, parseEuroAmount, VAT_CODES } from '../domain';
import type { CsvDelimiter } from './csv';
import { detectDelimiter, parseCsv } from './csv';
import type { ImportDetails, ImportReason } from './import-reasons';
import { describeImportReason } from './import-reasons';
import { unprintableOnReceipt } from './receipt-charset';

const headerAliases: Readonly<Record<string, string>> = {
  sku: 'sku', codice: 'sku', code: 'sku',
  name: 'name', nome: 'name', descrizione: 'name', description: 'name',
  price: 'price', prezzo: 'price',
  vat: 'vat', iva: 'vat', aliquota: 'vat',
  unit: 'unit', unita: 'unit', 'unità': 'unit', um: 'unit',
  category: 'category', categoria: 'category',
  barcode: 'barcodes', barcodes: 'barcodes', ean: 'barcodes',
  product: 'product', prodotto: 'product', modello: 'product', parent: 'product',
  size: 'axis:taglia', taglia: 'axis:taglia',
  colour: 'axis:colore', color: 'axis:colore', colore: 'axis:colore',
  // 1 on a row lets its barcodes leave the product that holds them now; without it that is a clash.
  sposta_barcode: 'move', 'sposta barcode': 'move', move_barcode: 'move', 'move barcode': 'move',
};

const moveFlags: Readonly<Record<string, boolean>> = { '': false, '0': false, no: false, false: false, '1': true, si: true, 'sì': true, yes: true, true: true, x: true };

const unitAliases: Readonly<Record<string, Unit>> = { '': 'piece', pz: 'piece', piece: 'piece', pezzo: 'piece', kg: 'kg', m: 'm', mt: 'm' };

/** A rejection or a warning about one row: a code with details, and the English text for logs. */
export interface ImportNote {
  readonly line: number;
  readonly sku: string;
  readonly reason: ImportReason;
  readonly details: ImportDetails;
  /** English, from the reason table; screens render `reason` + `details` in their language. */
  readonly message: string;
}

export type ImportItem =
  | {
      readonly kind: 'product';
      readonly product: Product;
      readonly categoryName: string | null;
      readonly line: number;
      /** The line of each variant, by SKU, so a later check can reject the right row. */
      readonly lines: Readonly<Record<string, number>>;
      /** Barcodes whose rows said they move from the product holding them now. */
      readonly movedBarcodes: readonly string[];
      readonly warnings: readonly ImportNote[];
    }
  | ({ readonly kind: 'rejected' } & ImportNote);

export function importNote(line: number, sku: string, reason: ImportReason, details: ImportDetails = {}): ImportNote {
  return { line, sku, reason, details, message: describeImportReason(reason, details, 'en') };
}

/** A row's problem, thrown inside the reader and turned into a rejected row. */
class RowProblem extends Error {
  constructor(
    readonly reason: ImportReason,
    readonly details: ImportDetails = {},
  ) {
    super(reason);
  }
}

/** Ids are derived from codes, so importing the same file twice updates instead of duplicating. */
export const productIdOf = (key: string): string => `p-${key.toLowerCase()}`;
export const variantIdOf = (sku: string): string => `v-${sku.toLowerCase()}`;
export const categoryIdOf = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function parseVat(text: string): VatCode {
  const code = text.trim().toUpperCase().replace('%', '');
  if ((VAT_CODES as readonly string[]).includes(code)) return code as VatCode;
  throw new RowProblem('vat-invalid', { value: text, allowed: VAT_CODES.join(', ') });
}

function parsePrice(text: string): number {
  let cents: number;
  try {
    cents = parseEuroAmount(text);
  } catch {
    throw new RowProblem('price-invalid', { value: text });
  }
  if (cents < 0) throw new RowProblem('price-negative', { value: text });
  return cents;
}

/**
 * Codes separated by `|` (what the export writes) or spaces. Each must pass the scan check: a code
 * the till would refuse when scanned is refused here, so "800 123 456" (three 3-digit numbers) or
 * 22 digits never land.
 */
function parseBarcodes(text: string): string[] {
  const codes = text.split(/[|\s]+/).filter((c) => c.length > 0);
  for (const code of codes) {
    const problem = catalogueBarcodeProblem(code);
    if (problem) throw new RowProblem('barcode-invalid', { code, why: problem.message });
  }
  return codes;
}

function parseName(text: string): string {
  if (!text) throw new RowProblem('name-empty');
  if (text.length > PRODUCT_NAME_MAX_LENGTH) throw new RowProblem('name-too-long', { length: text.length, max: PRODUCT_NAME_MAX_LENGTH });
  return text;
}

function parseMoveFlag(text: string): boolean {
  const flag = moveFlags[text.toLowerCase()];
  if (flag === undefined) throw new RowProblem('move-flag-invalid', { value: text });
  return flag;
}

/** The line of the first U+FFFD: text that was decoded with the wrong encoding upstream. */
function lineOfReplacementCharacter(text: string): number | undefined {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

interface Row {
  readonly line: number;
  readonly sku: string;
  readonly productKey: string;
  readonly name: string;
  readonly priceCents: number;
  readonly vatCode: VatCode;
  readonly unit: Unit;
  readonly category: string | null;
  readonly barcodes: string[];
  readonly move: boolean;
  readonly options: Record<string, string>;
  readonly warnings: ImportNote[];
}

/** Reads the rows, yielding each finished product and each rejected row, in file order. */
export function* readCatalogueCsv(text: string, delimiter?: CsvDelimiter): Generator<ImportItem> {
  const badLine = lineOfReplacementCharacter(text);
  if (badLine !== undefined) {
    // "Per�": the bytes were read with the wrong encoding before they got here. Refuse the file
    // rather than put the replacement character on receipts and in head office's catalogue.
    yield { kind: 'rejected', ...importNote(badLine, '', 'file-encoding', { why: `U+FFFD on line ${badLine}` }) };
    return;
  }
  const separator = delimiter ?? detectDelimiter(text);
  const records = parseCsv(text, separator);
  let header: IteratorResult<{ line: number; fields: string[] }>;
  try {
    header = records.next();
  } catch {
    yield { kind: 'rejected', ...importNote(1, '', 'file-unclosed-quote') };
    return;
  }
  if (header.done) return;
  const columns = header.value.fields.map((h) => headerAliases[h.trim().toLowerCase()] ?? null);
  for (const needed of ['sku', 'name', 'price', 'vat']) {
    if (!columns.includes(needed)) {
      yield { kind: 'rejected', ...importNote(1, '', 'header-missing-column', { column: needed }) };
      return;
    }
  }
  const axisNames = [...new Set(columns.filter((c): c is string => c?.startsWith('axis:') ?? false).map((c) => c.slice(5)))];
  const seenSkus = new Set<string>();
  /** Barcode key → the line that claimed it. */
  const seenBarcodes = new Map<string, number>();
  const finishedProducts = new Set<string>();
  let group: Row[] = [];

  function* flush(): Generator<ImportItem> {
    const first = group[0];
    if (!first) return;
    const axes = axisNames
      .map((name) => ({ name, values: [...new Set(group.map((r) => r.options[name]).filter((v): v is string => !!v))] }))
      .filter((axis) => axis.values.length > 0);
    const lines = Object.fromEntries(group.map((row) => [row.sku, row.line]));
    const movedBarcodes = group.filter((row) => row.move).flatMap((row) => row.barcodes);
    const warnings = group.flatMap((row) => row.warnings);
    const product: Product = {
      id: productIdOf(first.productKey),
      sku: first.productKey,
      name: first.name,
      categoryId: first.category ? categoryIdOf(first.category) : null,
      vatCode: first.vatCode,
      unit: first.unit,
      priceCents: first.priceCents,
      axes,
      variants: group.map((row) => ({
        id: variantIdOf(row.sku),
        sku: row.sku,
        barcodes: row.barcodes,
        options: row.options,
        priceCents: row.priceCents === first.priceCents ? null : row.priceCents,
        active: true,
      })),
      active: true,
    };
    finishedProducts.add(first.productKey);
    group = [];
    yield { kind: 'product', product, categoryName: first.category, line: first.line, lines, movedBarcodes, warnings };
  }

  for (;;) {
    let next: IteratorResult<{ line: number; fields: string[] }>;
    try {
      next = records.next();
    } catch {
      // An unclosed quote swallows the rest of the file: nothing after it can be trusted.
      yield* flush();
      yield { kind: 'rejected', ...importNote(header.value.line, '', 'file-unclosed-quote') };
      return;
    }
    if (next.done) break;
    const { line, fields } = next.value;
    const get = (column: string) => {
      const index = columns.indexOf(column);
      return index >= 0 ? (fields[index] ?? '').trim() : '';
    };
    const sku = get('sku');
    try {
      // "12,10" in a comma-separated file is two fields: never read the row shifted by one.
      if (fields.length !== columns.length) {
        throw new RowProblem('field-count', { found: fields.length, expected: columns.length, delimiter: separator });
      }
      // No engine stores U+0000 or half a surrogate pair: such a row would poison every sale of it.
      if (!fields.every(isStorableText)) throw new RowProblem('text-unstorable');
      if (!sku) throw new RowProblem('sku-empty');
      if (seenSkus.has(sku.toLowerCase())) throw new RowProblem('sku-duplicate', { sku });
      const name = parseName(get('name'));
      const priceCents = parsePrice(get('price'));
      const unit = unitAliases[get('unit').toLowerCase()];
      if (!unit) throw new RowProblem('unit-invalid', { value: get('unit') });
      const barcodes = parseBarcodes(get('barcodes'));
      const move = parseMoveFlag(get('move'));
      for (const code of barcodes) {
        const otherLine = seenBarcodes.get(barcodeKey(code));
        if (otherLine !== undefined) throw new RowProblem('barcode-duplicate-in-file', { code, otherLine });
      }
      const unprintable = unprintableOnReceipt(name);
      const warnings = unprintable.length > 0 ? [importNote(line, sku, 'name-unprintable', { chars: unprintable.join(' ') })] : [];
      const options: Record<string, string> = {};
      for (const axis of axisNames) {
        const value = get(`axis:${axis}`);
        if (value) options[axis] = value;
      }
      const row: Row = {
        line,
        sku,
        productKey: get('product') || sku,
        name,
        priceCents,
        vatCode: parseVat(get('vat')),
        unit,
        category: get('category') || null,
        barcodes,
        move,
        options,
        warnings,
      };
      const current = group[0];
      if (current && current.productKey !== row.productKey) yield* flush();
      if (finishedProducts.has(row.productKey)) throw new RowProblem('product-rows-apart', { product: row.productKey });
      if (group[0] && (group[0].vatCode !== row.vatCode || group[0].unit !== row.unit)) {
        throw new RowProblem('variants-mixed', { product: row.productKey });
      }
      group.push(row);
      seenSkus.add(sku.toLowerCase());
      for (const b of barcodes) seenBarcodes.set(barcodeKey(b), line);
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      yield { kind: 'rejected', ...importNote(line, sku, error.reason, error.details) };
    }
  }
  yield* flush();
}

export const catalogueCsvHeader = ['sku', 'prodotto', 'nome', 'prezzo', 'iva', 'unita', 'categoria', 'barcode'] as const;
