import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv } from './csv';

export interface TableColumn<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

export interface Column<Row> extends TableColumn<Row> {
  /** What goes in the CSV (raw numbers, not formatted money). */
  readonly csv: (row: Row) => string | number;
}

/**
 * The bare table: a header per column and a row per item (`rowKey` tells them apart, by position
 * unless given). With no items it shows one row saying `empty` when that is given, else no row.
 */
export function Table<Row>({ columns, rows, rowKey = (_row, i) => i, empty }: { columns: readonly TableColumn<Row>[]; rows: readonly Row[]; rowKey?: (row: Row, index: number) => string | number; empty?: ReactNode }) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'num' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** A captioned table with its CSV export button. */
export function DataTable<Row>({ title, file, columns, rows, empty }: { title: string; file: string; columns: readonly Column<Row>[]; rows: readonly Row[]; empty?: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-label={title}>
      <div className="card-head">
        <h2>{title}</h2>
        <button
          type="button"
          className="secondary"
          aria-label={t('dash.export', { table: title })}
          onClick={() => downloadCsv(`${file}.csv`, columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.csv(r))))}
        >
          CSV
        </button>
      </div>
      <div className="scroll">
        <Table columns={columns} rows={rows} empty={empty ?? t('dash.empty')} />
      </div>
    </section>
  );
}
