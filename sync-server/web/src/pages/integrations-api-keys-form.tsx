/**
 * @module
 * Creating an API key (issue 19): a name, the permissions, optionally some stores; the answer's
 * secret is shown here once, until the owner says they copied it.
 */
import type { ApiKeyCreated, ApiKeyScope, StoreView } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';

export function ApiKeyCreateForm({ scopes, stores, onCreated }: { scopes: readonly ApiKeyScope[]; stores: readonly StoreView[]; onCreated: (created: ApiKeyCreated) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<ApiKeyScope>>(new Set(['read']));
  const [limit, setLimit] = useState(false);
  const [storeIds, setStoreIds] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const toggle = <T,>(set: ReadonlySet<T>, value: T): Set<T> => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.size === 0) return setError(t('apiKeys.pickScope'));
    if (limit && storeIds.size === 0) return setError(t('apiKeys.pickStore'));
    try {
      const answer = await hoClient.call('apiKeys.create', { name: name.trim(), scopes: [...chosen], storeIds: limit ? [...storeIds] : null });
      setError(null);
      setName('');
      setCreated(answer);
      onCreated(answer);
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (created) {
    return (
      <div className="card" role="status">
        <h3>{t('apiKeys.secretTitle', { name: created.key.name })}</h3>
        <p>
          <code className="secret">{created.secret}</code>
        </p>
        <p className="hint">{t('apiKeys.secretHint')}</p>
        <button type="button" onClick={() => setCreated(null)}>
          {t('apiKeys.done')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('apiKeys.create')}>
      <h3>{t('apiKeys.create')}</h3>
      <label>
        {t('apiKeys.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      <fieldset>
        <legend>{t('apiKeys.columns.scopes')}</legend>
        {scopes.map((scope) => (
          <label key={scope}>
            <input type="checkbox" checked={chosen.has(scope)} onChange={() => setChosen(toggle(chosen, scope))} /> {t(`apiKeys.scopes.${scope}`)}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={limit} onChange={(e) => setLimit(e.target.checked)} /> {t('apiKeys.limitStores')}
      </label>
      {limit && (
        <fieldset>
          <legend>{t('apiKeys.columns.stores')}</legend>
          {stores.map((store) => (
            <label key={store.id}>
              <input type="checkbox" checked={storeIds.has(store.id)} onChange={() => setStoreIds(toggle(storeIds, store.id))} /> {store.name}
            </label>
          ))}
        </fieldset>
      )}
      <ErrorNote message={error} />
      <button type="submit">{t('apiKeys.submit')}</button>
    </form>
  );
}
