/**
 * @module
 * Catalogue rows from a spreadsheet into products. One row per sellable item (variant); rows that
 * share a `product` key (standing together) become one product with a size × colour matrix.
 * Headers are matched in Italian or English, any case. Every rejected row says why; good rows
 * are never held back by bad ones.
 *
 * @example
 * sku;prodotto;nome;prezzo;iva;taglia;colore;barcode
 * TSH-M-BLU;TSH;T-shirt;19,90;22;M;Blu;8001234500016
 */
import type { Product, Unit } from '../records/catalogue';
import { isStorableText } from '../records/limits';
import type { VatCode } from '../domain';
import { hasValidGs1CheckDigit, parseEuroAmount, VAT_CODES } from '../domain';
import type { CsvDelimiter } from './csv';
import { parseCsv } from './csv';

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
};

const unitAliases: Readonly<Record<string, Unit>> = { '': 'piece', pz: 'piece', piece: 'piece', pezzo: 'piece', kg: 'kg', m: 'm', mt: 'm' };

export type ImportItem =
  | { readonly kind: 'product'; readonly product: Product; readonly categoryName: string | null; readonly line: number }
  | { readonly kind: 'rejected'; readonly line: number; readonly sku: string; readonly message: string };

export interface ImportSummary {
  readonly products: number;
  readonly variants: number;
  readonly rejected: readonly { line: number; sku: string; message: string }[];
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
  throw new Error(`VAT "${text}" is not one of ${VAT_CODES.join(', ')}`);
}

function parseBarcodes(text: string): string[] {
  const codes = text.split(/[|\s]+/).filter((c) => c.length > 0);
  for (const code of codes) {
    if (/^\d+$/.test(code) && [8, 12, 13, 14].includes(code.length) && !hasValidGs1CheckDigit(code)) {
      throw new Error(`barcode ${code} has a wrong check digit`);
    }
  }
  return codes;
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
  readonly options: Record<string, string>;
}

/** Reads the rows, yielding each finished product and each rejected row, in file order. */
export function* readCatalogueCsv(text: string, delimiter?: CsvDelimiter): Generator<ImportItem> {
  const records = parseCsv(text, delimiter);
  const header = records.next();
  if (header.done) return;
  const columns = header.value.fields.map((h) => headerAliases[h.trim().toLowerCase()] ?? null);
  for (const needed of ['sku', 'name', 'price', 'vat']) {
    if (!columns.includes(needed)) {
      yield { kind: 'rejected', line: 1, sku: '', message: `The header has no "${needed}" column (Italian names work too: codice, nome, prezzo, iva)` };
      return;
    }
  }
  const axisNames = [...new Set(columns.filter((c): c is string => c?.startsWith('axis:') ?? false).map((c) => c.slice(5)))];
  const seenSkus = new Set<string>();
  const seenBarcodes = new Set<string>();
  const finishedProducts = new Set<string>();
  let group: Row[] = [];

  function* flush(): Generator<ImportItem> {
    const first = group[0];
    if (!first) return;
    const axes = axisNames
      .map((name) => ({ name, values: [...new Set(group.map((r) => r.options[name]).filter((v): v is string => !!v))] }))
      .filter((axis) => axis.values.length > 0);
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
    yield { kind: 'product', product, categoryName: first.category, line: first.line };
  }

  for (const { line, fields } of records) {
    const get = (column: string) => {
      const index = columns.indexOf(column);
      return index >= 0 ? (fields[index] ?? '').trim() : '';
    };
    const sku = get('sku');
    try {
      // No engine stores U+0000 or half a surrogate pair: such a row would poison every sale of it.
      if (!fields.every(isStorableText)) throw new Error('a field holds a NUL or an invalid character');
      if (!sku) throw new Error('the SKU is empty');
      if (seenSkus.has(sku.toLowerCase())) throw new Error(`SKU ${sku} appears twice`);
      const name = get('name');
      if (!name) throw new Error('the name is empty');
      const priceCents = parseEuroAmount(get('price'));
      if (priceCents < 0) throw new Error('the price is negative');
      const unit = unitAliases[get('unit').toLowerCase()];
      if (!unit) throw new Error(`unit "${get('unit')}" is not pz, kg or m`);
      const barcodes = parseBarcodes(get('barcodes'));
      const taken = barcodes.find((b) => seenBarcodes.has(b));
      if (taken) throw new Error(`barcode ${taken} already belongs to another row`);
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
        options,
      };
      const current = group[0];
      if (current && current.productKey !== row.productKey) yield* flush();
      if (finishedProducts.has(row.productKey)) {
        throw new Error(`the rows of product ${row.productKey} must stand together`);
      }
      if (group[0] && (group[0].vatCode !== row.vatCode || group[0].unit !== row.unit)) {
        throw new Error(`variants of ${row.productKey} must share VAT and unit`);
      }
      group.push(row);
      seenSkus.add(sku.toLowerCase());
      for (const b of barcodes) seenBarcodes.add(b);
    } catch (error) {
      yield { kind: 'rejected', line, sku, message: error instanceof Error ? error.message : String(error) };
    }
  }
  yield* flush();
}

export const catalogueCsvHeader = ['sku', 'prodotto', 'nome', 'prezzo', 'iva', 'unita', 'categoria', 'barcode'] as const;
