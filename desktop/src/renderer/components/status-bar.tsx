/**
 * @module
 * Printer and sync status, always visible, never in the way: a problem shows its detail in the
 * bar itself; "sync now" asks for a round at once. Updates arrive as events.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalStateView, SyncStateView } from '@cassa/shared';
import { fiscalStatusPhrase, waitingText } from './fiscal/fiscal-text';
import { useFiscalState } from './fiscal/use-fiscal-state';
import { formatTime } from '../i18n/i18n';
import { useTill } from '../till-context';

interface PrinterView {
  state: 'ready' | 'offline' | 'error' | 'absent';
  detail: string | null;
  pendingJobs: number;
  drawerOpen: boolean | null;
}

/** The drivers' problem words ("paper out, cover open") in the cashier's language. */
function printerDetail(detail: string | null, t: (key: string) => string): string | null {
  if (!detail) return null;
  return detail
    .split(', ')
    .map((part) => (part === 'paper out' ? t('status.paperOut') : part === 'cover open' ? t('status.coverOpen') : part))
    .join(', ');
}

/** The fiscal device (issue 16): ok, paper, cover, offline, and documents waiting. */
function FiscalBadge({ state }: { state: FiscalStateView }) {
  const { t } = useTranslation();
  const phrase = fiscalStatusPhrase(state, t);
  const waiting = state.jobs.length;
  return (
    <span className={`badge fiscal ${phrase.bad || state.jobs.some((j) => j.state === 'blocked') ? 'offline' : waiting > 0 ? 'absent' : 'ready'}`} role="status" aria-label={t('fiscal.device')}>
      {t('fiscal.device')}: {phrase.text}
      {waiting > 0 && ` · ${waitingText(waiting, t)}`}
    </span>
  );
}

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [printer, setPrinter] = useState<PrinterView | null>(null);
  const [sync, setSync] = useState<SyncStateView | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [fiscal] = useFiscalState();

  useEffect(() => {
    client.call('printer.status', {}).then(setPrinter).catch(() => undefined);
    client.call('sync.state', {}).then(setSync).catch(() => undefined);
    const offPrinter = client.on('printer.status', setPrinter);
    const offSync = client.on('sync.state', setSync);
    return () => { offPrinter(); offSync(); };
  }, [client]);

  function syncNow() {
    setSyncing(true);
    client.call('sync.now', {}).then(setSync).catch(() => undefined).finally(() => setSyncing(false));
  }

  const detail = printer ? printerDetail(printer.detail, t) : null;
  const syncText = !sync ? '' : !sync.paired ? t('status.notPaired') : sync.online ? t('status.online') : t('status.syncOffline');
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      {printer && (
        <span className={`badge ${printer.state}`} role="status" aria-label={t('status.printer')} title={detail ?? ''}>
          {t('status.printer')}: {t(`status.${printer.state}`)}
          {detail && printer.state !== 'absent' && ` · ${detail}`}
          {printer.pendingJobs > 0 && ` · ${t('status.pending', { n: printer.pendingJobs })}`}
        </span>
      )}
      {printer?.drawerOpen && (
        <span className="badge offline" role="status" aria-label={t('status.drawer')}>
          {t('status.drawerOpen')}
        </span>
      )}
      {fiscal?.configured && <FiscalBadge state={fiscal} />}
      {sync && (
        <span className={`badge ${!sync.paired ? 'absent' : sync.online ? 'ready' : 'offline'}`} role="status" aria-label={t('status.sync')} title={sync.lastError ?? ''}>
          {t('status.sync')}: {syncText}
          {sync.paired && ` · ${sync.lastSyncAt ? t('status.lastSync', { time: formatTime(sync.lastSyncAt, lang) }) : t('status.never')}`}
          {sync.pending > 0 && ` · ${t('status.waiting', { n: sync.pending })}`}
        </span>
      )}
      {sync?.paired && (
        <button type="button" className="link" disabled={syncing} onClick={syncNow}>{t('status.syncNow')}</button>
      )}
      <span className="grow" />
      <span className="muted key-hint">{t('keys.hint')}</span>
    </footer>
  );
}
