import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine, detectDelimiter, parseCsv } from './csv';

describe('CSV', () => {
  it('detects the separator Italian and English spreadsheets use', () => {
    expect(detectDelimiter('sku;nome;prezzo\n1;a;2,50')).toBe(';');
    expect(detectDelimiter('sku,name,price\n1,a,2.50')).toBe(',');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
  });

  it('reads quotes, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFsku;nome\r\n1;"Olio ""extra"";\nvergine"\r\n\r\n2;Pane\n';
    expect([...parseCsv(text)]).toEqual([
      { line: 1, fields: ['sku', 'nome'] },
      { line: 2, fields: ['1', 'Olio "extra";\nvergine'] },
      { line: 5, fields: ['2', 'Pane'] },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    expect(() => [...parseCsv('a;b\n1;"open\n2;x\n')]).toThrow(/Line 2/);
  });

  it('reads back exactly what it writes (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'è', ';', ',', '"', '\n', ' ', '1', '€') });
    fc.assert(
      fc.property(fc.constantFrom<';' | ','>(';', ','), fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (sep, rows) => {
        const nonBlank = rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
        const text = nonBlank.map((r) => csvLine(r, sep)).join('\n');
        expect([...parseCsv(text, sep)].map((r) => r.fields)).toEqual(nonBlank);
      }),
    );
  });
});
