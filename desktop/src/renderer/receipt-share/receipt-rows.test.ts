import { describe, expect, it } from 'vitest';
import type { ReceiptView } from '@cassa/shared';
import { receiptRows, receiptText } from './receipt-rows';

const view: ReceiptView = {
  saleId: 'sale-1',
  columns: 32,
  escPosBase64: '',
  items: [
    { kind: 'text', text: 'Bottega Demo', align: 'center', bold: true, width: 2, height: 2 },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: 'TOTALE   4,49', align: 'left', bold: true, width: 1, height: 1 },
    { kind: 'code', symbology: 'qr', data: 'CASSA:sale-1', align: 'center' },
    { kind: 'feed', lines: 6 },
    { kind: 'cut' },
    { kind: 'feed', lines: 3 },
  ],
};

describe('the receipt\'s rows on screen', () => {
  it('keeps text styles, shows a code by its payload and drops the paper after the cut', () => {
    const rows = receiptRows(view);
    expect(rows.map((row) => row.kind)).toEqual(['text', 'blank', 'text', 'code']);
    expect(rows[0]).toMatchObject({ text: 'Bottega Demo', align: 'center', bold: true, width: 2, height: 2 });
    expect(receiptText(rows)).toBe('Bottega Demo\n\nTOTALE   4,49\nCASSA:sale-1');
  });

  it('shows a code once when the paper prints its payload beside it', () => {
    const printed: ReceiptView = { ...view, items: [{ kind: 'code', symbology: 'qr', data: 'CASSA:sale-1', align: 'center' }, { kind: 'text', text: '  CASSA:sale-1', align: 'center', bold: false, width: 1, height: 1 }] };
    expect(receiptText(receiptRows(printed))).toBe('  CASSA:sale-1');
  });
});
