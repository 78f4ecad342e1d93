/**
 * @module
 * "Registra a mano": a manager types the documento commerciale issued by hand (or found on the
 * device's journal) for a blocked sale. Checked here for the cashier's sake, and again by the
 * core, which audits it. A cashier's session asks for a manager's PIN.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalJobStateView, FiscalStateView } from '@cassa/shared';
import { describeError, formatMoney } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';
import { OverrideCancelled, useGated } from '../override-prompt';

interface Typed {
  serial: string;
  zNumber: string;
  documentNumber: string;
  date: string;
  time: string;
}

/** The typed document, or the key of what is wrong with it. */
function parseTyped(typed: Typed): { ok: true; document: { serial: string; zNumber: number; documentNumber: number; date: string; time: string } } | { ok: false; key: string } {
  const serial = typed.serial.trim().toUpperCase();
  if (!/^[0-9A-Z]{11}$/.test(serial)) return { ok: false, key: 'fiscal.badSerial' };
  const zNumber = /^\d{1,4}$/.test(typed.zNumber.trim()) ? Number(typed.zNumber.trim()) : NaN;
  const documentNumber = /^\d{1,4}$/.test(typed.documentNumber.trim()) ? Number(typed.documentNumber.trim()) : NaN;
  if (Number.isNaN(zNumber) || Number.isNaN(documentNumber) || documentNumber < 1) return { ok: false, key: 'fiscal.badNumber' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(typed.date) || Number.isNaN(Date.parse(typed.date))) return { ok: false, key: 'fiscal.badDate' };
  const time = typed.time.trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return { ok: false, key: 'fiscal.badTime' };
  return { ok: true, document: { serial, zNumber, documentNumber, date: typed.date, time } };
}

export function ManualDocumentDialog({ job, onClose, onRecorded }: { job: FiscalJobStateView; onClose: () => void; onRecorded: (state: FiscalStateView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const gated = useGated();
  const [typed, setTyped] = useState<Typed>({ serial: '', zNumber: '', documentNumber: '', date: job.createdAt.slice(0, 10), time: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof Typed) => ({ value: typed[key], onChange: (e: { target: { value: string } }) => setTyped({ ...typed, [key]: e.target.value }) });

  async function save() {
    const parsed = parseTyped(typed);
    if (!parsed.ok) return setError(t(parsed.key));
    setError(null);
    setBusy(true);
    try {
      const { document } = parsed;
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
