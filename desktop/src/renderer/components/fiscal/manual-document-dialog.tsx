/**
 * @module
 * "Registra a mano": a manager types the documento commerciale issued by hand (or found on the
 * device's journal) for a blocked sale. Checked here for the cashier's sake, and again by the
 * core, which audits it. A cashier's session asks for a manager's PIN.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalJobStateView, FiscalReference, FiscalStateView } from '@cassa/shared';
import { describeError, formatMoney } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';
import { OverrideCancelled, useGated } from '../override-prompt';
import type { Parsed } from './typed-document';
import { localDateOf, parseTypedReference, parseTypedTime } from './typed-document';

interface Typed {
  serial: string;
  zNumber: string;
  documentNumber: string;
  date: string;
  time: string;
}

/** The typed document, or the key of what is wrong with it. */
function parseTyped(typed: Typed): Parsed<FiscalReference & { time: string }> {
  const reference = parseTypedReference(typed);
  if (!reference.ok) return reference;
  const time = parseTypedTime(typed.time);
  return time.ok ? { ok: true, value: { ...reference.value, time: time.value } } : time;
}

export function ManualDocumentDialog({ job, onClose, onRecorded }: { job: FiscalJobStateView; onClose: () => void; onRecorded: (state: FiscalStateView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const gated = useGated();
  const [typed, setTyped] = useState<Typed>({ serial: '', zNumber: '', documentNumber: '', date: localDateOf(job.createdAt), time: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof Typed) => ({ value: typed[key], onChange: (e: { target: { value: string } }) => setTyped({ ...typed, [key]: e.target.value }) });

  async function save() {
    const parsed = parseTyped(typed);
    if (!parsed.ok) return setError(t(parsed.key));
    setError(null);
    setBusy(true);
    try {
      const document = parsed.value;
      onRecorded(await gated((override) => client.call('fiscal.recordManual', { jobId: job.jobId, document, ...(override ? { override } : {}) }), 'fiscalManual'));
    } catch (e) {
      if (!(e instanceof OverrideCancelled)) setError(describeError(e, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('fiscal.manualTitle')} onClose={onClose}>
      <form className="manual-document" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <p>{t('fiscal.manualHelp', { number: job.receiptNumber, total: formatMoney(job.totalCents, i18n.language) })}</p>
        <label>{t('fiscal.serial')}<input autoFocus autoComplete="off" spellCheck={false} maxLength={11} {...field('serial')} /></label>
        <div className="row">
          <label>{t('fiscal.zNumber')}<input inputMode="numeric" autoComplete="off" maxLength={4} {...field('zNumber')} /></label>
          <label>{t('fiscal.documentNumber')}<input inputMode="numeric" autoComplete="off" maxLength={4} {...field('documentNumber')} /></label>
        </div>
        <div className="row">
          <label>{t('fiscal.date')}<input type="date" {...field('date')} /></label>
          <label>{t('fiscal.time')}<input autoComplete="off" maxLength={5} placeholder="10:15" {...field('time')} /></label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={busy}>{t('fiscal.save')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
