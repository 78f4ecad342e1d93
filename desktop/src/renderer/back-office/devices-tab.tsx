/**
 * @module
 * Devices: the receipt printer (status as it changes, a test print, what the virtual printer
 * printed last), the cash drawer (opened with a reason, audited), the other configured devices
 * the Italian fiscal device (registratore telematico: connection, status, departments, X) and,
 * for administrators, a search of what is plugged in. Discovery asks each source on its own,
 * so one broken source shows its reason and the others still list their devices.
 */
import { useEffect, useState } from 'react';
import type { OutputOf, TillContract } from '@cassa/shared';
import { DeviceSettingsPanel } from './device-settings-panel';
import { FiscalDevicePanel } from './fiscal-device-panel';
import { LanDevicesPanel } from './lan-devices-panel';
import { Feedback, Panel, useAction, useBackOffice } from './shared';

type PrinterStatus = OutputOf<TillContract, 'printer.status'>;
type DeviceStatus = OutputOf<TillContract, 'devices.status'>[number];
type Discovery = OutputOf<TillContract, 'devices.discover'>;

export function DevicesTab() {
  const { isAdmin } = useBackOffice();
  return (
    <div className="bo-columns">
      <div className="bo-stack">
        <PrinterPanel />
        <DeviceSettingsPanel admin={isAdmin} />
        <FiscalDevicePanel />
      </div>
      <div className="bo-stack">
        <DrawerPanel />
        <OtherDevicesPanel />
        <DiscoveryPanel />
        <LanDevicesPanel />
      </div>
    </div>
  );
}

function PrinterPanel() {
  const { t, client } = useBackOffice();
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  const [preview, setPreview] = useState<{ text: string; pngBase64: string } | null>(null);
  const { busy, error, notice, run } = useAction();

  useEffect(() => {
    client.call('printer.status', {}).then(setStatus, () => undefined);
    client.call('printer.preview', {}).then(setPreview, () => undefined);
    // The printer reports its own changes (paper out, back online, queue drained).
    return client.on('printer.status', (next) => {
      setStatus(next);
      // A job just finished or failed: the virtual printer may have a new receipt to show.
      client.call('printer.preview', {}).then(setPreview, () => undefined);
    });
  }, [client]);

  function testPrint() {
    void run(() => client.call('printer.testPrint', {}), () => t('devices.testSent')).then(() => {
      // The job prints just after the command commits: look again shortly.
      setTimeout(() => client.call('printer.preview', {}).then(setPreview, () => undefined), 400);
    });
  }

  return (
    <Panel title={t('devices.printer')}>
      {status && (
        <dl className="bo-facts">
          <div>
            <dt>{t('devices.connection')}</dt>
            <dd>{status.connection || '—'}</dd>
          </div>
          <div>
            <dt>{t('devices.state')}</dt>
            <dd>
              <span className={`badge ${status.state}`} role="status" aria-label={t('devices.printer')}>
                {t(`devices.states.${status.state}`)}
                {status.detail && ` · ${status.detail}`}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('devices.pending', { n: status.pendingJobs })}</dt>
          </div>
        </dl>
      )}
      <div className="bo-toolbar">
        <button type="button" className="primary" disabled={busy} onClick={testPrint}>{t('devices.testPrint')}</button>
      </div>
      <Feedback error={error} notice={notice} />
      <h4>{t('devices.preview')}</h4>
      {preview ? (
        <img className="bo-receipt" alt={t('devices.preview')} title={preview.text} src={`data:image/png;base64,${preview.pngBase64}`} />
      ) : (
        <p className="muted">{t('devices.noPreview')}</p>
      )}
    </Panel>
  );
}

function DrawerPanel() {
  const { t, client } = useBackOffice();
  const [reason, setReason] = useState('');
  const { busy, error, notice, run, setError } = useAction();
  return (
    <Panel title={t('devices.drawer')}>
      <form
        className="bo-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setError(t('devices.reasonRequired'));
          void run(() => client.call('drawer.open', { reason: reason.trim() }), () => t('devices.drawerOpened')).then((ok) => ok && setReason(''));
        }}
      >
        <label className="grow">
          {t('devices.drawerReason')}
          <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="align-end" disabled={busy}>{t('devices.openDrawer')}</button>
      </form>
      <Feedback error={error} notice={notice} />
    </Panel>
  );
}

function OtherDevicesPanel() {
  const { t, client } = useBackOffice();
  const [devices, setDevices] = useState<DeviceStatus[] | null>(null);
  const [grams, setGrams] = useState<number | null>(null);
  const { busy, error, run } = useAction();

  const load = () => void run(() => client.call('devices.status', {})).then((next) => next && setDevices(next));
  useEffect(load, [client, run]);

  return (
    <Panel title={t('devices.others')} actions={<button type="button" disabled={busy} onClick={load}>{t('common.refresh')}</button>}>
      {devices && devices.length === 0 && <p className="muted">{t('devices.noDevices')}</p>}
      {devices && devices.length > 0 && (
        <table className="bo-table">
          <thead>
            <tr>
              <th scope="col">{t('devices.kind')}</th>
              <th scope="col">{t('devices.connection')}</th>
              <th scope="col">{t('devices.state')}</th>
              <th scope="col">{t('devices.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={`${d.kind}-${d.connection}`}>
                <th scope="row">{t(`devices.kinds.${d.kind}`)}</th>
                <td>{d.connection}</td>
                <td>{d.state}</td>
                <td>
                  {d.detail ?? ''}
                  {d.kind === 'scale' && (
                    <button type="button" disabled={busy} onClick={() => void run(() => client.call('scale.weigh', {})).then((w) => w && setGrams(w.grams))}>
                      {t('devices.weigh')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {grams !== null && <p role="status">{t('devices.grams', { g: grams })}</p>}
      <Feedback error={error} />
    </Panel>
  );
}

function DiscoveryPanel() {
  const { t, client, isAdmin } = useBackOffice();
  const [sources, setSources] = useState<Discovery | null>(null);
  const { busy, error, run } = useAction();
  if (!isAdmin) return null;
  return (
    <Panel
      title={t('devices.discover')}
      actions={
        <button type="button" disabled={busy} onClick={() => void run(() => client.call('devices.discover', {})).then((next) => next && setSources(next))}>
          {busy ? t('common.loading') : t('common.search')}
        </button>
      }
    >
      <Feedback error={error} />
      {sources && (
        <ul className="plain-list" aria-label={t('devices.found')}>
          {sources.map((source) => (
            <li key={source.source}>
              <strong>{source.source}</strong>
              {!source.ok && <span className="error"> {t('devices.sourceFailed', { reason: source.reason ?? '?' })}</span>}
              {source.ok && source.devices.length === 0 && <span className="muted"> {t('devices.nothingFound')}</span>}
              {source.devices.length > 0 && (
                <ul>
                  {source.devices.map((d) => (
                    <li key={d.connection}>
                      <code>{d.connection}</code> {d.label}
                      {d.role && <span className="muted"> · {d.role}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
