/**
 * @module
 * What head office reads from an ERP (issue 19, item 4): three kinds of file — items, barcodes,
 * price lists — each read through a column map (which column means what, delimited, fixed-width or
 * XML, decimal comma or point, encoding), with ready presets for Zucchetti's Ad Hoc Revolution and
 * Microarea/Zucchetti's Mago, and a generic map the user fills in.
 *
 * Sources (docs/reference channels-erp.md §4): Ad Hoc Revolution's "Import Dati" module reads ASCII
 * files through configurable *tracciati* with *trascodifiche* (manual "Import dati Release 7.0",
 * docplayer.it/337159) — so an Ad Hoc file has whatever layout its tracciato says, and the presets
 * below are the tracciati we suggest the accountant sets up, not a fixed Zucchetti format. Every
 * exact layout here (column order, widths, Mago's element names) is **[U]**: checked against no real
 * export, only against the documentation's description. The generic map covers the difference.
 */
import { z } from 'zod';

export const ERP_IMPORT_KINDS = ['items', 'barcodes', 'price-list'] as const;
export type ErpImportKind = (typeof ERP_IMPORT_KINDS)[number];

/** The fields each kind reads; the first ones of each list are required. */
export const ERP_IMPORT_FIELDS = {
  items: ['code', 'description', 'vat', 'price', 'category', 'unit'],
  barcodes: ['code', 'barcode', 'move'],
  'price-list': ['list', 'code', 'price', 'validFrom'],
} as const satisfies Record<ErpImportKind, readonly string[]>;

export type ErpImportField = (typeof ERP_IMPORT_FIELDS)[ErpImportKind][number];

export const ERP_REQUIRED_FIELDS: Readonly<Record<ErpImportKind, readonly ErpImportField[]>> = {
  items: ['code', 'description', 'vat', 'price'],
  barcodes: ['code', 'barcode'],
  'price-list': ['list', 'code', 'price'],
};

const fieldName = z.enum(['code', 'description', 'vat', 'price', 'category', 'unit', 'barcode', 'move', 'list', 'validFrom']);

/** `auto`: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252. */
export const erpEncodingSchema = z.enum(['auto', 'utf-8', 'windows-1252']);
export type ErpEncoding = z.output<typeof erpEncodingSchema>;

const common = {
  /** `,`: "1.234,56" (Italian); `.`: "1,234.56". */
  decimal: z.enum([',', '.']),
  encoding: erpEncodingSchema,
};

/** A column by its header's name (any case) or by its 1-based position. */
const columnRef = z.union([z.string().min(1).max(80), z.number().int().min(1).max(500)]);

export const erpColumnMapSchema = z.discriminatedUnion('layout', [
  z.object({
    layout: z.literal('delimited'),
    delimiter: z.enum([';', ',', '\t']),
    /** With a header, columns may be named; without, they are positions. */
    header: z.boolean(),
    columns: z.partialRecord(fieldName, columnRef),
    ...common,
  }),
  z.object({
    layout: z.literal('fixed'),
    /** 1-based start and width in characters, as a tracciato record lists them. */
    columns: z.partialRecord(fieldName, z.object({ start: z.number().int().min(1).max(10_000), length: z.number().int().min(1).max(1000) })),
    ...common,
  }),
  z.object({
    layout: z.literal('xml'),
    /** The element that holds one row; its children (by name) hold the fields. */
    record: z.string().regex(/^[A-Za-z_][\w.-]*$/).max(80),
    columns: z.partialRecord(fieldName, z.string().regex(/^[A-Za-z_][\w.-]*$/).max(80)),
    ...common,
  }),
]);
export type ErpColumnMap = z.output<typeof erpColumnMapSchema>;

export const ERP_IMPORT_PRESET_IDS = [
  'adhoc-articoli',
  'adhoc-codici-ricerca',
  'adhoc-listini',
  'mago-items',
  'mago-barcodes',
  'mago-price-list',
] as const;
export type ErpImportPresetId = (typeof ERP_IMPORT_PRESET_IDS)[number];

export interface ErpImportPreset {
  readonly id: ErpImportPresetId;
  readonly erp: 'adhoc' | 'mago';
  readonly kind: ErpImportKind;
  readonly map: ErpColumnMap;
}

/**
 * The presets. Ad Hoc: ASCII as Import Dati writes and reads it (Windows-1252; fixed-width
 * articoli, `;`-separated codici di ricerca and listini without a header), field names of its
 * tables ARCODART, ARDESART, ARCODIVA, ARGRUMER, ARUNMIS1; CACODICE, CACODART; LICODLIS, LICODART,
 * LIDATATT, LIPREZZO — [U]. Mago: CSV with a header named as its tables' columns (MA_Items: Item,
 * Description, TaxCode, CommodityCtg, BaseUoM, BasePrice; MA_ItemsBarCode: Item, BarCode) and the
 * price list as XML rows of MA_ItemsPriceLists — [U]; Mago4's own import formats need the partner
 * SDK (channels-erp.md §4).
 */
export const ERP_IMPORT_PRESETS: Readonly<Record<ErpImportPresetId, ErpImportPreset>> = {
  'adhoc-articoli': {
    id: 'adhoc-articoli',
    erp: 'adhoc',
    kind: 'items',
    map: {
      layout: 'fixed',
      // ARCODART 20, ARDESART 40, ARCODIVA 5, ARGRUMER 5, ARUNMIS1 3, price 15 with a decimal comma. [U]
      columns: {
        code: { start: 1, length: 20 },
        description: { start: 21, length: 40 },
        vat: { start: 61, length: 5 },
        category: { start: 66, length: 5 },
        unit: { start: 71, length: 3 },
        price: { start: 74, length: 15 },
      },
      decimal: ',',
      encoding: 'windows-1252',
    },
  },
  'adhoc-codici-ricerca': {
    id: 'adhoc-codici-ricerca',
    erp: 'adhoc',
    kind: 'barcodes',
    // CACODICE;CACODART: the search code first, then the article it points to. [U]
    map: { layout: 'delimited', delimiter: ';', header: false, columns: { barcode: 1, code: 2 }, decimal: ',', encoding: 'windows-1252' },
  },
  'adhoc-listini': {
    id: 'adhoc-listini',
    erp: 'adhoc',
    kind: 'price-list',
    // LICODLIS;LICODART;LIDATATT;LIPREZZO. [U]
    map: {
      layout: 'delimited',
      delimiter: ';',
      header: false,
      columns: { list: 1, code: 2, validFrom: 3, price: 4 },
      decimal: ',',
      encoding: 'windows-1252',
    },
  },
  'mago-items': {
    id: 'mago-items',
    erp: 'mago',
    kind: 'items',
    map: {
      layout: 'delimited',
      delimiter: ';',
      header: true,
      columns: { code: 'Item', description: 'Description', vat: 'TaxCode', category: 'CommodityCtg', unit: 'BaseUoM', price: 'BasePrice' },
      decimal: ',',
      encoding: 'auto',
    },
  },
  'mago-barcodes': {
    id: 'mago-barcodes',
    erp: 'mago',
    kind: 'barcodes',
    map: { layout: 'delimited', delimiter: ';', header: true, columns: { code: 'Item', barcode: 'BarCode' }, decimal: ',', encoding: 'auto' },
  },
  'mago-price-list': {
    id: 'mago-price-list',
    erp: 'mago',
    kind: 'price-list',
    map: {
      layout: 'xml',
      record: 'MA_ItemsPriceLists',
      columns: { list: 'PriceList', code: 'Item', price: 'Price', validFrom: 'ValidityStartingDate' },
      decimal: '.',
      encoding: 'auto',
    },
  },
};

/** A file's format: a preset by id, or the user's own map for a kind. */
export const erpImportFormatSchema = z.union([
  z.object({ preset: z.enum(ERP_IMPORT_PRESET_IDS) }),
  z.object({ kind: z.enum(ERP_IMPORT_KINDS), map: erpColumnMapSchema }),
]);
export type ErpImportFormat = z.output<typeof erpImportFormatSchema>;

export function resolveErpImportFormat(format: ErpImportFormat): { kind: ErpImportKind; map: ErpColumnMap } {
  if ('preset' in format) {
    const preset = ERP_IMPORT_PRESETS[format.preset];
    return { kind: preset.kind, map: preset.map };
  }
  return format;
}

export * from './import-reasons';
export * from './import-values';
export * from './import-records';
export * from './import-reading';
export * from './import-rendering';
