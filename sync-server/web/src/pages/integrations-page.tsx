/**
 * @module
 * "Integrazioni" (issue 19): how an integrator, an accountant's ERP and SAP Business One reach
 * the chain: API keys, webhooks, exports for the ERP, imports from it, the SAP link. Owners and
 * managers of every store see it; each section says what a reader may not change.
 */
import type { HeadOfficeMe } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { ApiKeysSection } from './integrations-api-keys';
import { ErpExportsSection } from './integrations-erp-exports';
import { ErpImportsSection } from './integrations-erp-imports';
import { SapSection } from './integrations-sap';
import { WebhooksSection } from './integrations-webhooks';

export function IntegrationsPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('nav.integrations')}</h1>
      <ErpExportsSection me={me} />
      <ErpImportsSection me={me} />
      <ApiKeysSection me={me} />
      <WebhooksSection me={me} />
      <SapSection me={me} />
    </>
  );
}
