import { describe, expect, it } from 'vitest';
import { useRtEmulator } from '../testing/fiscal-fixtures';
import { control, directIo, epsonSale, postEpson } from './testing/wire';

const serial = '99MEY012345';
const session = useRtEmulator({ serial });

/** Sale 1: 10.00 at 22 % (department 1) and 5.00 at 10 % (department 2), paid 10.00 card + 5.00 cash. */
const mixedSale = epsonSale(
  [
    ['SCARPE', '1', '10.00', 1],
    ['PANE', '1', '5.00', 2],
  ],
  [
    ['10.00', 2, 1],
    ['5.00', 0, 1],
  ],
);

function refund(reference: string, lines: string, total = '<printRecTotal operator="1" description="RESO" payment="10.00" paymentType="0" index="1"/>'): string {
  return `<printerFiscalReceipt><printRecMessage operator="1" messageType="4" index="1" font="1" message="${reference}"/><beginFiscalReceipt operator="1"/>${lines}${total}<endFiscalReceipt operator="1"/></printerFiscalReceipt>`;
}
const refundLine = (price: string, dept: number): string => `<printRecRefund operator="1" description="SCARPE" quantity="1" unitPrice="${price}" department="${dept}"/>`;
const voidOf = (reference: string): string =>
  `<printerFiscalReceipt><printRecMessage operator="1" messageType="4" index="1" font="1" message="${reference}"/><beginFiscalReceipt operator="1"/><printRecTotal operator="1"/><endFiscalReceipt operator="1"/></printerFiscalReceipt>`;

interface Split {
  sales: number;
  returns: number;
  voids: number;
}
async function totals(): Promise<{ vat: Record<string, Split>; tenders: Record<string, Split>; daily: number; journal: unknown[] }> {
  const { json } = await control(session.rt.url, 'state');
  const day = json['dayTotals'] as { vat: Record<string, Split>; tenders: Record<string, Split> };
  return { vat: day.vat, tenders: day.tenders, daily: json['dailyAmountCents'] as number, journal: json['journal'] as unknown[] };
}

describe('returns (reso)', () => {
  it('a return referencing a sale lowers the day net per VAT, kept apart from sales', async () => {
    await postEpson(session.rt.url, mixedSale);
    const reply = await postEpson(session.rt.url, refund(`REFUND 0001 0001 03122026 ${serial}`, refundLine('10.00', 1)));
    expect(reply.attribute('response', 'success')).toBe('true');
    expect(reply.field('fiscalReceiptNumber')).toBe('2');
    const t = await totals();
    expect(t.vat['22']).toEqual({ sales: 1000, returns: 1000, voids: 0 });
    expect(t.vat['10']).toEqual({ sales: 500, returns: 0, voids: 0 });
    expect(t.tenders['cash']).toEqual({ sales: 500, returns: 1000, voids: 0 });
    expect(t.tenders['electronic']).toEqual({ sales: 1000, returns: 0, voids: 0 });
    expect(t.daily).toBe(500);
    const x = await postEpson(session.rt.url, '<printerFiscalReport><printXReport operator="1"/></printerFiscalReport>');
    expect(x.field('dailyAmount')).toBe('5,00');
  });

  it('refuses a return exceeding what was sold, in one go or in two', async () => {
    await postEpson(session.rt.url, mixedSale);
    const ref = `REFUND 0001 0001 03122026 ${serial}`;
    const tooMuch = await postEpson(session.rt.url, refund(ref, refundLine('15.01', 1), '<printRecTotal operator="1"/>'));
    expect(tooMuch.attribute('response', 'success')).toBe('false');
    expect((await postEpson(session.rt.url, refund(ref, refundLine('10.00', 1)))).attribute('response', 'success')).toBe('true');
    const second = await postEpson(session.rt.url, refund(ref, refundLine('5.01', 2), '<printRecTotal operator="1"/>'));
    expect(second.attribute('response', 'success')).toBe('false');
    expect((await postEpson(session.rt.url, refund(ref, refundLine('5.00', 2), '<printRecTotal operator="1"/>'))).attribute('response', 'success')).toBe('true');
    expect((await postEpson(session.rt.url, directIo('9205', `1${serial}0312202600010001`))).field('responseData')).toBe('2 exceeds-sold');
    expect((await totals()).journal).toHaveLength(3);
  });

  it('refuses a return of an unknown document; 9205 says the same before printing', async () => {
    await postEpson(session.rt.url, mixedSale);
    const unknown = await postEpson(session.rt.url, refund(`REFUND 0001 0007 03122026 ${serial}`, refundLine('1.00', 1)));
    expect(unknown.attribute('response', 'success')).toBe('false');
    expect((await postEpson(session.rt.url, directIo('9205', `1${serial}0312202600070001`))).field('responseData')).toBe('2 unknown-document');
    expect((await postEpson(session.rt.url, directIo('9205', `1${serial}0312202600010001`))).field('responseData')).toBe('0');
    expect((await postEpson(session.rt.url, directIo('9205', `1${serial}0412202600010001`))).field('responseData')).toBe('2 unknown-document');
    const bad = await postEpson(session.rt.url, directIo('9205', '1XX'));
    expect(bad.attribute('response', 'success')).toBe('false');
  });

  it('accepts a return of another device’s sale (it cannot check it) and an unreferenced one', async () => {
    const other = await postEpson(session.rt.url, refund('REFUND 0042 0003 01122026 99MEY099999', refundLine('10.00', 1)));
    expect(other.attribute('response', 'success')).toBe('true');
    const free = await postEpson(session.rt.url, refund('REFUND 0000 0000 03122026 00000000000', refundLine('10.00', 1)));
    expect(free.attribute('response', 'success')).toBe('true');
    expect((await totals()).vat['22']).toEqual({ sales: 0, returns: 2000, voids: 0 });
  });

  it('refuses sale lines in a return and an unreadable type-4 message', async () => {
    await postEpson(session.rt.url, mixedSale);
    const saleLine = await postEpson(session.rt.url, refund(`REFUND 0001 0001 03122026 ${serial}`, '<printRecItem description="X" quantity="1" unitPrice="1.00" department="1"/>'));
    expect(saleLine.attribute('response', 'success')).toBe('false');
    const garbled = await postEpson(session.rt.url, refund('REFUND 1 1 3122026 X', refundLine('1.00', 1)));
    expect(garbled.attribute('response', 'success')).toBe('false');
  });
});

describe('voids (annullo)', () => {
  it('voids a sale of the same day: totals move to voids, tenders too, once only', async () => {
    await postEpson(session.rt.url, mixedSale);
    expect((await postEpson(session.rt.url, directIo('9205', `2${serial}0312202600010001`))).field('responseData')).toBe('0');
    const reply = await postEpson(session.rt.url, voidOf(`VOID 0001 0001 03122026 ${serial}`));
    expect(reply.attribute('response', 'success')).toBe('true');
    expect(reply.field('fiscalReceiptAmount')).toBe('15,00');
    const t = await totals();
    expect(t.vat['22']).toEqual({ sales: 1000, returns: 0, voids: 1000 });
    expect(t.vat['10']).toEqual({ sales: 500, returns: 0, voids: 500 });
    expect(t.tenders['electronic']).toEqual({ sales: 1000, returns: 0, voids: 1000 });
    expect(t.daily).toBe(0);
    expect((await postEpson(session.rt.url, voidOf(`VOID 0001 0001 03122026 ${serial}`))).attribute('response', 'success')).toBe('false');
    expect((await postEpson(session.rt.url, directIo('9205', `2${serial}0312202600010001`))).field('responseData')).toBe('2 already-voided');
  });

  it('refuses a void of another day, in 9205 and on the receipt', async () => {
    await postEpson(session.rt.url, mixedSale);
    await postEpson(session.rt.url, '<printerFiscalReport><printXZReport operator="1"/></printerFiscalReport>');
    session.clock.set('2026-12-04T09:00:00');
    expect((await postEpson(session.rt.url, directIo('9205', `2${serial}0312202600010001`))).field('responseData')).toBe('2 other-day');
    const reply = await postEpson(session.rt.url, voidOf(`VOID 0001 0001 03122026 ${serial}`));
    expect(reply.attribute('response', 'success')).toBe('false');
    expect(reply.attribute('response', 'code')).toBe('PRINTER ERROR');
    // A return of the same sale is still allowed the next day.
    expect((await postEpson(session.rt.url, directIo('9205', `1${serial}0312202600010001`))).field('responseData')).toBe('0');
    expect((await totals()).journal).toHaveLength(1);
  });

  it('refuses a void of another device’s sale or of a partly returned one', async () => {
    await postEpson(session.rt.url, mixedSale);
    expect((await postEpson(session.rt.url, voidOf('VOID 0001 0001 03122026 99MEY099999'))).attribute('response', 'success')).toBe('false');
    await postEpson(session.rt.url, refund(`REFUND 0001 0001 03122026 ${serial}`, refundLine('1.00', 1), '<printRecTotal operator="1"/>'));
    expect((await postEpson(session.rt.url, voidOf(`VOID 0001 0001 03122026 ${serial}`))).attribute('response', 'success')).toBe('false');
  });
});
