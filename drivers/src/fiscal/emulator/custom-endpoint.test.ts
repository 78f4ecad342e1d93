import { describe, expect, it } from 'vitest';
import { useRtEmulator } from '../testing/fiscal-fixtures';
import { basicAuth, control, postCustom, postText } from './testing/wire';

const serial = '99MEY012345';
const session = useRtEmulator({ serial });

/** 2 × 9.90 at department 1, discount 1.98, card 17.82 (quantity ×1000, money ×100). */
const sale =
  '<printerFiscalReceipt><beginFiscalReceipt/>' +
  '<printRecItem description="T-SHIRT M" quantity="2000" unitPrice="990" department="1"/>' +
  '<printRecItemAdjustment adjustmentType="3" description="Sconto" amount="198" department="1"/>' +
  '<setLotteryCode code="ABCD1234"/>' +
  '<printRecTotal description="Carta" payment="1782" paymentType="2" index="1"/>' +
  '<endFiscalReceiptCut/></printerFiscalReceipt>';

const reference = (begin: 'beginRtDocRefund' | 'beginRtDocAnnulment', number: string, checkOnly: '0' | '1', date = '031226', tail = ''): string =>
  `<printerFiscalReceipt><${begin} docRefZ="0001" docRefNumber="${number}" docDate="${date}" fiscalSerial="${serial}" printPreview="0" checkOnly="${checkOnly}"/>${tail}</printerFiscalReceipt>`;

describe('Custom /xml/printer.htm', () => {
  it('refuses requests without or with wrong Basic credentials', async () => {
    const none = await postText(`${session.rt.url}/xml/printer.htm`, sale);
    expect(none.status).toBe(401);
    const wrong = await postText(`${session.rt.url}/xml/printer.htm`, sale, basicAuth(serial, 'nope'));
    expect(wrong.status).toBe(401);
    expect(((await control(session.rt.url, 'state')).json['journal'] as unknown[]).length).toBe(0);
  });

  it('prints a sale from integer quantities and prices and answers nClose and fiscalDoc', async () => {
    const reply = await postCustom(session.rt.url, sale);
    expect(reply.status).toBe(200);
    expect(reply.attribute('response', 'success')).toBe('true');
    expect(reply.attribute('response', 'status')).toBe('0');
    expect(reply.field('nClose')).toBe('1');
    expect(reply.field('fiscalDoc')).toBe('1');
    // The manual's own form of dateTime.
    expect(reply.field('dateTime')).toBe('2026-12-03T09:00:00');
    const journal = (await control(session.rt.url, 'state')).json['journal'] as { amountCents: number; lotteryCode: string; tenders: unknown[] }[];
    expect(journal[0]?.amountCents).toBe(1782);
    expect(journal[0]?.lotteryCode).toBe('ABCD1234');
    expect(journal[0]?.tenders).toEqual([{ kind: 'electronic', amountCents: 1782 }]);
  });

  it('checkOnly answers without printing; then the return prints with its lines', async () => {
    await postCustom(session.rt.url, sale);
    const check = await postCustom(session.rt.url, reference('beginRtDocRefund', '0001', '1'));
    expect(check.attribute('response', 'success')).toBe('true');
    // responseBuf: 1 found and allowed (manual).
    expect(check.field('responseBuf')).toBe('1');
    expect(((await control(session.rt.url, 'state')).json['journal'] as unknown[]).length).toBe(1);
    const items = '<printRecItem description="T-SHIRT M" quantity="1000" unitPrice="891" department="1"/><printRecTotal description="Contanti" payment="891" paymentType="1"/><endFiscalReceiptCut/>';
    const done = await postCustom(session.rt.url, reference('beginRtDocRefund', '0001', '0', '031226', items));
    expect(done.attribute('response', 'success')).toBe('true');
    expect(done.field('fiscalDoc')).toBe('2');
    const vat = ((await control(session.rt.url, 'state')).json['dayTotals'] as { vat: Record<string, unknown> }).vat;
    expect(vat['22']).toEqual({ sales: 1782, returns: 891, voids: 0 });
  });

  it('checkOnly answers 0 for an unknown document and 2 for a void of another day; an over-return is refused', async () => {
    const unknown = await postCustom(session.rt.url, reference('beginRtDocRefund', '0009', '1'));
    expect(unknown.field('responseBuf')).toBe('0');
    await postCustom(session.rt.url, sale);
    const tooMuch = '<printRecItem description="X" quantity="1000" unitPrice="1783" department="1"/><endFiscalReceiptCut/>';
    const over = await postCustom(session.rt.url, reference('beginRtDocRefund', '0001', '0', '031226', tooMuch));
    expect(over.attribute('response', 'success')).toBe('false');
    // ProtocolErrors.cs 117: "the requested function is not allowed at this moment".
    expect(over.attribute('response', 'status')).toBe('117');
    await postCustom(session.rt.url, '<printerFiscalReport><printZReport/></printerFiscalReport>');
    await control(session.rt.url, 'clock', { set: '2026-12-04T09:00:00' });
    const voidCheck = await postCustom(session.rt.url, reference('beginRtDocAnnulment', '0001', '1'));
    expect(voidCheck.field('responseBuf')).toBe('2');
    expect(((await control(session.rt.url, 'state')).json['journal'] as unknown[]).length).toBe(1);
  });

  it('voids a same-day sale with beginRtDocAnnulment', async () => {
    await postCustom(session.rt.url, sale);
    const done = await postCustom(session.rt.url, reference('beginRtDocAnnulment', '0001', '0', '031226', '<endFiscalReceiptCut/>'));
    expect(done.attribute('response', 'success')).toBe('true');
    expect((await control(session.rt.url, 'state')).json['dailyAmountCents']).toBe(0);
  });

  it('answers faults with Custom error numbers', async () => {
    const cases: readonly [string, string][] = [
      ['paper-end', '16'],
      ['cover-open', '64'],
      ['journal-full', '30'],
      ['fiscal-memory-full', '51'],
      ['closure-needed', '61'],
      ['certificate-expired', '84'],
      ['busy', '98'],
    ];
    for (const [fault, code] of cases) {
      await control(session.rt.url, 'fault', { fault, count: 1 });
      const reply = await postCustom(session.rt.url, sale);
      expect(reply.attribute('response', 'success'), fault).toBe('false');
      expect(reply.attribute('response', 'status'), fault).toBe(code);
    }
    await control(session.rt.url, 'fault', { fault: 'second-z' });
    const z = await postCustom(session.rt.url, '<printerFiscalReport><printZReport/></printerFiscalReport>');
    expect(z.attribute('response', 'status')).toBe('71');
    await control(session.rt.url, 'fault', { fault: 'journal-near-full' });
    expect((await postCustom(session.rt.url, sale)).attribute('response', 'status')).toBe('31');
  });

  it('getInfo answers infoResp with the serial, the closures made and the service state (InfoResp.cs)', async () => {
    await postCustom(session.rt.url, sale);
    await postCustom(session.rt.url, '<printerFiscalReport><printZReport description=""/></printerFiscalReport>');
    const info = await postCustom(session.rt.url, '<printerCommand><getInfo/></printerCommand>');
    expect(info.attribute('infoResp', 'success')).toBe('true');
    expect(info.field('serialNumber')).toBe(serial);
    expect(info.field('zSetNumber')).toBe('1');
    expect(info.field('fpuState')).toBe('IN SERVIZIO');
    expect(info.field('certExpired')).toBe('NO');
    await control(session.rt.url, 'fault', { fault: 'not-in-service' });
    expect((await postCustom(session.rt.url, '<printerCommand><getInfo/></printerCommand>')).field('fpuState')).not.toBe('IN SERVIZIO');
  });

  it('queryPrinterStatus: five 0/1 digits, S1 cover open, S2 paper end, S4 EJ full, S5 EJ almost full', async () => {
    const status = async (): Promise<string | undefined> => (await postCustom(session.rt.url, '<printerCommand><queryPrinterStatus/></printerCommand>')).field('printerStatus');
    expect(await status()).toBe('00000');
    await control(session.rt.url, 'fault', { fault: 'paper-end' });
    expect(await status()).toBe('01000');
    await control(session.rt.url, 'fault', { fault: 'cover-open' });
    expect(await status()).toBe('11000');
    await control(session.rt.url, 'fault', { fault: 'none' });
    await control(session.rt.url, 'fault', { fault: 'journal-near-full' });
    expect(await status()).toBe('00001');
  });

  it('getVatTotalsOnDemand names the period\'s last document; getDailyTotals counts it in digit cents', async () => {
    const none = await postCustom(session.rt.url, '<printerCommand><getVatTotalsOnDemand vatgroup="0" doctype="0"/></printerCommand>');
    expect(none.text).not.toContain('<lastDocument>');
    await postCustom(session.rt.url, sale);
    const last = await postCustom(session.rt.url, '<printerCommand><getVatTotalsOnDemand vatgroup="0" doctype="0"/></printerCommand>');
    expect(last.text).toContain('<lastDocument><number>1</number><dateTime>2026-12-03T09:00:00</dateTime><total>17.82</total></lastDocument>');
    const daily = await postCustom(session.rt.url, '<printerCommand><getDailyTotals/></printerCommand>');
    expect(daily.field('receiptsTot')).toBe('000001782');
    expect(daily.field('telematicRefundRecTot')).toBe('000000000');
  });

  it('no answer after printing: HTTP 504, yet the document exists', async () => {
    await control(session.rt.url, 'fault', { fault: 'no-answer-after-print' });
    expect((await postCustom(session.rt.url, sale)).status).toBe(504);
    const last = await postCustom(session.rt.url, '<printerCommand><getVatTotalsOnDemand vatgroup="0" doctype="0"/></printerCommand>');
    expect(last.text).toContain('<number>1</number>');
  });

  it('refuses dot decimals and huge integers where Custom wants integers', async () => {
    const dotted = sale.replace('unitPrice="990"', 'unitPrice="9.90"');
    expect((await postCustom(session.rt.url, dotted)).attribute('response', 'success')).toBe('false');
    const huge = sale.replace('unitPrice="990"', 'unitPrice="99999999999"');
    expect((await postCustom(session.rt.url, huge)).attribute('response', 'success')).toBe('false');
  });
});
