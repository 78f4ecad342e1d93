import type { FiscalRequest } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { FiscalDeviceError } from '../fiscal-device';
import {
  buildIssueCommands,
  buildLastReceiptCommands,
  buildPreCheckCommands,
  buildXReportCommands,
  buildZReportCommands,
  rchCents,
  rchDocumentVat,
  rchReads,
  rchText,
} from './rch-commands';
import { serviceCgiBody } from './rch-http';
import { everyTender, expectGolden, fiscalLine, sampleDiscountSale, sampleOriginal, sampleSale } from '../testing/fiscal-fixtures';

const line = fiscalLine;
const original = sampleOriginal('72MU1234567');
const sale = sampleSale;

/** One golden service.cgi body per operation the adapter sends. */
const goldens: Record<string, () => string[]> = {
  sale: () => buildIssueCommands(sale({ lines: [line('T-SHIRT M', 2000, 990), line('Caffè & "Brioche" (al banco) <x>', 1000, 250, 2)], tenders: [{ kind: 'cash', amountCents: 2500 }] })),
  discount: () => buildIssueCommands(sampleDiscountSale()),
  'multi-tender': () =>
    buildIssueCommands(
      sale({
        lines: [line('Giacca invernale imbottita con cappuccio removibile', 1000, 12990, 1)],
        tenders: everyTender('Carta (Visa)'),
      }),
    ),
  return: () => buildIssueCommands({ kind: 'return', lines: [line('T-SHIRT M', 1000, 990, 1, 99)], tenders: [{ kind: 'electronic', amountCents: 891 }], roundingCents: 0, original }),
  void: () => buildIssueCommands({ kind: 'void', original, amountCents: 1980 }),
  lottery: () => buildIssueCommands(sale({ tenders: [{ kind: 'electronic', amountCents: 1980 }], lotteryCode: 'ABCD1234' })),
  'tax-code': () => buildIssueCommands(sale({ customerTaxId: 'RSSMRA80A01H501U' })),
  x: () => buildXReportCommands(),
  z: () => buildZReportCommands(),
  status: () => [rchReads.printerStatus],
  'last-document': () => buildLastReceiptCommands(),
  'pre-check': () => buildPreCheckCommands('void', original),
};

describe('RCH command builders against the golden service.cgi bodies', () => {
  for (const [name, build] of Object.entries(goldens)) {
    it(`${name}.xml`, () => expectGolden(`rch/${name}.xml`, serviceCgiBody(build())));
  }
});

describe('RCH command details', () => {
  it('sends whole cents, never floats or negatives', () => {
    expect(rchCents(0)).toBe('0');
    expect(rchCents(99_999_999)).toBe('99999999');
    expect(() => rchCents(1.5)).toThrow(RangeError);
    expect(() => rchCents(-1)).toThrow(RangeError);
  });

  it('keeps descriptions printable and parenthesis-free, cut to 36 characters', () => {
    expect(rchText('Caffè (deca)\u0000 å 5€')).toBe('Caffe deca a 5EUR');
    expect(rchText('x'.repeat(50))).toHaveLength(36);
    expect(rchText('()')).toBe('');
  });

  it('writes a quantity of one without the * field and a whole quantity with it', () => {
    expect(buildIssueCommands(sale({ lines: [line('DOLCE', 1000, 200)], tenders: [{ kind: 'cash', amountCents: 200 }] }))).toContain('=R1/$200/(DOLCE)');
    expect(buildIssueCommands(sale({ lines: [line('CAFFE', 2000, 100, 2)], tenders: [{ kind: 'cash', amountCents: 200 }] }))).toContain('=R2/$100/*2/(CAFFE)');
  });

  it('sends weighed goods as one unit at the exact line amount, the weight in the text', () => {
    const commands = buildIssueCommands(sale({ lines: [line('Formaggio', 375, 2480, 2)], tenders: [{ kind: 'cash', amountCents: 930 }] }));
    expect(commands).toContain('=R2/$930/(0,375 Formaggio)');
  });

  it('sends a cash rounding down as payment 9 SCONTO A PAGARE before the tenders, on a sale and on a reso', () => {
    const sold = buildIssueCommands(sale({ lines: [line('DIECI', 1000, 1002)], tenders: [{ kind: 'electronic', amountCents: 1000 }], roundingCents: -2 }));
    expect(sold.slice(-5)).toEqual(['=T9/$2/(ARROTONDAMENTO)', '=T4/$1000', '=c', '=x', '=K']);
    expect(sold.some((c) => c.startsWith('=V') || c === '=S')).toBe(false);
    const refunded = buildIssueCommands({ kind: 'return', lines: [line('CARAMELLA', 1000, 98)], tenders: [{ kind: 'cash', amountCents: 95 }], roundingCents: -3, original });
    expect(refunded.slice(-5)).toEqual(['=T9/$3/(ARROTONDAMENTO)', '=T1/$95', '=c', '=x', '=K']);
    // A rounding up (a record from before the till rounded only down) stays a subtotal surcharge; never on a reso.
    expect(buildIssueCommands(sale({ lines: [line('PANE', 1000, 298)], tenders: [{ kind: 'cash', amountCents: 300 }], roundingCents: 2 }))).toContain('=V+/*2/(ARROTONDAMENTO)');
    expect(() => buildIssueCommands({ kind: 'return', lines: [line('X', 1000, 98)], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 2, original })).toThrow(/rounded up/);
  });

  it('refuses what the printer must not get', () => {
    expect(() => buildIssueCommands(sale({ lotteryCode: 'ABCD1234' }))).toThrow(FiscalDeviceError);
    expect(() => buildIssueCommands(sale({ tenders: [{ kind: 'cash', amountCents: 1979 }] }))).toThrow(/do not cover/);
    expect(() => buildIssueCommands({ kind: 'return', lines: [line('X', 1000, 100)], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 0, original: null })).toThrow(/original document/);
    expect(() => buildIssueCommands(sale({ lines: [line('X', 1000, 100, 1, 101)], tenders: [{ kind: 'cash', amountCents: 1 }] }))).toThrow(/larger than the line/);
  });

  it('asks a pre-check with /*1 and the VAT of one document with =C528', () => {
    expect(buildPreCheckCommands('return', original)).toContain('=r/&011226/[12/]34/*1');
    expect(rchDocumentVat(original)).toBe('=C528/&011226/[12/]34/*1');
  });
});
