import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ErrorReason } from './error-reasons';
import { errorReasons, isErrorReason } from './error-reasons';
import { errorSentence } from './error-sentence';
import type { ErrorDetails } from './errors';
import { CassaError, errorCodes, errorDetailsFromWire, errorTable } from './errors';

describe('declared reasons', () => {
  const reasons = Object.keys(errorReasons) as ErrorReason[];

  it('include every sub-code a throw site or a till in the field sends', () => {
    for (const reason of [
      'credentials', 'current-password', 'same-store', 'self-demote', 'self-remove', 'email-taken', 'device-id-taken',
      'code-for-another-register', 'register-managed', 'head-office-managed', 'barcode-held', 'check-digit', 'price-check-digit',
      'length', 'characters', 'motion', 'over-capacity', 'under-zero', 'no-answer',
    ]) {
      expect(isErrorReason(reason), reason).toBe(true);
    }
    expect(isErrorReason('from-the-future')).toBe(false);
    expect(isErrorReason('toString')).toBe(false);
  });

  it('each say something in both languages, and use every detail they need', () => {
    for (const reason of reasons) {
      const row = errorReasons[reason];
      const details = Object.fromEntries(row.needs.map((key, index) => [key, `v${index}x`]));
      for (const locale of ['it', 'en'] as const) {
        const text = row[locale]({ reason, ...details });
        expect(text.length, `${reason} ${locale}`).toBeGreaterThan(5);
        expect(text, `${reason} ${locale}`).not.toMatch(/undefined|\{\w+\}/);
      }
      // Only the needs that the sentences read: a scan reason reads the facts of its own kind.
      const said = `${row.it(details)} ${row.en(details)}`;
      expect(row.needs.some((key, index) => said.includes(`v${index}x`)) || row.needs.length === 0, reason).toBe(true);
      expect(row.it(details), reason).not.toBe(row.en(details));
    }
  });

  it('are the only reasons a CassaError accepts', () => {
    expectTypeOf<{ reason: 'email-taken'; email: string }>().toMatchTypeOf<ErrorDetails>();
    expectTypeOf<{ reason: 'no-such-reason' }>().not.toMatchTypeOf<ErrorDetails>();
    // @ts-expect-error an undeclared reason does not compile
    const undeclared = new CassaError('CONFLICT', 'x', { reason: 'no-such-reason' });
    expect(undeclared.code).toBe('CONFLICT');
  });

  it('must come with the details their sentence reads', () => {
    expectTypeOf<{ reason: 'barcode-held'; code: string; ownerSku: string; ownerName: string; ownerProductId: string }>().toMatchTypeOf<ErrorDetails>();
    expectTypeOf<{ reason: 'barcode-held'; code: string }>().not.toMatchTypeOf<ErrorDetails>();
    expectTypeOf<{ reason: 'check-digit' }>().not.toMatchTypeOf<ErrorDetails>();
    expectTypeOf<{ reason: 'credentials' }>().toMatchTypeOf<ErrorDetails>();
    // @ts-expect-error email-taken says whose email, so it needs it
    const withoutEmail = new CassaError('CONFLICT', 'x', { reason: 'email-taken' });
    expect(errorSentence(withoutEmail, 'it')).toBe('? ha già un account');
  });

  it('from a newer peer are kept aside, so `reason` only ever holds a declared one', () => {
    expect(errorDetailsFromWire({ reason: 'from-the-future', code: '1' })).toEqual({ undeclaredReason: 'from-the-future', code: '1' });
    expect(errorDetailsFromWire({ reason: 'barcode-held', code: '1' })).toEqual({ reason: 'barcode-held', code: '1' });
    expect(errorDetailsFromWire(['a'])).toBeUndefined();
    expect(errorDetailsFromWire(null)).toBeUndefined();
  });
});

describe('errorSentence', () => {
  it('words a refused scan with its code and why, in Italian too', () => {
    const error = new CassaError('INVALID_BARCODE', '12345: A GTIN has 8, 12, 13 or 14 digits; this code has 5', { length: 5, code: '12345', reason: 'length' });
    expect(errorSentence(error, 'it')).toBe('Codice a barre non valido: 12345 (un codice EAN/UPC ha 8, 12, 13 o 14 cifre, questo ne ha 5)');
    expect(errorSentence(error, 'en')).toBe('Invalid barcode: 12345 (an EAN/UPC code has 8, 12, 13 or 14 digits, this one has 5)');
  });

  it('falls back to the code for a reason this build does not know', () => {
    const error = new CassaError('INVALID_BARCODE', 'x', errorDetailsFromWire({ code: '1', reason: 'from-the-future' }));
    expect(errorSentence(error, 'it')).toBe('Codice a barre non valido');
    expect(errorSentence(error, 'en')).toBe('x');
  });

  it('names the owner’s ceiling', () => {
    const error = new CassaError('AMOUNT_OVER_LIMIT', 'over', { ceilingCents: 1_000_000, amountCents: 100_000_000_000 });
    expect(errorSentence(error, 'it')).toBe('Importo oltre il massimo fissato dal titolare (10.000,00\u00a0€)');
    expect(errorSentence(error, 'en')).toBe('Amount over the maximum the owner set (€10,000.00)');
  });

  it('words a catalogue refusal from its reason, in both languages', () => {
    const error = new CassaError('CONFLICT', 'Barcode 8001234500016 already belongs to CAF250 "Caffè"', {
      reason: 'barcode-held',
      code: '8001234500016',
      ownerSku: 'CAF250',
      ownerName: 'Caffè',
    });
    expect(errorSentence(error, 'it')).toBe('Il codice a barre 8001234500016 appartiene già a CAF250 "Caffè": toglilo prima da quel prodotto');
    expect(errorSentence(error, 'en')).toMatch(/^Barcode 8001234500016 already belongs to CAF250 "Caffè"/);
  });

  it('explains a refused pairing and a register head office manages', () => {
    const known = new CassaError('SYNC_UNPAIRED', 'Pairing refused: This register id is already paired', { reason: 'device-id-taken' });
    expect(errorSentence(known, 'it')).toMatch(/^La sede conosce già questa cassa/);
    expect(errorSentence(known, 'en')).toMatch(/^Head office already knows this register/);
    const managed = new CassaError('CONFLICT', 'Scale label layouts are managed by head office: change them there', { reason: 'head-office-managed' });
    expect(errorSentence(managed, 'it')).toBe('Questa cassa è gestita dalla sede: fai la modifica dal gestionale della sede.');
    expect(errorSentence(new CassaError('NOT_AUTHENTICATED', 'Wrong email or password', { reason: 'credentials' }), 'it')).toBe('Email o password errati');
    expect(errorSentence(new CassaError('CONFLICT', 'x', { reason: 'email-taken', email: 'a@b.it' }), 'it')).toBe('a@b.it ha già un account');
    expect(errorSentence(new CassaError('VALIDATION', 'moving', { reason: 'motion' }), 'it')).toMatch(/^La bilancia non è ferma/);
  });

  it('counts plan seats and names a closed transfer', () => {
    expect(errorSentence(new CassaError('CONFLICT', 'full', { limit: 'registers', max: 3 }), 'it')).toBe('Il piano consente 3 casse e sono tutte in uso: revocane una o cambia piano');
    expect(errorSentence(new CassaError('CONFLICT', 'too small', { limit: 'users', max: 2, inUse: 5 }), 'en')).toBe('5 head-office users exist and the plan allows 2: remove 3 first');
    expect(errorSentence(new CassaError('CONFLICT', 'closed', { status: 'received' }), 'it')).toBe('Questo trasferimento è già stato ricevuto');
    expect(errorSentence(new CassaError('NOT_FOUND', 'missing', { variantIds: ['v1', 'v2'] }), 'it')).toBe('Non nel catalogo: v1, v2');
    expect(errorSentence(new CassaError('RATE_LIMITED', 'slow', { retryAfterSeconds: 30 }), 'it')).toBe('Troppe password errate: attendi 30 secondi e riprova');
    expect(errorSentence(new CassaError('RATE_LIMITED', 'slow', { retryAfterSeconds: 3600 }), 'it')).toBe(errorTable.RATE_LIMITED.it);
  });

  it('says how many records wait and since when', () => {
    const error = new CassaError('SYNC_UNSENT_RECORDS', 'Cannot unpair', { pending: 12, oldestPendingAt: '2026-11-26T09:15:00.000Z' });
    expect(errorSentence(error, 'it')).toMatch(/^12 registrazioni dal 26 nov 2026.*non sono ancora arrivate alla sede/);
    expect(errorSentence(error, 'en')).toMatch(/^12 records made since 26 Nov 2026/);
  });

  it('words scale layout problems and names refused fields', () => {
    const layouts = new CassaError('VALIDATION', 'Prefixes 2 and 21 overlap', { scaleLayoutProblems: [{ code: 'overlap', prefix: '2', other: '21' }] });
    expect(errorSentence(layouts, 'it')).toBe("I prefissi 2 e 21 si sovrappongono: un'etichetta corrisponderebbe a entrambi");
    expect(errorSentence(layouts, 'en')).toBe('Prefixes 2 and 21 overlap: one label would match both');
    const fields = new CassaError('VALIDATION', 'Invalid priceCents: too big', { issues: [{ path: 'priceCents', message: 'too big' }] });
    expect(errorSentence(fields, 'it')).toBe('Dati non validi (priceCents)');
    expect(errorSentence(fields, 'en')).toBe('Invalid priceCents: too big');
  });

  it('never mixes languages: Italian shows the table’s sentence, English the sender’s message', () => {
    for (const code of errorCodes) {
      const error = new CassaError(code, 'An English explanation from the server');
      expect(errorSentence(error, 'it')).toBe(errorTable[code].it);
      expect(errorSentence(error, 'en-GB')).toBe('An English explanation from the server');
    }
    expect(errorSentence(new CassaError('PRINTER_OFFLINE'), 'en')).toBe('Printer offline');
  });

  it('reads error bodies from another process, plain errors and anything thrown', () => {
    expect(errorSentence({ code: 'CONFLICT', message: 'x', details: { reason: 'self-remove' } }, 'it')).toBe('Non puoi eliminare il tuo stesso account');
    expect(errorSentence({ code: 'SOMETHING_NEW', message: 'A newer server says so' }, 'it')).toBe('A newer server says so');
    expect(errorSentence(new Error('boom'), 'it')).toBe('boom');
    expect(errorSentence('plain', 'en')).toBe('plain');
    expect(errorSentence({ code: 'CONFLICT', message: 'x', details: ['not', 'an', 'object'] }, 'it')).toBe(errorTable.CONFLICT.it);
  });
});
