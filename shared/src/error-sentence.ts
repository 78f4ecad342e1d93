/**
 * @module
 * The one sentence a person reads for a failed call, in the till and in head office alike. It
 * is built from the error's code and details, never from the English `message` in Italian, so
 * Italian says as much as English and never mixes the two:
 *   1. a declared `details.reason` has its own sentence (error-reasons.ts);
 *   2. some codes carry facts worth saying (the owner's ceiling, plan seats, pending records…);
 *   3. otherwise the code's sentence from the error table; in English the sender's message,
 *      which is English and often more precise.
 */
import { formatEuro } from './domain/euro-text';
import { scaleLayoutProblemText } from './domain/gs1-variable-measure';
import type { ScaleLayoutProblem } from './domain/gs1-variable-measure';
import type { ErrorLocale, ReasonDetails } from './error-reasons';
import { reasonSentence } from './error-reasons';
import type { ErrorCode } from './errors';
import { errorTable, isErrorCode } from './errors';

/** A CassaError, or anything shaped like one (an error body from another process). */
interface ErrorShape {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

type DetailSentence = (details: ReasonDetails, locale: ErrorLocale) => string | undefined;

const has = (details: ReasonDetails, key: string, type: 'number' | 'string'): boolean => typeof details[key] === type;

function dateTime(iso: string, locale: ErrorLocale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-IE' : 'it-IT', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A plan with no free seat ("all 3 registers in use"), or one smaller than what is in use. */
const planSeats: DetailSentence = (d, locale) => {
  if (d.limit !== 'registers' && d.limit !== 'users') return undefined;
  const max = String(d.max ?? '?');
  const registers = d.limit === 'registers';
  if (typeof d.inUse !== 'number') {
    if (locale === 'en') return registers ? `Your plan allows ${max} registers and all are in use: revoke one or change plan` : `Your plan allows ${max} head-office users: remove one or change plan`;
    return registers ? `Il piano consente ${max} casse e sono tutte in uso: revocane una o cambia piano` : `Il piano consente ${max} utenti sede: togline uno o cambia piano`;
  }
  const over = d.inUse - Number(d.max);
  if (locale === 'en') {
    return registers
      ? `${d.inUse} registers are active and the plan allows ${max}: revoke ${over} first`
      : `${d.inUse} head-office users exist and the plan allows ${max}: remove ${over} first`;
  }
  return registers
    ? `Ci sono ${d.inUse} casse attive e il piano ne consente ${max}: revocane prima ${over}`
    : `Ci sono ${d.inUse} utenti sede e il piano ne consente ${max}: togline prima ${over}`;
};

const transferClosed: DetailSentence = (d, locale) => {
  if (d.status === 'received') return locale === 'en' ? 'This transfer was already received' : 'Questo trasferimento è già stato ricevuto';
  if (d.status === 'cancelled') return locale === 'en' ? 'This transfer was already cancelled' : 'Questo trasferimento è già stato annullato';
  return undefined;
};

/** The facts some codes carry, worded; undefined when the details do not have them. */
const detailSentences: Partial<Record<ErrorCode, readonly DetailSentence[]>> = {
  AMOUNT_OVER_LIMIT: [
    (d, locale) => (has(d, 'ceilingCents', 'number') && Number.isSafeInteger(d.ceilingCents) ? `${errorTable.AMOUNT_OVER_LIMIT[locale]} (${formatEuro(d.ceilingCents as number, locale)})` : undefined),
  ],
  VALIDATION: [
    (d, locale) => {
      const problems = d.scaleLayoutProblems;
      if (!Array.isArray(problems) || problems.length === 0) return undefined;
      return (problems as ScaleLayoutProblem[]).map((problem) => scaleLayoutProblemText(problem, locale)).join('; ');
    },
    (d, locale) => {
      // Which fields were refused; the field names are the same in both languages.
      const paths = Array.isArray(d.issues) ? d.issues.map((i: { path?: unknown } | null) => i?.path).filter((p): p is string => typeof p === 'string' && p !== '') : [];
      if (paths.length === 0 || locale === 'en') return undefined;
      return `${errorTable.VALIDATION.it} (${[...new Set(paths)].join(', ')})`;
    },
  ],
  CONFLICT: [planSeats, transferClosed],
  NOT_FOUND: [
    (d, locale) => (Array.isArray(d.variantIds) ? `${locale === 'en' ? 'Not in the catalogue' : 'Non nel catalogo'}: ${d.variantIds.join(', ')}` : undefined),
  ],
  RATE_LIMITED: [
    (d, locale) => {
      // A short wait is worth counting; a long one reads better as "a few minutes".
      if (!has(d, 'retryAfterSeconds', 'number') || (d.retryAfterSeconds as number) >= 900) return undefined;
      const seconds = String(d.retryAfterSeconds);
      return locale === 'en' ? `Too many wrong passwords: wait ${seconds} seconds and try again` : `Troppe password errate: attendi ${seconds} secondi e riprova`;
    },
  ],
  SYNC_UNSENT_RECORDS: [
    (d, locale) => {
      if (!has(d, 'pending', 'number')) return undefined;
      const since = typeof d.oldestPendingAt === 'string' ? dateTime(d.oldestPendingAt, locale) : '?';
      return locale === 'en'
        ? `${String(d.pending)} records made since ${since} have not reached head office yet: sync before unpairing.`
        : `${String(d.pending)} registrazioni dal ${since} non sono ancora arrivate alla sede: sincronizza prima di scollegare.`;
    },
  ],
};

function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

/** The reader's language from a language tag ("en-GB" → en); anything not English is Italian. */
export function errorLocale(language: string): ErrorLocale {
  return language.toLowerCase().startsWith('en') ? 'en' : 'it';
}

/**
 * What a person reads for `error` in `language` ("it", "en", "en-GB"…). Accepts a CassaError, an
 * error body from another process, any Error (its message) or anything else (as text).
 */
export function errorSentence(error: unknown, language: string): string {
  if (!isErrorShape(error)) return error instanceof Error ? error.message : String(error);
  // A code from a newer peer: its message is all there is.
  if (!isErrorCode(error.code)) return error.message;
  const locale = errorLocale(language);
  const details: ReasonDetails = typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details) ? (error.details as ReasonDetails) : {};
  const byReason = reasonSentence(details.reason, details, locale);
  if (byReason !== undefined) return byReason;
  for (const sentence of detailSentences[error.code] ?? []) {
    const text = sentence(details, locale);
    if (text !== undefined) return text;
  }
  if (locale === 'en') return error.message || errorTable[error.code].en;
  return errorTable[error.code].it;
}
