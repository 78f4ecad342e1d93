import type { CatalogueImportReport, ImportDetails } from '@cassa/shared';
import { decodeTextFile, describeImportReason } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';

type ImportNote = CatalogueImportReport['rejected'][number];

interface ImportResult extends CatalogueImportReport {
  /** How the file's bytes were read, when not UTF-8. */
  readonly encoding?: string;
}

/**
 * The import's rejected rows or warnings: line, SKU and the reason in the page's language. Nothing
 * when there are none; the caption only where one is given (the rejected rows have none).
 */
function ImportNotesTable({ caption, lastHeader, notes }: { caption?: string; lastHeader: string; notes: readonly ImportNote[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  if (notes.length === 0) return null;
  return (
    <table>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{t('cat.line')}</th>
          <th scope="col">{t('cat.sku')}</th>
          <th scope="col">{lastHeader}</th>
        </tr>
      </thead>
      <tbody>
        {notes.map((r) => (
          <tr key={`${r.line}-${r.sku}`}>
            <td>{r.line}</td>
            <td>{r.sku}</td>
            <td>{describeImportReason(r.reason, r.details as ImportDetails, lang, r.message)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The CSV import: the file's bytes decoded (UTF-8 or a legacy code page), then imported or only checked (dry run). */
export function ImportSection({ run, setError }: { run: (work: () => Promise<unknown>) => Promise<void>; setError: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [imported, setImported] = useState<ImportResult | null>(null);

  async function importCsv(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File)) return;
    // Bytes, not file.text(): that would turn a Windows-1252 "Perù" into "Per�" silently.
    const decoded = decodeTextFile(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) {
      setImported(null);
      setError(describeImportReason('file-encoding', { why: decoded.message }, i18n.language === 'en' ? 'en' : 'it'));
      return;
    }
    const encoding = decoded.encoding === 'utf-8' ? undefined : decoded.encoding.toUpperCase();
    await run(async () =>
      setImported({ ...(await hoClient.call('catalogue.import', { csv: decoded.text, dryRun: form.get('dryRun') === 'on' })), ...(encoding ? { encoding } : {}) }),
    );
  }

  return (
    <section className="card" aria-label={t('cat.import')}>
      <h2>{t('cat.import')}</h2>
      <form className="inline" onSubmit={(e) => void importCsv(e)}>
        <label>
          {t('cat.importFile')}
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
        <label className="check">
          <input type="checkbox" name="dryRun" /> {t('cat.dryRun')}
        </label>
        <button type="submit">{t('cat.importNow')}</button>
      </form>
      {imported ? (
        <>
          <p role="status">{t('cat.imported', { products: imported.products, variants: imported.variants, rejected: imported.rejected.length })}</p>
          <ImportNotesTable lastHeader={t('cat.reason')} notes={imported.rejected} />
          {imported.encoding ? <p className="muted">{t('cat.decodedAs', { encoding: imported.encoding })}</p> : null}
          <ImportNotesTable caption={t('cat.warningsTitle')} lastHeader={t('cat.warning')} notes={imported.warnings} />
        </>
      ) : null}
    </section>
  );
}
