/**
 * @module
 * "Importazioni dal gestionale" on the Integrazioni page (issue 19): pick a preset and a file, see
 * the dry run's row-by-row report, confirm to import the same bytes. The file goes as bytes
 * (base64): the server reads them in the preset's encoding, Windows-1252 for Ad Hoc's ASCII files.
 * Below: price lists → stores, the ERP's VAT codes, the latest imports. Owners and managers of
 * every store only; the others see why the section is empty.
 */
import type { ErpImportPresetId, ErpImportReport, ErpImportRow, HeadOfficeMe } from '@cassa/shared';
import { describeErpImportReason, ERP_IMPORT_PRESET_IDS, ERP_IMPORT_PRESETS, renderErpImportFile } from '@cassa/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';
import { ImportNotesTable } from './import-notes-table';
import { ErpImportSettingsPanel } from './integrations-erp-imports-settings';

type Note = ErpImportReport['refused'][number];

/** Base64 of the bytes, in chunks: one String.fromCharCode call per 32 KiB stays under the argument limit. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function NotesTable({ notes, caption }: { notes: readonly Note[]; caption?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const rows = notes.map((n) => ({ line: n.line, code: n.sku, text: describeErpImportReason(n.reason, n.details, lang) }));
  return <ImportNotesTable {...(caption ? { caption } : {})} headers={[t('erpImports.line'), t('erpImports.code'), t('erpImports.reason')]} rows={rows} />;
}

const sampleRows: Readonly<Record<ErpImportRow['kind'], readonly ErpImportRow[]>> = {
  items: [
    { kind: 'items', line: 1, code: 'CAF001', description: 'Caffè in grani 1 kg', vatCode: '22', category: 'BAR', unit: 'piece', priceCents: 1890 },
    { kind: 'items', line: 2, code: 'LIB001', description: 'Guida della città', vatCode: 'N4', category: null, unit: 'piece', priceCents: 1500 },
  ],
  barcodes: [{ kind: 'barcodes', line: 1, code: 'CAF001', barcode: '8001234500016', move: false }],
  'price-list': [
    { kind: 'price-list', line: 1, list: 'BASE', code: 'CAF001', priceCents: 1990, validFrom: '2026-01-01' },
    { kind: 'price-list', line: 2, list: 'OUTLET', code: 'CAF001', priceCents: 1690, validFrom: null },
  ],
};

/** A two-row example of the preset's layout, UTF-8 with a BOM (which every preset reads). */
function sampleUrl(preset: ErpImportPresetId): string {
  const { kind, map } = ERP_IMPORT_PRESETS[preset];
  return URL.createObjectURL(new Blob(['\uFEFF', renderErpImportFile(kind, map, sampleRows[kind])], { type: 'text/plain;charset=utf-8' }));
}

export function ErpImportsSection({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const canImport = me.role !== 'viewer' && me.storeIds.length === 0;
  const [preset, setPreset] = useState<ErpImportPresetId>('adhoc-articoli');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<ErpImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const settings = useAsync(() => (canImport ? hoClient.call('erpImports.settings', {}) : Promise.resolve(null)), [canImport]);
  const run = useWrite(setError, settings.reload);
  const sample = useMemo(() => sampleUrl(preset), [preset]);
  useEffect(() => () => URL.revokeObjectURL(sample), [sample]);

  async function send(dryRun: boolean) {
    if (!file) return;
    await run(async () => setReport(await hoClient.call('erpImports.run', { format: { preset }, file: file.base64, fileName: file.name, dryRun })));
  }

  if (!canImport) {
    return (
      <section className="card" aria-label={t('erpImports.title')}>
        <h2>{t('erpImports.title')}</h2>
        <p className="hint">{t('erpImports.readOnly')}</p>
      </section>
    );
  }
  const counts = report && { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, moved: report.moved, refused: report.refused.length };
  return (
    <section className="card" aria-label={t('erpImports.title')}>
      <h2>{t('erpImports.title')}</h2>
      <p className="hint">{t('erpImports.intro')}</p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <label>
          {t('erpImports.format')}
          <select
            value={preset}
            onChange={(e) => {
              setPreset(e.target.value as ErpImportPresetId);
              setReport(null);
            }}
          >
            {ERP_IMPORT_PRESET_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`erpImports.presets.${id}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('erpImports.file')}
          <input
            type="file"
            required
            onChange={(e) => {
              const picked = e.currentTarget.files?.[0];
              setReport(null);
              if (!picked) return setFile(null);
              void picked.arrayBuffer().then((buffer) => setFile({ name: picked.name.slice(0, 200), base64: toBase64(new Uint8Array(buffer)) }));
            }}
          />
        </label>
        <button type="submit" disabled={!file}>
          {t('erpImports.check')}
        </button>
        <a href={sample} download={`${preset}-${t('erpImports.sampleName')}.${ERP_IMPORT_PRESETS[preset].map.layout === 'xml' ? 'xml' : 'txt'}`}>
          {t('erpImports.sample')}
        </a>
      </form>
      <ErrorNote message={error} />
      {report && counts ? (
        <>
          <p role="status">{t(report.dryRun ? 'erpImports.checked' : 'erpImports.imported', counts)}</p>
          {report.dryRun && report.created + report.updated + report.moved > 0 ? (
            <button type="button" onClick={() => void send(false)}>
              {t('erpImports.confirm')}
            </button>
          ) : null}
          <NotesTable notes={report.refused} />
          <NotesTable notes={report.warnings} caption={t('erpImports.warnings')} />
        </>
      ) : null}
      <ErrorNote message={settings.error} />
      {settings.data ? <ErpImportSettingsPanel settings={settings.data} run={run} /> : null}
    </section>
  );
}
