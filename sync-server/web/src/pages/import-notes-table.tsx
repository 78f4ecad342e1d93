/**
 * @module
 * The rows an import refused or warned about: line, code and the reason already worded in the
 * page's language. Shared by the catalogue CSV import and the ERP imports. Nothing when there are
 * none; the caption only where one is given.
 */

export interface ImportNoteRow {
  readonly line: number;
  readonly code: string;
  readonly text: string;
}

export function ImportNotesTable({ caption, headers, rows }: { caption?: string; headers: readonly [string, string, string]; rows: readonly ImportNoteRow[] }) {
  if (rows.length === 0) return null;
  return (
    <table>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={`${row.line}-${i}`}>
            <td>{row.line}</td>
            <td>{row.code}</td>
            <td>{row.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
