/**
 * @module
 * Which printer, scanner, display and scale this register uses: connection strings the till
 * checks when saved (a malformed one is refused naming the wrong part), applied at the next start.
 * Environment variables set by an installer override them; the panel shows what runs now.
 */
import { useEffect, useState } from 'react';
import type { DeviceSettings, OutputOf, TillContract } from '@cassa/shared';
import { Feedback, Panel, useAction, useBackOffice } from './shared';
import { PrintReachList } from '../receipt-share';

type Current = OutputOf<TillContract, 'devices.settings'>;

const profiles = ['generic-80mm', 'generic-58mm', 'epson-tm-t20', 'epson-tm-t88', 'star-escpos'];
const fields = ['printer', 'scanner', 'display', 'scale'] as const;

export function DeviceSettingsPanel({ admin }: { admin: boolean }) {
  const { t, client } = useBackOffice();
  const [current, setCurrent] = useState<Current | null>(null);
  const [form, setForm] = useState<DeviceSettings | null>(null);
  const { busy, error, notice, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const loaded = await client.call('devices.settings', {});
      setCurrent(loaded);
      setForm(loaded.saved);
    });
  }, [client, run]);

  if (!form || !current) return <Panel title={t('devices.settings')}><Feedback error={error} /></Panel>;
  const set = <K extends keyof DeviceSettings>(key: K, value: DeviceSettings[K]) => setForm({ ...form, [key]: value });
  // A till in a browser (the phone) opens no device by cable or network: its connections stay as they are.
  const connectionsEditable = admin && current.devicesReachable;
  return (
    <Panel title={t('devices.settings')}>
      {!current.devicesReachable && <p className="notice" role="note">{t('devices.browserWithoutPorts')}</p>}
      <form
        className="bo-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => client.call('devices.saveSettings', form), () => t('devices.savedRestart'));
        }}
      >
        {fields.map((field) => (
          <label key={field}>
            {t(`devices.field.${field}`)}
            <input
              value={form[field]}
              disabled={!connectionsEditable}
              placeholder={field === 'printer' ? 'tcp://192.168.1.50:9100' : 'serial:/dev/ttyUSB0'}
              spellCheck={false}
              onChange={(e) => set(field, e.target.value)}
            />
            <span className="muted small">
              {t('devices.runningNow', { value: (field === 'printer' ? current.running.printer : current.running[field]) ?? t('devices.none') })}
            </span>
          </label>
        ))}
        <label>
          {t('devices.field.printerProfile')}
          <select value={form.printerProfile} disabled={!admin} onChange={(e) => set('printerProfile', e.target.value)}>
            {profiles.map((p) => (
              <option key={p} value={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.field.scaleProtocol')}
          <select value={form.scaleProtocol} disabled={!admin} onChange={(e) => set('scaleProtocol', e.target.value === 'adam' ? 'adam' : 'mettler-toledo-8217')}>
            <option value="mettler-toledo-8217">Mettler-Toledo 8217</option>
            <option value="adam">Adam Equipment</option>
          </select>
        </label>
        {admin && (
          <button type="submit" className="primary" disabled={busy}>
            {t('devices.saveSettings')}
          </button>
        )}
      </form>
      <Feedback error={error} notice={notice} />
      {/* Issue 20: on a phone or tablet, what its browser itself can print to (hidden on a PC, where the host prints). */}
      <div className={current.devicesReachable ? 'phone-only' : undefined}><PrintReachList /></div>
    </Panel>
  );
}
