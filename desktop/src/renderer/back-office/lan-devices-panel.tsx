/**
 * @module
 * Tablets on the shop's LAN: at the counter a manager shows a one-time code that a tablet types
 * once to join; every enrolled tablet is listed with when it was last seen, and can be revoked
 * (its sessions end at once). A code can be shown only at the counter, never on a tablet.
 */
import { useEffect, useState } from 'react';
import type { LanDeviceView } from '@cassa/shared';
import { useTill } from '../till-context';
import { Feedback, Panel, useAction, useBackOffice } from './shared';

export function LanDevicesPanel() {
  const { t, lang, client } = useBackOffice();
  const { info } = useTill();
  const [devices, setDevices] = useState<LanDeviceView[]>([]);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const { busy, error, notice, run } = useAction();
  const atCounter = info.exposure === 'local';

  useEffect(() => {
    void run(() => client.call('lanDevices.list', {})).then((next) => next && setDevices(next));
  }, [client, run]);

  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'it-IT', { dateStyle: 'short', timeStyle: 'short' });

  function showCode() {
    void run(() => client.call('lanDevices.issueCode', {})).then((next) => next && setCode(next));
  }

  function revoke(device: LanDeviceView) {
    void run(
      () => client.call('lanDevices.revoke', { id: device.id }),
      () => t('lanDevices.revoked', { name: device.name }),
    ).then((done) => done && client.call('lanDevices.list', {}).then(setDevices, () => undefined));
  }

  return (
    <Panel
      title={t('lanDevices.title')}
      actions={atCounter ? <button type="button" className="primary" disabled={busy} onClick={showCode}>{t('lanDevices.showCode')}</button> : undefined}
    >
      <p className="notice">{atCounter ? t('lanDevices.help') : t('lanDevices.counterOnly')}</p>
      {code && (
        <p role="status" aria-live="polite">
          {t('lanDevices.codeIs')} <strong className="enrolment-code">{code.code}</strong> {t('lanDevices.validUntil', { time: when(code.expiresAt) })}
        </p>
      )}
      <Feedback error={error} notice={notice} />
      {devices.length === 0 ? (
        <p>{t('lanDevices.none')}</p>
      ) : (
        <table className="bo-table" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">{t('lanDevices.name')}</th>
              <th scope="col">{t('lanDevices.enrolled')}</th>
              <th scope="col">{t('lanDevices.lastSeen')}</th>
              <th scope="col"><span className="visually-hidden">{t('lanDevices.revoke')}</span></th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => (
              <tr key={device.id} className={device.revokedAt ? 'bo-inactive' : undefined}>
                <th scope="row">{device.name}</th>
                <td>{when(device.enrolledAt)}</td>
                <td>{when(device.lastSeenAt)}</td>
                <td className="bo-actions">
                  {device.revokedAt ? (
                    t('lanDevices.revokedOn', { time: when(device.revokedAt) })
                  ) : (
                    <button type="button" className="danger" disabled={busy} aria-label={`${t('lanDevices.revoke')} ${device.name}`} onClick={() => revoke(device)}>
                      {t('lanDevices.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
