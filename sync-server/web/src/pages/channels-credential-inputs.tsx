/**
 * @module
 * The credentials fields of one kind, built from its schema (`credentialFields`), each with its
 * label and where to find it. Secrets are password inputs that start empty: head office never
 * sends them back, so replacing credentials means typing them again.
 */
import type { ChannelKind } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { credentialFields } from './channels-credentials';

/** `form` tells apart the ids of two forms on one page (connecting, and replacing a channel's credentials). */
export function CredentialInputs({ form, kind, values, onChange }: { form: string; kind: ChannelKind; values: Readonly<Record<string, string>>; onChange: (values: Record<string, string>) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="credentials">
      <legend>{t('channels.credentials')}</legend>
      <p className="hint">{t('channels.secretHelp')}</p>
      {credentialFields(kind).map((f) => {
        const id = `${form}-${kind}-${f.name}`;
        const set = (value: string) => onChange({ ...values, [f.name]: value });
        const value = values[f.name] ?? '';
        return (
          <div key={f.name} className="credential-field">
            <label htmlFor={id}>{t(`channels.fields.${kind}.${f.name}.label`)}</label>
            {f.input === 'select' ? (
              <select id={id} value={value} aria-describedby={`${id}-help`} onChange={(e) => set(e.target.value)}>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={f.input}
                value={value}
                required={f.required}
                inputMode={f.input === 'number' ? 'numeric' : undefined}
                min={f.input === 'number' ? 1 : undefined}
                // A secret is never offered by the browser's autofill nor kept in its history.
                autoComplete={f.secret ? 'new-password' : 'off'}
                spellCheck={false}
                aria-describedby={`${id}-help`}
                onChange={(e) => set(e.target.value)}
              />
            )}
            <small id={`${id}-help`}>{t(`channels.fields.${kind}.${f.name}.help`)}</small>
          </div>
        );
      })}
    </fieldset>
  );
}
