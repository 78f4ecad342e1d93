/**
 * @module
 * The closed list of error codes every Cassa side speaks. One table maps each code to an HTTP
 * status and to the message a person reads, in Italian and English, so the till, the head office
 * and the sync protocol never invent ad-hoc error bodies. A refusal's `details.reason` is one of
 * the declared reasons in error-reasons.ts; `errorSentence` (error-sentence.ts) words the lot.
 */
import type { ErrorReason, ReasonNeeds } from './error-reasons';
import { isErrorReason } from './error-reasons';

export const errorCodes = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_AUTHENTICATED',
  'NOT_AUTHORISED',
  'INVALID_PIN',
  'LOCKED_OUT',
  'INVALID_BARCODE',
  'UNKNOWN_ITEM',
  'SALE_NOT_OPEN',
  'SALE_NOT_PAID',
  'OVERPAYMENT',
  'RETURN_EXCEEDS_SALE',
  'SHIFT_NOT_OPEN',
  'SHIFT_ALREADY_OPEN',
  'SHIFT_CLOSED',
  'PRINTER_OFFLINE',
  'DEVICE_UNAVAILABLE',
  'SYNC_UNPAIRED',
  'SYNC_UNSENT_RECORDS',
  'SYNC_VERSION_MISMATCH',
  'SYNC_OUT_OF_ORDER',
  'SYNC_CURSOR_RESET',
  'SYNC_SERVER_MISSING_RECORDS',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'DATABASE_TOO_NEW',
  'RATE_LIMITED',
  'DISK_FULL',
  'STORAGE_FAILED',
  'DEVICE_NOT_ENROLLED',
  'AMOUNT_OVER_LIMIT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

interface ErrorInfo {
  readonly status: number;
  readonly it: string;
  readonly en: string;
}

export const errorTable: Readonly<Record<ErrorCode, ErrorInfo>> = {
  VALIDATION: { status: 400, it: 'Dati non validi', en: 'Invalid input' },
  NOT_FOUND: { status: 404, it: 'Non trovato', en: 'Not found' },
  NOT_AUTHENTICATED: { status: 401, it: 'Accesso richiesto', en: 'Please log in' },
  NOT_AUTHORISED: { status: 403, it: 'Operazione non consentita per il tuo ruolo', en: 'Your role may not do this' },
  INVALID_PIN: { status: 401, it: 'PIN errato', en: 'Wrong PIN' },
  LOCKED_OUT: { status: 429, it: 'Troppi tentativi: riprova tra poco', en: 'Too many attempts: try again shortly' },
  INVALID_BARCODE: { status: 422, it: 'Codice a barre non valido', en: 'Invalid barcode' },
  UNKNOWN_ITEM: { status: 404, it: 'Articolo sconosciuto', en: 'Unknown item' },
  SALE_NOT_OPEN: { status: 409, it: 'Nessuno scontrino aperto', en: 'No open ticket' },
  SALE_NOT_PAID: { status: 409, it: 'Lo scontrino non è pagato per intero', en: 'The ticket is not fully paid' },
  OVERPAYMENT: { status: 422, it: 'Importo superiore al dovuto', en: 'Amount exceeds what is due' },
  RETURN_EXCEEDS_SALE: { status: 422, it: 'Reso superiore al venduto', en: 'Return exceeds what was sold' },
  SHIFT_NOT_OPEN: { status: 409, it: 'Nessun turno aperto', en: 'No shift is open' },
  SHIFT_ALREADY_OPEN: { status: 409, it: 'Un turno è già aperto', en: 'A shift is already open' },
  SHIFT_CLOSED: { status: 409, it: 'Il turno è chiuso', en: 'The shift is closed' },
  PRINTER_OFFLINE: { status: 503, it: 'Stampante non disponibile', en: 'Printer offline' },
  DEVICE_UNAVAILABLE: { status: 503, it: 'Dispositivo non disponibile', en: 'Device unavailable' },
  SYNC_UNPAIRED: { status: 409, it: 'Cassa non abbinata al server', en: 'Till not paired with a server' },
  SYNC_UNSENT_RECORDS: { status: 409, it: 'Ci sono dati non ancora inviati', en: 'There are records not yet sent' },
  SYNC_VERSION_MISMATCH: { status: 426, it: 'Versione non compatibile', en: 'Incompatible version' },
  SYNC_OUT_OF_ORDER: { status: 409, it: 'Operazioni fuori sequenza', en: 'Operations out of order' },
  SYNC_CURSOR_RESET: { status: 410, it: 'Risincronizzazione completa necessaria', en: 'A full resync is needed' },
  SYNC_SERVER_MISSING_RECORDS: {
    status: 409,
    it: 'La sede ha perso dati che questa cassa non conserva più: esporta i dati non inviati e contatta l’assistenza',
    en: 'Head office lost records this till no longer keeps: export the unsent records and call support',
  },
  PAYLOAD_TOO_LARGE: { status: 413, it: 'Richiesta troppo grande', en: 'Request too large' },
  CONFLICT: { status: 409, it: 'Conflitto con lo stato attuale', en: 'Conflicts with the current state' },
  DATABASE_TOO_NEW: { status: 500, it: 'Database di una versione più recente', en: 'Database is from a newer version' },
  RATE_LIMITED: { status: 429, it: 'Troppe richieste da qui: attendi qualche minuto e riprova', en: 'Too many requests from here: wait a few minutes and try again' },
  DISK_FULL: {
    status: 507,
    it: "Disco pieno: l'operazione non è stata registrata. Libera spazio sul computer della cassa e riprova",
    en: 'Disk full: the operation was not recorded. Free some space on the till computer and try again',
  },
  STORAGE_FAILED: {
    status: 503,
    it: "Impossibile scrivere sul disco: l'operazione non è stata registrata. Controlla il disco e i permessi della cartella dati",
    en: 'Cannot write to the disk: the operation was not recorded. Check the disk and the data folder permissions',
  },
  DEVICE_NOT_ENROLLED: {
    status: 401,
    it: 'Dispositivo non registrato: inserisci il codice mostrato sulla cassa principale',
    en: 'Device not enrolled: enter the code shown on the counter till',
  },
  AMOUNT_OVER_LIMIT: { status: 422, it: 'Importo oltre il massimo fissato dal titolare', en: 'Amount over the maximum the owner set' },
  INTERNAL: { status: 500, it: 'Errore interno', en: 'Internal error' },
};

type AnyDetails = { readonly [key: string]: unknown };

/** Details with a declared reason and the facts its sentence reads, e.g. `{ reason: 'email-taken', email }`. */
type DetailsWithReason = {
  [R in ErrorReason]: { readonly reason: R } & { readonly [K in ReasonNeeds<R>]: string | number } & AnyDetails;
}[ErrorReason];

/**
 * What a refusal says beyond its code: the facts a sentence needs (which barcode, how many
 * seats…) and, when one rule among several refused, which one as a declared `reason`. A reason
 * that is not declared in `errorReasons` does not compile, nor does one without the details its
 * sentence reads.
 */
export type ErrorDetails = ({ readonly reason?: undefined } & AnyDetails) | DetailsWithReason;

/**
 * Details as they arrive from another process (a till, head office), which may be newer than
 * this one: an object is kept; a reason this build does not declare moves to `undeclaredReason`,
 * so `reason` only ever holds a declared one and the sentence falls back to the code's.
 */
export function errorDetailsFromWire(value: unknown): ErrorDetails | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { reason, ...rest } = value as Record<string, unknown>;
  if (reason === undefined || isErrorReason(reason)) return value as ErrorDetails;
  return { ...rest, undeclaredReason: reason };
}

/** The error body every API answers with; `message` is for people, `code` for programs. */
export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

/**
 * A failure the caller can act on. Anything thrown that is not a CassaError is a bug and is
 * reported as INTERNAL by the dispatcher, which also logs it.
 */
export class CassaError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message?: string, details?: ErrorDetails) {
    super(message ?? errorTable[code].en);
    this.name = 'CassaError';
    this.code = code;
    this.details = details;
  }

  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

export function httpStatusOf(code: ErrorCode): number {
  return errorTable[code].status;
}

export function userMessage(code: ErrorCode, locale: 'it' | 'en'): string {
  return errorTable[code][locale];
}
