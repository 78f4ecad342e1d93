import type { FiscalWarning, RegisterFiscalView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../i18n';

/** A fiscal date (YYYY-MM-DD) as the reader writes dates. */
export function fiscalDate(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

function WarningText({ warning }: { warning: FiscalWarning }) {
  const { t, i18n } = useTranslation();
  const detail = warning.detail === null ? '' : t(`fiscal.printer.${warning.detail}`, { defaultValue: warning.detail });
  const date = warning.date === null ? '' : fiscalDate(warning.date, i18n.language);
  return <li className={warning.level === 'danger' ? 'bad' : 'warn'}>{t(`fiscal.warnings.${warning.code}`, { count: warning.count ?? 0, date, detail })}</li>;
}

/** A register's fiscal device in the register list: its serial and what head office warns about, most serious first. */
export function FiscalStatusCell({ fiscal }: { fiscal: RegisterFiscalView | null }) {
  const { t, i18n } = useTranslation();
  if (fiscal === null) return <span>{t('fiscal.noDevice')}</span>;
  return (
    <div className="fiscal-status">
      {fiscal.serial ? (
        <div>
          {t('fiscal.serial')} <code>{fiscal.serial}</code>
        </div>
      ) : null}
      {fiscal.warnings.length === 0 ? (
        <span className="good">{t('fiscal.allOk')}</span>
      ) : (
        <ul aria-label={t('fiscal.device')}>
          {fiscal.warnings.map((w) => (
            <WarningText key={w.code} warning={w} />
          ))}
        </ul>
      )}
      <small>{t('fiscal.reportedAt', { at: dateTime(fiscal.reportedAt, i18n.language) })}</small>
    </div>
  );
}
