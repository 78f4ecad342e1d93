import { describe, expect, it } from 'vitest';
import { CassaError } from '@cassa/shared';
import { errorMessage } from './error-message';

// Echoes the key and its values, so the test sees which sentence was chosen and with what.
const t = (key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key);

describe('back-office error sentences', () => {
  it('says a manager is needed for NOT_AUTHORISED', () => {
    expect(errorMessage(new CassaError('NOT_AUTHORISED', 'Needs manager'), t, 'it')).toBe('errors.notAuthorised');
  });

  it('keeps the head-office refusal: our sentence in Italian plus the till\'s, the till\'s in English', () => {
    const error = new CassaError('CONFLICT', 'Catalogue and prices are managed by head office for this register: change them there');
    expect(errorMessage(error, t, 'it')).toBe(`errors.managed (${error.message})`);
    expect(errorMessage(error, t, 'en')).toBe(error.message);
  });

  it('explains a pairing refused because head office knows the register id, in both languages', () => {
    const known = new CassaError('SYNC_UNPAIRED', 'Pairing refused: This register id is already paired', { reason: 'device-id-taken' });
    expect(errorMessage(known, t, 'it')).toBe('errors.registerKnown');
    expect(errorMessage(known, t, 'en')).toBe('errors.registerKnown');
    expect(errorMessage(new CassaError('SYNC_UNPAIRED', 'Pairing refused', { reason: 'code-for-another-register' }), t, 'it')).toBe('errors.codeForAnotherRegister');
  });

  it('renders a catalogue refusal from its reason code, in Italian and English', () => {
    const error = new CassaError('CONFLICT', 'Barcode 8001234500016 already belongs to CAF250 "Caffè"', {
      reason: 'barcode-held',
      code: '8001234500016',
      ownerSku: 'CAF250',
      ownerName: 'Caffè',
    });
    expect(errorMessage(error, t, 'it')).toBe('Il codice a barre 8001234500016 appartiene già a CAF250 "Caffè": toglilo prima da quel prodotto');
    expect(errorMessage(error, t, 'en')).toMatch(/^Barcode 8001234500016 already belongs to CAF250 "Caffè"/);
  });

  it('says how many records wait and since when before an unpair', () => {
    const error = new CassaError('SYNC_UNSENT_RECORDS', 'Cannot unpair', { pending: 12, oldestPendingAt: '2026-11-26T09:15:00.000Z' });
    const text = errorMessage(error, t, 'it');
    expect(text).toContain('errors.unsent');
    expect(text).toContain('"n":12');
    expect(text).toMatch(/26 nov 2026/);
  });

  it('shows the error table sentence in Italian with the till\'s detail, the detail in English', () => {
    const error = new CassaError('VALIDATION', 'A new user needs a PIN');
    expect(errorMessage(error, t, 'it')).toBe('Dati non validi: A new user needs a PIN');
    expect(errorMessage(error, t, 'en')).toBe('A new user needs a PIN');
    expect(errorMessage(new CassaError('PRINTER_OFFLINE'), t, 'it')).toBe('Stampante non disponibile');
    expect(errorMessage(new Error('boom'), t, 'it')).toBe('boom');
  });
});

describe('scale layout refusals', () => {
  it('word each problem in the manager\'s language', () => {
    const error = new CassaError('VALIDATION', 'Prefixes 2 and 21 overlap: one label would match both', {
      scaleLayoutProblems: [{ code: 'overlap', prefix: '2', other: '21' }],
    });
    expect(errorMessage(error, t, 'it')).toBe("I prefissi 2 e 21 si sovrappongono: un'etichetta corrisponderebbe a entrambi");
    expect(errorMessage(error, t, 'en')).toBe('Prefixes 2 and 21 overlap: one label would match both');
  });
});
