/**
 * @module
 * The exports made (issue 19), newest first a page at a time, each downloadable as the file that
 * was made (its SHA-256 shown, so the accountant can check what the ERP imported).
 */
import type { ErpExportView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';
import { dateTime } from '../i18n';

/** Saves an export's file under its own name, byte for byte as head office made it. */
async function download(id: string): Promise<void> {
  const file = await hoClient.call('erpExports.file', { exportId: id });
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ErpExportsList({ exports, next, onMore }: { exports: readonly ErpExportView[]; next: string | null; onMore: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  if (exports.length === 0) return <p className="hint">{t('erpExports.noExports')}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>{t('erpExports.when')}</th>
            <th>{t('erpExports.name')}</th>
            <th>{t('erpExports.days')}</th>
            <th>{t('erpExports.rows')}</th>
            <th>{t('erpExports.bytes')}</th>
            <th>{t('erpExports.by')}</th>
            <th>{t('erpExports.checksum')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {exports.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.createdAt, i18n.language)}</td>
              <td>{e.profileName}</td>
              <td>{e.from === e.to ? e.from : `${e.from} – ${e.to}`}</td>
              <td>{e.rows}</td>
              <td>{e.bytes}</td>
              <td>{e.createdBy === 'schedule' ? t('erpExports.bySchedule') : e.createdBy}</td>
              <td>
                <code title={e.checksum}>{e.checksum.slice(0, 12)}…</code>
              </td>
              <td>
                <button type="button" onClick={() => void download(e.id).then(() => setError(null), (err: unknown) => setError(errorText(err)))}>
                  {t('erpExports.download')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null ? (
        <button type="button" onClick={onMore}>
          {t('erpExports.more')}
        </button>
      ) : null}
      <ErrorNote message={error} />
    </>
  );
}
