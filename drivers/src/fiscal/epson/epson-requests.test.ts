import type { FiscalRequest } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { FiscalDeviceError } from '../fiscal-device';
import {
  buildIssueRequest,
  buildLastDocumentRequest,
  buildPreCheckRequest,
  buildPrinterStatusRequest,
  buildRtStatusRequest,
  buildXReportRequest,
  buildZReportRequest,
} from './epson-requests';
import { escapeXml, fitDescription, formatAmount, formatQuantity, printableText } from './epson-xml';
import { everyTender, expectGolden, fiscalLine, sampleDiscountSale, sampleOriginal, sampleSale } from '../testing/fiscal-fixtures';

const context = { operator: 1, today: new Date(2026, 11, 3, 10, 30) };
const line = fiscalLine;
const original = sampleOriginal('99MEY012345');
const sale = sampleSale;

/** One golden file per request the adapter sends (issue 16, item 9). */
const goldens: Record<string, () => string> = {
  sale: () => buildIssueRequest(sale({ lines: [line('T-SHIRT M', 2000, 990), line('Caffè & "Brioche" <al banco>', 1000, 250, 2)], tenders: [{ kind: 'cash', amountCents: 2500 }] }), context),
  discount: () => buildIssueRequest(sampleDiscountSale(), context),
  'multi-tender': () =>
    buildIssueRequest(
      sale({
        lines: [line('Giacca invernale imbottita con cappuccio removibile', 1000, 12990, 1)],
        tenders: everyTender('Carta'),
      }),
      context,
    ),
  return: () => buildIssueRequest({ kind: 'return', lines: [line('T-SHIRT M', 1000, 990, 1, 99)], tenders: [{ kind: 'electronic', amountCents: 891 }], roundingCents: 0, original }, context),
  void: () => buildIssueRequest({ kind: 'void', original, amountCents: 1980 }, context),
  lottery: () => buildIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 1980 }], lotteryCode: 'ABCD1234' }), context),
  'tax-code': () => buildIssueRequest(sale({ customerTaxId: 'RSSMRA80A01H501U' }), context),
  x: () => buildXReportRequest(context),
  z: () => buildZReportRequest(context),
  status: () => buildPrinterStatusRequest(),
  'rt-status': () => buildRtStatusRequest(),
  'last-document': () => buildLastDocumentRequest(),
};

describe('Epson request builders against the golden files', () => {
  for (const [name, build] of Object.entries(goldens)) {
    it(`${name}.xml`, () => expectGolden(`epson/${name}.xml`, build()));
  }
});

describe('Epson request details', () => {
  it('formats cents and thousandths exactly, with a dot', () => {
    expect(formatAmount(0)).toBe('0.00');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(1999)).toBe('19.99');
    expect(formatAmount(99_999_999)).toBe('999999.99');
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(375)).toBe('0.375');
    expect(formatQuantity(1500)).toBe('1.5');
    expect(formatQuantity(99_999_999)).toBe('99999.999');
    expect(() => formatAmount(-1)).toThrow(RangeError);
    expect(() => formatAmount(1.5)).toThrow(RangeError);
    expect(() => formatQuantity(0)).toThrow(RangeError);
  });

  it('escapes XML and drops what the printer cannot print', () => {
    expect(escapeXml('a&b "c" <d>')).toBe('a&amp;b &quot;c&quot; &lt;d&gt;');
    expect(printableText('Crème brûlée\u0000 å æ ¢ ¥ ƒ ª º ¿ €')).toBe('Crème brulée a €');
    expect(printableText('Caffè\tlungo\n')).toBe('Caffè lungo');
    expect(fitDescription('x'.repeat(60))).toHaveLength(37);
    // A description made only of unprintable characters still yields valid XML.
    expect(buildIssueRequest(sale({ lines: [line('¢¥', 1000, 100)], tenders: [{ kind: 'cash', amountCents: 100 }] }), context)).toContain('description=""');
  });

  it('sends P.IVA through directIO 1060 and a codice fiscale through 1061', () => {
    expect(buildIssueRequest(sale({ customerTaxId: '01234567890' }), context)).toContain('<directIO command="1060" data="0101234567890"/>');
    expect(buildIssueRequest(sale({ customerTaxId: 'RSSMRA80A01H501U' }), context)).toContain('<directIO command="1061" data="01RSSMRA80A01H501U"/>');
  });

  it('puts the REFUND message before beginFiscalReceipt and dates an unreferenced return today', () => {
    const xml = buildIssueRequest({ kind: 'return', lines: [line('T-SHIRT M', 1000, 990)], tenders: [{ kind: 'cash', amountCents: 990 }], roundingCents: 0, original: null }, context);
    expect(xml).toContain('message="REFUND 0000 0000 03122026 00000000000"');
    expect(xml.indexOf('printRecMessage')).toBeLessThan(xml.indexOf('beginFiscalReceipt'));
  });

  it('rounds cash up as a surcharge on the last line', () => {
    const xml = buildIssueRequest(sale({ lines: [line('Pane', 1000, 298, 4)], tenders: [{ kind: 'cash', amountCents: 300 }], roundingCents: 2 }), context);
    expect(xml).toContain('<printRecItemAdjustment operator="1" adjustmentType="5" description="Arrotondamento" amount="0.02" department="4" justification="2"/>');
  });

  it('a cash rest rounded to nothing after a card: the rounding down is a payment discount (6-00) before the card', () => {
    // €10.02 as card €10.00 + cash €0.02 that rounds to nothing: no cash tender is left.
    const xml = buildIssueRequest(sale({ lines: [line('Dieci', 1000, 1002, 1)], tenders: [{ kind: 'electronic', amountCents: 1000 }], roundingCents: -2 }), context);
    const discount = '<printRecTotal operator="1" description="Arrotondamento" payment="0.02" paymentType="6" index="0" justification="1"/>';
    expect(xml).toContain(discount);
    expect(xml.indexOf(discount)).toBeLessThan(xml.indexOf('paymentType="2" index="1"'));
    expect(xml).not.toContain('printRecItemAdjustment');
  });

  it('a cash refund rounded down (a till with an RT rounds only down): the payment discount, no surcharge', () => {
    const xml = buildIssueRequest({ kind: 'return', lines: [line('Caramella', 1000, 98)], tenders: [{ kind: 'cash', amountCents: 95 }], roundingCents: -3, original }, context);
    expect(xml).toContain('description="Arrotondamento" payment="0.03" paymentType="6" index="0"');
    expect(xml).toContain('payment="0.95" paymentType="0" index="0"');
  });

  it('refuses tenders that do not add up, and a discount larger than its line', () => {
    const short = (): string => buildIssueRequest(sale({ tenders: [{ kind: 'cash', amountCents: 1979 }] }), context);
    expect(short).toThrow(FiscalDeviceError);
    expect(short).toThrow(/do not cover/);
    expect(() => buildIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 2000 }] }), context)).toThrow(/only cash gives change/);
    expect(() => buildIssueRequest(sale({ lines: [line('X', 1000, 100, 1, 101)], tenders: [{ kind: 'cash', amountCents: 100 }] }), context)).toThrow(/larger than the line/);
    expect(() => buildIssueRequest({ kind: 'return', lines: [line('X', 1000, 100)], tenders: [{ kind: 'cash', amountCents: 102 }], roundingCents: 2, original }, context)).toThrow(/rounded up/);
    expect(() => buildIssueRequest(sale({ tenders: [{ kind: 'electronic', amountCents: 1982 }], roundingCents: 2 }), context)).toThrow(/up without a cash tender/);
    expect(() => buildIssueRequest(sale({ lotteryCode: 'ABCD1234' }), context)).toThrow(/lottery code needs an electronic payment/);
  });

  it('builds the 9205 pre-check from the original document', () => {
    expect(buildPreCheckRequest('return', original)).toContain('<directIO command="9205" data="199MEY0123450112202600340012"/>');
    expect(buildPreCheckRequest('void', original)).toContain('data="299MEY0123450112202600340012"');
  });
});
