import { describe, expect, it } from 'vitest';
import { parseFailure } from '../testing/fiscal-fixtures';
import { FiscalDeviceError } from '../fiscal-device';
import { failureForCustomStatus, throwIfCustomFailed } from './custom-errors';
import {
  parseCustomDailyAmount,
  parseCustomDateTime,
  parseCustomInfo,
  parseCustomLastDocument,
  parseCustomPrinterStatus,
  parseCustomReferenceCheck,
  parseCustomReply,
  parseDigitsCents,
  parseDotAmount,
} from './custom-replies';
import { customReply, dailyTotalsReply, infoReply, issuedReply, lastDocumentReply } from './testing/custom-canned-replies';

const failureOf = parseFailure;

describe('Custom reply envelope', () => {
  it('reads success, status and the addInfo fields of an issued receipt', () => {
    const reply = parseCustomReply(issuedReply({ nClose: 12, fiscalDoc: 7 }), 'outcome-unknown');
    expect(reply).toMatchObject({ root: 'response', success: true, status: 0 });
    expect(Object.fromEntries(reply.fields)).toMatchObject({ lastCommand: 'endFiscalReceiptCut', dateTime: '2026-12-03T09:30:15', printerStatus: '00000', nClose: '12', fiscalDoc: '7', receiptStep: '0' });
    expect(reply.fields.has('elementList')).toBe(true);
  });

  it('reads the manual\'s own loose forms: success=TRUE, status= 0, spaces in the close tag', () => {
    const reply = parseCustomReply('<?xml version="1.0"?>\n<response success="TRUE" status=" 0">\n <addInfo><lastCommand>queryPrinterStatus</lastCommand></addInfo>\n</response >\n', 'offline');
    expect(reply).toMatchObject({ success: true, status: 0 });
    expect(parseCustomReply('<response success="false" status="16"/>', 'offline')).toMatchObject({ success: false, status: 16 });
  });

  it('keeps addInfo\'s dateTime apart from the nested lastDocument\'s', () => {
    const reply = parseCustomReply(lastDocumentReply({ number: 5, dateTime: '2026-12-03T09:28:00', total: '10.00' }), 'offline');
    expect(reply.fields.get('dateTime')).toBe('2026-12-03T18:00:05');
    expect(parseCustomLastDocument(reply)).toEqual({ documentNumber: 5, date: '2026-12-03', time: '09:28:00', amountCents: 1000 });
  });

  it('rejects truncated, NUL-bearing, huge and shapeless replies with the failure the caller names', () => {
    const full = issuedReply({ nClose: 12, fiscalDoc: 7 });
    expect(failureOf(() => parseCustomReply(full.slice(0, full.length - 15), 'outcome-unknown'))).toBe('outcome-unknown');
    expect(failureOf(() => parseCustomReply(full.slice(0, 60), 'outcome-unknown'))).toBe('outcome-unknown');
    expect(failureOf(() => parseCustomReply(full.replace('00000', '00\u000000'), 'offline'))).toBe('offline');
    expect(failureOf(() => parseCustomReply(`<response success="true" status="0">${'<x>1</x>'.repeat(10_000)}</response>`, 'offline'))).toBe('offline');
    expect(failureOf(() => parseCustomReply('<html><body>401 Unauthorized</body></html>', 'offline'))).toBe('offline');
    expect(failureOf(() => parseCustomReply('<response success="maybe" status="0"></response>', 'offline'))).toBe('offline');
    expect(failureOf(() => parseCustomReply('<response success="false" status="99999999999"></response>', 'offline'))).toBe('offline');
    expect(failureOf(() => parseCustomReply('', 'outcome-unknown'))).toBe('outcome-unknown');
    try {
      parseCustomReply('<s:Envelope><s:Body>busy</s:Body></s:Envelope>', 'outcome-unknown');
      expect.unreachable();
    } catch (error) {
      expect((error as FiscalDeviceError).deviceCode).toBe('PROTOCOL');
    }
  });
});

describe('Custom reply values', () => {
  it('parses ISO and dd/MM/yyyy date-times, and refuses impossible ones', () => {
    expect(parseCustomDateTime('2025-10-17T10:00:45', 'offline')).toEqual({ date: '2025-10-17', time: '10:00:45' });
    expect(parseCustomDateTime('3/12/2026 9:05', 'offline')).toEqual({ date: '2026-12-03', time: '09:05:00' });
    expect(parseCustomDateTime('21/12/2112', 'offline')).toEqual({ date: '2112-12-21', time: null });
    for (const bad of ['2026-02-29T10:00:00', '31/04/2026', '2026-12-03T24:00:00', '2026-12-03 10:00', '', '03122026']) expect(failureOf(() => parseCustomDateTime(bad, 'offline'))).toBe('offline');
  });

  it('parses amounts exactly, refusing commas, floats and huge numbers', () => {
    expect(parseDotAmount('10.00', 'x', 'offline')).toBe(1000);
    expect(parseDotAmount('0.10', 'x', 'offline')).toBe(10);
    expect(parseDotAmount('9999999999.99', 'x', 'offline')).toBe(999_999_999_999);
    for (const bad of ['10,00', '10', '1e3.00', '-1.00', '99999999999.00', 'NaN', '1.234.56']) expect(failureOf(() => parseDotAmount(bad, 'x', 'offline'))).toBe('offline');
    expect(parseDigitsCents('000000900', 'x', 'offline')).toBe(900);
    for (const bad of ['9,00', '-900', '9999999999999', '']) expect(failureOf(() => parseDigitsCents(bad, 'x', 'offline'))).toBe('offline');
  });

  it('reads printerStatus S1..S5, fpStatus and receiptStep', () => {
    const status = (printerStatus: string, fpStatus = '000', receiptStep = '0') => parseCustomPrinterStatus(new Map([['printerStatus', printerStatus], ['fpStatus', fpStatus], ['receiptStep', receiptStep]]));
    expect(status('00000')).toEqual({ printer: 'ok', journal: 'ok', documentOpen: false });
    expect(status('10000')).toMatchObject({ printer: 'cover-open' });
    expect(status('01000')).toMatchObject({ printer: 'paper-out' });
    expect(status('00100')).toMatchObject({ printer: 'paper-low' });
    expect(status('00010')).toMatchObject({ journal: 'full' });
    expect(status('00001')).toMatchObject({ journal: 'near-full' });
    expect(status('00000', '100', '1')).toMatchObject({ documentOpen: true });
    for (const bad of ['0000', '000000', '00200', '']) expect(failureOf(() => status(bad))).toBe('offline');
  });

  it('reads getInfo\'s infoResp', () => {
    expect(parseCustomInfo(parseCustomReply(infoReply(), 'offline'))).toEqual({ serial: 'STMTE770207', zSetNumber: 142, inService: true, training: false, journalFull: false, certificateExpiry: '2027-02-26' });
    const odd = parseCustomInfo(parseCustomReply(infoReply({ fpuState: 'FUORI SERVIZIO', ejFull: 'SI', simulation: 'SI', certValidTo: '--/--/----' }), 'offline'));
    expect(odd).toMatchObject({ inService: false, journalFull: true, training: true, certificateExpiry: null });
    expect(failureOf(() => parseCustomInfo(parseCustomReply(infoReply({ serial: 'stm<' }), 'offline')))).toBe('offline');
    expect(failureOf(() => parseCustomInfo(parseCustomReply(infoReply({ zSetNumber: 123456789012 }), 'offline')))).toBe('offline');
    expect(failureOf(() => parseCustomInfo(parseCustomReply(customReply(), 'offline')))).toBe('offline');
  });

  it('reads the checkOnly result and the last document; none or number 0 is null', () => {
    expect(parseCustomReferenceCheck(new Map([['responseBuf', '1']]))).toBe('found');
    expect(parseCustomReferenceCheck(new Map([['responseBuf', '0']]))).toBe('not-found');
    expect(parseCustomReferenceCheck(new Map([['responseBuf', '2']]))).toBe('not-allowed');
    expect(failureOf(() => parseCustomReferenceCheck(new Map([['responseBuf', 'x']])))).toBe('offline');
    expect(failureOf(() => parseCustomReferenceCheck(new Map()))).toBe('offline');
    expect(parseCustomLastDocument(parseCustomReply(lastDocumentReply(null), 'offline'))).toBeNull();
    expect(parseCustomLastDocument(parseCustomReply(lastDocumentReply({ number: 0, dateTime: '2026-12-03T09:28:00', total: '0.00' }), 'offline'))).toBeNull();
    expect(failureOf(() => parseCustomLastDocument(parseCustomReply(lastDocumentReply({ number: 99999, dateTime: '2026-12-03T09:28:00', total: '1.00' }), 'offline')))).toBe('offline');
    expect(failureOf(() => parseCustomLastDocument(parseCustomReply(lastDocumentReply({ number: 3, dateTime: '2026-12-03', total: '1.00' }), 'outcome-unknown'), 'outcome-unknown'))).toBe('outcome-unknown');
  });

  it('reads the day\'s takings as receipts less returns and annulments', () => {
    expect(parseCustomDailyAmount(parseCustomReply(dailyTotalsReply({ receipts: 123_450, refunds: 990, annulments: 1980 }), 'offline'))).toBe(120_480);
    expect(failureOf(() => parseCustomDailyAmount(parseCustomReply(customReply(), 'offline')))).toBe('offline');
  });
});

describe('Custom error numbers', () => {
  it('maps the reference\'s numbers', () => {
    const expected: [number, string][] = [
      [16, 'paper-out'],
      [21, 'busy'],
      [23, 'bad-request'],
      [28, 'department-not-programmed'],
      [30, 'journal-full'],
      [31, 'journal-full'],
      [51, 'fiscal-memory-full'],
      [54, 'closure-needed'],
      [55, 'not-in-service'],
      [57, 'clock-error'],
      [61, 'closure-needed'],
      [70, 'closure-needed'],
      [64, 'cover-open'],
      [71, 'refused'],
      [84, 'certificate-expired'],
      [98, 'busy'],
      [250, 'refused'],
    ];
    for (const [code, failure] of expected) expect([code, failureForCustomStatus(code, true)]).toEqual([code, failure]);
    expect(failureForCustomStatus(76, true)).toBe('outcome-unknown');
    expect(failureForCustomStatus(76, false)).toBe('busy');
  });

  it('throws with the device code on a refusal, and not on success', () => {
    expect(() => throwIfCustomFailed(parseCustomReply(issuedReply({ nClose: 1, fiscalDoc: 1 }), 'offline'), true)).not.toThrow();
    try {
      throwIfCustomFailed(parseCustomReply(customReply({ success: false, status: 54 }), 'offline'), true);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FiscalDeviceError);
      expect((error as FiscalDeviceError).failure).toBe('closure-needed');
      expect((error as FiscalDeviceError).deviceCode).toBe('54');
      expect((error as FiscalDeviceError).message).toMatch(/closure \(Z\)/);
    }
  });
});
