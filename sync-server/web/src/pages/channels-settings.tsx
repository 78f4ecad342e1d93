/**
 * @module
 * A connected channel's settings (name, stores in order, safety buffer) and the replacement of
 * its credentials. The current credentials show as hints only (`••••1234`); new ones are typed
 * in full, secrets included, because head office never sends a secret back to be edited.
 */
import type { ChannelAccountView, StoreView } from '@cassa/shared';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import type { RunWrite } from '../use-async';
import { CredentialInputs } from './channels-credential-inputs';
import { blankCredentials, credentialsFromForm } from './channels-credentials';
import { parseSafetyBuffer } from './channels-format';
import { StorePicker } from './channels-store-picker';
import { useCredentialsProblem } from './channels-test-result';

export function ChannelSettingsForm({ channel, stores, run, setError, onDone }: { channel: ChannelAccountView; stores: readonly StoreView[]; run: RunWrite; setError: (message: string | null) => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(channel.name);
  const [storeIds, setStoreIds] = useState<string[]>(channel.storeIds);
  const [buffer, setBuffer] = useState(String(channel.safetyBuffer));
  async function save() {
    const safetyBuffer = parseSafetyBuffer(buffer);
    if (safetyBuffer === null) return setError(t('channels.invalidBuffer'));
    if (storeIds.length === 0) return setError(t('channels.noStores'));
    if (await run(() => hoClient.call('channels.update', { accountId: channel.id, name: name.trim(), storeIds, safetyBuffer }))) onDone(t('channels.saved'));
  }
  return (
    <details className="channel-settings">
      <summary>{t('channels.settings')}</summary>
      <form
        className="channel-form"
        aria-label={t('channels.settings')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('channels.name')}
          <input value={name} required maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <StorePicker stores={stores} value={storeIds} onChange={setStoreIds} />
        <label>
          {t('channels.buffer')}
          <input inputMode="numeric" value={buffer} onChange={(e) => setBuffer(e.target.value)} />
          <small>{t('channels.bufferHelp')}</small>
        </label>
        <button type="submit">{t('channels.save')}</button>
      </form>
    </details>
  );
}

export function ReplaceCredentialsForm({ channel, run, setError, onDone }: { channel: ChannelAccountView; run: RunWrite; setError: (message: string | null) => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>(() => blankCredentials(channel.kind));
  const credentialsProblem = useCredentialsProblem();
  async function save() {
    const check = credentialsFromForm(channel.kind, values);
    if (!check.ok) return setError(credentialsProblem(channel.kind, check));
    if (await run(() => hoClient.call('channels.update', { accountId: channel.id, credentials: check.credentials }))) {
      setValues(blankCredentials(channel.kind));
      onDone(t('channels.credentialsSaved'));
    }
  }
  const hints = Object.entries(channel.credentialHints);
  return (
    <details className="channel-settings">
      <summary>{t('channels.replaceCredentials')}</summary>
      {hints.length > 0 && (
        <dl className="facts" aria-label={t('channels.currentHints')}>
          {hints.map(([field, hint]) => (
            <Fragment key={field}>
              <dt>{t(`channels.fields.${channel.kind}.${field}.label`, { defaultValue: field })}</dt>
              <dd>{hint}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      <form
        className="channel-form"
        aria-label={t('channels.replaceCredentials')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <CredentialInputs form={`replace-${channel.id}`} kind={channel.kind} values={values} onChange={setValues} />
        <button type="submit">{t('channels.saveCredentials')}</button>
      </form>
    </details>
  );
}
