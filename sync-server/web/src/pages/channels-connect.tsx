/**
 * @module
 * "Collega un canale": the kind, a name, the kind's credentials, the stores it sells from (in
 * order) and the safety buffer. "Prova connessione" tries the typed credentials without saving
 * them; "Collega" saves them (encrypted at head office, never answered back).
 */
import { channelKinds } from '@cassa/shared';
import type { ChannelAccountView, ChannelKind, ChannelTestResult, StoreView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';
import { CredentialInputs } from './channels-credential-inputs';
import { blankCredentials, credentialsFromForm } from './channels-credentials';
import { channelKindLabel, parseSafetyBuffer } from './channels-format';
import { StorePicker } from './channels-store-picker';
import { TestResultNote, useCredentialsProblem } from './channels-test-result';

export function ConnectChannel({ stores, onConnected }: { stores: readonly StoreView[]; onConnected: (channel: ChannelAccountView) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ChannelKind>('prestashop');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() => blankCredentials('prestashop'));
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [buffer, setBuffer] = useState('0');
  const [tested, setTested] = useState<ChannelTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const credentialsProblem = useCredentialsProblem();

  function pickKind(next: ChannelKind) {
    setKind(next);
    // Nothing typed for one kind carries over to another (least of all a secret).
    setValues(blankCredentials(next));
    setTested(null);
  }

  async function test() {
    const check = credentialsFromForm(kind, values);
    if (!check.ok) return setError(credentialsProblem(kind, check));
    setBusy(true);
    setTested(null);
    try {
      setTested(await hoClient.call('channels.test', { credentials: check.credentials }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function connect() {
    const check = credentialsFromForm(kind, values);
    if (!check.ok) return setError(credentialsProblem(kind, check));
    const safetyBuffer = parseSafetyBuffer(buffer);
    if (safetyBuffer === null) return setError(t('channels.invalidBuffer'));
    if (storeIds.length === 0) return setError(t('channels.noStores'));
    setBusy(true);
    try {
      const channel = await hoClient.call('channels.connect', { name: name.trim() || channelKindLabel[kind], storeIds, safetyBuffer, credentials: check.credentials });
      setError(null);
      setTested(null);
      // A second channel starts from a clean form: nothing of the first one's carries over.
      setName('');
      setValues(blankCredentials(kind));
      setStoreIds([]);
      setBuffer('0');
      onConnected(channel);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label={t('channels.connectTitle')}>
      <h2>{t('channels.connectTitle')}</h2>
      <form
        className="channel-form"
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <label>
          {t('channels.kind')}
          <select value={kind} onChange={(e) => pickKind(e.target.value as ChannelKind)}>
            {channelKinds.map((k) => (
              <option key={k} value={k}>
                {t(`channels.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('channels.name')}
          <input value={name} maxLength={80} placeholder={t('channels.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
        </label>
        <CredentialInputs form="connect" kind={kind} values={values} onChange={(v) => { setValues(v); setTested(null); }} />
        <StorePicker stores={stores} value={storeIds} onChange={setStoreIds} />
        <label>
          {t('channels.buffer')}
          <input inputMode="numeric" value={buffer} onChange={(e) => setBuffer(e.target.value)} aria-describedby="channel-buffer-help" />
          <small id="channel-buffer-help">{t('channels.bufferHelp')}</small>
        </label>
        <TestResultNote result={tested} />
        <ErrorNote message={error} />
        <div className="actions">
          <button type="button" className="secondary" disabled={busy} onClick={() => void test()}>
            {busy ? t('channels.testing') : t('channels.test')}
          </button>
          <button type="submit" disabled={busy}>
            {t('channels.connect')}
          </button>
        </div>
      </form>
    </section>
  );
}
