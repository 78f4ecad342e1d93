/**
 * @module
 * What this browser can print to, in the cashier's language (see `print-reach.ts`).
 */
import { usePhoneText } from '../input/phone-i18n';
import { printReach } from './print-reach';

export function PrintReachList() {
  const { t } = usePhoneText();
  const reach = printReach();
  return (
    <section className="print-reach" aria-label={t('reach.title')}>
      <h3>{t('reach.title')}</h3>
      <ul>
        {!reach.secure && <li className="error">{t('reach.insecure')}</li>}
        <li>{t('reach.network')}</li>
        <li>{t(reach.webUsb ? 'reach.usbYes' : 'reach.usbNo')}</li>
        <li>{t(reach.webSerial ? 'reach.serialYes' : 'reach.serialNo')}</li>
        <li>{t('reach.fiscal')}</li>
      </ul>
    </section>
  );
}
