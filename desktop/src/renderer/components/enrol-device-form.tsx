/**
 * @module
 * Shown on a tablet the till does not know yet: type the code a manager shows at the counter
 * (Back office → Devices) and a name for this tablet, once. The till then remembers the tablet.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';

export function EnrolDeviceForm({ onEnrolled }: { onEnrolled: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (busy || code.length !== 6 || name.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await client.call('lanDevices.enrol', { code, name: name.trim() });
      onEnrolled();
    } catch (e) {
      setError(describeError(e, i18n.language));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="pin-form"
      aria-labelledby="enrol-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="enrol-title">{t('enrol.title')}</h2>
      <p>{t('enrol.help')}</p>
      <label>
        {t('enrol.code')}
        <input inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
      </label>
      <label>
        {t('enrol.name')}
        <input maxLength={60} value={name} placeholder={t('enrol.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || code.length !== 6 || name.trim() === ''}>{t('enrol.submit')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
