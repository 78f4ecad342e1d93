/**
 * @module
 * A receipt for a screen (issue 20): the ESC/POS bytes the core's receipt layout made for the
 * till's printer, decoded back into its lines, codes, feeds and cut. Decoding the bytes, rather
 * than laying the sale out a second time, keeps the screen and the paper the same receipt.
 * No Node: it runs in the phone's worker too.
 */
import type { DecodedItem, PrinterProfile } from '@cassa/drivers/portable';
import { decodeEscPos } from '@cassa/drivers/portable';
import type { ReceiptView, ReceiptViewItem } from '@cassa/shared';
import { toBase64 } from '../portable/bytes';

function viewItem(item: DecodedItem): ReceiptViewItem | null {
  switch (item.kind) {
    case 'text':
      return { kind: 'text', text: item.text, align: item.align, bold: item.bold, width: item.width, height: item.height };
    case 'barcode':
      return { kind: 'code', symbology: item.symbology, data: item.data, align: item.align };
    case 'qr':
      return { kind: 'code', symbology: 'qr', data: item.data, align: item.align };
    case 'feed':
      return { kind: 'feed', lines: Math.min(item.lines, 255) };
    case 'cut':
      return { kind: 'cut' };
    // The drawer kick and status requests are not on the paper. The shop's logo (a raster image or one
    // stored in the printer) is left out: the shop's name is printed as text under it anyway.
    case 'drawer':
    case 'status-request':
    case 'image':
    case 'nv-logo':
      return null;
  }
}

export function receiptViewOf(saleId: string, bytes: Uint8Array, profile: PrinterProfile): ReceiptView {
  const decoded = decodeEscPos(bytes, { codePageTables: profile.codePageTables });
  return {
    saleId,
    columns: profile.columns.fontA,
    items: decoded.items.flatMap((item) => viewItem(item) ?? []),
    escPosBase64: toBase64(bytes),
  };
}
