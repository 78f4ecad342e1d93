/**
 * @module
 * Rows written in a column map's layout: the example file head office offers for each preset, and
 * the inverse the reader is tested against (reading a rendering gives the rows back). Fixed-width
 * fields are padded to their width; a value longer than its width is cut, as an ERP would.
 */
import { csvField } from '../catalogue/csv';
import type { ErpColumnMap, ErpImportField, ErpImportKind } from './import-formats';
import { ERP_IMPORT_FIELDS } from './import-formats';
import type { ErpImportRow } from './import-reading';

const unitCodes = { piece: 'PZ', kg: 'KG', m: 'MT' } as const;

function amount(cents: number, decimal: ',' | '.'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${decimal}${String(abs % 100).padStart(2, '0')}`;
}

function valuesOf(row: ErpImportRow, decimal: ',' | '.'): Partial<Record<ErpImportField, string>> {
  if (row.kind === 'items') {
    return {
      code: row.code,
      description: row.description,
      vat: row.vatCode,
      category: row.category ?? '',
      unit: unitCodes[row.unit],
      price: amount(row.priceCents, decimal),
    };
  }
  if (row.kind === 'barcodes') return { code: row.code, barcode: row.barcode, move: row.move ? '1' : '' };
  return { list: row.list, code: row.code, price: amount(row.priceCents, decimal), validFrom: row.validFrom ?? '' };
}

const xmlEscape = (value: string) => value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

/** The rows as a file in `map`'s layout, CRLF line ends (what Windows ERPs write). */
export function renderErpImportFile(kind: ErpImportKind, map: ErpColumnMap, rows: readonly ErpImportRow[]): string {
  const fields = ERP_IMPORT_FIELDS[kind].filter((field: ErpImportField) => map.columns[field] !== undefined);
  if (map.layout === 'xml') {
    const body = rows.map((row) => {
      const values = valuesOf(row, map.decimal);
      return `  <${map.record}>${fields.map((f) => `<${map.columns[f]!}>${xmlEscape(values[f] ?? '')}</${map.columns[f]!}>`).join('')}</${map.record}>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\r\n<Rows>\r\n${body.join('\r\n')}\r\n</Rows>\r\n`;
  }
  if (map.layout === 'fixed') {
    const width = Math.max(...fields.map((f) => map.columns[f]!.start + map.columns[f]!.length - 1));
    return rows
      .map((row) => {
        const values = valuesOf(row, map.decimal);
        const line = Array.from({ length: width }, () => ' ');
        for (const f of fields) {
          const slot = map.columns[f]!;
          const value = (values[f] ?? '').slice(0, slot.length).padEnd(slot.length, ' ');
          for (let i = 0; i < slot.length; i++) line[slot.start - 1 + i] = value[i]!;
        }
        return `${line.join('')}\r\n`;
      })
      .join('');
  }
  const width = Math.max(...fields.map((f) => (typeof map.columns[f] === 'number' ? (map.columns[f] as number) : 0)), fields.length);
  const order: (ErpImportField | null)[] = Array.from({ length: width }, () => null);
  const named = fields.filter((f) => typeof map.columns[f] === 'string');
  for (const f of fields) if (typeof map.columns[f] === 'number') order[(map.columns[f] as number) - 1] = f;
  for (const f of named) order[order.indexOf(null) >= 0 ? order.indexOf(null) : order.push(null) - 1] = f;
  const lines: string[] = [];
  if (map.header) lines.push(order.map((f, i) => csvField(f ? (typeof map.columns[f] === 'string' ? (map.columns[f] as string) : f) : `col${i + 1}`, map.delimiter)).join(map.delimiter));
  for (const row of rows) {
    const values = valuesOf(row, map.decimal);
    lines.push(order.map((f) => csvField(f ? (values[f] ?? '') : '', map.delimiter)).join(map.delimiter));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
