/**
 * @module
 * A PIN field with an on-screen pad, for the login and lock screens: digits only, at most 12,
 * typed or tapped.
 */
import { useTranslation } from 'react-i18next';

export function PinEntry({ label, pin, onChange }: { label: string; pin: string; onChange: (pin: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {label}
        <input
          autoFocus
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          maxLength={12}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <div className="pin-pad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((digit) => (
          <button key={digit} type="button" onClick={() => onChange((pin + digit).slice(0, 12))}>
            {digit}
          </button>
        ))}
        <button type="button" onClick={() => onChange('')}>{t('login.clear')}</button>
      </div>
    </>
  );
}
