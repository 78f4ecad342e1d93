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
        fields.push(field);
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
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        fields.push(field);
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

/** Quotes a field when it holds the delimiter, a quote or a line break. */
export function csvField(value: string, delimiter: CsvDelimiter): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

export function csvLine(values: readonly string[], delimiter: CsvDelimiter): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter);
}
