/**
 * @module
 * What the channel refused (dead letters), newest first: the operation, what it was about, the
 * problem in plain words with the channel's own, and for an open one "Riprova" (queued again; a
 * stock job goes with the quantity of the moment) or "Ignora". The rest of the queue never waits
 * on these.
 */
import type { ChannelAccountView, DeadLetterView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { Table } from '../table';
import { useAsync, useWrite } from '../use-async';
import { problemSentence, subjectText } from './channels-format';
import { useReloadWhen } from './channels-reload';

type DeadState = DeadLetterView['state'];
const deadStates: readonly DeadState[] = ['open', 'ignored', 'retried'];

export function DeadLetters({ channel, canWrite, version, onChanged }: { channel: ChannelAccountView; canWrite: boolean; version: number; onChanged: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<DeadState | ''>('open');
  const [error, setError] = useState<string | null>(null);
  const letters = useAsync(() => hoClient.call('channels.deadLetters', { accountId: channel.id, state }), [channel.id, state]);
  useReloadWhen(letters.reload, `${version}:${channel.deadLetters}`);
  const run = useWrite(setError, () => Promise.all([letters.reload(), onChanged()]));
  // Stock and publish jobs name a variant or product by id: the catalogue says which.
  const catalogue = useAsync(() => hoClient.call('catalogue.get'), []);
  const subject = (d: DeadLetterView) => subjectText(d.subject, catalogue.data?.products ?? []);
  return (
    <section className="card" aria-label={t('channels.deadTitle')}>
      <h3>{t('channels.deadTitle')}</h3>
      <p className="hint">{t('channels.deadHelp')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('channels.deadState')}
          <select value={state} onChange={(e) => setState(e.target.value as DeadState | '')}>
            <option value="">{t('dash.all')}</option>
            {deadStates.map((s) => (
              <option key={s} value={s}>
                {t(`channels.deadStates.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorNote message={error ?? letters.error} />
      <div className="scroll">
        <Table
          rows={letters.data ?? []}
          rowKey={(d) => d.id}
          empty={t('channels.deadEmpty')}
          columns={[
            { header: t('channels.what'), cell: (d) => t(`channels.jobKinds.${d.kind}`) },
            { header: t('channels.subject'), cell: (d) => subject(d) },
            {
              header: t('channels.columns.problem'),
              cell: (d) => {
                const { text, detail } = problemSentence(d.problem, d.detail, i18n.language);
                return (
                  <span className="channel-problem">
                    <span>{text}</span>
                    {detail && <small>{t('channels.detail', { detail: d.remoteStatus === null ? detail : `${d.remoteStatus} ${detail}` })}</small>}
                  </span>
                );
              },
            },
            { header: t('channels.attempts'), cell: (d) => d.attempts, numeric: true },
            { header: t('channels.failedAt'), cell: (d) => dateTime(d.lastFailedAt, i18n.language) },
            { header: t('channels.deadState'), cell: (d) => t(`channels.deadStates.${d.state}`) },
            {
              header: '',
              cell: (d) =>
                canWrite && d.state === 'open' ? (
                  <span className="actions">
                    <button type="button" aria-label={t('channels.retry', { subject: subject(d) })} onClick={() => void run(() => hoClient.call('channels.retryDeadLetter', { accountId: channel.id, deadLetterId: d.id }))}>
                      {t('channels.retryShort')}
                    </button>
                    <button type="button" className="secondary" aria-label={t('channels.ignore', { subject: subject(d) })} onClick={() => void run(() => hoClient.call('channels.ignoreDeadLetter', { accountId: channel.id, deadLetterId: d.id }))}>
                      {t('channels.ignoreShort')}
                    </button>
                  </span>
                ) : null,
            },
          ]}
        />
      </div>
    </section>
  );
}
