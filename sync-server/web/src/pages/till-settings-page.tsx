/**
 * @module
 * The chain's till settings: the scale label layouts every till reads in-store barcodes with,
 * which cashier actions need a manager's PIN, and the largest line amount or overridden price.
 * Everyone reads them; the owner saves. They reach each till through its settings stream.
 */
import type { ChainSettingsInput, HeadOfficeMe } from '@cassa/shared';
import { euroInputText, parseEuroInput } from '@cassa/shared';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';

type Layout = ChainSettingsInput['scaleLayouts'][number];

/** Euros typed either way ("2.500,50", "2500.50", "10000") into cents; null if not an amount from 0,01 € to 1.000.000 €. */
function parseEuros(text: string): number | null {
  return parseEuroInput(text, { min: 1, max: 100_000_000 });
}

export function TillSettingsPage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const current = useAsync(() => hoClient.call('chainSettings.get'), []);
  const [form, setForm] = useState<(ChainSettingsInput & { maxLine: string; idleLock: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useWrite(setError, () => current.reload());
  const canWrite = me.role === 'owner';

  // Filled when settings arrive, in the language of that moment: a language switch keeps what is typed.
  const onLoaded = useEffectEvent((data: NonNullable<typeof current.data>) =>
    setForm({ ...data, maxLine: euroInputText(data.maxLineAmountCents, i18n.language), idleLock: data.idleLockMinutes === undefined ? '' : String(data.idleLockMinutes) }),
  );
  useEffect(() => {
    if (current.data) onLoaded(current.data);
  }, [current.data]);

  if (!form) return <ErrorNote message={error ?? current.error} />;
  const layouts = form.scaleLayouts;
  const setLayout = (index: number, patch: Partial<Layout>) =>
    setForm({ ...form, scaleLayouts: layouts.map((l, i) => (i === index ? { ...l, ...patch } : l)) });

  function save() {
    if (!form) return;
    const maxLineAmountCents = parseEuros(form.maxLine);
    if (maxLineAmountCents === null) return setError(t('tillSettings.invalidAmount'));
    // Issue 17: empty leaves each till's own idle lock; else 0 (never) to 120 minutes for every till.
    const idleLockMinutes = form.idleLock.trim() === '' ? undefined : Number(form.idleLock);
    if (idleLockMinutes !== undefined && !(Number.isInteger(idleLockMinutes) && idleLockMinutes >= 0 && idleLockMinutes <= 120)) return setError(t('tillSettings.invalidIdleLock'));
    void run(() => hoClient.call('chainSettings.save', { scaleLayouts: form.scaleLayouts, approvals: form.approvals, maxLineAmountCents, ...(idleLockMinutes === undefined ? {} : { idleLockMinutes }) }));
  }

  const digits = (value: number, label: string, onValue: (n: number) => void) => (
    <input type="number" min={1} max={10} aria-label={label} disabled={!canWrite} value={value}
      onChange={(e) => onValue(Math.max(1, Math.min(10, Math.trunc(Number(e.target.value)) || 1)))} />
  );

  return (
    <>
      <h1>{t('nav.tillSettings')}</h1>
      <ErrorNote message={error ?? current.error} />
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <section className="card" aria-label={t('tillSettings.approvals')}>
          <h2>{t('tillSettings.approvals')}</h2>
          <label>
            <input type="checkbox" disabled={!canWrite} checked={form.approvals.cancelTicket}
              onChange={(e) => setForm({ ...form, approvals: { ...form.approvals, cancelTicket: e.target.checked } })} />
            {t('tillSettings.approveCancel')}
          </label>
          <label>
            <input type="checkbox" disabled={!canWrite} checked={form.approvals.voidLine}
              onChange={(e) => setForm({ ...form, approvals: { ...form.approvals, voidLine: e.target.checked } })} />
            {t('tillSettings.approveVoid')}
          </label>
          <label>
            {t('tillSettings.maxLine')}
            <input inputMode="decimal" disabled={!canWrite} value={form.maxLine} onChange={(e) => setForm({ ...form, maxLine: e.target.value })} />
          </label>
          <label>
            {t('tillSettings.idleLock')}
            <input inputMode="numeric" disabled={!canWrite} value={form.idleLock} onChange={(e) => setForm({ ...form, idleLock: e.target.value })} />
          </label>
        </section>
        <section className="card" aria-label={t('tillSettings.scaleLabels')}>
          <h2>{t('tillSettings.scaleLabels')}</h2>
          <p className="hint">{t('tillSettings.scaleLabelsHelp')}</p>
          {current.data?.scaleLayoutsAreDefault && <p className="hint">{t('tillSettings.isDefault')}</p>}
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tillSettings.prefix')}</th>
                  <th scope="col">{t('tillSettings.itemDigits')}</th>
                  <th scope="col">{t('tillSettings.valueKind')}</th>
                  <th scope="col">{t('tillSettings.valueDigits')}</th>
                  <th scope="col">{t('tillSettings.priceCheck')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {layouts.map((layout, index) => (
                  <tr key={index}>
                    <td>
                      <input inputMode="numeric" maxLength={4} aria-label={t('tillSettings.prefix')} disabled={!canWrite} value={layout.prefix}
                        onChange={(e) => setLayout(index, { prefix: e.target.value.replace(/\D/g, '') })} />
                    </td>
                    <td>{digits(layout.itemDigits, `${t('tillSettings.itemDigits')} ${layout.prefix}`, (itemDigits) => setLayout(index, { itemDigits }))}</td>
                    <td>
                      <select aria-label={`${t('tillSettings.valueKind')} ${layout.prefix}`} disabled={!canWrite} value={layout.value}
                        onChange={(e) => setLayout(index, e.target.value === 'weight' ? { value: 'weight', decimals: 3, priceCheckDigit: false } : { value: 'price', decimals: 2 })}>
                        <option value="price">{t('tillSettings.price')}</option>
                        <option value="weight">{t('tillSettings.weight')}</option>
                      </select>
                    </td>
                    <td>{digits(layout.valueDigits, `${t('tillSettings.valueDigits')} ${layout.prefix}`, (valueDigits) => setLayout(index, { valueDigits }))}</td>
                    <td>
                      <input type="checkbox" aria-label={`${t('tillSettings.priceCheck')} ${layout.prefix}`} disabled={!canWrite || layout.value !== 'price'}
                        checked={layout.priceCheckDigit === true} onChange={(e) => setLayout(index, { priceCheckDigit: e.target.checked })} />
                    </td>
                    <td>
                      {canWrite && (
                        <button type="button" onClick={() => setForm({ ...form, scaleLayouts: layouts.filter((_, i) => i !== index) })}>
                          {t('tillSettings.removeLayout', { prefix: layout.prefix })}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canWrite && (
            <button type="button" onClick={() => setForm({ ...form, scaleLayouts: [...layouts, { prefix: '25', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 }] })}>
              {t('tillSettings.addLayout')}
            </button>
          )}
        </section>
        {canWrite ? <button type="submit" className="primary">{t('tillSettings.save')}</button> : <p className="hint">{t('tillSettings.ownerOnly')}</p>}
      </form>
    </>
  );
}
