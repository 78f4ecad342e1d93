/**
 * @module
 * Peripheral and sync status, always visible, never in the way.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStateView } from '@cassa/shared';
import { useTill } from '../till-context';

interface PrinterView {
  state: 'ready' | 'offline' | 'error' | 'absent';
  detail: string | null;
  pendingJobs: number;
}

export function StatusBar() {
  const { t } = useTranslation();
  const { client } = useTill();
  const [printer, setPrinter] = useState<PrinterView | null>(null);
  const [sync, setSync] = useState<SyncStateView | null>(null);

  useEffect(() => {
    client.call('printer.status', {}).then(setPrinter).catch(() => undefined);
    client.call('sync.state', {}).then(setSync).catch(() => undefined);
    const offPrinter = client.on('printer.status', setPrinter);
    const offSync = client.on('sync.state', setSync);
    return () => { offPrinter(); offSync(); };
  }, [client]);

  return (
    <footer className="status-bar" aria-label="status">
      {printer && (
        <span className={`badge ${printer.state}`} title={printer.detail ?? ''}>
          {t('status.printer')}: {t(`status.${printer.state}`)}
          {printer.pendingJobs > 0 && ` (${printer.pendingJobs})`}
        </span>
      )}
      {sync && (
        <span className={`badge ${sync.online ? 'ready' : 'offline'}`}>
          {t('status.sync')}: {!sync.paired ? t('status.notPaired') : sync.online ? t('status.online') : t('status.syncOffline')}
          {sync.pending > 0 && ` · ${t('status.waiting', { n: sync.pending })}`}
        </span>
      )}
    </footer>
  );
}
