/**
 * @module
 * A receipt without a printer (issue 20): the sale's receipt on screen, as the printer lays it out
 * (`sale.receiptView`), shared as a PNG or a PDF through the phone's share sheet or downloaded,
 * or printed on a USB receipt printer where the browser has WebUSB. Says what else it can print to.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReceiptView } from '@cassa/shared';
import { Dialog } from '../components/dialog';
import { useTill } from '../till-context';
import { usePhoneText } from '../input/phone-i18n';
import { PrintReachList } from './print-reach-list';
import { printReach } from './print-reach';
import { monoFromRgba, pdfOfBitmap } from './receipt-pdf';
import { canvasBlob, receiptCanvas } from './receipt-picture';
import { receiptRows, receiptText } from './receipt-rows';
import { shareOrDownload } from './share-file';
import type { UsbLike } from './webusb-print';
import { NoUsbPrinterError, bytesOfBase64, printOverWebUsb } from './webusb-print';

// 80 mm paper is 226.77 pt wide; a 58 mm roll's 32 columns get a proportionally narrower page.
const pointsPerColumn = 226.77 / 48;

async function pdfFile(canvas: HTMLCanvasElement, columns: number, name: string): Promise<File> {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this browser');
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const pdf = await pdfOfBitmap(monoFromRgba(data, canvas.width, canvas.height), Math.round(columns * pointsPerColumn * 100) / 100);
  return new File([pdf as Uint8Array<ArrayBuffer>], `${name}.pdf`, { type: 'application/pdf' });
}

function useReceiptView(saleId: string): { view: ReceiptView | null; error: string | null } {
  const { client } = useTill();
  const [state, setState] = useState<{ view: ReceiptView | null; error: string | null }>({ view: null, error: null });
  useEffect(() => {
    let alive = true;
    client
      .call('sale.receiptView', { saleId })
      .then((view) => alive && setState({ view, error: null }))
      .catch((e: unknown) => alive && setState({ view: null, error: e instanceof Error ? e.message : String(e) }));
    return () => {
      alive = false;
    };
  }, [client, saleId]);
  return state;
}

export function ReceiptShareDialog({ saleId, receiptNumber, onClose }: { saleId: string; receiptNumber: string; onClose: () => void }) {
  const { t } = usePhoneText();
  const { view, error } = useReceiptView(saleId);
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);
  const rows = useMemo(() => (view ? receiptRows(view) : []), [view]);
  const canvas = useMemo(() => (view ? receiptCanvas(rows, view.columns) : null), [view, rows]);
  const picture = useMemo(() => canvas?.toDataURL('image/png') ?? null, [canvas]);
  const name = `scontrino-${receiptNumber}`;

  const act = async (work: () => Promise<string>) => {
    try {
      setSaid({ text: await work(), bad: false });
    } catch (e) {
      const reason = e instanceof NoUsbPrinterError ? t('receipt.noUsbPrinter') : e instanceof Error ? e.message : String(e);
      setSaid({ text: t('receipt.failed', { reason }), bad: true });
    }
  };
  const outcome = (result: Awaited<ReturnType<typeof shareOrDownload>>) => (result === 'shared' ? t('receipt.shared') : result === 'downloaded' ? t('receipt.downloaded') : '');
  const shareImage = () => act(async () => outcome(await shareOrDownload(new File([await canvasBlob(canvas!, 'image/png')], `${name}.png`, { type: 'image/png' }))));
  const sharePdf = () => act(async () => outcome(await shareOrDownload(await pdfFile(canvas!, view!.columns, name))));
  const printUsb = () => act(async () => {
    await printOverWebUsb(bytesOfBase64(view!.escPosBase64), (navigator as unknown as { usb: UsbLike }).usb);
    return t('receipt.printed');
  });

  return (
    <Dialog title={t('receipt.title', { number: receiptNumber })} onClose={onClose}>
      <div className="receipt-share">
        {picture ? (
          <img className="receipt-picture" src={picture} alt={t('receipt.picture', { number: receiptNumber })} title={receiptText(rows)} />
        ) : (
          !error && <p role="status">{t('receipt.loading')}</p>
        )}
        {error && <p role="alert" className="error">{t('receipt.failed', { reason: error })}</p>}
        {said?.text && <p role={said.bad ? 'alert' : 'status'} className={said.bad ? 'error' : 'notice'}>{said.text}</p>}
        <div className="receipt-share-actions">
          <button type="button" className="primary" disabled={!canvas} onClick={() => void shareImage()}>{t('receipt.shareImage')}</button>
          <button type="button" disabled={!canvas} onClick={() => void sharePdf()}>{t('receipt.sharePdf')}</button>
          {printReach().webUsb && <button type="button" disabled={!view} onClick={() => void printUsb()}>{t('receipt.printUsb')}</button>}
          <button type="button" onClick={onClose}>{t('receipt.close')}</button>
        </div>
        <PrintReachList />
      </div>
    </Dialog>
  );
}

/** The done banner's button: shown on phones and tablets (CSS), where a printer is often absent. */
export function ReceiptShareButton({ saleId, receiptNumber }: { saleId: string; receiptNumber: string }) {
  const { t } = usePhoneText();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="receipt-share-button" onClick={() => setOpen(true)}>{t('receipt.open')}</button>
      {open && <ReceiptShareDialog saleId={saleId} receiptNumber={receiptNumber} onClose={() => setOpen(false)} />}
    </>
  );
}
