import type { FiscalClosureView, RegisterView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { money } from '../i18n';
import { useAsync } from '../use-async';
import { fiscalDate } from './fiscal-status-cell';

function TotalsCell({ closure }: { closure: FiscalClosureView }) {
  const { t } = useTranslation();
  if (closure.headOfficeTotals === null) return <span className="warn">{t('fiscal.notComputed')}</span>;
  return closure.totalsMatch ? <span className="good">{t('fiscal.match')}</span> : <span className="bad">{t('fiscal.mismatch')}</span>;
}

/** The devices' daily closures (Z) the user's registers sent: the device's own figures and the till's totals per VAT beside head office's. */
export function FiscalClosuresSection({ registers }: { registers: readonly RegisterView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const closures = useAsync(() => hoClient.call('fiscalClosures.list', {}), []);
  const registerName = (id: string) => registers.find((r) => r.id === id)?.name ?? id;
  const rows = closures.data ?? [];
  return (
    <section className="card" aria-label={t('fiscal.closures')}>
      <h2>{t('fiscal.closures')}</h2>
      {rows.length === 0 ? (
        <p>{t('fiscal.noClosures')}</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stores.register')}</th>
                <th scope="col">{t('fiscal.serial')}</th>
                <th scope="col" className="num">
                  {t('fiscal.z')}
                </th>
                <th scope="col">{t('fiscal.date')}</th>
                <th scope="col" className="num">
                  {t('fiscal.dailyAmount')}
                </th>
                <th scope="col" className="num">
                  {t('fiscal.documents')}
                </th>
                <th scope="col">{t('fiscal.vatTotals')}</th>
                <th scope="col">{t('fiscal.totalsMatch')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={`${c.serial}-${c.zNumber}`}>
                  <td>{registerName(c.deviceId)}</td>
                  <td>
                    <code>{c.serial}</code>
                  </td>
                  <td className="num">{c.zNumber}</td>
                  <td>
                    {fiscalDate(c.date, lang)} {c.time.slice(0, 5)}
                  </td>
                  <td className="num">{money(c.dailyAmountCents, lang)}</td>
                  <td className="num">{c.documents}</td>
                  <td>{c.tillTotals.sales.map((g) => `${g.vatCode}: ${money(g.grossCents, lang)}`).join(' · ') || '—'}</td>
                  <td>
                    <TotalsCell closure={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
