import type { HeadOfficeMe, PlanOffer } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';

function Seats({ label, used, max }: { label: string; used: number; max: number }) {
  return (
    <div className="seats">
      <span>{label}</span>
      <meter min={0} max={max} low={max * 0.8} high={max * 0.95} optimum={0} value={used} aria-label={label} />
      <strong>
        {used} / {max}
      </strong>
    </div>
  );
}

/**
 * The organisation's plan: seats in use against the plan's, and the plans it may move to. Only
 * an owner changes plan; a plan smaller than what is in use cannot be chosen, and says why.
 */
export function PlanPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const plan = useAsync(() => hoClient.call('plan.get'), []);
  const offers = useAsync(() => hoClient.call('plan.offers'), []);
  const [error, setError] = useState<string | null>(null);
  const run = useWrite(setError, () => plan.reload());
  const current = plan.data;

  function blocker(offer: PlanOffer): string | null {
    if (!current) return null;
    if (current.registers > offer.maxRegisters) return t('plan.tooManyRegisters', { count: current.registers - offer.maxRegisters });
    if (current.users > offer.maxUsers) return t('plan.tooManyUsers', { count: current.users - offer.maxUsers });
    return null;
  }

  return (
    <>
      <h1>{t('nav.plan')}</h1>
      <ErrorNote message={error ?? plan.error ?? offers.error} />
      {current ? (
        <section className="card" aria-label={t('plan.current')}>
          <h2>{t('plan.currentName', { plan: t(`plan.names.${current.plan}`, { defaultValue: current.plan }) })}</h2>
          <Seats label={t('plan.registers')} used={current.registers} max={current.maxRegisters} />
          <Seats label={t('plan.users')} used={current.users} max={current.maxUsers} />
          <p className="hint">{t('plan.noPayment')}</p>
        </section>
      ) : null}
      <section className="card" aria-label={t('plan.choose')}>
        <h2>{t('plan.choose')}</h2>
        <ul className="offers">
          {(offers.data ?? []).map((offer) => {
            const isCurrent = current?.plan === offer.plan && current.maxRegisters === offer.maxRegisters && current.maxUsers === offer.maxUsers;
            const why = blocker(offer);
            const name = t(`plan.names.${offer.plan}`, { defaultValue: offer.plan });
            return (
              <li key={offer.plan} className={isCurrent ? 'current' : undefined}>
                <h3>{name}</h3>
                <p>{t('plan.limits', { registers: offer.maxRegisters, users: offer.maxUsers })}</p>
                {isCurrent ? (
                  <strong className="good">{t('plan.yours')}</strong>
                ) : me.role === 'owner' ? (
                  <>
                    <button
                      type="button"
                      disabled={why !== null}
                      aria-label={t('plan.switch', { plan: name })}
                      onClick={() => {
                        if (window.confirm(t('plan.confirm', { plan: name }))) void run(() => hoClient.call('plan.choose', { plan: offer.plan }));
                      }}
                    >
                      {t('plan.switchShort')}
                    </button>
                    {why ? <small className="bad">{why}</small> : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
        {me.role !== 'owner' ? <p className="hint">{t('plan.ownersOnly')}</p> : null}
      </section>
    </>
  );
}
