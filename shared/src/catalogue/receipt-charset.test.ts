import { describe, expect, it } from 'vitest';
import { unprintableOnReceipt } from './receipt-charset';

describe('what a receipt printer can print', () => {
  it('prints Italian, French, German and Spanish text, € and typographic punctuation', () => {
    expect(unprintableOnReceipt('Caffè Perù, Crème brûlée, Größe, Niño – “bio” 1,50 € …')).toEqual([]);
  });

  it('prints letters whose accents it can strip (ő as o, ș as s)', () => {
    expect(unprintableOnReceipt('Győr Brașov')).toEqual([]);
  });

  it('lists emoji, Greek, Cyrillic and CJK, once each, in order', () => {
    expect(unprintableOnReceipt('Caffè ☕☕ Ωmega Москва 東京')).toEqual(['☕', 'Ω', 'М', 'о', 'с', 'к', 'в', 'а', '東', '京']);
  });
});
