/**
 * @module
 * The connected channels, one card each (a table of thirteen columns does not fit a phone): status,
 * the stores it sells from, buffer, the last push, pull and reconciliation, queue, refused jobs,
 * link counts, today's orders and the last problem in plain words with the channel's own.
 */
import type { ChannelAccountView, StoreView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../i18n';
import { channelLabel, problemSentence } from './channels-format';

export function StatusTag({ status }: { status: ChannelAccountView['status'] }) {
  const { t } = useTranslation();
  return <span className={`tag ${status === 'active' ? 'good' : 'warn'}`}>{t(`channels.status.${status}`)}</span>;
}

/** The last problem as the owner reads it, then the channel's words; "Nessuno" when all is well. */
export function ProblemText({ channel }: { channel: ChannelAccountView }) {
  const { t, i18n } = useTranslation();
  if (!channel.lastProblem) return <>{t('channels.noProblem')}</>;
  const { text, detail } = problemSentence(channel.lastProblem, channel.lastProblemDetail, i18n.language);
  return (
    <span className="channel-problem">
      <span className="bad">{channel.lastProblemAt ? t('channels.problemAt', { problem: text, when: dateTime(channel.lastProblemAt, i18n.language) }) : text}</span>
      {detail && <small>{t('channels.detail', { detail })}</small>}
    </span>
  );
}

function ChannelCard({ channel, stores, open, onOpen }: { channel: ChannelAccountView; stores: readonly StoreView[]; open: boolean; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const label = channelLabel(channel);
  const when = (iso: string | null) => (iso ? dateTime(iso, lang) : t('channels.never'));
  const storeNames = channel.storeIds.map((id) => stores.find((s) => s.id === id)?.name ?? id);
  return (
    <li>
      <article className={open ? 'card channel-card open' : 'card channel-card'} aria-label={label}>
        <div className="card-head">
          <h2>{label}</h2>
          <StatusTag status={channel.status} />
        </div>
        <dl className="facts">
          <dt>{t('channels.columns.kind')}</dt>
          <dd>{t(`channels.kinds.${channel.kind}`)}</dd>
          <dt>{t('channels.columns.stores')}</dt>
          <dd>{storeNames.join(' → ')}</dd>
          <dt>{t('channels.columns.buffer')}</dt>
          <dd>{channel.safetyBuffer}</dd>
          <dt>{t('channels.columns.lastStockPush')}</dt>
          <dd>{when(channel.lastStockPushAt)}</dd>
          <dt>{t('channels.columns.lastOrderPull')}</dt>
          <dd>{when(channel.lastOrderPullAt)}</dd>
          <dt>{t('channels.columns.lastReconcile')}</dt>
          <dd>{when(channel.lastReconcileAt)}</dd>
          <dt>{t('channels.columns.queue')}</dt>
          <dd>{channel.queueDepth}</dd>
          <dt>{t('channels.columns.deadLetters')}</dt>
          <dd className={channel.deadLetters > 0 ? 'bad' : undefined}>{channel.deadLetters}</dd>
          <dt>{t('channels.columns.links')}</dt>
          <dd>{t('channels.linkCounts', { ...channel.mapping })}</dd>
          <dt>{t('channels.columns.ordersToday')}</dt>
          <dd>{channel.ordersToday}</dd>
          <dt>{t('channels.columns.problem')}</dt>
          <dd>
            <ProblemText channel={channel} />
          </dd>
        </dl>
        <button type="button" className="secondary" aria-expanded={open} onClick={onOpen}>
          {t('channels.open', { name: label })}
        </button>
      </article>
    </li>
  );
}

export function ChannelList({ channels, stores, openId, onOpen }: { channels: readonly ChannelAccountView[]; stores: readonly StoreView[]; openId: string | null; onOpen: (id: string | null) => void }) {
  const { t } = useTranslation();
  if (channels.length === 0) return <p className="hint">{t('channels.empty')}</p>;
  return (
    <ul className="channel-list">
      {channels.map((c) => (
        <ChannelCard key={c.id} channel={c} stores={stores} open={c.id === openId} onOpen={() => onOpen(c.id === openId ? null : c.id)} />
      ))}
    </ul>
  );
}
