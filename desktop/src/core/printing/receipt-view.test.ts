/**
 * `sale.receiptView` (issue 20): a phone without a printer shows the same receipt the printer gets,
 * line for line, with its return QR, and the ESC/POS bytes for a WebUSB printer; not a copy; an
 * unknown sale is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from '@cassa/drivers/portable';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

describe('a sale\'s receipt for the screen', () => {
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    till = createTestTill();
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
  });
  afterEach(() => till.dispose());

  it('has the printed receipt\'s lines, its return code and its bytes', async () => {
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 1000 }, token);
    const done = await till.call('sale.complete', { printReceipt: true }, token);
    await till.core.services.printing.idle();

    const view = await till.call('sale.receiptView', { saleId: done.saleId }, token);
    const printed = till.printer.printed[0]!.bytes;
    const paper = decodedText(decodeEscPos(printed, { codePageTables: till.printer.profile.codePageTables }));
    const screen = view.items.flatMap((item) => (item.kind === 'text' ? [item.text] : [])).join('\n');
    expect(screen).toBe(paper);
    expect(screen).toContain('0001-0001');
    expect(screen).toMatch(/Resto +5,51/);
    expect(view.items.some((item) => item.kind === 'code' && item.symbology === 'qr' && item.data === `CASSA:${done.saleId}`)).toBe(true);
    expect(view.columns).toBe(till.printer.profile.columns.fontA);
    // The same bytes the printer got: a WebUSB printer prints what the paper would have been.
    expect(Uint8Array.from(atob(view.escPosBase64), (char) => char.charCodeAt(0))).toEqual(printed);
    expect(screen).not.toMatch(/COPIA/);
  });

  it('refuses a sale that does not exist', async () => {
    await expect(till.call('sale.receiptView', { saleId: 'no-such-sale' }, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
