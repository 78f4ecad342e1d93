/**
 * @module
 * "Chiavi API" on the Integrazioni page (issue 19): the organisation's keys for the public API,
 * with their permissions, stores and last use; creating one shows its secret this once; revoking
 * refuses it at once. Owners only (the server refuses anyone else): others see why.
 */
import type { ApiKeyCreated, ApiKeyView, HeadOfficeMe } from '@cassa/shared';
import { apiKeyScopes } from '@cassa/shared';
import type { ApiKeyScope } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { useAsync } from '../use-async';
import { ApiKeyCreateForm } from './integrations-api-keys-form';

function KeyRow({ apiKey, stores, onRevoked }: { apiKey: ApiKeyView; stores: ReadonlyMap<string, string>; onRevoked: () => void }) {
  const { t, i18n } = useTranslation();
  const revoke = async () => {
    if (!window.confirm(t('apiKeys.confirmRevoke', { name: apiKey.name }))) return;
    await hoClient.call('apiKeys.revoke', { keyId: apiKey.id });
    onRevoked();
  };
  return (
    <tr>
      <td>
        {apiKey.name}
        <br />
        <small>
          <code>{apiKey.prefix}…</code>
        </small>
      </td>
      <td>{apiKey.scopes.map((s: ApiKeyScope) => t(`apiKeys.scopes.${s}`)).join(', ')}</td>
      <td>{apiKey.storeIds === null ? t('apiKeys.everyStore') : apiKey.storeIds.map((id) => stores.get(id) ?? id).join(', ')}</td>
      <td>{dateTime(apiKey.createdAt, i18n.language)}</td>
      <td>{apiKey.lastUsedAt ? dateTime(apiKey.lastUsedAt, i18n.language) : t('apiKeys.never')}</td>
      <td>
        {apiKey.revokedAt ? (
          <span className="tag warn">{t('apiKeys.revokedAt', { when: dateTime(apiKey.revokedAt, i18n.language) })}</span>
        ) : (
          <>
            <span className="tag good">{t('apiKeys.active')}</span>{' '}
            <button type="button" className="secondary" onClick={() => void revoke()}>
              {t('apiKeys.revoke', { name: apiKey.name })}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function OwnersApiKeys() {
  const { t } = useTranslation();
  const keys = useAsync(() => hoClient.call('apiKeys.list', {}), []);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const storeNames = new Map((stores.data ?? []).map((s) => [s.id, s.name]));
  const list = keys.data ?? [];
  return (
    <>
      <ErrorNote message={keys.error ?? stores.error} />
      {list.length === 0 ? (
        <p className="hint">{t('apiKeys.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {(['name', 'scopes', 'stores', 'created', 'lastUsed', 'state'] as const).map((c) => (
                <th key={c}>{t(`apiKeys.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <KeyRow key={k.id} apiKey={k} stores={storeNames} onRevoked={() => void keys.reload()} />
            ))}
          </tbody>
        </table>
      )}
      <ApiKeyCreateForm scopes={apiKeyScopes} stores={stores.data ?? []} onCreated={(_created: ApiKeyCreated) => void keys.reload()} />
    </>
  );
}

export function ApiKeysSection({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('apiKeys.title')}</h2>
      <p className="hint">{t('apiKeys.intro')}</p>
      {me.role === 'owner' ? <OwnersApiKeys /> : <p className="hint">{t('apiKeys.ownersOnly')}</p>}
      <p className="hint">{t('apiKeys.docs')}</p>
    </section>
  );
}
