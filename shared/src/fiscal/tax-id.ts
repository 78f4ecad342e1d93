/**
 * @module
 * The customer's Italian tax identifier for a "scontrino parlante": a personal codice fiscale
 * (16 characters) or a partita IVA (11 digits), each checked with its check character before the
 * device is asked to print it (fiskaltrust validates the checksum before `directIO 1060/1061`,
 * reference ../shared/reference/fiscal-rt.md §1 "Scontrino parlante"). A wrong character caught
 * here is one the cashier can fix while the customer is still at the counter; one caught by the
 * tax agency is a document the shop cannot correct.
 */
import type { ReasonTable } from '../domain';

/** Why a tax identifier was refused; worded by {@link taxIdReasons}. */
export type TaxIdProblem = 'empty' | 'length' | 'characters' | 'shape' | 'month' | 'day' | 'check-character' | 'all-zero';

/** The facts behind a refusal, as far as they are known. Positions count from 1, as on paper. */
export interface TaxIdProblemDetails {
  readonly kind?: TaxIdKind;
  readonly length?: number;
  readonly position?: number;
  readonly expected?: string;
  readonly given?: string;
}

export type TaxIdKind = 'codice-fiscale' | 'partita-iva';

export interface TaxIdRefusal {
  readonly problem: TaxIdProblem;
  readonly details: TaxIdProblemDetails;
}

export type CustomerTaxIdResult =
  | { readonly ok: true; readonly kind: TaxIdKind; readonly value: string }
  | ({ readonly ok: false } & TaxIdRefusal);

const CODICE_FISCALE_LENGTH = 16;
const PARTITA_IVA_LENGTH = 11;

/**
 * Values of a character in an odd position (1st, 3rd, … 15th) for the check character, from the
 * DM 23/12/1976 table: digits take the value of the letter in the same place (0 as A, 1 as B…).
 */
const ODD_VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].flatMap((value, index) => {
    const letter = String.fromCharCode(65 + index);
    return index < 10 ? [[letter, value], [String(index), value]] : [[letter, value]];
  }),
);

/** In an even position, a digit is worth itself and a letter its place in the alphabet from 0. */
function evenValue(char: string): number {
  return /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
}

/**
 * Omocodia: when two people would get the same code, the tax agency replaces digits, from the
 * right, by these letters (0→L … 9→V). Such a code is as valid as any other.
 */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 0-based positions that hold digits (year, day, municipality number) or their omocodia letters. */
const DIGIT_POSITIONS = new Set([6, 7, 9, 10, 12, 13, 14]);
/** Month letters A (January) … T (December). */
const MONTH_LETTERS = 'ABCDEHLMPRST';

/** The check character (16th) of a codice fiscale's first 15 characters, which must be A–Z/0–9. */
export function codiceFiscaleCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = first15.charAt(i);
    // Positions are counted from 1, so 0-based index 0 is the first odd position.
    sum += i % 2 === 0 ? (ODD_VALUES[char] ?? 0) : evenValue(char);
  }
  return String.fromCharCode(65 + (sum % 26));
}

function digitOf(char: string): number {
  const omocodia = OMOCODIA_LETTERS.indexOf(char);
  return omocodia >= 0 ? omocodia : Number(char);
}

function shapeProblem(text: string): TaxIdRefusal | null {
  const kind = 'codice-fiscale';
  for (let i = 0; i < 15; i++) {
    const char = text.charAt(i);
    const fits = DIGIT_POSITIONS.has(i) ? /\d/.test(char) || OMOCODIA_LETTERS.includes(char) : /[A-Z]/.test(char);
    if (!fits) return { problem: 'shape', details: { kind, position: i + 1, given: char } };
  }
  if (!MONTH_LETTERS.includes(text.charAt(8))) return { problem: 'month', details: { kind, position: 9, given: text.charAt(8) } };
  // Women's days are 41–71 (day + 40).
  const day = digitOf(text.charAt(9)) * 10 + digitOf(text.charAt(10));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return { problem: 'day', details: { kind, position: 10, given: text.slice(9, 11) } };
  return null;
}

/**
 * Why `text` is not a valid 16-character personal codice fiscale, or null when it is. The text is
 * checked exactly as given (upper case, no spaces): {@link customerTaxIdOf} tidies typed input.
 * Checks the layout (letters and digits where they belong, omocodia letters accepted in the digit
 * places), the month letter, the day (1–31, or 41–71 for women) and the check character. Whether
 * the day exists in that month, and the municipality code, are not checked.
 * @example codiceFiscaleProblem('RSSMRA85T10A562S') // null
 */
export function codiceFiscaleProblem(text: string): TaxIdRefusal | null {
  const kind = 'codice-fiscale';
  if (text.length === 0) return { problem: 'empty', details: { kind } };
  const bad = /[^0-9A-Z]/.exec(text);
  if (bad) return { problem: 'characters', details: { kind, position: bad.index + 1, given: bad[0] } };
  if (text.length !== CODICE_FISCALE_LENGTH) return { problem: 'length', details: { kind, length: text.length } };
  const shape = shapeProblem(text);
  if (shape) return shape;
  const expected = codiceFiscaleCheckCharacter(text.slice(0, 15));
  const given = text.charAt(15);
  return given === expected ? null : { problem: 'check-character', details: { kind, position: 16, expected, given } };
}

/**
 * The check digit (11th) of a partita IVA's first 10 digits, by the Agenzia delle Entrate's rule:
 * digits in odd positions count as they are, digits in even positions are doubled (less 9 when
 * over 9); the check digit brings the sum to a multiple of 10.
 */
export function partitaIvaCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(first10.charAt(i));
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Why `text` is not a valid partita IVA (11 digits, the last a check digit), or null when it is.
 * Checked exactly as given. All zeros passes the check digit but is nobody's number: the devices
 * use it as a placeholder serial, so it is refused. The provincial office code (digits 8–10) is not
 * checked: the agency's own published sample, 12345678903, would fail it.
 * @example partitaIvaProblem('12345678903') // null
 */
export function partitaIvaProblem(text: string): TaxIdRefusal | null {
  const kind = 'partita-iva';
  if (text.length === 0) return { problem: 'empty', details: { kind } };
  const bad = /\D/.exec(text);
  if (bad) return { problem: 'characters', details: { kind, position: bad.index + 1, given: bad[0] } };
  if (text.length !== PARTITA_IVA_LENGTH) return { problem: 'length', details: { kind, length: text.length } };
  if (/^0+$/.test(text)) return { problem: 'all-zero', details: { kind } };
  const expected = partitaIvaCheckDigit(text.slice(0, 10));
  const given = text.charAt(10);
  return given === expected ? null : { problem: 'check-character', details: { kind, position: 11, expected, given } };
}

/**
 * Reads what the cashier typed or scanned as a customer tax identifier: trimmed and upper-cased,
 * then 16 characters are a codice fiscale and 11 digits a partita IVA (a company's numeric codice
 * fiscale is the same number). Anything but ASCII letters and digits is refused before
 * upper-casing, so `ß` or a dotless `ı` cannot turn into letters a code may hold.
 * @example customerTaxIdOf(' rssmra85t10a562s ') // { ok: true, kind: 'codice-fiscale', value: 'RSSMRA85T10A562S' }
 */
export function customerTaxIdOf(input: string): CustomerTaxIdResult {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { ok: false, problem: 'empty', details: {} };
  const bad = /[^0-9A-Za-z]/.exec(trimmed);
  if (bad) return { ok: false, problem: 'characters', details: { position: bad.index + 1, given: bad[0] } };
  const value = trimmed.toUpperCase();
  const kind: TaxIdKind | null =
    value.length === CODICE_FISCALE_LENGTH ? 'codice-fiscale' : value.length === PARTITA_IVA_LENGTH ? 'partita-iva' : null;
  if (kind === null) return { ok: false, problem: 'length', details: { length: value.length } };
  const refusal = kind === 'codice-fiscale' ? codiceFiscaleProblem(value) : partitaIvaProblem(value);
  return refusal ? { ok: false, ...refusal } : { ok: true, kind, value };
}

function nameOf(kind: TaxIdKind | undefined, locale: 'it' | 'en'): string {
  if (kind === 'codice-fiscale') return locale === 'it' ? 'il codice fiscale' : 'the codice fiscale';
  if (kind === 'partita-iva') return locale === 'it' ? 'la partita IVA' : 'the partita IVA';
  return locale === 'it' ? 'il codice' : 'the code';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Each refusal in Italian and English, for the till's field message. */
export const taxIdReasons: ReasonTable<TaxIdProblem, TaxIdProblemDetails> = {
  empty: { it: () => 'Inserire un codice fiscale o una partita IVA', en: () => 'Enter a codice fiscale or a partita IVA' },
  length: {
    it: (d) => `Un codice fiscale ha 16 caratteri, una partita IVA 11 cifre${d.length === undefined ? '' : `: questo ne ha ${d.length}`}`,
    en: (d) => `A codice fiscale has 16 characters, a partita IVA 11 digits${d.length === undefined ? '' : `: this has ${d.length}`}`,
  },
  characters: {
    it: (d) =>
      `${capital(nameOf(d.kind, 'it'))} contiene un carattere non ammesso${d.position === undefined ? '' : ` in posizione ${d.position}`}` +
      (d.kind === 'partita-iva' ? ' (solo cifre)' : ' (solo lettere e cifre)'),
    en: (d) =>
      `${capital(nameOf(d.kind, 'en'))} holds a character it cannot have${d.position === undefined ? '' : ` at position ${d.position}`}` +
      (d.kind === 'partita-iva' ? ' (digits only)' : ' (letters and digits only)'),
  },
  shape: {
    it: (d) => `Codice fiscale non valido: carattere inatteso${d.position === undefined ? '' : ` in posizione ${d.position}`}`,
    en: (d) => `Not a valid codice fiscale: unexpected character${d.position === undefined ? '' : ` at position ${d.position}`}`,
  },
  month: {
    it: (d) => `Codice fiscale non valido: ${d.given ?? 'la nona lettera'} non è una lettera di mese`,
    en: (d) => `Not a valid codice fiscale: ${d.given ?? 'the ninth letter'} is not a month letter`,
  },
  day: {
    it: (d) => `Codice fiscale non valido: giorno di nascita${d.given === undefined ? '' : ` ${d.given}`} impossibile`,
    en: (d) => `Not a valid codice fiscale: birth day${d.given === undefined ? '' : ` ${d.given}`} is impossible`,
  },
  'check-character': {
    it: (d) =>
      `${capital(nameOf(d.kind, 'it'))} ha un carattere di controllo errato` +
      (d.expected === undefined || d.given === undefined ? '' : ` (${d.given}, atteso ${d.expected})`) +
      ': controllare di averlo scritto bene',
    en: (d) =>
      `${capital(nameOf(d.kind, 'en'))} has a wrong check character` +
      (d.expected === undefined || d.given === undefined ? '' : ` (${d.given}, expected ${d.expected})`) +
      ': check it was typed correctly',
  },
  'all-zero': { it: () => 'Una partita IVA di soli zeri non è valida', en: () => 'A partita IVA of all zeros is not valid' },
};
