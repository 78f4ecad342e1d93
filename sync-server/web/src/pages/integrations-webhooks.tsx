/**
 * @module
 * "Webhook" on the Integrazioni page (issue 19): the organisation's endpoints with their state, a
 * notice for each one Cassa disabled after five days of failures (with "Riattiva"), the form that
 * adds one and shows its signing secret once, and per endpoint: pause, test, new secret, log,
 * delete. Managers of every store read; only the owner changes anything.
 */
import { webhookEventTypes } from '@cassa/shared';
import type { HeadOfficeMe, WebhookEndpointView, WebhookEventType, WebhookTestResult } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { Table } from '../table';
import { useAsync, useWrite } from '../use-async';
import { WebhookLog } from './integrations-webhooks-log';

export function WebhooksSection({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const canWrite = me.role === 'owner';
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [tested, setTested] = useState<WebhookTestResult | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const endpoints = useAsync(() => hoClient.call('webhooks.list'), []);
  const run = useWrite(setError, () => endpoints.reload());
  const disabled = (endpoints.data ?? []).filter((e) => e.status === 'disabled');

  const add = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const eventTypes = webhookEventTypes.filter((type) => data.get(`event-${type}`) === 'on');
    void run(async () => {
      const created = await hoClient.call('webhooks.create', { url: String(data.get('url')), description: String(data.get('description') ?? ''), eventTypes });
      setSecret(created.secret);
      form.reset();
    });
  };
  const rotate = (e: WebhookEndpointView) => void run(async () => setSecret((await hoClient.call('webhooks.rotateSecret', { endpointId: e.id })).secret));
  const test = (e: WebhookEndpointView) => void run(async () => setTested(await hoClient.call('webhooks.test', { endpointId: e.id })));
  const remove = (e: WebhookEndpointView) => {
    if (window.confirm(t('webhooks.confirmRemove', { url: e.url }))) void run(() => hoClient.call('webhooks.delete', { endpointId: e.id }));
  };

  return (
    <section className="card" aria-label={t('webhooks.title')}>
      <h2>{t('webhooks.title')}</h2>
      <p className="hint">{t('webhooks.help')}</p>
      {!canWrite && <p className="hint">{t('webhooks.readOnly')}</p>}
      {disabled.map((e) => (
        <p key={e.id} role="alert" className="error">
          {t('webhooks.disabledNotice', { url: e.url, at: e.disabledAt ? dateTime(e.disabledAt, i18n.language) : '' })}{' '}
          {canWrite && (
            <button type="button" onClick={() => void run(() => hoClient.call('webhooks.reenable', { endpointId: e.id }))}>
              {t('webhooks.reenable')}
            </button>
          )}
        </p>
      ))}
      <ErrorNote message={error ?? endpoints.error} />
      {secret && (
        <p role="status">
          {t('webhooks.secretOnce')} <code>{secret}</code>
        </p>
      )}
      {tested && <p role="status">{t('webhooks.testResult', { status: tested.status ?? t('webhooks.noAnswer'), ms: tested.durationMs })} {tested.excerpt}</p>}
      <div className="scroll">
        <Table
          rows={endpoints.data ?? []}
          rowKey={(e) => e.id}
          empty={t('webhooks.empty')}
          columns={[
            { header: t('webhooks.url'), cell: (e) => <span>{e.url}{e.description && <small> {e.description}</small>}</span> },
            { header: t('webhooks.events'), cell: (e) => e.eventTypes.map((type: WebhookEventType) => t(`webhooks.eventNames.${type}`)).join(', ') },
            {
              header: t('webhooks.status'),
              cell: (e) => (
                <span>
                  {t(`webhooks.statuses.${e.status}`)}
                  {e.failingSince && <small> {t('webhooks.failingSince', { at: dateTime(e.failingSince, i18n.language) })}</small>}
                  {e.previousSecretUntil && <small> {t('webhooks.rotating', { at: dateTime(e.previousSecretUntil, i18n.language) })}</small>}
                </span>
              ),
            },
            { header: t('webhooks.pending'), cell: (e) => e.pending, numeric: true },
            { header: t('webhooks.secret'), cell: (e) => <code>{e.secretHint}</code> },
            {
              header: '',
              cell: (e) => (
                <span className="actions">
                  <button type="button" onClick={() => setLogOf(logOf === e.id ? null : e.id)}>
                    {logOf === e.id ? t('webhooks.hideLog') : t('webhooks.log')}
                  </button>
                  {canWrite && (
                    <>
                      {e.status !== 'disabled' && (
                        <button type="button" onClick={() => void run(() => hoClient.call('webhooks.update', { endpointId: e.id, paused: e.status === 'active' }))}>
                          {e.status === 'active' ? t('webhooks.pause') : t('webhooks.resume')}
                        </button>
                      )}
                      <button type="button" onClick={() => test(e)}>
                        {t('webhooks.test')}
                      </button>
                      <button type="button" onClick={() => rotate(e)}>
                        {t('webhooks.rotate')}
                      </button>
                      <button type="button" onClick={() => remove(e)}>
                        {t('webhooks.remove')}
                      </button>
                    </>
                  )}
                </span>
              ),
            },
          ]}
        />
      </div>
      {(endpoints.data ?? []).filter((e) => e.id === logOf).map((e) => (
        <WebhookLog key={e.id} endpoint={e} canWrite={canWrite} />
      ))}
      {canWrite && (
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            add(event.currentTarget);
          }}
        >
          <label>
            {t('webhooks.url')}
            <input name="url" type="url" required maxLength={2000} />
          </label>
          <label>
            {t('webhooks.description')}
            <input name="description" maxLength={200} />
          </label>
          <fieldset className="matrix">
            <legend>{t('webhooks.events')}</legend>
            {webhookEventTypes.map((type) => (
              <label key={type} className="check">
                <input type="checkbox" name={`event-${type}`} defaultChecked />
                {t(`webhooks.eventNames.${type}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('webhooks.add')}</button>
        </form>
      )}
    </section>
  );
}
