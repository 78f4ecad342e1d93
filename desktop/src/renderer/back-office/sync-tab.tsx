/**
 * @module
 * Sync with head office: the link's state as it changes (sending and receiving each ok or failing,
 * since they back off separately), what waits to be sent and since when, a
 * round on demand, pairing with a server address and a one-time code, and unpairing (which the
 * till refuses while records wait: the refusal says how many and since when).
 */
import { useEffect, useState } from 'react';
import { errorSentence } from '@cassa/shared';
import type { SyncDirectionErrorView, SyncStateView } from '@cassa/shared';
import { dateTime, downloadText, Feedback, Panel, useAction, useBackOffice } from './shared';

export function SyncTab() {
  const { t, lang, client, isAdmin } = useBackOffice();
  const [state, setState] = useState<SyncStateView | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [confirming, setConfirming] = useState(false);
  const { busy, error, notice, run } = useAction();

  useEffect(() => {
    client.call('sync.state', {}).then(setState, () => undefined);
    return client.on('sync.state', setState);
  }, [client]);

  return (
    <div className="bo-columns">
      <Panel
        title={t('sync.state')}
        actions={
          state?.paired && (
            <button type="button" className="primary" disabled={busy} onClick={() => void run(() => client.call('sync.now', {})).then((next) => next && setState(next))}>
              {t('sync.now')}
            </button>
          )
        }
      >
        {state && (
          <dl className="bo-facts" aria-live="polite">
            <div>
              <dt>{t('sync.state')}</dt>
              <dd>
                <span className={`badge ${!state.paired ? 'absent' : state.online ? 'ready' : 'offline'}`}>
                  {state.paired ? t('sync.paired') : t('sync.notPaired')}
                  {state.paired && ` · ${state.online ? t('sync.online') : t('sync.offline')}`}
                </span>
              </dd>
            </div>
            {state.paired && (
              <div>
                <dt>{t('sync.directions')}</dt>
                <dd>
                  <DirectionStatus label={t('sync.push')} error={state.pushError ?? null} />
                  {' · '}
                  <DirectionStatus label={t('sync.pull')} error={state.pullError ?? null} />
                </dd>
              </div>
            )}
            <div>
              <dt>{t('sync.lastSync')}</dt>
              <dd>{state.lastSyncAt ? dateTime(state.lastSyncAt, lang) : t('sync.never')}</dd>
            </div>
            <div>
              <dt>{t('sync.waiting')}</dt>
              <dd>
                <strong>{state.pending}</strong>
                {state.pending > 0 && state.oldestPendingAt && ` · ${t('sync.since')} ${dateTime(state.oldestPendingAt, lang)}`}
              </dd>
            </div>
            {state.lastError && (
              <div>
                <dt>{t('sync.lastError')}</dt>
                {/* The shared sentence, in one language; the technical detail (which records, which server) as the server or client said it, on hover. */}
                <dd className="error" title={state.lastError}>
                  {state.lastErrorCode ? errorSentence({ code: state.lastErrorCode, message: state.lastError }, lang) : state.lastError}
                </dd>
              </div>
            )}
          </dl>
        )}
        <Feedback error={error} notice={notice} />
      </Panel>
      {isAdmin && state && !state.paired && (
        <Panel title={t('sync.pair')}>
          <form
            className="bo-stack"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => client.call('sync.pair', { serverUrl: serverUrl.trim(), code: code.trim() }), () => t('sync.pairedDone')).then((next) => {
                if (!next) return;
                setState(next);
                setCode('');
              });
            }}
          >
            <label>
              {t('sync.serverUrl')}
              <input type="url" required placeholder="https://sede.example.it" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
            </label>
            <label>
              {t('sync.code')}
              <input required autoComplete="one-time-code" minLength={4} maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <div>
              <button type="submit" className="primary" disabled={busy}>{t('sync.pairButton')}</button>
            </div>
          </form>
        </Panel>
      )}
      {isAdmin && state && state.pending > 0 && (
        <Panel title={t('sync.exportTitle')}>
          <p className="muted">{t('sync.exportHint')}</p>
          <div>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(
                  () => client.call('sync.exportUnsent', {}),
                  (file) => {
                    downloadText(file.fileName, file.content, 'application/json');
                    return t('sync.exported', { n: file.records });
                  },
                )
              }
            >
              {t('sync.export')}
            </button>
          </div>
        </Panel>
      )}
      {isAdmin && state?.paired && (
        <Panel title={t('sync.unpair')}>
          {!confirming ? (
            <div>
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>{t('sync.unpair')}</button>
            </div>
          ) : (
            <div className="bo-stack">
              <p>{t('sync.confirmUnpair')}</p>
              <div className="row">
                <button type="button" autoFocus onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(false);
                    void run(() => client.call('sync.unpair', {}), () => t('sync.unpairedDone')).then((next) => next && setState(next));
                  }}
                >
                  {t('sync.confirm')}
                </button>
              </div>
            </div>
          )}
        </Panel>
      )}
    </div>
  );
}

/** "Invio: ok" or "Ricezione: errore — why", the reason in the cashier's language where it has a code. */
function DirectionStatus({ label, error }: { label: string; error: SyncDirectionErrorView | null }) {
  const { t, lang } = useBackOffice();
  if (!error) return <span>{`${label}: ${t('sync.directionOk')}`}</span>;
  const why = error.code === 'NETWORK' ? t('sync.unreachable') : errorSentence({ code: error.code, message: error.message }, lang);
  return (
    <span className="error" title={error.message}>
      {`${label}: ${t('sync.directionFailed')} — ${why}`}
    </span>
  );
}
