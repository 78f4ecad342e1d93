import type { FiscalRequest } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { FiscalDeviceError } from '../fiscal-device';
import {
  buildCustomDailyTotalsRequest,
  buildCustomInfoRequest,
  buildCustomIssueRequest,
  buildCustomLastDocumentRequest,
  buildCustomReferenceCheck,
  buildCustomStatusRequest,
  buildCustomXReport,
  buildCustomZReport,
} from './custom-requests';
import { ddmmyy, fitCustomDescription, formatCents, formatMilli } from './custom-xml';
import { everyTender, expectGolden, fiscalLine, sampleDiscountSale, sampleOriginal, sampleSale } from '../testing/fiscal-fixtures';

const context = { today: new Date(2026, 11, 3, 10, 30) };
const line = fiscalLine;
const original = sampleOriginal('STMTE770207');
const sale = sampleSale;

/** One golden file per request the adapter sends (issue 16, item 9). */
const goldens: Record<string, () => string> = {
  sale: () => buildCustomIssueRequest(sale({ lines: [line('T-SHIRT M', 2000, 990), line('Caffè & "Brioche" <al banco>', 1000, 250, 2)], tenders: [{ kind: 'cash', amountCents: 2500 }] }), context),
  discount: () => buildCustomIssueRequest(sampleDiscountSale(), context),
  'multi-tender': () =>
    buildCustomIssueRequest(
      sale({
        lines: [line('Giacca invernale imbottita con cappuccio', 1000, 12990, 1)],
        tenders: everyTender('Carta'),
      }),
      context,
    ),
  return: () => buildCustomIssueRequest({ kind: 'return', lines: [line('T-SHIRT M', 1000, 990, 1, 99)], tenders: [{ kind: 'electronic', amountCents: 891 }], roundingCents: 0, original }, context),
  'return-check': () => buildCustomReferenceCheck('return', original),
  'return-unreferenced': () => buildCustomIssueRequest({ kind: 'return', lines: [line('T-SHIRT M', 1000, 990)], tenders: [{ kind: 'cash', amountCents: 990 }], roundingCents: 0, original: null }, context),
  void: () => buildCustomIssueRequest({ kind: 'void', original, amountCents: 1980 }, context),
  'void-check': () => buildCustomReferenceCheck('void', original),
  lottery: () => buildCustomIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 1980 }], lotteryCode: 'ABCD1234' }), context),
  'tax-code': () => buildCustomIssueRequest(sale({ customerTaxId: 'RSSMRA80A01H501U' }), context),
  x: () => buildCustomXReport(),
  z: () => buildCustomZReport(),
  status: () => buildCustomStatusRequest(),
  info: () => buildCustomInfoRequest(),
  'last-document': () => buildCustomLastDocumentRequest(),
  'daily-totals': () => buildCustomDailyTotalsRequest(),
};

describe('Custom request builders against the golden files', () => {
  for (const [name, build] of Object.entries(goldens)) {
    it(`${name}.xml`, () => expectGolden(`custom/${name}.xml`, build()));
  }
});

describe('Custom request details', () => {
  it('writes prices ×100 and quantities ×1000 as integers', () => {
    expect(formatCents(0)).toBe('0');
    expect(formatCents(5)).toBe('5');
    expect(formatCents(1990)).toBe('1990');
    expect(formatCents(999_999_999)).toBe('999999999');
    expect(formatMilli(1000)).toBe('1000');
    expect(formatMilli(375)).toBe('375');
    for (const bad of [-1, 1.5, 1_000_000_000, Number.NaN]) expect(() => formatCents(bad)).toThrow(RangeError);
    expect(() => formatMilli(0)).toThrow(RangeError);
    const xml = buildCustomIssueRequest(sale(), context);
    expect(xml).toContain('<printRecItem description="T-SHIRT M" unitPrice="990" department="1" idVat="1" quantity="2000"></printRecItem>');
    expect(xml).not.toMatch(/unitPrice="9[.,]90"/);
  });

  it('cuts descriptions to 22 printable characters and escapes XML', () => {
    expect(fitCustomDescription('Giacca invernale imbottita con cappuccio')).toBe('Giacca invernale imbot');
    expect(fitCustomDescription('Crème\u0000 brûlée ¢')).toBe('Crème brulée');
    expect(buildCustomIssueRequest(sale({ lines: [line('A&B "C"', 1000, 100)], tenders: [{ kind: 'cash', amountCents: 100 }] }), context)).toContain('description="A&amp;B &quot;C&quot;"');
  });

  it('puts the lottery code right after beginFiscalReceipt and the tax id as fixedLines pitch B before the payments', () => {
    const lottery = buildCustomIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 1980 }], lotteryCode: 'ABCD1234' }), context);
    expect(lottery.indexOf('<setLotteryCode code="ABCD1234">')).toBeGreaterThan(lottery.indexOf('beginFiscalReceipt'));
    expect(lottery.indexOf('<setLotteryCode')).toBeLessThan(lottery.indexOf('printRecItem'));
    const taxed = buildCustomIssueRequest(sale({ customerTaxId: '01234567890' }), context);
    expect(taxed).toContain('<fixedLines description="01234567890" pitch="B"></fixedLines>');
    expect(taxed.indexOf('fixedLines')).toBeLessThan(taxed.indexOf('printRecTotal'));
  });

  it('writes references as zero-padded Z and number, DDMMYY and the original serial; checkOnly=1 sends the begin alone', () => {
    const check = buildCustomReferenceCheck('return', original);
    expect(check).toContain('<beginRtDocRefund docRefZ="0012" docRefNumber="0034" docDate="011226" printPreview="0" fiscalSerial="STMTE770207" checkOnly="1"></beginRtDocRefund>');
    expect(check).not.toContain('printRecItem');
    expect(check).not.toContain('endFiscalReceipt');
    expect(buildCustomReferenceCheck('void', original)).toContain('<beginRtDocAnnulment docRefZ="0012"');
    expect(buildCustomIssueRequest({ kind: 'void', original, amountCents: 100 }, context)).toContain('checkOnly="0"');
    expect(ddmmyy('2026-02-28')).toBe('280226');
    expect(() => ddmmyy('28/02/2026')).toThrow(RangeError);
  });

  it('sends an unreferenced return as beginRtDocRefundSpecial service="ND" dated today', () => {
    const xml = buildCustomIssueRequest({ kind: 'return', lines: [line('X', 1000, 100)], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 0, original: null }, context);
    expect(xml).toContain('<beginRtDocRefundSpecial service="ND" docDate="031226"></beginRtDocRefundSpecial>');
  });

  it('takes the payment types and VAT indexes the printer is programmed with', () => {
    const xml = buildCustomIssueRequest(sale({ lines: [line('Pane', 1000, 300, 7)], tenders: [{ kind: 'cash', amountCents: 300 }] }), { paymentTypes: { cash: 9 }, vatIndexByDepartment: { 7: 12 } });
    expect(xml).toContain('paymentType="9"');
    expect(xml).toContain('department="7" idVat="12" quantity="1000"');
    // A department with no known VAT index goes without idVat.
    expect(buildCustomIssueRequest(sale({ lines: [line('Pane', 1000, 300, 7)], tenders: [{ kind: 'cash', amountCents: 300 }] }), context)).toContain('department="7" quantity="1000"');
  });

  it('refuses tenders that do not add up, a lottery code without electronic payment, a discount larger than its line', () => {
    const short = (): string => buildCustomIssueRequest(sale({ tenders: [{ kind: 'cash', amountCents: 1979 }] }), context);
    expect(short).toThrow(FiscalDeviceError);
    expect(short).toThrow(/do not cover/);
    expect(() => buildCustomIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 2000 }] }), context)).toThrow(/only cash gives change/);
    expect(() => buildCustomIssueRequest(sale({ lines: [line('X', 1000, 100, 1, 101)], tenders: [{ kind: 'cash', amountCents: 100 }] }), context)).toThrow(/larger than the line/);
    expect(() => buildCustomIssueRequest(sale({ lotteryCode: 'ABCD1234' }), context)).toThrow(/lottery code needs an electronic payment/);
    expect(() => buildCustomIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 1982 }], roundingCents: 2 }), context)).toThrow(/up without a cash tender/);
  });
});
