/**
 * @module
 * One channel opened: its last problem, and for the owner pause or resume, a connection test,
 * "Collega prodotti" (the first link, with what matched), "Riconcilia ora", the settings, new
 * credentials and disconnecting (after a confirmation); then, for everyone, the product links and
 * what the channel refused, and for a PrestaShop shop the publishing of catalogue products.
 */
import type { ChannelAccountView, ChannelTestResult, StoreView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useWrite } from '../use-async';
import { DeadLetters } from './channels-dead-letters';
import { channelLabel } from './channels-format';
import { ProblemText, StatusTag } from './channels-list';
import { ChannelMapping } from './channels-mapping';
import { PublishProducts } from './channels-publish';
import { ChannelSettingsForm, ReplaceCredentialsForm } from './channels-settings';
import { TestResultNote } from './channels-test-result';

export function ChannelDetail({ channel, stores, canWrite, onChanged, onDisconnected }: { channel: ChannelAccountView; stores: readonly StoreView[]; canWrite: boolean; onChanged: () => Promise<unknown>; onDisconnected: (name: string) => void }) {
  const { t } = useTranslation();
  const label = channelLabel(channel);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tested, setTested] = useState<ChannelTestResult | null>(null);
  const [busy, setBusy] = useState(false);
  // Moves on after a link or a reconciliation so the links and refusals below are read again.
  const [version, setVersion] = useState(0);
  const run = useWrite(setError, async () => {
    setVersion((v) => v + 1);
    await onChanged();
  });
  /** A write that takes a while (reading every remote item): the buttons wait, the result is said. */
  async function act(work: () => Promise<string | null>) {
    setBusy(true);
    setNotice(null);
    setTested(null);
    let said: string | null = null;
    const ok = await run(async () => {
      said = await work();
    });
    setBusy(false);
    if (ok) setNotice(said);
  }
  return (
    <section className="card channel-detail" aria-label={label}>
      <div className="card-head">
        <h2>{label}</h2>
        <StatusTag status={channel.status} />
      </div>
      {channel.lastProblem && (
        <p>
          <ProblemText channel={channel} />
        </p>
      )}
      {canWrite && (
        <div className="actions channel-actions">
          <button type="button" className="secondary" disabled={busy} onClick={() => void act(async () => { await hoClient.call('channels.update', { accountId: channel.id, paused: channel.status !== 'paused' }); return null; })}>
            {channel.status === 'paused' ? t('channels.resume') : t('channels.pause')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void act(async () => { setTested(null); const result = await hoClient.call('channels.test', { accountId: channel.id }); setTested(result); return null; })}>
            {t('channels.testAccount')}
          </button>
          <button type="button" disabled={busy} onClick={() =>
              void act(async () => {
                const result = await hoClient.call('channels.link', { accountId: channel.id });
                // A large channel goes on linking in the background: pressing again waits for it.
                return t(result.running ? 'channels.linkRunning' : 'channels.linked', { counts: t('channels.linkCounts', { ...result }) });
              })
            }>
            {t('channels.link')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void act(async () => t('channels.reconciled', { ...(await hoClient.call('channels.reconcile', { accountId: channel.id })) }))}>
            {t('channels.reconcile')}
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              if (!window.confirm(t('channels.confirmDisconnect', { name: label }))) return;
              void run(() => hoClient.call('channels.disconnect', { accountId: channel.id })).then((ok) => ok && onDisconnected(label));
            }}
          >
            {t('channels.disconnect')}
          </button>
        </div>
      )}
      {busy && <p className="hint">{t('channels.linking')}</p>}
      {notice && <p role="status" className="status">{notice}</p>}
      <TestResultNote result={tested} />
      <ErrorNote message={error} />
      {canWrite && (
        <>
          <ChannelSettingsForm channel={channel} stores={stores} run={run} setError={setError} onDone={setNotice} />
          <ReplaceCredentialsForm channel={channel} run={run} setError={setError} onDone={setNotice} />
        </>
      )}
      <ChannelMapping channel={channel} canWrite={canWrite} version={version} onChanged={onChanged} />
      <DeadLetters channel={channel} canWrite={canWrite} version={version} onChanged={onChanged} />
      {canWrite && channel.kind === 'prestashop' && <PublishProducts channel={channel} onChanged={onChanged} />}
    </section>
  );
}
