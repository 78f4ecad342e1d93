import type { HeadOfficeMe, PairingCodeView } from '@cassa/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { useAsync, useWrite } from '../use-async';
import { FiscalClosuresSection } from './fiscal-closures-section';
import { ProblemsSection } from './problems-section';
import { RegistersSection } from './registers-section';
import { StoresSection } from './stores-section';

export function StoresPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const registers = useAsync(() => hoClient.call('registers.list'), []);
  const plan = useAsync(() => hoClient.call('plan.get'), []);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const canWrite = me.role !== 'viewer';
  // Registers report in on their own: keep their contact times fresh while the page is open.
  const reloadRegisters = registers.reload;
  useEffect(() => {
    const timer = window.setInterval(() => void reloadRegisters(), 3000);
    return () => window.clearInterval(timer);
  }, [reloadRegisters]);

  const run = useWrite(setError, () => Promise.all([stores.reload(), registers.reload(), plan.reload()]));
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;

  return (
    <>
      <h1>{t('nav.stores')}</h1>
      {plan.data ? (
        <p className="plan">
          {t('stores.plan', { ...plan.data })} · <a href="#/plan">{t('stores.changePlan')}</a>
        </p>
      ) : null}
      <ErrorNote message={error ?? stores.error ?? registers.error} />
      <StoresSection me={me} stores={stores.data ?? []} run={run} onCode={setCode} />

      {code ? <PairingCodeCard code={code} storeName={storeName(code.storeId)} onClose={() => setCode(null)} /> : null}

      <RegistersSection registers={registers.data ?? []} storeName={storeName} canWrite={canWrite} run={run} onCode={setCode} />
      <FiscalClosuresSection registers={registers.data ?? []} />
      {canWrite ? <ProblemsSection registers={registers.data ?? []} /> : null}
    </>
  );
}

/** A pairing code for a new till (or a re-pairing one for a register), as text and as a QR code. */
function PairingCodeCard({ code, storeName, onClose }: { code: PairingCodeView; storeName: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card pairing" aria-label={t('stores.code')}>
      <h2>
        {t('stores.code')} · {storeName}
      </h2>
      <output aria-label={t('stores.code')} className="code">
        {code.code}
      </output>
      <div className="qr" role="img" aria-label={t('stores.qr')} dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
      <p>{t('stores.codeHelp', { server: code.serverUrl, until: dateTime(code.expiresAt, i18n.language) })}</p>
      <button type="button" className="secondary" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
