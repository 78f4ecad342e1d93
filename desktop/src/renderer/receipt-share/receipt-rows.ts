/**
 * @module
 * The receipt's rows as the paper has them, from the till's `sale.receiptView`: text with its
 * alignment, bold and magnification, a printed code as its payload (once: not again when the
 * paper prints it as text beside the code; the return QR's `CASSA:…` is typed back or found by the
 * receipt number), feeds as blank rows, the cut as a dashed rule. Pure,
 * so the picture and the text a screen reader gets come from the same rows.
 */
import type { ReceiptView } from '@cassa/shared';

export interface ReceiptRow {
  readonly text: string;
  readonly align: 'left' | 'center' | 'right';
  readonly bold: boolean;
  /** Character magnification, as the printer's double width and height. */
  readonly width: number;
  readonly height: number;
  readonly kind: 'text' | 'code' | 'blank' | 'cut';
}

const plain = { align: 'left', bold: false, width: 1, height: 1 } as const;

/** True when the receipt also prints the code's payload as text next to it (its human-readable line). */
function printedBeside(view: ReceiptView, index: number, data: string): boolean {
  return [view.items[index - 1], view.items[index + 1]].some((item) => item?.kind === 'text' && item.text.trim() === data);
}

export function receiptRows(view: ReceiptView): ReceiptRow[] {
  const rows: ReceiptRow[] = [];
  for (const [index, item] of view.items.entries()) {
    if (item.kind === 'text') rows.push({ ...item, kind: 'text' });
    else if (item.kind === 'code') {
      if (!printedBeside(view, index, item.data)) rows.push({ text: item.data, align: item.align, bold: false, width: 1, height: 1, kind: 'code' });
    }
    // A long feed before the cut is paper for the tear bar, not space a screen needs.
    else if (item.kind === 'feed') for (let i = 0; i < Math.min(item.lines, 2); i++) rows.push({ ...plain, text: '', kind: 'blank' });
    else rows.push({ ...plain, text: '-'.repeat(view.columns), kind: 'cut' });
  }
  // What follows the last cut (nothing, or a feed) is not part of this receipt.
  while (rows.length > 0 && rows.at(-1)!.kind !== 'text' && rows.at(-1)!.kind !== 'code') rows.pop();
  return rows;
}

/** The receipt as plain text, for a screen reader and for sharing as text. */
export function receiptText(rows: readonly ReceiptRow[]): string {
  return rows.map((row) => row.text).join('\n');
}
