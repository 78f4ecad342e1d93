/**
 * @module
 * The declared sub-codes of a refusal: `details.reason` on a {@link CassaError}. The error code
 * says what kind of refusal it is (CONFLICT, NOT_AUTHENTICATED…); the reason says which rule
 * refused, and its row here words it in Italian and English from the details it names. A reason
 * not in this table does not compile at a throw site (see `ErrorDetails` in errors.ts).
 *
 * The strings are a wire format: tills in the field send them and head office answers with them,
 * so a reason is never renamed, only added.
 */
import { describeImportReason, importReasonTexts } from './catalogue/import-reasons';
import type { ImportReason } from './catalogue/import-reasons';
import type { InvalidScanReason } from './domain/barcode';
import { invalidScanReasons, invalidScanText } from './domain/reason-text';

export type ErrorLocale = 'it' | 'en';

/** The details of a refusal as they arrive: any JSON object. Each row reads the keys it `needs`. */
export type ReasonDetails = Readonly<Record<string, unknown>>;

interface ReasonRow<Need extends string = string> {
  /** The details keys the sentence uses; a throw site must give them (see {@link ReasonNeeds}). */
  readonly needs: readonly Need[];
  readonly it: (details: ReasonDetails) => string;
  readonly en: (details: ReasonDetails) => string;
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
const fixed = (it: string, en: string): ReasonRow<never> => ({ needs: [], it: () => it, en: () => en });

/** Reasons of our own (head office, pairing, the till's scale and its head-office link). */
const ownReasons = {
  // Head-office sign-in and team
  credentials: fixed('Email o password errati', 'Wrong email or password'),
  'current-password': fixed('La password attuale è errata', 'The current password is wrong'),
  'self-demote': fixed('Non puoi toglierti il ruolo di titolare: chiedi a un altro titolare', 'You cannot demote yourself: ask another owner'),
  'self-remove': fixed('Non puoi eliminare il tuo stesso account', 'You cannot remove yourself'),
  'email-taken': {
    needs: ['email'] as const,
    it: (d) => `${text(d.email)} ha già un account`,
    en: (d) => `${text(d.email)} already has an account`,
  },
  // Stock transfers
  'same-store': fixed('Un trasferimento va da un negozio a un altro', 'A transfer goes from one store to another'),
  // Pairing a register
  'device-id-taken': fixed(
    'La sede conosce già questa cassa e non ha potuto verificare che sia proprio lei: chiedi alla sede il "codice per riabbinare" questa cassa (nell\'elenco delle casse) e usa quello.',
    'Head office already knows this register and could not verify it is really this one: ask head office for the "code to pair again" of this register (in its register list) and use that.',
  ),
  'code-for-another-register': fixed(
    'Questo codice è stato creato per un\'altra cassa: chiedi alla sede un codice per questa.',
    'This code was made for another register: ask head office for a code for this one.',
  ),
  // A paired register's settings belong to head office
  'head-office-managed': fixed(
    'Questa cassa è gestita dalla sede: fai la modifica dal gestionale della sede.',
    'Head office manages this register: make the change in the head office app.',
  ),
  // The scale (drivers' ScaleError reasons)
  motion: fixed('La bilancia non è ferma: attendi che il peso si stabilizzi e riprova', 'The scale is not steady: wait for the weight to settle and try again'),
  'over-capacity': fixed('Il peso supera la portata della bilancia', "The weight is over the scale's capacity"),
  'under-zero': fixed('La bilancia segna meno di zero: libera il piatto e azzerala', 'The scale reads below zero: clear the pan and zero it'),
  'no-answer': fixed('La bilancia non risponde: controlla il cavo e che sia accesa', 'The scale does not answer: check its cable and that it is on'),
} satisfies Record<string, ReasonRow<string>>;

/** A refused scan: "Codice a barre non valido: 123 (why)", from the scan reasons' own table. */
function scanRow(reason: InvalidScanReason): ReasonRow {
  const say = (locale: ErrorLocale) => (d: ReasonDetails) =>
    invalidScanText({ ...d, reason }, locale) ?? invalidScanReasons[reason][locale](d);
  return { needs: ['code', 'given', 'expected', 'length', 'character', 'position'], it: say('it'), en: say('en') };
}

/** A catalogue refusal (a barcode another product holds…), from the import reasons' table. */
function importRow(reason: ImportReason): ReasonRow {
  const placeholders = [...`${importReasonTexts[reason].it} ${importReasonTexts[reason].en}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const say = (locale: ErrorLocale) => (d: ReasonDetails) => {
    const plain = Object.fromEntries(Object.entries(d).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
    return describeImportReason(reason, plain, locale);
  };
  return { needs: [...new Set(placeholders)], it: say('it'), en: say('en') };
}

const scanReasons = Object.keys(invalidScanReasons) as InvalidScanReason[];
const importReasonCodes = Object.keys(importReasonTexts) as ImportReason[];

export type ErrorReason = keyof typeof ownReasons | InvalidScanReason | ImportReason;

/** The `{name}` placeholders of an import reason's text. */
type Placeholders<S extends string> = S extends `${string}{${infer Key}}${infer Rest}` ? Key | Placeholders<Rest> : never;

/**
 * The details keys the sentence for `R` reads: a refused scan names its code, a catalogue reason
 * the placeholders of its text, our own reasons what their row `needs`.
 */
export type ReasonNeeds<R extends ErrorReason> = R extends keyof typeof ownReasons
  ? (typeof ownReasons)[R]['needs'][number]
  : R extends InvalidScanReason
    ? 'code'
    : R extends ImportReason
      ? Placeholders<(typeof importReasonTexts)[R]['it'] | (typeof importReasonTexts)[R]['en']>
      : never;

/** Every declared reason with the details it needs and its sentence in each language. */
export const errorReasons: Readonly<Record<ErrorReason, ReasonRow>> = {
  ...(Object.fromEntries(importReasonCodes.map((r) => [r, importRow(r)])) as Record<ImportReason, ReasonRow>),
  ...(Object.fromEntries(scanReasons.map((r) => [r, scanRow(r)])) as Record<InvalidScanReason, ReasonRow>),
  ...ownReasons,
};

export function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && Object.hasOwn(errorReasons, value);
}

/** The sentence for a declared reason, or undefined for one this build does not know (a newer peer's). */
export function reasonSentence(reason: unknown, details: ReasonDetails, locale: ErrorLocale): string | undefined {
  return isErrorReason(reason) ? errorReasons[reason][locale](details) : undefined;
}
