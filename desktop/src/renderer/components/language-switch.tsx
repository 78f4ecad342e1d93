import { useTranslation } from 'react-i18next';
import { storeLocale } from '../i18n/i18n';

/** Italiano / English; the choice is remembered on this till (localStorage). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        aria-label={t('app.language')}
        value={i18n.language}
        onChange={(e) => {
          const next = e.target.value === 'en' ? 'en' : 'it';
          storeLocale(next);
          void i18n.changeLanguage(next);
        }}
      >
        <option value="it">Italiano</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
