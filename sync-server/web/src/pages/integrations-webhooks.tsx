/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper B (webhooks); replaced by the real section of the
 * "Integrazioni" page.
 */
import type { HeadOfficeMe } from '@cassa/shared';
import { useTranslation } from 'react-i18next';

export function WebhooksSection({ me: _me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t('webhooks.title')}</h2>
    </section>
  );
}
