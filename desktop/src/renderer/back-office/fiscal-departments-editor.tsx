/**
 * @module
 * The department (reparto) ↔ VAT table: each row says a department number as the fiscal device
 * holds it, its VAT rate (22/10/5/4 %) or nature (N1–N6) and a description. "Leggi dal
 * registratore" fills it from the device where the brand can say; the till checks the table again
 * when saved (number 1–99, once each). Reference ../shared/reference/fiscal-rt.md §4.
 */
import { useEffect, useState } from 'react';
import type { Department, VatCode } from '@cassa/shared';
import { VAT_CODES, VAT_NATURE_DESCRIPTIONS, isVatNature } from '@cassa/shared';
import { Feedback, useAction, useBackOffice } from './shared';

interface Row {
  readonly key: number;
  number: string;
  vatCode: VatCode;
  description: string;
}

let nextKey = 1;
const rowOf = (d: Department): Row => ({ key: nextKey++, number: String(d.department), vatCode: d.vatCode, description: d.description });

function vatLabel(code: VatCode, lang: string): string {
  return isVatNature(code) ? `${code} · ${VAT_NATURE_DESCRIPTIONS[code][lang === 'en' ? 'en' : 'it']}` : `${code}%`;
}

/** The rows as the till takes them, or the first row whose number is not 1–99. */
function tableOf(rows: readonly Row[]): { table: Department[] } | { badRow: number } {
  const table: Department[] = [];
  for (const [index, row] of rows.entries()) {
    const department = /^\d{1,2}$/.test(row.number.trim()) ? Number(row.number.trim()) : NaN;
    if (!(department >= 1 && department <= 99)) return { badRow: index };
    table.push({ department, vatCode: row.vatCode, description: row.description.trim() });
  }
  return { table };
}

export function FiscalDepartmentsEditor() {
  const { t, lang, client } = useBackOffice();
  const [rows, setRows] = useState<Row[]>([]);
  const { busy, error, notice, run, setError, setNotice } = useAction();

  useEffect(() => {
    void run(async () => setRows((await client.call('fiscal.departments', {})).departments.map(rowOf)));
  }, [client, run]);

  const update = (key: number, change: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const missing = VAT_CODES.filter((code) => !rows.some((r) => r.vatCode === code));

  function save() {
    const parsed = tableOf(rows);
    if ('badRow' in parsed) return setError(`${t('fiscal.badNumber')} (${parsed.badRow + 1})`);
    void run(
      () => client.call('fiscal.setDepartments', { departments: parsed.table }),
      (saved) => {
        setRows(saved.departments.map(rowOf));
        return t('fiscal.savedDepartments');
      },
    );
  }

  function readFromDevice() {
    void run(() => client.call('fiscal.readDepartments', {})).then((read) => {
      if (!read) return;
      if (read.departments === null) return setNotice(t('fiscal.readNull'));
      setRows(read.departments.map(rowOf));
      setNotice(t('fiscal.readDone', { n: read.departments.length }));
    });
  }

  return (
    <form
      className="bo-stack"
      aria-label={t('fiscal.departments')}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="row">
        <h4>{t('fiscal.departments')}</h4>
        <button type="button" disabled={busy} onClick={readFromDevice}>{t('fiscal.readFromDevice')}</button>
      </div>
      <p className="muted small">{t('fiscal.departmentsHint')}</p>
      <table className="bo-table">
        <thead>
          <tr>
            <th scope="col">{t('fiscal.number')}</th>
            <th scope="col">{t('fiscal.vat')}</th>
            <th scope="col">{t('fiscal.description')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key}>
              <td>
                <input aria-label={`${t('fiscal.number')} ${index + 1}`} inputMode="numeric" size={3} maxLength={2} value={row.number} onChange={(e) => update(row.key, { number: e.target.value })} />
              </td>
              <td>
                <select aria-label={`${t('fiscal.vat')} ${index + 1}`} value={row.vatCode} onChange={(e) => update(row.key, { vatCode: e.target.value as VatCode })}>
                  {VAT_CODES.map((code) => (
                    <option key={code} value={code}>{vatLabel(code, lang)}</option>
                  ))}
                </select>
              </td>
              <td>
                <input aria-label={`${t('fiscal.description')} ${index + 1}`} maxLength={40} value={row.description} onChange={(e) => update(row.key, { description: e.target.value })} />
              </td>
              <td>
                <button type="button" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>{t('fiscal.remove')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && <p className="warn small">{t('fiscal.missingVat', { codes: missing.map((code) => vatLabel(code, lang)).join(', ') })}</p>}
      <div className="bo-toolbar">
        <button type="button" onClick={() => setRows((all) => [...all, rowOf({ department: Math.min(99, Math.max(0, ...all.map((r) => Number(r.number) || 0)) + 1), vatCode: '22', description: '' })])}>
          {t('fiscal.addRow')}
        </button>
        <button type="submit" className="primary" disabled={busy}>{t('fiscal.saveDepartments')}</button>
      </div>
      <Feedback error={error} notice={notice} />
    </form>
  );
}
