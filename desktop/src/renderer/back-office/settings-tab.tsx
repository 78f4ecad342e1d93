/**
 * @module
 * The register's settings: receipt header and footer, cash rounding, the discount a cashier may
 * give without a manager, and the shop's default language. Managers read; administrators save.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import type { TillSettingsView, VariableMeasureLayout } from '@cassa/shared';
import { euroInputText, parseEuroInput } from '@cassa/shared';
import { ScaleLayoutsEditor } from './scale-layouts-editor';
import { Feedback, useAction, useBackOffice } from './shared';

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);

function percentText(bp: number, lang: string): string {
  const text = String(bp / 100);
  return lang === 'en' ? text : text.replace('.', ',');
}

/** Euros as the manager types them ("10000", "2.500,50", "2500.50") into cents; null if not an amount from 0,01 € to 1.000.000 €. */
function parseEuros(text: string): number | null {
  return parseEuroInput(text, { min: 1, max: 100_000_000 });
}

function parsePercent(text: string): number | null {
  const cleaned = text.replace(/[%\s]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.replace(',', '.').split('.');
  const bp = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** The settings as the form holds them while they are edited (amounts and percentages as typed). */
interface SettingsForm {
  shopName: string;
  address: string;
  vatNumber: string;
  registerName: string;
  footer: string;
  cashRounding: boolean;
  discount: string;
  defaultLocale: 'it' | 'en';
  scaleLayouts: VariableMeasureLayout[];
  scaleLayoutsFromHeadOffice: boolean;
  policiesFromHeadOffice: boolean;
  approveCancel: boolean;
  approveVoid: boolean;
  maxLine: string;
}

/** One part of the form: the form, and a change to some of its fields. */
interface PartProps {
  readonly form: SettingsForm;
  readonly set: (patch: Partial<SettingsForm>) => void;
}

export function SettingsTab() {
  const { t, lang, client, isAdmin } = useBackOffice();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const { busy, error, notice, run, setError } = useAction();

  const fill = (s: TillSettingsView) =>
    setForm({
      shopName: s.shopName,
      address: s.addressLines.join('\n'),
      vatNumber: s.vatNumber,
      registerName: s.registerName,
      footer: s.receiptFooter.join('\n'),
      cashRounding: s.cashRounding,
      discount: percentText(s.cashierDiscountLimitBp, lang),
      defaultLocale: s.defaultLocale,
      scaleLayouts: [...(s.scaleLayouts ?? [])],
      scaleLayoutsFromHeadOffice: s.scaleLayoutsFromHeadOffice ?? false,
      policiesFromHeadOffice: s.policiesFromHeadOffice ?? false,
      approveCancel: s.approvals?.cancelTicket ?? true,
      approveVoid: s.approvals?.voidLine ?? true,
      maxLine: euroInputText(s.maxLineAmountCents ?? 1_000_000, lang),
    });

  // Loaded once per client (`run` is stable): a language switch keeps what is being typed, and
  // the numbers are written in the language of the moment they arrive.
  const onLoaded = useEffectEvent(fill);
  useEffect(() => {
    void run(() => client.call('settings.get', {})).then((s) => s && onLoaded(s));
  }, [client, run]);

  if (!form) return <Feedback error={error} notice={busy ? t('common.loading') : null} />;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  function save() {
    if (!form) return;
    const bp = parsePercent(form.discount);
    if (bp === null) return setError(t('settings.invalidPercent'));
    const maxLineAmountCents = parseEuros(form.maxLine);
    if (maxLineAmountCents === null) return setError(t('settings.invalidAmount'));
    const addressLines = lines(form.address);
    const receiptFooter = lines(form.footer);
    if (addressLines.length > 4) return setError(t('settings.tooMany', { what: t('settings.address') }));
    if (receiptFooter.length > 6) return setError(t('settings.tooMany', { what: t('settings.footer') }));
    void run(
      () =>
        client.call('settings.save', {
          shopName: form.shopName.trim(),
          addressLines,
          vatNumber: form.vatNumber.trim(),
          registerName: form.registerName.trim(),
          receiptFooter,
          cashRounding: form.cashRounding,
          cashierDiscountLimitBp: bp,
          defaultLocale: form.defaultLocale,
          // Head office's approvals and ceiling are not ours to send back either.
          ...(form.policiesFromHeadOffice ? {} : { approvals: { cancelTicket: form.approveCancel, voidLine: form.approveVoid }, maxLineAmountCents }),
          // Head office's layouts are not ours to send back.
          ...(form.scaleLayoutsFromHeadOffice ? {} : { scaleLayouts: form.scaleLayouts }),
        }),
      () => t('common.saved'),
    ).then((s) => s && fill(s));
  }

  return (
    <form
      className="bo-stack"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {!isAdmin && <p className="notice">{t('common.adminOnly')}</p>}
      <ShopFieldset form={form} set={set} />
      <SaleFieldset form={form} set={set} />
      <ApprovalsFieldset form={form} set={set} />
      <fieldset disabled={!isAdmin}>
        <legend>{t('settings.scaleLabels')}</legend>
        <p className="muted">{form.scaleLayoutsFromHeadOffice ? t('settings.fromHeadOffice') : t('settings.scaleLabelsHelp')}</p>
        <ScaleLayoutsEditor
          t={t}
          layouts={form.scaleLayouts}
          readOnly={!isAdmin || form.scaleLayoutsFromHeadOffice}
          onChange={(scaleLayouts) => set({ scaleLayouts })}
        />
      </fieldset>
      <Feedback error={error} notice={notice} />
      {isAdmin && (
        <div className="row">
          <span className="grow" />
          <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
        </div>
      )}
    </form>
  );
}

/** The shop as the receipt shows it: name, VAT number, register, address and footer. */
function ShopFieldset({ form, set }: PartProps) {
  const { t, isAdmin } = useBackOffice();
  return (
    <fieldset disabled={!isAdmin}>
      <legend>{t('settings.shop')}</legend>
      <div className="bo-grid">
        <label>
          {t('settings.shopName')}
          <input required maxLength={120} value={form.shopName} onChange={(e) => set({ shopName: e.target.value })} />
        </label>
        <label>
          {t('settings.vatNumber')}
          <input maxLength={32} value={form.vatNumber} onChange={(e) => set({ vatNumber: e.target.value })} />
        </label>
        <label>
          {t('settings.registerName')}
          <input required maxLength={40} value={form.registerName} onChange={(e) => set({ registerName: e.target.value })} />
        </label>
      </div>
      <div className="bo-grid">
        <label>
          {t('settings.address')}
          <textarea rows={4} value={form.address} onChange={(e) => set({ address: e.target.value })} />
        </label>
        <label>
          {t('settings.footer')}
          <textarea rows={4} value={form.footer} onChange={(e) => set({ footer: e.target.value })} />
        </label>
      </div>
    </fieldset>
  );
}

/** Cash rounding, the discount a cashier may give alone, the default language. */
function SaleFieldset({ form, set }: PartProps) {
  const { t, isAdmin } = useBackOffice();
  return (
    <fieldset disabled={!isAdmin}>
      <legend>{t('settings.sale')}</legend>
      <div className="bo-grid">
        <label className="check">
          <input type="checkbox" checked={form.cashRounding} onChange={(e) => set({ cashRounding: e.target.checked })} />
          {t('settings.rounding')}
        </label>
        <label>
          {t('settings.discountLimit')}
          <input className="bo-short" inputMode="decimal" value={form.discount} onChange={(e) => set({ discount: e.target.value })} />
        </label>
        <label>
          {t('settings.language')}
          <select value={form.defaultLocale} onChange={(e) => set({ defaultLocale: e.target.value === 'en' ? 'en' : 'it' })}>
            <option value="it">Italiano</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
    </fieldset>
  );
}

/** What needs a manager's approval, and the ceiling for a line's amount; read-only when head office sets them. */
function ApprovalsFieldset({ form, set }: PartProps) {
  const { t, isAdmin } = useBackOffice();
  return (
    <fieldset disabled={!isAdmin || form.policiesFromHeadOffice}>
      <legend>{t('settings.approvals')}</legend>
      {form.policiesFromHeadOffice && <p className="muted">{t('settings.fromHeadOffice')}</p>}
      <div className="bo-grid">
        <label className="check">
          <input type="checkbox" checked={form.approveCancel} onChange={(e) => set({ approveCancel: e.target.checked })} />
          {t('settings.approveCancel')}
        </label>
        <label className="check">
          <input type="checkbox" checked={form.approveVoid} onChange={(e) => set({ approveVoid: e.target.checked })} />
          {t('settings.approveVoid')}
        </label>
        <label>
          {t('settings.maxLine')}
          <input className="bo-short" inputMode="decimal" value={form.maxLine} onChange={(e) => set({ maxLine: e.target.value })} />
        </label>
      </div>
    </fieldset>
  );
}
