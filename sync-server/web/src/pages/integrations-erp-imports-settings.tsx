/**
 * @module
 * The settings an ERP import reads: which stores each price list prices (none: the whole chain),
 * the ERP's own VAT codes mapped to a rate or nature, and the latest imports that wrote.
 */
import type { ErpImportSettings, VatCode } from '@cassa/shared';
import { VAT_CODES } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import type { RunWrite } from '../use-async';
import { useAsync } from '../use-async';

function PriceListsForm({ settings, run }: { settings: ErpImportSettings; run: RunWrite }) {
  const { t } = useTranslation();
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const [listCode, setListCode] = useState('');
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const name = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  return (
    <fieldset>
      <legend>{t('erpImports.priceLists')}</legend>
      <p className="hint">{t('erpImports.priceListsHelp')}</p>
      <ul>
        {settings.priceLists.map((l) => (
          <li key={l.listCode}>
            <strong>{l.listCode}</strong>: {l.storeIds.length === 0 ? t('erpImports.wholeChain') : l.storeIds.map(name).join(', ')}{' '}
            <button type="button" onClick={() => void run(() => hoClient.call('erpImports.setPriceList', { listCode: l.listCode, storeIds: null }))}>
              {t('erpImports.unlink')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => hoClient.call('erpImports.setPriceList', { listCode: listCode.trim(), storeIds })).then((ok) => {
            if (ok) {
              setListCode('');
              setStoreIds([]);
            }
          });
        }}
      >
        <label>
          {t('erpImports.listCode')}
          <input value={listCode} required maxLength={64} onChange={(e) => setListCode(e.target.value)} />
        </label>
        {(stores.data ?? []).map((s) => (
          <label key={s.id} className="check">
            <input type="checkbox" checked={storeIds.includes(s.id)} onChange={(e) => setStoreIds(e.target.checked ? [...storeIds, s.id] : storeIds.filter((id) => id !== s.id))} /> {s.name}
          </label>
        ))}
        <button type="submit">{t('erpImports.link')}</button>
      </form>
    </fieldset>
  );
}

function VatCodesForm({ settings, run }: { settings: ErpImportSettings; run: RunWrite }) {
  const { t } = useTranslation();
  const [erpCode, setErpCode] = useState('');
  const [vatCode, setVatCode] = useState<VatCode>('N4');
  return (
    <fieldset>
      <legend>{t('erpImports.vatCodes')}</legend>
      <p className="hint">{t('erpImports.vatCodesHelp')}</p>
      <ul>
        {settings.vatCodes.map((v) => (
          <li key={v.erpCode}>
            {v.erpCode} → {v.vatCode}{' '}
            <button type="button" onClick={() => void run(() => hoClient.call('erpImports.setVatCode', { erpCode: v.erpCode, vatCode: null }))}>
              {t('erpImports.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => hoClient.call('erpImports.setVatCode', { erpCode: erpCode.trim(), vatCode })).then((ok) => ok && setErpCode(''));
        }}
      >
        <label>
          {t('erpImports.erpCode')}
          <input value={erpCode} required maxLength={20} onChange={(e) => setErpCode(e.target.value)} />
        </label>
        <label>
          {t('erpImports.vatCode')}
          <select value={vatCode} onChange={(e) => setVatCode(e.target.value as VatCode)}>
            {VAT_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('erpImports.add')}</button>
      </form>
    </fieldset>
  );
}

export function ErpImportSettingsPanel({ settings, run }: { settings: ErpImportSettings; run: RunWrite }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <PriceListsForm settings={settings} run={run} />
      <VatCodesForm settings={settings} run={run} />
      {settings.runs.length > 0 ? (
        <table>
          <caption>{t('erpImports.runs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('erpImports.runAt')}</th>
              <th scope="col">{t('erpImports.format')}</th>
              <th scope="col">{t('erpImports.runFile')}</th>
              <th scope="col">{t('erpImports.runRows')}</th>
            </tr>
          </thead>
          <tbody>
            {settings.runs.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.at).toLocaleString(i18n.language)}</td>
                <td>{r.format}</td>
                <td>{r.fileName}</td>
                <td>
                  {r.rowsRead} / {r.rowsWritten} / {r.rowsRefused}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
