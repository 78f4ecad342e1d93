import { describe, expect, it } from 'vitest';
import type { FiscalStateView, FiscalStatus } from '@cassa/shared';
import { codiceFiscaleCheckCharacter } from '@cassa/shared';
import { en, it as italian } from '../../i18n/messages';
import { fiscalExtrasInput, fiscalExtrasProblem } from './fiscal-sale-fields';
import { fiscalDate, fiscalDocumentNumber, fiscalStatusPhrase, waitingText } from './fiscal-text';
import { parseOriginal } from './return-original-panel';
import { localDateOf, parseTypedReference, parseTypedTime } from './typed-document';

const CF_BODY = 'RSSMRA85T10A562';
const CF = CF_BODY + codiceFiscaleCheckCharacter(CF_BODY);

/** A `t` reading the real message tables, so a renamed key fails here. */
function tOf(table: Record<string, unknown>) {
  return (key: string, options: Record<string, unknown> = {}): string => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], table);
    if (typeof found !== 'string') throw new Error(`no message ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
  };
}

const okStatus: FiscalStatus = {
  printer: 'ok', journal: 'ok', inService: true, training: false, documentOpen: false, closureNeeded: false,
  filesPending: 0, filesOld: 0, filesRejected: 0, certificateExpiry: null,
};

function state(overrides: Partial<FiscalStateView>): FiscalStateView {
  return { configured: true, status: okStatus, statusAt: null, statusFailure: null, statusReason: null, jobs: [], ...overrides };
}

const blockedJob = (failure: FiscalStateView['jobs'][number]['failure']): FiscalStateView['jobs'][number] => ({
  jobId: 'j1', saleId: 's1', receiptNumber: '0001-0002', kind: 'sale', state: 'blocked', uncertain: false, failure,
  reason: null, attempts: 1, totalCents: 449, createdAt: '2026-12-04T01:00:00.000Z',
});

describe('the lottery code and tax id fields', () => {
  it('accepts a code with a card payment and a codice fiscale typed in lower case', () => {
    expect(fiscalExtrasProblem({ lotteryCode: ' ab12cd34 ', customerTaxId: CF.toLowerCase() }, 449, 'it')).toBeNull();
    expect(fiscalExtrasInput({ lotteryCode: ' ab12cd34 ', customerTaxId: '   ' })).toEqual({ lotteryCode: 'ab12cd34' });
  });

  it('says in the cashier language what is wrong', () => {
    expect(fiscalExtrasProblem({ lotteryCode: 'AB12CD34', customerTaxId: '' }, 0, 'it')).toMatch(/solo per pagamenti elettronici/);
    expect(fiscalExtrasProblem({ lotteryCode: 'AB12CD34', customerTaxId: '' }, 0, 'en')).toMatch(/electronic payments only/);
    expect(fiscalExtrasProblem({ lotteryCode: 'AB12CD3', customerTaxId: '' }, 500, 'it')).toBe('Il codice lotteria ha 8 caratteri, questo ne ha 7');
    expect(fiscalExtrasProblem({ lotteryCode: 'AB1\u00002CD3', customerTaxId: '' }, 500, 'it')).toMatch(/posizione 4/);
    expect(fiscalExtrasProblem({ lotteryCode: 'AB12CD34', customerTaxId: '' }, 99, 'it')).toMatch(/da 1 € in su/);
    const wrong = CF_BODY + (CF.endsWith('A') ? 'B' : 'A');
    expect(fiscalExtrasProblem({ lotteryCode: '', customerTaxId: wrong }, 0, 'it')).toContain(CF.at(-1));
    expect(fiscalExtrasProblem({ lotteryCode: '', customerTaxId: '1234567890' }, 0, 'it')).toMatch(/11 cifre/);
  });
});

describe('a document typed from paper', () => {
  const typed = { serial: ' 99mey012345 ', zNumber: '0', documentNumber: '12', date: '2026-11-20' };

  it('reads the serial upper-cased and the numbers as integers', () => {
    expect(parseTypedReference(typed)).toEqual({ ok: true, value: { serial: '99MEY012345', zNumber: 0, documentNumber: 12, date: '2026-11-20' } });
  });

  it('refuses what the device would never print', () => {
    expect(parseTypedReference({ ...typed, serial: '99MEY01234' })).toEqual({ ok: false, key: 'fiscal.badSerial' });
    expect(parseTypedReference({ ...typed, serial: '99MEY\u00001234' })).toEqual({ ok: false, key: 'fiscal.badSerial' });
    expect(parseTypedReference({ ...typed, documentNumber: '0' })).toEqual({ ok: false, key: 'fiscal.badNumber' });
    expect(parseTypedReference({ ...typed, zNumber: '12345' })).toEqual({ ok: false, key: 'fiscal.badNumber' });
    expect(parseTypedReference({ ...typed, zNumber: '1,5' })).toEqual({ ok: false, key: 'fiscal.badNumber' });
    expect(parseTypedReference({ ...typed, date: '2026-02-30' })).toEqual({ ok: false, key: 'fiscal.badDate' });
    expect(parseTypedReference({ ...typed, date: '' })).toEqual({ ok: false, key: 'fiscal.badDate' });
    expect(parseTypedTime('24:00')).toEqual({ ok: false, key: 'fiscal.badTime' });
    expect(parseTypedTime(' 09:05 ')).toEqual({ ok: true, value: '09:05' });
  });

  it('asks for the original when nothing was typed', () => {
    expect(parseOriginal({ serial: '', zNumber: ' ', documentNumber: '', date: '', unreferenced: false })).toEqual({ ok: false, key: 'fiscal.originalNeeded' });
  });

  it('defaults a date to the local day of an instant, and nothing for garbage', () => {
    expect(localDateOf('not a date')).toBe('');
    expect(localDateOf('2026-12-04T12:00:00.000Z')).toMatch(/^2026-12-0[45]$/);
  });
});

describe('the fiscal device in the status bar', () => {
  const t = tOf(italian);

  it('numbers a document as the device prints it', () => {
    expect(fiscalDocumentNumber({ zNumber: 3, documentNumber: 12 })).toBe('0003-0012');
    expect(fiscalDate('2026-12-04')).toBe('04/12/2026');
  });

  it('says what is wrong, the worst first', () => {
    expect(fiscalStatusPhrase(state({}), t)).toEqual({ text: 'pronto', bad: false });
    expect(fiscalStatusPhrase(state({ status: { ...okStatus, printer: 'paper-low' } }), t)).toEqual({ text: 'carta in esaurimento', bad: false });
    expect(fiscalStatusPhrase(state({ jobs: [blockedJob('paper-out')] }), t)).toEqual({ text: 'senza carta o coperchio aperto', bad: true });
    expect(fiscalStatusPhrase(state({ status: { ...okStatus, printer: 'cover-open' } }), t)).toEqual({ text: 'coperchio aperto', bad: true });
    expect(fiscalStatusPhrase(state({ status: null, statusFailure: 'offline' }), t)).toEqual({ text: 'spento o non raggiungibile', bad: true });
    expect(fiscalStatusPhrase(state({ status: { ...okStatus, closureNeeded: true } }), t)).toEqual({ text: 'serve la chiusura Z', bad: true });
    expect(fiscalStatusPhrase(state({ status: { ...okStatus, inService: false } }), tOf(en))).toEqual({ text: 'not in service', bad: true });
    expect(fiscalStatusPhrase(state({ jobs: [blockedJob('journal-full')] }), t)).toEqual({ text: 'documento non emesso', bad: true });
    expect(waitingText(1, t)).toBe('1 documento in attesa');
    expect(waitingText(3, tOf(en))).toBe('3 documents waiting');
  });
});
