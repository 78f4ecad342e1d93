/**
 * @module
 * The shift's dialogs: cash in/out with a reason, the X report, and the Z close with a count of
 * every euro denomination showing counted, expected and variance as the cashier types.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '@cassa/shared';
import { euroDenominations } from '@cassa/shared';
import { describeError, formatMoney, parseMoneyInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';
import { OverrideCancelled, useGated } from './override-prompt';
import { ShiftReportView } from './shift-report-view';

export function CashMovementDialog({ onClose, onDone }: { onClose: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit() {
    const cents = parseMoneyInput(amount);
    if (cents === null || cents <= 0) return setError(t('sale.invalidAmount'));
    const text = reason.trim();
    if (!text) return setError(t('line.needReason'));
    client
      .call('shift.cashMovement', { kind, amountCents: cents, reason: text })
      .then(() => onDone(t('shift.recorded', { amount: `${kind === 'in' ? '+' : '−'}${formatMoney(cents, lang)}` })))
      .catch((e: unknown) => setError(describeError(e, lang)));
  }

  return (
    <Dialog title={t('shift.cashMovement')} onClose={onClose}>
      <form onSubmit={(e) => { e.preventDefault(); setError(null); submit(); }} className="section">
        <div className="choice-row" role="radiogroup" aria-label={t('shift.kind')}>
          {(['in', 'out'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'choice chosen' : 'choice'} onClick={() => setKind(k)}>
              {k === 'in' ? t('shift.cashIn') : t('shift.cashOut')}
            </button>
          ))}
        </div>
        <label>
          {t('sale.amount')}
          <input autoFocus inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          {t('shift.reason')}
          <input autoComplete="off" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary">{t('shift.record')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

export function XReportDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('shift.report', {}).then(setReport).catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [client, i18n.language]);
  return (
    <Dialog title={report ? t('report.titleX', { z: report.zNumber }) : t('shift.xReport')} onClose={onClose} wide>
      {report && <ShiftReportView report={report} />}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row">
        <span className="grow" />
        <button type="button" autoFocus onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}

export function ZCloseDialog({ onClose, onClosed }: { onClose: () => void; onClosed: (report: ShiftReport) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const gated = useGated();
  const [expected, setExpected] = useState<number | null>(null);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('shift.report', {}).then((r) => setExpected(r.expectedCashCents)).catch((e: unknown) => setError(describeError(e, lang)));
  }, [client, lang]);

  const parsed = euroDenominations.map((d) => {
    const text = (counts[d] ?? '').trim();
    return { denomination: d, count: text === '' ? 0 : /^\d+$/.test(text) ? Number(text) : null };
  });
  const invalid = parsed.some((p) => p.count === null);
  const counted = parsed.reduce((sum, p) => sum + p.denomination * (p.count ?? 0), 0);
  const variance = expected === null ? null : counted - expected;

  async function close() {
    if (invalid || busy) return;
    setBusy(true);
    const denominations: Record<string, number> = {};
    for (const p of parsed) if (p.count) denominations[String(p.denomination)] = p.count;
    try {
      onClosed(await gated((override) => client.call('shift.close', { denominations, ...(override ? { override } : {}) }), 'close'));
    } catch (e) {
      if (!(e instanceof OverrideCancelled)) setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('shift.zClose')} onClose={onClose} wide>
      <form onSubmit={(e) => { e.preventDefault(); void close(); }} className="z-close">
        <fieldset>
          <legend>{t('shift.count')}</legend>
          <div className="denominations">
            {euroDenominations.map((d, i) => (
              <label key={d} className="denomination">
                <span>{t('shift.countOf', { value: formatMoney(d, lang) })}</span>
                <input
                  autoFocus={i === 0}
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={6}
                  value={counts[d] ?? ''}
                  onChange={(e) => setCounts((c) => ({ ...c, [d]: e.target.value.replace(/\D/g, '') }))}
                  onFocus={(e) => e.target.select()}
                />
              </label>
            ))}
          </div>
        </fieldset>
        <dl className="cash-summary" aria-live="polite">
          <div><dt>{t('shift.counted')}</dt><dd>{formatMoney(counted, lang)}</dd></div>
          <div><dt>{t('shift.expected')}</dt><dd>{expected === null ? '…' : formatMoney(expected, lang)}</dd></div>
          <div className={variance ? 'variance' : ''}>
            <dt>{t('shift.variance')}</dt>
            <dd>{variance === null ? '…' : `${variance > 0 ? '+' : ''}${formatMoney(variance, lang)}`}</dd>
          </div>
        </dl>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={invalid || busy}>{t('shift.closeShift')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
