import type { CatalogueImportReport, ImportDetails } from '@cassa/shared';
import { decodeTextFile, describeImportReason } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ImportNotesTable } from './import-notes-table';

type ImportNote = CatalogueImportReport['rejected'][number];

interface ImportResult extends CatalogueImportReport {
  /** How the file's bytes were read, when not UTF-8. */
  readonly encoding?: string;
}

/** The import's rejected rows or warnings, the reason in the page's language. */
function CatalogueNotesTable({ caption, lastHeader, notes }: { caption?: string; lastHeader: string; notes: readonly ImportNote[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const rows = notes.map((r) => ({ line: r.line, code: r.sku, text: describeImportReason(r.reason, r.details as ImportDetails, lang, r.message) }));
  return <ImportNotesTable {...(caption ? { caption } : {})} headers={[t('cat.line'), t('cat.sku'), lastHeader]} rows={rows} />;
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
          <CatalogueNotesTable lastHeader={t('cat.reason')} notes={imported.rejected} />
          {imported.encoding ? <p className="muted">{t('cat.decodedAs', { encoding: imported.encoding })}</p> : null}
          <CatalogueNotesTable caption={t('cat.warningsTitle')} lastHeader={t('cat.warning')} notes={imported.warnings} />
        </>
      ) : null}
    </section>
  );
}
