/**
 * @module
 * The catalogue: search and edit products (with their variant grid), add one, import a CSV (a dry
 * run first, a progress bar fed by the till's progress events, the rejected rows line by line)
 * and export the catalogue as CSV. On a register paired with head office the till refuses edits
 * and imports with a message saying so, which is shown as it is.
 */
import { useEffect, useRef, useState } from 'react';
import type { CatalogueItem, ImportReport, TextEncodingName, VariantMatrix } from '@cassa/shared';
import { decodeTextFile, describeImportReason } from '@cassa/shared';
import { ProductEditor } from './product-editor';
import { downloadText, Feedback, money, useAction, useBackOffice } from './shared';

export function CatalogueTab() {
  const { t, lang, client } = useBackOffice();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CatalogueItem[]>([]);
  const [editing, setEditing] = useState<{ matrix: VariantMatrix | null; key: number } | null>(null);
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const search = useAction();
  const runSearch = search.run; // stable across renders, unlike the object around it
  const exporter = useAction();

  useEffect(() => {
    if (!query.trim()) {
      setItems([]);
      return;
    }
    const timer = setTimeout(() => {
      void runSearch(() => client.call('catalogue.search', { query, limit: 50 })).then((next) => {
        if (next) setItems(next);
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [client, query, runSearch]);

  function edit(item: CatalogueItem) {
    void search.run(() => client.call('catalogue.matrix', { productId: item.productId })).then((matrix) => {
      if (matrix) setEditing({ matrix, key: Date.now() });
    });
  }

  function exportCsv() {
    void exporter.run(() => client.call('catalogue.export', { delimiter })).then((result) => {
      if (result) downloadText(`catalogo-${new Date().toISOString().slice(0, 10)}.csv`, result.csv);
    });
  }

  return (
    <div className="bo-stack">
      <div className="bo-toolbar">
        <label className="grow">
          {t('catalogue.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="button" className="primary align-end" onClick={() => setEditing({ matrix: null, key: Date.now() })}>{t('catalogue.add')}</button>
      </div>
      <Feedback error={search.error} />
      {editing && (
        <ProductEditor
          key={editing.key}
          matrix={editing.matrix}
          onClose={() => setEditing(null)}
          onSaved={(saved) =>
            setItems((old) => old.map((item) => (item.productId === saved.productId ? { ...item, name: saved.name } : item)))
          }
        />
      )}
      {items.length > 0 && (
        <table className="bo-table">
          <thead>
            <tr>
              <th scope="col">{t('catalogue.cols.name')}</th>
              <th scope="col">{t('catalogue.cols.sku')}</th>
              <th scope="col" className="num">{t('catalogue.cols.price')}</th>
              <th scope="col">{t('catalogue.cols.variants')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.edit')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.variantId}>
                <th scope="row">{item.name}</th>
                <td>{item.sku}</td>
                <td className="num">{money(item.priceCents, lang)}</td>
                <td>{item.hasVariants ? t('common.yes') : t('common.no')}</td>
                <td>
                  <button type="button" aria-label={`${t('common.edit')} ${item.name}`} onClick={() => edit(item)}>{t('common.edit')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.trim() && !search.busy && items.length === 0 && <p className="muted">{t('common.none')}</p>}
      <CatalogueImport />
      <section className="bo-panel" aria-label={t('catalogue.export')}>
        <div className="bo-toolbar">
          <label>
            {t('catalogue.delimiter')}
            <select value={delimiter} onChange={(e) => setDelimiter(e.target.value === ',' ? ',' : ';')}>
              <option value=";">;</option>
              <option value=",">,</option>
            </select>
          </label>
          <button type="button" className="align-end" disabled={exporter.busy} onClick={exportCsv}>{t('catalogue.export')}</button>
        </div>
        <Feedback error={exporter.error} />
      </section>
    </div>
  );
}

interface Progress {
  processedLines: number;
  totalLines: number;
  rejected: number;
}

const newImportId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `import-${Date.now()}-${Math.random().toString(36).slice(2)}`);

function CatalogueImport() {
  const { t, lang, client } = useBackOffice();
  const [csv, setCsv] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<TextEncodingName | null>(null);
  const [fileName, setFileName] = useState('');
  const [checked, setChecked] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const currentImport = useRef<string | null>(null);
  const { busy, error, run, setError } = useAction();

  useEffect(
    () =>
      client.on('catalogue.importProgress', (event) => {
        if (event.importId === currentImport.current) setProgress(event);
      }),
    [client],
  );

  async function start(dryRun: boolean) {
    if (!csv) return;
    const importId = newImportId();
    currentImport.current = importId;
    setProgress({ processedLines: 0, totalLines: 0, rejected: 0 });
    setReport(null);
    const result = await run(() => client.call('catalogue.import', { csv, dryRun, importId }));
    currentImport.current = null;
    if (result) {
      // The answer settles the bar: progress events are only a live view and may arrive late or
      // not at all (the event stream reconnecting), so the end state never depends on them.
      const lines = csv.split('\n').filter((line) => line.trim() !== '').length;
      setProgress({ processedLines: lines, totalLines: lines, rejected: result.rejectedCount });
      setReport(result);
      setChecked(dryRun);
      if (!dryRun) setCsv(null);
    }
  }

  return (
    <section className="bo-panel" aria-label={t('catalogue.import')}>
      <h3>{t('catalogue.import')}</h3>
      <div className="bo-toolbar">
        <label className="grow">
          {t('catalogue.file')}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const file = e.target.files?.[0];
              setReport(null);
              setProgress(null);
              setChecked(false);
              if (!file) {
                setCsv(null);
                return;
              }
              setFileName(file.name);
              // Bytes, not file.text(): that would turn a Windows-1252 "Perù" into "Per�" silently.
              file.arrayBuffer().then(
                (buffer) => {
                  const decoded = decodeTextFile(new Uint8Array(buffer));
                  if (decoded.ok) {
                    setCsv(decoded.text);
                    setEncoding(decoded.encoding);
                  } else {
                    setCsv(null);
                    setError(t('catalogue.encodingRefused', { why: describeImportReason('file-encoding', { why: decoded.message }, lang) }));
                  }
                },
                () => setError(t('catalogue.readFailed')),
              );
            }}
          />
        </label>
        <button type="button" className="align-end" disabled={!csv || busy} onClick={() => void start(true)}>{t('catalogue.dryRun')}</button>
        <button type="button" className="primary align-end" disabled={!csv || !checked || busy} onClick={() => void start(false)}>{t('catalogue.runImport')}</button>
      </div>
      {progress && (busy || progress.totalLines > 0) && (
        <div className="bo-progress">
          <progress
            aria-label={t('catalogue.progress')}
            max={Math.max(1, progress.totalLines)}
            value={progress.totalLines > 0 ? progress.processedLines : undefined}
          />
          <span className="muted small" aria-live="polite">
            {progress.totalLines > 0
              ? t('catalogue.progressText', { done: progress.processedLines, total: progress.totalLines, rejected: progress.rejected })
              : t('catalogue.sending')}
          </span>
        </div>
      )}
      <Feedback error={error} />
      {csv && encoding && encoding !== 'utf-8' && <p className="muted small">{t('catalogue.decodedAs', { encoding: encoding.toUpperCase() })}</p>}
      {report && (
        <div className="bo-stack">
          <p role="status" className="notice">
            {fileName && <strong>{fileName}: </strong>}
            {t(report.dryRun ? 'catalogue.report' : 'catalogue.reportDone', {
              products: report.products,
              variants: report.variants,
              created: report.created,
              updated: report.updated,
              rejected: report.rejectedCount,
              ms: report.durationMs,
            })}
          </p>
          <ImportNotesTable caption={t('catalogue.rejectedTitle')} lastHeader={t('catalogue.why')} notes={report.rejected} total={report.rejectedCount} />
          <ImportNotesTable caption={t('catalogue.warningsTitle')} lastHeader={t('catalogue.warning')} notes={report.warnings} total={report.warningCount} />
        </div>
      )}
    </section>
  );
}

/**
 * The import report's rejected rows or warnings: line, SKU and the reason in the screen's language,
 * with a note when the till sent only the first `notes.length` of `total`. Nothing when empty.
 */
function ImportNotesTable({ caption, lastHeader, notes, total }: { caption: string; lastHeader: string; notes: ImportReport['rejected']; total: number }) {
  const { t, lang } = useBackOffice();
  if (notes.length === 0) return null;
  return (
    <div className="bo-scroll bo-rejected">
      <table className="bo-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t('catalogue.line')}</th>
            <th scope="col">{t('catalogue.sku')}</th>
            <th scope="col">{lastHeader}</th>
          </tr>
        </thead>
        <tbody>
          {notes.map((row) => (
            <tr key={`${row.line}-${row.sku}`}>
              <td className="num">{row.line}</td>
              <td>{row.sku}</td>
              <td>{describeImportReason(row.reason, row.details, lang, row.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > notes.length && <p className="muted small">{t('catalogue.rejectedMore', { shown: notes.length, n: total })}</p>}
    </div>
  );
}
