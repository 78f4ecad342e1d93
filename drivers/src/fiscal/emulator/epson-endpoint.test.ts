import { describe, expect, it } from 'vitest';
import { useRtEmulator } from '../testing/fiscal-fixtures';
import { control, directIo, epsonSale, postEpson, postText } from './testing/wire';

const serial = '99MEY012345';
const session = useRtEmulator({ serial });

const tshirtSale = epsonSale(
  [['T-SHIRT M', '2', '9.90', 1]],
  [['17.82', 2, 1]],
  '<printRecItemAdjustment operator="1" adjustmentType="0" description="Sconto 10%" amount="1.98" department="1" justification="2"/>',
);

describe('Epson sale and last document (1387)', () => {
  it('prints a sale and answers in Epson shape: comma amount, d/M/yyyy, 5-digit status', async () => {
    const reply = await postEpson(session.rt.url, tshirtSale);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<soapenv:Envelope');
    expect(reply.attribute('response', 'success')).toBe('true');
    expect(reply.field('elementList')).toBe('lastCommand,printerStatus,fiscalReceiptNumber,fiscalReceiptAmount,fiscalReceiptDate,fiscalReceiptTime,zRepNumber');
    expect(reply.field('fiscalReceiptNumber')).toBe('1');
    expect(reply.field('fiscalReceiptAmount')).toBe('17,82');
    expect(reply.field('fiscalReceiptDate')).toBe('3/12/2026');
    expect(reply.field('fiscalReceiptTime')).toBe('09:00');
    expect(reply.field('zRepNumber')).toBe('1');
    expect(reply.field('printerStatus')).toMatch(/^00110$/);
  });

  it('1387 returns the document just printed, field by field', async () => {
    await postEpson(session.rt.url, tshirtSale);
    const reply = await postEpson(session.rt.url, directIo('1387', '01'));
    expect(reply.field('responseCommand')).toBe('1387');
    const data = reply.field('responseData') ?? '';
    // OP(2) amount(9) VAT(9) DDMMYY HHMMSS Z(4) doc(4) serial(11) instant-lottery(1) lottery(8) fiscal flag(1)
    expect(data.slice(0, 2)).toBe('01');
    expect(data.slice(2, 11)).toBe('000001782');
    expect(data.slice(11, 20)).toBe('000000321'); // 17.82 at 22 % holds 3.21 of VAT
    expect(data.slice(20, 26)).toBe('031226');
    expect(data.slice(26, 32)).toBe('090000');
    expect(data.slice(32, 36)).toBe('0001');
    expect(data.slice(36, 40)).toBe('0001');
    expect(data.slice(40, 51)).toBe(serial);
    expect(data.slice(51)).toBe(`0${' '.repeat(8)}1`);
  });

  it('formats small, odd and single-digit-day amounts and dates', async () => {
    session.clock.set('2026-01-05T18:07:00');
    const reply = await postEpson(session.rt.url, epsonSale([['CARAMELLA', '1.5', '0.33', 1]], [['1.00', 0, 1]]));
    expect(reply.field('fiscalReceiptAmount')).toBe('0,50'); // 1.5 × 0.33 = 0.495, half up
    expect(reply.field('fiscalReceiptDate')).toBe('5/1/2026');
    expect(reply.field('fiscalReceiptTime')).toBe('18:07');
    const state = await control(session.rt.url, 'state');
    const doc = (state.json['journal'] as { changeCents: number; tenders: unknown[] }[])[0];
    expect(doc?.changeCents).toBe(50);
    expect(doc?.tenders).toEqual([{ kind: 'cash', amountCents: 50 }]);
  });

  it('keeps the lottery code and the customer tax code on the document', async () => {
    await postEpson(session.rt.url, directIo('1061', '01RSSMRA80A01H501U'));
    await postEpson(session.rt.url, epsonSale([['LIBRO', '1', '12.00', 4]], [['12.00', 2, 1]], '<printRecLotteryID operator="1" code="ABCD1234"/>'));
    const data = (await postEpson(session.rt.url, directIo('1387', '01'))).field('responseData') ?? '';
    expect(data.slice(52, 60)).toBe('ABCD1234');
    const journal = (await control(session.rt.url, 'state')).json['journal'] as { customerTaxId?: string }[];
    expect(journal[0]?.customerTaxId).toBe('RSSMRA80A01H501U');
  });

  it('takes a customer tax code sent as directIO 1060/1061 inside the receipt (fiskaltrust), for that document only', async () => {
    const withVat = '<directIO command="1060" data="0112345678903"/>';
    await postEpson(session.rt.url, epsonSale([['LIBRO', '1', '12.00', 4]], [['12.00', 0, 0]], withVat));
    await postEpson(session.rt.url, epsonSale([['LIBRO', '1', '12.00', 4]], [['12.00', 0, 0]]));
    const bad = await postEpson(session.rt.url, epsonSale([['LIBRO', '1', '12.00', 4]], [['12.00', 0, 0]], '<directIO command="1061" data="01RSSMRA"/>'));
    expect(bad.attribute('response', 'success')).toBe('false');
    const journal = (await control(session.rt.url, 'state')).json['journal'] as { customerTaxId?: string }[];
    expect(journal.map((doc) => doc.customerTaxId ?? null)).toEqual(['12345678903', null]);
  });

  it('refuses malformed requests without committing anything', async () => {
    const tenMillion = Array.from({ length: 11 }, () => ['ORO', '1', '999999.99', 1] as const);
    const cases = [
      epsonSale(tenMillion, Array.from({ length: 11 }, () => ['999999.99', 2, 1] as const)), // a total beyond 1387's 9-digit amount
      epsonSale([['A', '1', '9,90', 1]], [['9.90', 0, 1]]), // comma decimals in a request
      epsonSale([['A', '1', '99999999999.00', 1]], [['1.00', 0, 1]]), // huge
      epsonSale([['A', '1', '1.00', 77]], [['1.00', 0, 1]]), // department without VAT
      epsonSale([['A', '1', '5.00', 1]], [['4.00', 0, 1]]), // not paid in full
      '<printerFiscalReceipt><beginFiscalReceipt operator="1"/><printRecItem description="A" quantity="1" unitPrice="1.00" department="1"/></printerFiscalReceipt>',
    ];
    for (const inner of cases) {
      const reply = await postEpson(session.rt.url, inner);
      expect(reply.attribute('response', 'success'), inner).toBe('false');
    }
    const nul = await postText(`${session.rt.url}/cgi-bin/fpmate.cgi`, `<s:Envelope xmlns:s="x"><s:Body>\u0000</s:Body></s:Envelope>`);
    expect(nul.attribute('response', 'code')).toBe('PARSER_ERROR');
    const unbalanced = await postText(`${session.rt.url}/cgi-bin/fpmate.cgi`, '<s:Envelope><s:Body><printerFiscalReceipt></s:Body>');
    expect(unbalanced.attribute('response', 'code')).toBe('PARSER_ERROR');
    const huge = await postText(`${session.rt.url}/cgi-bin/fpmate.cgi`, 'x'.repeat(2 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect((await control(session.rt.url, 'state')).json['journal']).toEqual([]);
  });
});

describe('Epson Z: numbering and totals', () => {
  it('restarts document numbers at each Z and increments Z', async () => {
    expect((await postEpson(session.rt.url, tshirtSale)).field('fiscalReceiptNumber')).toBe('1');
    expect((await postEpson(session.rt.url, tshirtSale)).field('fiscalReceiptNumber')).toBe('2');
    const x = await postEpson(session.rt.url, '<printerFiscalReport><printXReport operator="1"/></printerFiscalReport>');
    expect(x.field('dailyAmount')).toBe('35,64');
    const z = await postEpson(session.rt.url, '<printerFiscalReport><printXZReport operator="1" timeout="12000"/></printerFiscalReport>');
    expect(z.attribute('response', 'success')).toBe('true');
    expect(z.field('elementList')).toBe('lastCommand,printerStatus,zRepNumber,dailyAmount');
    expect(z.field('zRepNumber')).toBe('1');
    expect(z.field('dailyAmount')).toBe('35,64');
    const after = await postEpson(session.rt.url, tshirtSale);
    expect(after.field('fiscalReceiptNumber')).toBe('1');
    expect(after.field('zRepNumber')).toBe('2');
    const state = await control(session.rt.url, 'state');
    expect(state.json['z']).toBe(2);
    expect(state.json['fileCounts']).toEqual({ pending: 1, old: 0, rejected: 0 });
  });

  it('refuses a second Z on the same day with nothing in between, allows it the next day', async () => {
    await postEpson(session.rt.url, tshirtSale);
    const zReport = '<printerFiscalReport><printZReport operator="1"/></printerFiscalReport>';
    expect((await postEpson(session.rt.url, zReport)).attribute('response', 'success')).toBe('true');
    const second = await postEpson(session.rt.url, zReport);
    expect(second.attribute('response', 'success')).toBe('false');
    expect(second.attribute('response', 'code')).toBe('PRINTER ERROR');
    session.clock.advance(24 * 3600_000);
    const nextDay = await postEpson(session.rt.url, zReport);
    expect(nextDay.field('zRepNumber')).toBe('2');
    expect(nextDay.field('dailyAmount')).toBe('0,00');
  });

  it('asks for a Z once 24 h have passed since the first document (1138 [8]) and refuses sales', async () => {
    await postEpson(session.rt.url, tshirtSale);
    const before = (await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData') ?? '';
    expect(before[7]).toBe('1'); // [7] day open
    expect(before[8]).toBe('0');
    session.clock.advance(24 * 3600_000);
    expect((await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData')?.[8]).toBe('1');
    expect((await postEpson(session.rt.url, tshirtSale)).attribute('response', 'success')).toBe('false');
    expect((await postEpson(session.rt.url, '<printerFiscalReport><printXZReport operator="1"/></printerFiscalReport>')).field('zRepNumber')).toBe('1');
    expect((await postEpson(session.rt.url, tshirtSale)).field('fiscalReceiptNumber')).toBe('1');
  });

  it('refuses documents while the clock reads earlier than the last document', async () => {
    session.clock.set('2026-12-03T10:00:00');
    await postEpson(session.rt.url, tshirtSale);
    await control(session.rt.url, 'clock', { set: '2026-12-03T09:59:00' });
    expect((await postEpson(session.rt.url, tshirtSale)).attribute('response', 'success')).toBe('false');
    await control(session.rt.url, 'clock', { advanceMs: 120_000 });
    expect((await postEpson(session.rt.url, tshirtSale)).field('fiscalReceiptNumber')).toBe('2');
  });
});
