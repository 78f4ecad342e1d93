/**
 * @module
 * ERP export profiles (issue 19): which dataset head office exports for the accountant's ERP, in
 * which file format (CSV, fixed-width ASCII, XML), through which column map (field, header or tag,
 * width, alignment, padding, date and amount format, constants, code mappings — Ad Hoc calls them
 * *trascodifiche*), and the presets for Ad Hoc Revolution and Mago. Pure: the server and the web
 * app share it, and rendering is a pure function of rows, so the same day exported twice gives the
 * same bytes (stable order, nothing of "now" inside the file).
 *
 * Sources: Ad Hoc Revolution's "Import Dati" module reads ASCII files through configurable
 * *tracciati*, with default values and *trascodifiche* (manual "Import dati Release 7.0",
 * docplayer.it/337159). The exact record layouts of both presets are [U] (unverified, no vendor
 * tracciato was available): every column of a preset is a starting point the user adjusts.
 */
import { z } from 'zod';
import { text } from '../records/limits';

export const EXPORT_DATASETS = ['corrispettivi', 'documents', 'payments', 'stock-movements'] as const;
export const exportDatasetSchema = z.enum(EXPORT_DATASETS);
export type ExportDataset = z.output<typeof exportDatasetSchema>;

export const EXPORT_FORMATS = ['csv', 'fixed-width', 'xml'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.output<typeof exportFormatSchema>;

/** How a field's value is written: text as is, cents and thousandths as amounts, a day as a date. */
export type ExportFieldType = 'text' | 'integer' | 'cents' | 'milli' | 'date';

/**
 * The fields of each dataset, one row each:
 * - `corrispettivi`: one row per store, register, business day and VAT code (the register's Z), the
 *   day's payments repeated on each of its rows (a tracciato has one record type per file).
 * - `documents`: one row per line of each receipt (sales, returns, voids).
 * - `payments`: one row per payment of each receipt, net of change for cash.
 * - `stock-movements`: one row per stock movement (sales, returns, receipts, transfers, counts),
 *   filed on its business day in its store's zone.
 */
export const EXPORT_FIELDS = {
  corrispettivi: {
    businessDay: 'date',
    storeId: 'text',
    registerId: 'text',
    deviceSerial: 'text',
    zNumber: 'integer',
    vatCode: 'text',
    vatRate: 'integer',
    salesGrossCents: 'cents',
    salesNetCents: 'cents',
    salesVatCents: 'cents',
    returnsGrossCents: 'cents',
    voidsGrossCents: 'cents',
    netGrossCents: 'cents',
    netNetCents: 'cents',
    netVatCents: 'cents',
    cashCents: 'cents',
    electronicCents: 'cents',
    otherCents: 'cents',
    documents: 'integer',
  },
  documents: {
    businessDay: 'date',
    storeId: 'text',
    registerId: 'text',
    saleId: 'text',
    kind: 'text',
    documentNumber: 'text',
    completedAt: 'text',
    lineNumber: 'integer',
    sku: 'text',
    description: 'text',
    vatCode: 'text',
    quantityMilli: 'milli',
    unitPriceCents: 'cents',
    discountCents: 'cents',
    totalCents: 'cents',
  },
  payments: {
    businessDay: 'date',
    storeId: 'text',
    registerId: 'text',
    saleId: 'text',
    kind: 'text',
    method: 'text',
    paymentKind: 'text',
    amountCents: 'cents',
  },
  'stock-movements': {
    businessDay: 'date',
    storeId: 'text',
    registerId: 'text',
    movementId: 'text',
    at: 'text',
    variantId: 'text',
    reason: 'text',
    referenceId: 'text',
    quantityMilli: 'milli',
  },
} as const satisfies Record<ExportDataset, Record<string, ExportFieldType>>;

/** One row of a dataset: its fields' values (cents and thousandths as integers, days as `YYYY-MM-DD`). */
export type ExportRow = Readonly<Record<string, string | number | null>>;

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'YYYYMMDD', 'DDMMYYYY'] as const;

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/);

export const exportColumnSchema = z
  .object({
    /** The dataset field written here; absent when the column is a constant. */
    field: fieldName.optional(),
    /** A value written on every row (a causale, a company code), instead of a field. */
    constant: text().max(200).optional(),
    /** The CSV header, the XML element name, the label of a fixed-width column. */
    header: text().min(1).max(64),
    /** Fixed-width: the column's width in characters. */
    width: z.number().int().min(1).max(255).optional(),
    /** Fixed-width: left for text, right for numbers by default. */
    align: z.enum(['left', 'right']).optional(),
    /** Fixed-width: the padding character; zeros only for right-aligned numbers. */
    pad: z.enum([' ', '0']).optional(),
    /** Amounts: `decimal` writes 12,34 (or 12.34); `implied` writes 1234, the decimals implied (fixed-width tracciati). */
    amount: z.enum(['decimal', 'implied']).optional(),
    /** Amounts: digits after the decimal point (cents: 2, thousandths: 3 by default). */
    decimals: z.number().int().min(0).max(3).optional(),
    /** Amounts: written without sign, as the ERP's tracciato wants for a column of returns. */
    absolute: z.boolean().optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    /** Trascodifiche: a value of ours → the ERP's (e.g. VAT code 22 → the ERP's IVA code "22O"). */
    map: z.record(text().max(64), text().max(64)).optional(),
  })
  .refine((c) => (c.field === undefined) !== (c.constant === undefined), { message: 'A column has either a field or a constant' });
export type ExportColumn = z.output<typeof exportColumnSchema>;

const xmlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'An XML element name: letters, digits, _ . -, starting with a letter');

export const exportLayoutSchema = z.object({
  dataset: exportDatasetSchema,
  format: exportFormatSchema,
  columns: z.array(exportColumnSchema).min(1).max(60),
  /** CSV: the separator; Italian ERPs read `;` with a decimal comma. */
  separator: z.enum([';', ',', '\t', '|']).default(';'),
  /** Amounts with a comma (12,34) rather than a point. */
  decimalComma: z.boolean().default(true),
  /** CSV: a first line of headers. */
  headerRow: z.boolean().default(true),
  /** Line ends: CRLF for Windows ERPs, LF otherwise. */
  lineEnd: z.enum(['crlf', 'lf']).default('crlf'),
  /** XML: the root element and each row's element. */
  xmlRoot: xmlName.default('Export'),
  xmlRecord: xmlName.default('Record'),
});
export type ExportLayout = z.output<typeof exportLayoutSchema>;
export type ExportLayoutInput = z.input<typeof exportLayoutSchema>;

export type LayoutProblem =
  | { readonly reason: 'erp-export-unknown-field'; readonly column: string; readonly field: string }
  | { readonly reason: 'erp-export-width-missing'; readonly column: string }
  | { readonly reason: 'erp-export-xml-name'; readonly column: string };

/** What a layout's zod schema cannot see: each field belongs to the dataset, fixed-width columns have widths, XML tags are names. */
export function layoutProblems(layout: ExportLayout): LayoutProblem[] {
  const fields: Record<string, ExportFieldType> = EXPORT_FIELDS[layout.dataset];
  const problems: LayoutProblem[] = [];
  for (const column of layout.columns) {
    if (column.field !== undefined && !Object.hasOwn(fields, column.field)) problems.push({ reason: 'erp-export-unknown-field', column: column.header, field: column.field });
    if (layout.format === 'fixed-width' && column.width === undefined) problems.push({ reason: 'erp-export-width-missing', column: column.header });
    if (layout.format === 'xml' && !xmlName.safeParse(column.header).success) problems.push({ reason: 'erp-export-xml-name', column: column.header });
  }
  return problems;
}

/** Why a value cannot be written: refused with a worded error rather than written wrong. */
export type RenderProblem =
  | { readonly reason: 'erp-export-control-character'; readonly row: number; readonly column: string }
  | { readonly reason: 'erp-export-value-too-wide'; readonly row: number; readonly column: string; readonly width: number };

export class ExportRenderError extends Error {
  constructor(readonly problem: RenderProblem) {
    super(`${problem.reason} at row ${problem.row}, column ${problem.column}`);
  }
}

const pad2 = (n: string) => n.padStart(2, '0');

function formatDate(day: string, format: (typeof DATE_FORMATS)[number]): string {
  const [y = '', m = '', d = ''] = day.slice(0, 10).split('-');
  switch (format) {
    case 'YYYY-MM-DD':
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'YYYYMMDD':
      return `${y}${m}${d}`;
    case 'DDMMYYYY':
      return `${d}${m}${y}`;
  }
}

/** An integer amount of `scale` decimals written with `decimals` digits (rounded half away from zero when fewer). */
function formatAmount(value: number, scale: number, column: ExportColumn, comma: boolean): string {
  const decimals = column.decimals ?? scale;
  let units = BigInt(Math.trunc(value));
  if (column.absolute && units < 0n) units = -units;
  const negative = units < 0n;
  let magnitude = negative ? -units : units;
  if (decimals < scale) {
    const divisor = 10n ** BigInt(scale - decimals);
    magnitude = (magnitude * 2n + divisor) / (divisor * 2n);
  } else magnitude *= 10n ** BigInt(decimals - scale);
  const digits = magnitude.toString().padStart(decimals + 1, '0');
  const body = column.amount === 'implied' || decimals === 0 ? digits : `${digits.slice(0, -decimals)}${comma ? ',' : '.'}${digits.slice(-decimals)}`;
  return negative && magnitude !== 0n ? `-${body}` : body;
}

// Control characters other than tab, CR and LF: no ERP file carries them, and XML 1.0 cannot.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** One cell's text, before the format's quoting or padding. */
function cellText(row: ExportRow, column: ExportColumn, layout: ExportLayout, index: number): string {
  const fields: Record<string, ExportFieldType> = EXPORT_FIELDS[layout.dataset];
  let value: string;
  if (column.constant !== undefined) value = column.constant;
  else {
    const raw = row[column.field ?? ''];
    const type = fields[column.field ?? ''] ?? 'text';
    if (raw === null || raw === undefined) value = '';
    else if (type === 'cents' && typeof raw === 'number') value = formatAmount(raw, 2, column, layout.decimalComma);
    else if (type === 'milli' && typeof raw === 'number') value = formatAmount(raw, 3, column, layout.decimalComma);
    else if (type === 'date') value = formatDate(String(raw), column.dateFormat ?? 'YYYY-MM-DD');
    else value = String(raw);
    if (column.map && Object.hasOwn(column.map, value)) value = column.map[value] ?? value;
  }
  if (CONTROL.test(value)) throw new ExportRenderError({ reason: 'erp-export-control-character', row: index + 1, column: column.header });
  return value;
}

function isNumeric(layout: ExportLayout, column: ExportColumn): boolean {
  const type: ExportFieldType | undefined = column.field === undefined ? undefined : (EXPORT_FIELDS[layout.dataset] as Record<string, ExportFieldType>)[column.field];
  return type === 'cents' || type === 'milli' || type === 'integer';
}

function csvCell(value: string, separator: string): string {
  // Quoted (quotes doubled, RFC 4180) when it holds the separator, a quote or a line break.
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** ASCII for a fixed-width tracciato: accents dropped (è → e), line breaks as spaces, anything else outside ASCII as `?`. */
export function asciiOf(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\r\n\t]/g, ' ')
    .replace(/[^\u0020-\u007e]/g, '?');
}

function fixedCell(value: string, column: ExportColumn, numeric: boolean, index: number): string {
  const width = column.width ?? 0;
  const ascii = asciiOf(value);
  if (ascii.length > width) {
    // Text is cut to its column, as tracciati do; a number cut would be a wrong number.
    if (numeric) throw new ExportRenderError({ reason: 'erp-export-value-too-wide', row: index + 1, column: column.header, width });
    return ascii.slice(0, width);
  }
  const align = column.align ?? (numeric ? 'right' : 'left');
  const pad = column.pad ?? ' ';
  if (align === 'left') return ascii.padEnd(width, pad);
  // Zeros go after the sign: -0001234, not 000-1234.
  if (pad === '0' && ascii.startsWith('-')) return `-${ascii.slice(1).padStart(width - 1, '0')}`;
  return ascii.padStart(width, pad);
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;');
}

/**
 * The file's text for these rows, a pure function of them: the caller gives the rows in a stable
 * order. Throws {@link ExportRenderError} for a value that cannot be written faithfully.
 */
export function renderExport(layout: ExportLayout, rows: readonly ExportRow[]): string {
  const eol = layout.lineEnd === 'crlf' ? '\r\n' : '\n';
  const cells = rows.map((row, index) => layout.columns.map((column) => cellText(row, column, layout, index)));
  switch (layout.format) {
    case 'csv': {
      const lines = cells.map((line) => line.map((v) => csvCell(v, layout.separator)).join(layout.separator));
      if (layout.headerRow) lines.unshift(layout.columns.map((c) => csvCell(c.header, layout.separator)).join(layout.separator));
      return lines.map((line) => line + eol).join('');
    }
    case 'fixed-width':
      return cells.map((line, index) => line.map((v, i) => fixedCell(v, layout.columns[i]!, isNumeric(layout, layout.columns[i]!), index)).join('') + eol).join('');
    case 'xml': {
      const records = cells.map(
        (line) => `  <${layout.xmlRecord}>${eol}${line.map((v, i) => `    <${layout.columns[i]!.header}>${xmlText(v)}</${layout.columns[i]!.header}>${eol}`).join('')}  </${layout.xmlRecord}>${eol}`,
      );
      return `<?xml version="1.0" encoding="UTF-8"?>${eol}<${layout.xmlRoot}>${eol}${records.join('')}</${layout.xmlRoot}>${eol}`;
    }
  }
}

/** The file's extension and media type. */
export function exportFileType(format: ExportFormat): { readonly extension: string; readonly mediaType: string } {
  return format === 'csv' ? { extension: 'csv', mediaType: 'text/csv; charset=utf-8' } : format === 'xml' ? { extension: 'xml', mediaType: 'application/xml; charset=utf-8' } : { extension: 'txt', mediaType: 'text/plain; charset=us-ascii' };
}

export const EXPORT_PRESETS = ['adhoc-corrispettivi', 'adhoc-documents', 'mago-corrispettivi-csv', 'mago-documents-xml'] as const;
export type ExportPreset = (typeof EXPORT_PRESETS)[number];

const money = (field: string, header: string, width?: number): ExportColumn => ({ field, header, ...(width === undefined ? {} : { width, amount: 'implied' as const, pad: '0' as const }) });

/**
 * Starting layouts. [U] for every column: Ad Hoc Revolution's Import Dati takes a tracciato the user
 * defines (docplayer.it/337159), so the fixed-width columns here are a proposal to set up there
 * the same way; Mago's CSV/XML import is likewise [U] (Magic Link's schema needs the partner SDK).
 */
export const EXPORT_PRESET_LAYOUTS: Readonly<Record<ExportPreset, ExportLayoutInput>> = {
  'adhoc-corrispettivi': {
    dataset: 'corrispettivi',
    format: 'fixed-width',
    columns: [
      { constant: 'COR', header: 'TIPREC', width: 3 },
      { field: 'businessDay', header: 'DATREG', width: 8, dateFormat: 'DDMMYYYY' },
      { field: 'storeId', header: 'NEGOZIO', width: 10 },
      { field: 'deviceSerial', header: 'MATRICOLA', width: 11 },
      { field: 'zNumber', header: 'NUMZ', width: 4, pad: '0' },
      { field: 'vatCode', header: 'CODIVA', width: 5, map: { '22': '22', '10': '10', '5': '5', '4': '4' } },
      money('salesGrossCents', 'CORRISP', 13),
      money('returnsGrossCents', 'RESI', 13),
      money('voidsGrossCents', 'ANNULLI', 13),
      money('netNetCents', 'IMPONIB', 13),
      money('netVatCents', 'IMPOSTA', 13),
      money('cashCents', 'CONTANTI', 13),
      money('electronicCents', 'ELETTR', 13),
    ],
    lineEnd: 'crlf',
  },
  'adhoc-documents': {
    dataset: 'documents',
    format: 'fixed-width',
    columns: [
      { constant: 'DOC', header: 'TIPREC', width: 3 },
      { field: 'businessDay', header: 'DATDOC', width: 8, dateFormat: 'DDMMYYYY' },
      { field: 'documentNumber', header: 'NUMDOC', width: 9 },
      { field: 'kind', header: 'CAUSALE', width: 3, map: { sale: 'VEN', return: 'RES', 'post-void': 'ANN' } },
      { field: 'lineNumber', header: 'NUMRIG', width: 4, pad: '0' },
      { field: 'sku', header: 'CODART', width: 20 },
      { field: 'description', header: 'DESART', width: 40 },
      { field: 'quantityMilli', header: 'QTAMOV', width: 12, amount: 'implied', pad: '0' },
      money('unitPriceCents', 'PREZZO', 13),
      money('totalCents', 'VALRIG', 13),
      { field: 'vatCode', header: 'CODIVA', width: 5 },
    ],
    lineEnd: 'crlf',
  },
  'mago-corrispettivi-csv': {
    dataset: 'corrispettivi',
    format: 'csv',
    columns: [
      { field: 'businessDay', header: 'Data', dateFormat: 'DD/MM/YYYY' },
      { field: 'storeId', header: 'Negozio' },
      { field: 'deviceSerial', header: 'Matricola' },
      { field: 'zNumber', header: 'NumeroZ' },
      { field: 'vatCode', header: 'CodiceIva' },
      money('salesGrossCents', 'Corrispettivi'),
      money('returnsGrossCents', 'Resi'),
      money('voidsGrossCents', 'Annulli'),
      money('netNetCents', 'Imponibile'),
      money('netVatCents', 'Imposta'),
      money('cashCents', 'Contanti'),
      money('electronicCents', 'Elettronici'),
    ],
    separator: ';',
    decimalComma: true,
    headerRow: true,
    lineEnd: 'crlf',
  },
  'mago-documents-xml': {
    dataset: 'documents',
    format: 'xml',
    columns: [
      { field: 'businessDay', header: 'DocumentDate' },
      { field: 'documentNumber', header: 'DocNo' },
      { field: 'kind', header: 'DocumentType', map: { sale: 'RetailSale', return: 'RetailReturn', 'post-void': 'RetailVoid' } },
      { field: 'lineNumber', header: 'Line' },
      { field: 'sku', header: 'Item' },
      { field: 'description', header: 'Description' },
      { field: 'quantityMilli', header: 'Qty' },
      { field: 'unitPriceCents', header: 'UnitValue' },
      { field: 'totalCents', header: 'LineAmount' },
      { field: 'vatCode', header: 'TaxCode' },
    ],
    decimalComma: false,
    lineEnd: 'crlf',
    xmlRoot: 'RetailDocuments',
    xmlRecord: 'DocumentLine',
  },
};
