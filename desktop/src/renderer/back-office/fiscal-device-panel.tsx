/**
 * @module
 * Back office → Devices → the Italian fiscal device (registratore telematico, issue 16): its
 * connection string with the brands' schemes as hints, its status in plain words (paper, cover,
 * journal, files waiting to be sent, days since the last Z, certificate expiry, in service) and
 * the X reading. The department table has its own editor (fiscal-departments-editor.tsx).
 */
import { useEffect, useState } from 'react';
import type { FiscalConnectionView, FiscalStatusView } from '@cassa/shared';
import { errorSentence } from '@cassa/shared';
import { FiscalDepartmentsEditor } from './fiscal-departments-editor';
import type { T } from './shared';
import { Feedback, Panel, dateTime, money, useAction, useBackOffice } from './shared';

export function FiscalDevicePanel() {
  const { t } = useBackOffice();
  return (
    <Panel title={t('fiscal.title')}>
      <FiscalConnectionForm />
      <FiscalStatusFacts />
      <FiscalDepartmentsEditor />
    </Panel>
  );
}

function FiscalConnectionForm() {
  const { t, client } = useBackOffice();
  const [view, setView] = useState<FiscalConnectionView | null>(null);
  const [typed, setTyped] = useState('');
  const { busy, error, notice, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const loaded = await client.call('fiscal.connection', {});
      setView(loaded);
      setTyped(loaded.saved);
    });
  }, [client, run]);

  return (
    <form
      className="bo-grid"
      aria-label={t('fiscal.connection')}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => client.call('fiscal.setConnection', { connection: typed.trim() }), () => t('fiscal.savedConnection')).then((next) => {
          if (next) setView(next);
        });
      }}
    >
      <label className="grow">
        {t('fiscal.connection')}
        <input value={typed} maxLength={300} spellCheck={false} placeholder="epson-rt://192.168.1.20" list="fiscal-schemes" onChange={(e) => setTyped(e.target.value)} />
        <datalist id="fiscal-schemes">
          {['epson-rt://', 'epson-rts://', 'custom-rt://', 'rch-rt://', 'rch-rt+http://'].map((scheme) => (
            <option key={scheme} value={scheme} />
          ))}
        </datalist>
        <span className="muted small">{t('fiscal.connectionHint')}</span>
        {view && <span className="small">{t('fiscal.inUse', { value: view.inUse ?? t('fiscal.none') })}</span>}
        {view?.fromEnvironment && <span className="muted small">{t('fiscal.fromEnvironment')}</span>}
        {view?.restartRequired && <span className="notice small" role="status">{t('fiscal.restart')}</span>}
      </label>
      <button type="submit" className="primary align-end" disabled={busy}>{t('fiscal.saveConnection')}</button>
      <Feedback error={error} notice={notice} />
    </form>
  );
}

/** One fact per row, in the words a shopkeeper uses; warnings stand out. */
function statusRows(view: FiscalStatusView, t: T, lang: string): { label: string; value: string; warn: boolean }[] {
  const rows: { label: string; value: string; warn: boolean }[] = [];
  const s = view.status;
  if (s) {
    rows.push({ label: t('fiscal.paper'), value: t(`fiscal.paperStates.${s.printer}`), warn: s.printer !== 'ok' });
    rows.push({ label: t('fiscal.journal'), value: t(`fiscal.journalStates.${s.journal}`), warn: s.journal !== 'ok' });
    rows.push({ label: t('fiscal.inService'), value: s.inService ? t('common.yes') : t('fiscal.notInService'), warn: !s.inService });
    if (s.training) rows.push({ label: t('fiscal.inService'), value: t('fiscal.training'), warn: true });
    if (s.closureNeeded) rows.push({ label: t('fiscal.sinceClosure'), value: t('fiscal.closureNeeded'), warn: true });
    const files =
      s.filesPending === null ? t('fiscal.unknown') : t('fiscal.filesValue', { pending: s.filesPending, old: s.filesOld ?? '?', rejected: s.filesRejected ?? '?' });
    rows.push({ label: t('fiscal.files'), value: files, warn: (s.filesOld ?? 0) > 0 || (s.filesRejected ?? 0) > 0 });
    rows.push({ label: t('fiscal.certificate'), value: s.certificateExpiry ?? t('fiscal.unknown'), warn: false });
  }
  const days = view.daysSinceClosure;
  rows.push({
    label: t('fiscal.sinceClosure'),
    value: days === null ? t('fiscal.noClosure') : days === 1 ? t('fiscal.sinceClosureOne') : t('fiscal.sinceClosureMany', { n: days }),
    // A Z a day is the rule: yesterday's is normal in the morning, older means a day was not closed.
    warn: days !== null && days > 1,
  });
  rows.push({ label: t('fiscal.waiting'), value: String(view.documentsWaiting), warn: view.documentsWaiting > 0 });
  if (view.statusAt) rows.push({ label: t('fiscal.askedAt'), value: dateTime(view.statusAt, lang), warn: false });
  return rows;
}

function FiscalStatusFacts() {
  const { t, lang, client } = useBackOffice();
  const [view, setView] = useState<FiscalStatusView | null>(null);
  const { run: runStatus, busy: asking, error: statusError } = useAction();
  const x = useAction();

  const ask = () => void runStatus(() => client.call('fiscal.status', {})).then((next) => next && setView(next));
  useEffect(() => {
    ask();
    // Live while the panel is open: paper and cover change under the manager's eyes.
    const timer = setInterval(ask, 30_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `ask` is rebuilt each render from these two
  }, [client, runStatus]);

  if (view && !view.configured) return <p className="muted">{t('fiscal.notConfigured')}</p>;
  return (
    <div className="bo-stack" aria-label={t('fiscal.status')}>
      <div className="row">
        <h4>{t('fiscal.status')}</h4>
        <button type="button" disabled={asking} onClick={ask}>{t('fiscal.refresh')}</button>
        <button
          type="button"
          disabled={x.busy}
          onClick={() =>
            void x.run(
              () => client.call('fiscal.xReading', {}),
              (r) => t('fiscal.xDone', { z: r.zNumber, amount: money(r.dailyAmountCents, lang), date: r.date, time: r.time }),
            )
          }
        >
          {t('fiscal.x')}
        </button>
      </div>
      {view?.statusFailure && (
        <p className="error" role="alert">
          {t('fiscal.unreachable', { why: errorSentence({ code: 'DEVICE_UNAVAILABLE', message: view.statusFailure, details: { reason: 'fiscal-device-failure', failure: view.statusFailure } }, lang) })}
        </p>
      )}
      {view && (
        <dl className="bo-facts">
          {statusRows(view, t, lang).map((row) => (
            <div key={`${row.label}-${row.value}`} className={row.warn ? 'warn' : undefined}>
              <dt>{row.label}</dt>
              <dd>{row.warn ? <strong>{row.value}</strong> : row.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <Feedback error={statusError ?? x.error} notice={x.notice} />
    </div>
  );
}
