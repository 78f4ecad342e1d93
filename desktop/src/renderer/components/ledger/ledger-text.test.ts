import { describe, expect, it } from 'vitest';
import type { LedgerDrawResult, TicketView, VoucherLookup } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { describeError, initI18n } from '../../i18n/i18n';
import { ageText, drawSentence, figureSource, isVoucherCode } from './ledger-text';

const i18n = initI18n('it');
const tIn = (lang: 'it' | 'en') => i18n.getFixedT(lang);

const ticket = {} as TicketView;
const draw = (authorisation: 'reserved' | 'offline', availableCents: number): LedgerDrawResult => ({ ticket, authorisation, availableCents });

const lookup = (over: Partial<VoucherLookup>): VoucherLookup => ({
  code: 'V-7K3M-Q9TX', kind: 'voucher', known: true, balanceCents: 2000, heldCents: 0, offlineLimitCents: 5000, offlineAllowanceCents: 2000,
  source: 'head-office', asOf: null, ageMs: null, overspent: false, entries: [], ...over,
});

describe('a voucher code on the sale screen', () => {
  it('is the printed V-XXXX-XXXX, typed in any case or with spaces around', () => {
    expect(isVoucherCode('V-7K3M-Q9TX')).toBe(true);
    expect(isVoucherCode(' v-7k3m-q9tx ')).toBe(true);
  });

  it('is not a barcode, a receipt QR, a pairing code or a near miss', () => {
    for (const text of ['8001234500016', 'CASSA:0b8f-11', 'V-7K3M-Q9T', 'V-7K3M-Q9TXX', 'V7K3MQ9TX', 'X-7K3M-Q9TX', 'V-7K3M-Q9T\u0000', '']) {
      expect(isVoucherCode(text), text).toBe(false);
    }
  });
});

describe('how old the till\'s own figure is', () => {
  it('reads in minutes, hours, then days, in both languages', () => {
    expect(ageText(5 * 60_000, 'it')).toBe('5 minuti fa');
    expect(ageText(5 * 60_000, 'en')).toBe('5 minutes ago');
    expect(ageText(3 * 3_600_000, 'it')).toBe('3 ore fa');
    expect(ageText(4 * 86_400_000, 'en')).toBe('4 days ago');
  });

  it('says where a looked-up balance comes from', () => {
    expect(figureSource(lookup({}), tIn('it'), 'it')).toBe('dalla sede, ora');
    expect(figureSource(lookup({ source: 'till', asOf: '2026-12-04T09:00:00.000Z', ageMs: 2 * 3_600_000 }), tIn('it'), 'it')).toBe('dato della cassa, aggiornato 2 ore fa');
    expect(figureSource(lookup({ source: 'till' }), tIn('en'), 'en')).toBe("this till's figure, never confirmed by head office");
    expect(figureSource(lookup({ source: 'till', asOf: '2026-12-04T09:00:00.000Z', ageMs: 59_999 }), tIn('it'), 'it')).toBe('dato della cassa, aggiornato meno di un minuto fa');
  });
});

describe('the sentence after a voucher or store-credit payment', () => {
  it('says it was confirmed online and what is left at head office', () => {
    expect(drawSentence('Buono V-7K3M-Q9TX', 3000, draw('reserved', 2000), tIn('it'), 'it')).toMatch(/^Buono V-7K3M-Q9TX: 30,00\s€ confermato in linea; saldo residuo 20,00\s€$/);
    expect(drawSentence('Store credit', 1290, draw('reserved', 2580), tIn('en'), 'en')).toBe('Store credit: €12.90 confirmed online; €25.80 left');
  });

  it('says it was taken offline and what this till may still take alone', () => {
    expect(drawSentence('Credito cliente', 1000, draw('offline', 0), tIn('it'), 'it')).toMatch(/^Credito cliente: 10,00\s€ preso offline; ancora spendibile senza sede 0,00\s€$/);
  });

  it('words a refusal with the amount available, as shared says it', () => {
    const refused = new CassaError('OVERPAYMENT', 'Head office has only 1500 cents free on this account', { availableCents: 1500, reason: 'ledger-insufficient' });
    expect(describeError(refused, 'it')).toMatch(/^Secondo la sede sono disponibili solo 15,00\s€$/);
    expect(describeError(refused, 'en')).toBe('Head office says only €15.00 is available');
  });
});
