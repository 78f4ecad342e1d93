import { describe, expect, it } from 'vitest';
import { FiscalDeviceError } from '../fiscal-device';
import { parseServiceCgiReply } from './rch-http';
import { parseRchAmount, parseRchCount, parseRchLastReceipt, parseRchPending, parseRchPrinterStatus, parseRchSerial, receiptOpen } from './rch-replies';
import { lastReceiptLines, serviceCgiReply } from './testing/rch-replies';

describe('RCH read parsers', () => {
  it('reads comma amounts to exact cents and refuses dots, signs and floats', () => {
    expect(parseRchAmount('19,80', 'offline')).toBe(1980);
    expect(parseRchAmount('1.234.567,01', 'offline')).toBe(123456701);
    expect(parseRchAmount(' 0,00 ', 'offline')).toBe(0);
    for (const bad of ['19.80', '-1,00', '1,5', '12,345', '1.23,45', '', '1e3,00', '99999999999999,99']) {
      expect(() => parseRchAmount(bad, 'offline'), bad).toThrow(FiscalDeviceError);
    }
  });

  it('reads counters within bounds', () => {
    expect(parseRchCount('0012', 9999, 'Z', 'offline')).toBe(12);
    expect(() => parseRchCount('10000', 9999, 'Z', 'offline')).toThrow(FiscalDeviceError);
    expect(() => parseRchCount('12a', 9999, 'Z', 'offline')).toThrow(FiscalDeviceError);
  });

  it('turns serials into the RT form as rch-driver-js does', () => {
    expect(parseRchSerial('72MU 1234567', 'offline')).toBe('72MU1234567');
    // Pre-RT form: first space dropped, then `72M` + first two + the rest after the fourth.
    expect(parseRchSerial('MU  1234567', 'offline')).toBe('72MMU234567');
    expect(() => parseRchSerial('72\u0000', 'offline')).toThrow(FiscalDeviceError);
  });

  it('reads the printer status digits and the files pending', () => {
    expect(parseRchPrinterStatus('000000', 'offline')).toBe('ok');
    expect(parseRchPrinterStatus('010000', 'offline')).toBe('paper-out');
    expect(parseRchPrinterStatus('000010', 'offline')).toBe('cover-open');
    expect(parseRchPrinterStatus('100000', 'offline')).toBe('offline');
    expect(() => parseRchPrinterStatus('0a0000', 'offline')).toThrow(FiscalDeviceError);
    expect(parseRchPending('0 3/25 01/12/2026 10:00:00', 'offline')).toEqual({ inactive: false, filesPending: 3 });
    expect(parseRchPending('1 0/11', 'offline')).toEqual({ inactive: true, filesPending: 0 });
    expect(() => parseRchPending('0 3/12', 'offline')).toThrow(FiscalDeviceError);
    expect(receiptOpen('02')).toBe(true);
    expect(receiptOpen('00')).toBe(false);
  });

  it('reads the last receipt from the journal text', () => {
    const lines = lastReceiptLines({ z: 12, n: 7, total: '1.019,80', when: '03-12-2026 09:30', serial: '72MU1234567' });
    expect(parseRchLastReceipt(lines, 'offline')).toEqual({ serial: '72MU1234567', zNumber: 12, documentNumber: 7, date: '2026-12-03', time: '09:30', amountCents: 101980 });
    expect(parseRchLastReceipt(['DOCUMENTO GESTIONALE', 'CHIUSURA GIORNALIERA'], 'offline')).toBeNull();
    expect(() => parseRchLastReceipt(lines.filter((l) => !l.includes('DOCUMENTO N.')), 'outcome-unknown')).toThrow(/DOCUMENTO N\./);
    const badDate = lastReceiptLines({ z: 1, n: 1, total: '1,00', when: '33-13-2026 25:30', serial: '72MU1234567' });
    expect(() => parseRchLastReceipt(badDate, 'offline')).toThrow(FiscalDeviceError);
  });
});

describe('service.cgi replies', () => {
  it('reads the flags and any other text as lines', () => {
    expect(parseServiceCgiReply(serviceCgiReply({ lastCmd: 3 }), 'offline')).toMatchObject({ errorCode: 0, paperEnd: false, lastCmd: 3, lines: [] });
    expect(parseServiceCgiReply(serviceCgiReply({ paperEnd: 1, errorCode: 16 }), 'offline')).toMatchObject({ errorCode: 16, paperEnd: true });
    expect(parseServiceCgiReply(serviceCgiReply({ extra: '<data>a &amp; b\nc</data>' }), 'offline').lines).toEqual(['a & b', 'c']);
  });

  it('refuses truncated, NUL-bearing and odd replies with the failure asked for', () => {
    const full = serviceCgiReply();
    for (const [text, why] of [
      [full.slice(0, full.length - 20), /truncated/],
      [full.replace('<busy>', '<busy>\u0000'), /control characters/],
      [full.replace('<errorCode>0</errorCode>', '<errorCode>0,5</errorCode>'), /not a number/],
      [full.replace('<errorCode>0</errorCode>', ''), /no errorCode/],
      ['', /no closed/],
    ] as const) {
      const error = (() => {
        try {
          parseServiceCgiReply(text, 'outcome-unknown');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(FiscalDeviceError);
      expect((error as FiscalDeviceError).failure).toBe('outcome-unknown');
      expect((error as FiscalDeviceError).message).toMatch(why);
    }
  });
});
