import { describe, expect, it } from 'vitest';
import { reasonText } from '../domain';
import { lotteryCodeProblem, lotteryCodeReasons, normalisedLotteryCode } from './lottery-code';

const card = (amountCents: number) => ({ kind: 'electronic' as const, amountCents });
const cash = (amountCents: number) => ({ kind: 'cash' as const, amountCents });

describe('lottery code', () => {
  it('accepts 8 letters and digits as scanned, trimmed and upper-cased, on a card purchase of €1 or more', () => {
    expect(lotteryCodeProblem(' ab12cd34\r\n', [card(100)])).toBeNull();
    expect(normalisedLotteryCode(' ab12cd34\r\n')).toBe('AB12CD34');
    // A card part is enough; the cash part counts towards the €1.
    expect(lotteryCodeProblem('AB12CD34', [cash(60), card(40)])).toBeNull();
  });

  it('refuses it without an electronic payment, or below €1', () => {
    expect(lotteryCodeProblem('AB12CD34', [cash(500)])?.problem).toBe('no-electronic-payment');
    expect(lotteryCodeProblem('AB12CD34', [])?.problem).toBe('no-electronic-payment');
    expect(lotteryCodeProblem('AB12CD34', [{ kind: 'not-collected', amountCents: 500 }])?.problem).toBe('no-electronic-payment');
    expect(lotteryCodeProblem('AB12CD34', [card(99)])?.problem).toBe('below-one-euro');
  });

  it('refuses 7 or 9 characters, inner spaces, NUL, symbols and non-ASCII letters', () => {
    expect(lotteryCodeProblem('AB12CD3', [card(500)])).toEqual({ problem: 'length', details: { length: 7 } });
    expect(lotteryCodeProblem('AB12CD345', [card(500)])).toEqual({ problem: 'length', details: { length: 9 } });
    expect(lotteryCodeProblem('AB12 CD34', [card(500)])).toEqual({ problem: 'characters', details: { position: 5 } });
    expect(lotteryCodeProblem('AB12CD3\u0000', [card(500)])?.problem).toBe('characters');
    expect(lotteryCodeProblem('AB12-D34', [card(500)])?.problem).toBe('characters');
    // 'ß' upper-cases to 'SS': 7 characters must not become a valid 8.
    expect(lotteryCodeProblem('AB12CDß', [card(500)])?.problem).toBe('characters');
    expect(lotteryCodeProblem('  ', [card(500)])?.problem).toBe('empty');
  });

  it('words each refusal in Italian and English', () => {
    expect(reasonText(lotteryCodeReasons, 'length', { length: 7 }, 'it')).toBe('Il codice lotteria ha 8 caratteri, questo ne ha 7');
    expect(reasonText(lotteryCodeReasons, 'no-electronic-payment', {}, 'en')).toBe(
      'The receipts lottery is for electronic payments only: pay by card or remove the code',
    );
  });
});
