import { parseCsv } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('head-office CSV downloads', () => {
  it('a store or product name that starts a formula leaves as text; money stays a number', () => {
    const text = toCsv(['Negozio', 'Incasso'], [['=cmd|\' /C calc\'!A0', '-12.50'], ['@Milano', -3]]);
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toBe("'=cmd|' /C calc'!A0;-12.50");
    expect(lines[2]).toBe("'@Milano;-3");
    expect([...parseCsv(text, ';')].map((r) => r.fields)).toEqual([
      ['Negozio', 'Incasso'],
      ["=cmd|' /C calc'!A0", '-12.50'],
      ['@Milano', '-3'],
    ]);
  });
});
