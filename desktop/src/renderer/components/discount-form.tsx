/**
 * @module
 * A discount as a percentage or an amount, always with a reason (it goes in the audit log). Used
 * for one line and for the whole ticket.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discount } from '@cassa/shared';
import { moneyInputText, parseMoneyInput, parsePercentInput } from '../i18n/i18n';

export function DiscountForm({ current, legend, onApply, onRemove, autoFocus }: {
  current: Discount | null;
  legend: string;
  onApply: (discount: Discount) => void;
  onRemove: () => void;
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Discount['kind']>(current?.kind ?? 'percent');
  const [value, setValue] = useState(() => {
    if (!current) return '';
    return current.kind === 'percent' ? String(current.basisPoints / 100).replace('.', i18n.language === 'en' ? '.' : ',') : moneyInputText(current.amountCents, i18n.language);
  });
  const [reason, setReason] = useState(current?.reason ?? '');
  const [error, setError] = useState<string | null>(null);

  function submit() {
    const text = reason.trim();
    if (kind === 'percent') {
      const basisPoints = parsePercentInput(value);
      if (basisPoints === null) return setError(t('line.invalidDiscount'));
      if (!text) return setError(t('line.needReason'));
      onApply({ kind, basisPoints, reason: text });
    } else {
      const amountCents = parseMoneyInput(value);
      if (amountCents === null || amountCents <= 0) return setError(t('line.invalidDiscount'));
      if (!text) return setError(t('line.needReason'));
      onApply({ kind, amountCents, reason: text });
    }
  }

  return (
    <form className="section" onSubmit={(e) => { e.preventDefault(); setError(null); submit(); }}>
      <fieldset>
        <legend>{legend}</legend>
        <div className="choice-row" role="radiogroup" aria-label={t('line.discountKind')}>
          {(['percent', 'amount'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'choice chosen' : 'choice'} onClick={() => setKind(k)}>
              {k === 'percent' ? t('line.percent') : t('line.amountOff')}
            </button>
          ))}
        </div>
        <div className="fields">
          <label>
            {kind === 'percent' ? t('line.percentValue') : t('line.amountValue')}
            <input autoFocus={autoFocus} inputMode="decimal" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
          <label>
            {t('line.reason')}
            <input autoComplete="off" maxLength={120} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          {current && <button type="button" onClick={onRemove}>{t('line.removeDiscount')}</button>}
          <span className="grow" />
          <button type="submit" className="primary">{t('line.applyDiscount')}</button>
        </div>
      </fieldset>
    </form>
  );
}
