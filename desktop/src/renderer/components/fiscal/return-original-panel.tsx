/**
 * @module
 * A return of a sale whose documento commerciale this till does not know (rung up at another
 * till, or before the fiscal device was set): the cashier types the original's serial, Z, number
 * and date from the paper receipt, as the device's REFUND reference needs (reference/fiscal-rt.md
 * §1 "Reso"); or a manager chooses a return without a document (audited by the core).
 */
import { useTranslation } from 'react-i18next';
import type { FiscalReference } from '@cassa/shared';
import type { Parsed, TypedReference } from './typed-document';
import { parseTypedReference } from './typed-document';

export interface TypedOriginal extends TypedReference {
  readonly unreferenced: boolean;
}

export const emptyOriginal: TypedOriginal = { serial: '', zNumber: '', documentNumber: '', date: '', unreferenced: false };

/** The typed reference, or the message key of what is wrong with it (nothing typed: say what is needed). */
export function parseOriginal(typed: TypedOriginal): Parsed<FiscalReference> {
  const blank = [typed.serial, typed.zNumber, typed.documentNumber].every((text) => text.trim() === '');
  return blank ? { ok: false, key: 'fiscal.originalNeeded' } : parseTypedReference(typed);
}

export function ReturnOriginalPanel({ typed, problem, onChange, forVoid = false }: {
  typed: TypedOriginal;
  problem: string | null;
  onChange: (next: TypedOriginal) => void;
  /** A post-void: it always refers to a document (no unreferenced choice), and its help says why it is asked. */
  forVoid?: boolean;
}) {
  const { t } = useTranslation();
  const field = (key: 'serial' | 'zNumber' | 'documentNumber' | 'date') => ({
    value: typed[key],
    disabled: typed.unreferenced,
    onChange: (e: { target: { value: string } }) => onChange({ ...typed, [key]: e.target.value }),
  });
  return (
    <section className="fiscal-original" aria-label={t('fiscal.originalTitle')}>
      <h2>{t('fiscal.originalTitle')}</h2>
      <p className="small">{t(forVoid ? 'fiscal.originalHelpVoid' : 'fiscal.originalHelp')}</p>
      <div className="row">
        <label>{t('fiscal.serial')}<input autoComplete="off" spellCheck={false} maxLength={11} {...field('serial')} /></label>
        <label>{t('fiscal.zNumber')}<input inputMode="numeric" autoComplete="off" maxLength={4} {...field('zNumber')} /></label>
        <label>{t('fiscal.documentNumber')}<input inputMode="numeric" autoComplete="off" maxLength={4} {...field('documentNumber')} /></label>
        <label>{t('fiscal.date')}<input type="date" {...field('date')} /></label>
      </div>
      {!forVoid && (
        <label className="check">
          <input type="checkbox" checked={typed.unreferenced} onChange={(e) => onChange({ ...typed, unreferenced: e.target.checked })} />
          {t('fiscal.unreferenced')}
        </label>
      )}
      {problem && <p role="alert" className="error">{problem}</p>}
    </section>
  );
}
