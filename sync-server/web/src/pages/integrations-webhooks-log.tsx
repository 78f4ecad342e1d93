/**
 * @module
 * One webhook endpoint's delivery log, newest first, a page at a time: when, which event, the
 * endpoint's status (or none: a timeout or a dropped connection), how long it took and the start
 * of its answer; owners may send an event again (same id, so the receiver can tell).
 */
import type { WebhookEndpointView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { Table } from '../table';
import { useAsync, useWrite } from '../use-async';

const PAGE = 50;

export function WebhookLog({ endpoint, canWrite }: { endpoint: WebhookEndpointView; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const log = useAsync(() => hoClient.call('webhooks.deliveries', { endpointId: endpoint.id, offset, limit: PAGE }), [endpoint.id, offset]);
  const run = useWrite(setError, () => log.reload());
  const total = log.data?.total ?? 0;
  return (
    <div className="card" aria-label={t('webhooks.log')}>
      <ErrorNote message={error ?? log.error} />
      <div className="scroll">
        <Table
          rows={log.data?.rows ?? []}
          rowKey={(a) => a.id}
          empty={t('webhooks.logEmpty')}
          columns={[
            { header: t('webhooks.columns.at'), cell: (a) => dateTime(a.attemptedAt, i18n.language) },
            { header: t('webhooks.columns.event'), cell: (a) => <code>{`${a.eventType} ${a.eventId}`}</code> },
            { header: t('webhooks.columns.status'), cell: (a) => `${a.ok ? t('webhooks.ok') : t('webhooks.failed')} (${a.status ?? t('webhooks.noAnswer')})` },
            { header: t('webhooks.columns.duration'), cell: (a) => `${a.durationMs} ms`, numeric: true },
            { header: t('webhooks.columns.excerpt'), cell: (a) => <small>{a.excerpt}</small> },
            {
              header: '',
              cell: (a) =>
                canWrite && a.eventType !== 'webhook.test' ? (
                  <button type="button" onClick={() => void run(() => hoClient.call('webhooks.redeliver', { endpointId: endpoint.id, eventId: a.eventId }))}>
                    {t('webhooks.redeliver')}
                  </button>
                ) : null,
            },
          ]}
        />
      </div>
      <p className="actions">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('webhooks.previous')}
        </button>
        <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          {t('webhooks.next')}
        </button>
      </p>
    </div>
  );
}
