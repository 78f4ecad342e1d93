/**
 * @module
 * An ERP file's bytes into records of named fields, whatever its layout: delimited (the catalogue
 * import's CSV reader, with Excel's habits: `;`, quotes, `="0123"`, trailing empty columns),
 * fixed-width (a tracciato's start and width per field) or XML (one element per row, one child per
 * field). A record keeps its line number for the report; a problem with the whole file is one note.
 */
import { parseCsv } from '../catalogue/csv';
import type { CsvDelimiter } from '../catalogue/csv';
import { windows1252UpperHalf } from '../catalogue/receipt-charset';
import { decodeTextFile } from '../catalogue/text-encoding';
import type { ErpColumnMap, ErpEncoding, ErpImportField, ErpImportKind } from './import-formats';
import { ERP_IMPORT_FIELDS, ERP_REQUIRED_FIELDS } from './import-formats';
import type { ErpImportNote } from './import-reasons';
import { erpImportNote } from './import-reasons';
import { withoutExcelGuard } from './import-values';

export interface ErpRecord {
  readonly line: number;
  readonly fields: Partial<Record<ErpImportField, string>>;
  /** False when the row has values past the header's last column (a stray separator shifted it). */
  readonly fits: boolean;
  readonly found: number;
  readonly expected: number;
}

export type ErpRecords = { readonly ok: true; readonly records: ErpRecord[] } | { readonly ok: false; readonly note: ErpImportNote };

/** Bytes into text in the map's encoding; `auto` is the catalogue import's rule (UTF-8 or Windows-1252). */
export function decodeErpFile(bytes: Uint8Array, encoding: ErpEncoding): { ok: true; text: string } | { ok: false; note: ErpImportNote } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === 'windows-1252' && !hasBom) {
    let text = '';
    for (const b of bytes) {
      const char = b < 0x80 ? String.fromCharCode(b) : windows1252UpperHalf.charAt(b - 0x80);
      if (char === '\uFFFD' || b === 0) return { ok: false, note: erpImportNote(1, '', 'file-encoding', { why: `byte 0x${b.toString(16)}` }) };
      text += char;
    }
    return { ok: true, text };
  }
  const decoded = decodeTextFile(bytes);
  if (!decoded.ok) return { ok: false, note: erpImportNote(1, '', 'file-encoding', { why: decoded.message }) };
  if (encoding === 'utf-8' && decoded.encoding !== 'utf-8') {
    return { ok: false, note: erpImportNote(1, '', 'file-encoding', { why: `read as ${decoded.encoding}, expected UTF-8` }) };
  }
  return { ok: true, text: decoded.text };
}

function fieldsOf(kind: ErpImportKind): readonly ErpImportField[] {
  return ERP_IMPORT_FIELDS[kind];
}

function missingMapField(kind: ErpImportKind, map: ErpColumnMap): ErpImportNote | null {
  const missing = ERP_REQUIRED_FIELDS[kind].find((field) => map.columns[field] === undefined);
  return missing ? erpImportNote(1, '', 'erp-map-missing-field', { field: missing }) : null;
}

function readDelimited(text: string, kind: ErpImportKind, map: Extract<ErpColumnMap, { layout: 'delimited' }>): ErpRecords {
  const rows: { line: number; fields: string[] }[] = [];
  try {
    for (const row of parseCsv(text, map.delimiter as CsvDelimiter)) rows.push(row);
  } catch (error) {
    const line = Number(/Line (\d+)/.exec(String(error))?.[1] ?? 1);
    return { ok: false, note: erpImportNote(line, '', 'file-unclosed-quote') };
  }
  let header: string[] | null = null;
  if (map.header) {
    const first = rows.shift();
    if (!first) return { ok: false, note: erpImportNote(1, '', 'erp-file-empty') };
    header = first.fields.map((name) => withoutExcelGuard(name).toLowerCase());
  }
  const positions = new Map<ErpImportField, number>();
  for (const field of fieldsOf(kind)) {
    const ref = map.columns[field];
    if (ref === undefined) continue;
    if (typeof ref === 'number') positions.set(field, ref - 1);
    else {
      const at = header?.indexOf(ref.trim().toLowerCase()) ?? -1;
      if (at < 0) return { ok: false, note: erpImportNote(1, '', 'erp-header-missing-column', { column: ref, field }) };
      positions.set(field, at);
    }
  }
  // Trailing empty columns (Excel pads rows to the widest) are harmless; a value past the header is a shifted row.
  // Excel's header padding (`;;` after the last name) does not widen the row: a value there is a shift.
  const width = header ? header.findLastIndex((name) => name.trim() !== '') + 1 : Math.max(...positions.values()) + 1;
  const records = rows.map(({ line, fields }): ErpRecord => {
    const values: Partial<Record<ErpImportField, string>> = {};
    for (const [field, at] of positions) values[field] = withoutExcelGuard(fields[at] ?? '');
    const fits = !header || fields.slice(width).every((extra) => extra.trim() === '');
    return { line, fields: values, fits, found: fields.length, expected: width };
  });
  return { ok: true, records };
}

function readFixed(text: string, kind: ErpImportKind, map: Extract<ErpColumnMap, { layout: 'fixed' }>): ErpRecords {
  const records: ErpRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((content, index) => {
    if (content.trim() === '') return;
    const values: Partial<Record<ErpImportField, string>> = {};
    for (const field of fieldsOf(kind)) {
      const slot = map.columns[field];
      if (slot) values[field] = withoutExcelGuard(content.slice(slot.start - 1, slot.start - 1 + slot.length));
    }
    records.push({ line: index + 1, fields: values, fits: true, found: content.length, expected: content.length });
  });
  return { ok: true, records };
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(raw: string): string | null {
  let out = '';
  const parts = raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/);
  for (const part of parts) {
    if (part.startsWith('<![CDATA[')) {
      out += part.slice(9, -3);
      continue;
    }
    if (part.includes('<')) return null;
    let bad = false;
    out += part.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_whole, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (code > 0x10ffff) bad = true;
        return bad ? '' : String.fromCodePoint(code);
      }
      const value = entities[name];
      if (value === undefined) bad = true;
      return value ?? '';
    });
    if (bad) return null;
  }
  return out;
}

const escapeRegExp = (name: string) => name.replace(/[.-]/g, (c) => `\\${c}`);

/**
 * Flat records only: `<Record><Field>value</Field>…</Record>`, with an optional namespace prefix,
 * entities and CDATA. That is what an ERP's table export looks like; nested structure is not read.
 * One pass: each record's end is searched from its start, and an attribute list is bounded, so a
 * file of unclosed tags costs linear time, not quadratic.
 */
function readXml(text: string, kind: ErpImportKind, map: Extract<ErpColumnMap, { layout: 'xml' }>): ErpRecords {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trimStart().startsWith('<')) return { ok: false, note: erpImportNote(1, '', 'erp-xml-invalid', { why: 'it does not start with <' }) };
  const name = escapeRegExp(map.record);
  const open = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^<>]{0,2000})?(/?)>`, 'g');
  const close = new RegExp(`</(?:[\\w-]+:)?${name}\\s*>`, 'g');
  const records: ErpRecord[] = [];
  let line = 1;
  let scanned = 0;
  for (let match = open.exec(source); match !== null; match = open.exec(source)) {
    for (let i = source.indexOf('\n', scanned); i !== -1 && i < match.index; i = source.indexOf('\n', i + 1)) line++;
    scanned = match.index;
    let body = '';
    if (match[1] !== '/') {
      close.lastIndex = open.lastIndex;
      const end = close.exec(source);
      if (!end) return { ok: false, note: erpImportNote(line, '', 'erp-xml-invalid', { why: `element ${map.record} is never closed` }) };
      body = source.slice(open.lastIndex, end.index);
      open.lastIndex = close.lastIndex;
    }
    const values: Partial<Record<ErpImportField, string>> = {};
    for (const field of fieldsOf(kind)) {
      const child = map.columns[field];
      if (!child) continue;
      const found = new RegExp(`<(?:[\\w-]+:)?${escapeRegExp(child)}(?:\\s[^<>]{0,2000})?(?:/>|>([\\s\\S]*?)</(?:[\\w-]+:)?${escapeRegExp(child)}\\s*>)`).exec(body);
      const value = found ? xmlText(found[1] ?? '') : '';
      if (value === null) return { ok: false, note: erpImportNote(line, '', 'erp-xml-invalid', { why: `element ${child} holds markup or an unknown entity` }) };
      values[field] = withoutExcelGuard(value);
    }
    records.push({ line, fields: values, fits: true, found: 0, expected: 0 });
  }
  return { ok: true, records };
}

/** The file's records, or the one reason the whole file cannot be read. */
export function readErpRecords(text: string, kind: ErpImportKind, map: ErpColumnMap): ErpRecords {
  const missing = missingMapField(kind, map);
  if (missing) return { ok: false, note: missing };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    return { ok: false, note: erpImportNote(line, '', 'file-encoding', { why: `U+FFFD on line ${line}` }) };
  }
  const read = map.layout === 'delimited' ? readDelimited(text, kind, map) : map.layout === 'fixed' ? readFixed(text, kind, map) : readXml(text, kind, map);
  if (read.ok && read.records.length === 0) return { ok: false, note: erpImportNote(1, '', 'erp-file-empty') };
  return read;
}
