/**
 * @module
 * Failed calls as sentences for the back office, and the Intl date format they use. Pure: no
 * React, so it is unit-tested on its own.
 */
import type { ImportDetails, ScaleLayoutProblem } from '@cassa/shared';
import { CassaError, describeImportReason, errorTable, importReasonTexts, scaleLayoutProblemText } from '@cassa/shared';

/** The subset of i18next's `t` this needs. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export const intlTag = (lang: string) => (lang === 'en' ? 'en-IE' : 'it-IT');

export function dateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(intlTag(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * The sentence a manager reads for a failed call. The core's messages are English and precise,
 * so English shows them as they are; Italian shows the error table's sentence, plus our own for
 * the refusals this screen expects (role, head office, unsent records).
 */
export function errorMessage(error: unknown, t: Translate, lang: string): string {
  if (!(error instanceof CassaError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'NOT_AUTHORISED') return t('errors.notAuthorised');
  if (error.code === 'CONFLICT' && /head office/i.test(error.message)) {
    return lang === 'en' ? error.message : `${t('errors.managed')} (${error.message})`;
  }
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  if (error.code === 'SYNC_UNPAIRED' && (reason === 'device-id-taken' || reason === 'code-for-another-register')) {
    return t(reason === 'device-id-taken' ? 'errors.registerKnown' : 'errors.codeForAnotherRegister');
  }
  // A refusal with a catalogue reason (a barcode another product holds…) has its own sentence.
  if (typeof reason === 'string' && reason in importReasonTexts) {
    return describeImportReason(reason, error.details as ImportDetails, lang === 'en' ? 'en' : 'it', error.message);
  }
  if (error.code === 'SYNC_UNSENT_RECORDS') {
    const details = (error.details ?? {}) as { pending?: unknown; oldestPendingAt?: unknown };
    if (typeof details.pending === 'number') {
      const since = typeof details.oldestPendingAt === 'string' ? dateTime(details.oldestPendingAt, lang) : '?';
      return t('errors.unsent', { n: details.pending, since });
    }
  }
  const problems = (error.details as { scaleLayoutProblems?: unknown } | undefined)?.scaleLayoutProblems;
  if (error.code === 'VALIDATION' && Array.isArray(problems) && problems.length > 0) {
    return (problems as ScaleLayoutProblem[]).map((problem) => scaleLayoutProblemText(problem, lang === 'en' ? 'en' : 'it')).join('; ');
  }
  if (lang === 'en') return error.message || errorTable[error.code].en;
  const table = errorTable[error.code];
  return error.message && error.message !== table.en ? `${table.it}: ${error.message}` : table.it;
}
