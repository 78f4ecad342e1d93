/**
 * @module
 * RFC 4180 CSV, as Italian spreadsheets write it: `;`, `,` or tab separated (detected from the header),
 * fields quoted with `"` and `""` inside, CRLF or LF line ends, an optional UTF-8 BOM.
 */

/** Tab: Excel's "Testo Unicode" (UTF-16 with a BOM) separates with tabs. */
export type CsvDelimiter = ';' | ',' | '\t';

/** The header line's most frequent separator outside quotes. */
export function detectDelimiter(text: string): CsvDelimiter {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let semicolons = 0;
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
  }
  if (tabs > semicolons && tabs > commas) return '\t';
  return semicolons >= commas && semicolons > 0 ? ';' : ',';
}

/**
 * Yields each record with its 1-based line number; blank lines are skipped. An unterminated
 * quote is an error naming the line it started on.
 */
export function* parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): Generator<{ line: number; fields: string[] }> {
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= src.length) {
        if (quoted) throw new Error(`Line ${startLine}: a quoted field is never closed`);
        fields.push(restoreCsvCell(field));
        break;
      }
      const ch = src[i]!;
      if (quoted) {
        if (ch === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        continue;
      }
      if (ch === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i++;
      } else if (ch === delimiter) {
        fields.push(restoreCsvCell(field));
        field = '';
        atFieldStart = true;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        fields.push(restoreCsvCell(field));
        i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += ch;
        atFieldStart = false;
        i++;
      }
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    yield { line: startLine, fields };
  }
}

/**
 * Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV injection"):
 * `=`, `+`, `-`, `@`, tab and carriage return. A `'` in front makes Excel and LibreOffice show the
 * cell as text. A leading `'` is itself escaped, so reading back strips exactly what was added.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
/** A plain negative number (`-12,50`, `-3`, `-1.234,5`) is no formula: kept readable and summable. */
const NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)*$/;

function needsFormulaGuard(value: string): boolean {
  return FORMULA_START.test(value) && !NEGATIVE_NUMBER.test(value);
}

/** The one rule for every CSV Cassa writes: a cell that could start a formula gets a `'` in front. */
export function neutraliseCsvCell(value: string): string {
  return needsFormulaGuard(value) ? `'${value}` : value;
}

/** The inverse of {@link neutraliseCsvCell}, applied by the reader: our own exports import unchanged. */
export function restoreCsvCell(value: string): string {
  return value.startsWith("'") && needsFormulaGuard(value.slice(1)) ? value.slice(1) : value;
}

/** Guards a formula-like field, then quotes it when it holds the delimiter, a quote or a line break. */
export function csvField(raw: string, delimiter: CsvDelimiter): string {
  const value = neutraliseCsvCell(raw);
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

export function csvLine(values: readonly string[], delimiter: CsvDelimiter): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter);
}
