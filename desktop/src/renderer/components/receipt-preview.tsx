/**
 * @module
 * What the virtual printer printed for the last sale, for demos and for shops without a printer
 * yet. Shows nothing with a real printer.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTill } from '../till-context';

export function ReceiptPreview() {
  const { t } = useTranslation();
  const { client } = useTill();
  const [png, setPng] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    // The receipt prints just after the sale commits; a couple of tries catch it.
    const load = (attempt: number) => {
      client
        .call('printer.preview', {})
        .then((preview) => {
          if (!alive) return;
          if (preview) setPng(preview.pngBase64);
          else if (attempt < 5) setTimeout(() => load(attempt + 1), 200);
        })
        .catch(() => undefined);
    };
    const timer = setTimeout(() => load(0), 150);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [client]);

  if (!png) return null;
  return <img className="receipt-preview" alt={t('sale.preview')} src={`data:image/png;base64,${png}`} />;
}
