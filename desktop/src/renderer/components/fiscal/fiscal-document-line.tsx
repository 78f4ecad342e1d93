/**
 * @module
 * A sale's documento commerciale as the device numbered it: "DOCUMENTO N. 0001-0003" with the
 * device's serial, date and time; or that it is still waiting for the device. Nothing on a till
 * without a fiscal device.
 */
import { useTranslation } from 'react-i18next';
import { fiscalDate, fiscalDocumentNumber } from './fiscal-text';
import { useSaleDocument } from './use-fiscal-state';

export function FiscalDocumentLine({ saleId }: { saleId: string }) {
  const { t } = useTranslation();
  const found = useSaleDocument(saleId);
  if (!found?.configured) return null;
  const { document } = found;
  if (!document) {
    return <p className="fiscal-document waiting" role="status" aria-label={t('fiscal.saleFields')}>{t(found.waiting ? 'fiscal.documentWaiting' : 'fiscal.documentNone')}</p>;
  }
  const number = t('fiscal.document', { number: fiscalDocumentNumber(document) });
  return (
    <p className="fiscal-document" role="status" aria-label={t('fiscal.saleFields')}>
      <strong>{number}</strong>{' '}
      <span>{t('fiscal.documentDetail', { serial: document.serial, date: fiscalDate(document.date), time: document.time.slice(0, 5) })}</span>
    </p>
  );
}
