import { describe, expect, it } from 'vitest';
import { parseFailure } from '../testing/fiscal-fixtures';
import { FiscalDeviceError } from '../fiscal-device';
import { failureForCode, throwIfFailed } from './epson-errors';
import {
  parseCommaAmount,
  parseEpsonDate,
  parseEpsonReply,
  parseEpsonTime,
  parseLastDocument,
  parsePreCheck,
  parsePrinterStatus,
  parseRtStatus,
  parseSerial,
} from './epson-replies';
import { epsonReply, lastDocumentData, rtStatusData } from './testing/canned-replies';

const failureOf = parseFailure;

describe('Epson reply envelope', () => {
  it('reads success, code, status and addInfo', () => {
    const reply = parseEpsonReply(
      epsonReply({ info: { lastCommand: '74', printerStatus: '20110', fiscalReceiptNumber: '7', fiscalReceiptAmount: '1,00', fiscalReceiptDate: '3/12/2026', fiscalReceiptTime: '9:05', zRepNumber: '12' } }),
      'offline',
    );
    expect(reply.success).toBe(true);
    expect(reply.code).toBe('');
    expect(reply.info.get('printerStatus')).toBe('20110');
    expect(reply.info.get('fiscalReceiptAmount')).toBe('1,00');
    expect(reply.info.has('elementList')).toBe(false);
  });

  it('reads a self-closed response without addInfo', () => {
    const reply = parseEpsonReply('<s:Envelope><s:Body><response success="false" code="PARSER_ERROR" status="0"/></s:Body></s:Envelope>', 'offline');
    expect(reply).toMatchObject({ success: false, code: 'PARSER_ERROR' });
  });

  it('rejects truncated, NUL-bearing, huge and shapeless replies with the failure the caller names', () => {
    const full = epsonReply({ info: { printerStatus: '00110' } });
    expect(failureOf(() => parseEpsonReply(full.slice(0, full.length - 20), 'outcome-unknown'))).toBe('outcome-unknown');
    expect(failureOf(() => parseEpsonReply(full.replace('00110', '00\u000010'), 'offline'))).toBe('offline');
    expect(failureOf(() => parseEpsonReply(`${'<x/>'.repeat(20_000)}</s:Envelope>`, 'offline'))).toBe('offline');
    expect(failureOf(() => parseEpsonReply('<s:Envelope><s:Body>busy</s:Body></s:Envelope>', 'offline'))).toBe('offline');
    expect(failureOf(() => parseEpsonReply('<s:Envelope><response success="maybe"/></s:Envelope>', 'offline'))).toBe('offline');
    expect(failureOf(() => parseEpsonReply('', 'outcome-unknown'))).toBe('outcome-unknown');
    try {
      parseEpsonReply('<html>502 Bad Gateway</html>', 'outcome-unknown');
    } catch (error) {
      expect(error).toBeInstanceOf(FiscalDeviceError);
      expect((error as FiscalDeviceError).deviceCode).toBe('PROTOCOL');
    }
  });
});

describe('Epson reply values', () => {
  it('parses comma amounts to exact cents', () => {
    expect(parseCommaAmount('1,00')).toBe(100);
    expect(parseCommaAmount('0,10')).toBe(10);
    expect(parseCommaAmount('19,99')).toBe(1999);
    expect(parseCommaAmount('1.234,56')).toBe(123_456);
    expect(parseCommaAmount('-12,50')).toBe(-1250);
    expect(parseCommaAmount('999999999,99')).toBe(99_999_999_999);
    // 0.1 + 0.2 style floats never enter: 1000 random amounts round-trip by digits.
    for (let cents = 0; cents < 100_000; cents += 97) expect(parseCommaAmount(`${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`)).toBe(cents);
  });

  it('refuses dot amounts, missing decimals, huge numbers and junk', () => {
    for (const bad of ['1.00', '1', '1,0', '1,000', '', 'abc', '1,00€', '99999999999999,00', '1 234,00', 'NaN', '1e3,00']) {
      expect(failureOf(() => parseCommaAmount(bad))).toBe('offline');
    }
  });

  it('parses d/M/yyyy dates and H:mm times, and refuses impossible ones', () => {
    expect(parseEpsonDate('3/12/2026')).toBe('2026-12-03');
    expect(parseEpsonDate('29/2/2028')).toBe('2028-02-29');
    expect(parseEpsonTime('9:05')).toBe('09:05');
    expect(parseEpsonTime('23:59:59')).toBe('23:59:59');
    for (const bad of ['29/2/2026', '31/4/2026', '0/1/2026', '1/13/2026', '2026-12-03', '3/12/26']) expect(failureOf(() => parseEpsonDate(bad))).toBe('offline');
    for (const bad of ['24:00', '9:60', '9', '']) expect(failureOf(() => parseEpsonTime(bad))).toBe('offline');
  });

  it('reads the 5 status digits', () => {
    expect(parsePrinterStatus('00110')).toEqual({ printer: 'ok', journal: 'ok', documentOpen: false });
    expect(parsePrinterStatus('21100')).toEqual({ printer: 'paper-low', journal: 'near-full', documentOpen: true });
    expect(parsePrinterStatus('35010')).toEqual({ printer: 'offline', journal: 'full', documentOpen: false });
    for (const bad of ['0011', '001100', '0011x', '']) expect(failureOf(() => parsePrinterStatus(bad))).toBe('offline');
  });

  it('reads directIO 1138: files, certificate, service, closure', () => {
    const data = rtStatusData({ 3: '02', 7: '1', 8: '1', 9: '0003', 13: '0001', 17: '0002', 21: '311227', 38: '1' });
    expect(parseRtStatus(data)).toEqual({ inService: true, training: true, closureNeeded: true, filesPending: 3, filesOld: 1, filesRejected: 2, certificateExpiry: '2027-12-31' });
    const notInService = rtStatusData({ 3: '01', 21: '999999' });
    expect(parseRtStatus(notInService)).toMatchObject({ inService: false, certificateExpiry: null, closureNeeded: false });
    expect(parseRtStatus(rtStatusData({ 44: '1' })).inService).toBe(false);
    expect(failureOf(() => parseRtStatus('01200'))).toBe('offline');
    expect(failureOf(() => parseRtStatus(data.replace('0003', '00x3')))).toBe('offline');
  });

  it('reads directIO 1387 into a FiscalDocument, and zeros as none', () => {
    const data = lastDocumentData({ amountCents: 1980, ddmmyy: '031226', hhmmss: '093015', zNumber: 12, documentNumber: 34, serial: '99MEY012345' });
    expect(parseLastDocument(data)).toEqual({ serial: '99MEY012345', zNumber: 12, documentNumber: 34, date: '2026-12-03', time: '09:30:15', amountCents: 1980 });
    expect(parseLastDocument(`01${'0'.repeat(38)}${' '.repeat(11)}${'0'.repeat(10)}`)).toBeNull();
    expect(failureOf(() => parseLastDocument(data.slice(0, 50), 'outcome-unknown'))).toBe('outcome-unknown');
    expect(failureOf(() => parseLastDocument(data.replace('031226', '311326')))).toBe('offline');
    expect(failureOf(() => parseLastDocument(data.replace('99MEY012345', '99mey01234!')))).toBe('offline');
    expect(failureOf(() => parseLastDocument(data.replace('000001980', '00001,980')))).toBe('offline');
  });

  it('reads the 9205 pre-check and the 3217 serial', () => {
    expect(parsePreCheck('0')).toBe(true);
    expect(parsePreCheck('1 OK')).toBe(true);
    expect(parsePreCheck('2')).toBe(false);
    expect(failureOf(() => parsePreCheck(''))).toBe('offline');
    expect(parseSerial('0199MEY012345')).toBe('99MEY012345');
    expect(failureOf(() => parseSerial('01123'))).toBe('offline');
  });
});

describe('Epson error codes', () => {
  it('maps the reference codes', () => {
    for (const code of ['FP_NO_ANSWER', 'LAN_ERROR', 'LAN_TIME_OUT', 'TM_NO_ANSWER', 'TP_NO_ANSWER', 'OFF_LINE', 'FP_NO_ANSWER_NETWORK']) expect(failureForCode(code)).toBe('outcome-unknown');
    for (const code of ['PARSER_ERROR', 'PRINTER ERROR', 'NO_DATA', 'NO_RAM', 'INCOMPLETE FILE', 'Non valid XML command', 'EFT_POS_ERROR']) expect(failureForCode(code)).toBe('bad-request');
    expect(failureForCode('EPTR_REC_EMPTY')).toBe('paper-out');
    expect(failureForCode('SOMETHING_NEW')).toBe('refused');
  });

  it('applies OCA\'s rule: success="true" with status 30xxx is an error, outcome unknown where the device may have printed', () => {
    const reply = parseEpsonReply(epsonReply({ info: { printerStatus: '30110' } }), 'offline');
    expect(failureOf(() => throwIfFailed(reply, true))).toBe('outcome-unknown');
    expect(failureOf(() => throwIfFailed(reply, false))).toBe('paper-out');
    const journal = parseEpsonReply(epsonReply({ info: { printerStatus: '05110' } }), 'offline');
    expect(failureOf(() => throwIfFailed(journal, false))).toBe('journal-full');
    for (const ok of ['00110', '01110', '20110', '21110']) {
      expect(() => throwIfFailed(parseEpsonReply(epsonReply({ info: { printerStatus: ok } }), 'offline'), true)).not.toThrow();
    }
  });

  it('keeps the device code on a refusal', () => {
    const reply = parseEpsonReply(epsonReply({ success: false, code: 'EPTR_REC_EMPTY', info: { printerStatus: '30110' } }), 'offline');
    try {
      throwIfFailed(reply, true);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FiscalDeviceError);
      expect((error as FiscalDeviceError).failure).toBe('paper-out');
      expect((error as FiscalDeviceError).deviceCode).toBe('EPTR_REC_EMPTY');
    }
  });
});
