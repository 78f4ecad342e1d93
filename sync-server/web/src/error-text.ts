/**
 * @module
 * A failed call as a sentence in the page's language. The server's messages are English and
 * precise, so English shows them as they are; Italian says the refusals head office expects
 * (plan seats, a closed transfer, unknown items, wrong credentials) in its own words from the
 * error's code and details, and anything else as the error table's sentence plus the server's.
 */
import type { ImportDetails, ScaleLayoutProblem } from '@cassa/shared';
import { CassaError, describeImportReason, errorTable, importReasonTexts, isErrorCode, scaleLayoutProblemText } from '@cassa/shared';
import i18next from './i18n';

export function errorText(error: unknown): string {
  if (!(error instanceof CassaError)) return error instanceof Error ? error.message : String(error);
  const t = i18next.t.bind(i18next);
  const details = (typeof error.details === 'object' && error.details !== null ? error.details : {}) as Readonly<Record<string, unknown>>;
  const known = (): string | null => {
    if (error.code === 'CONFLICT' && (details.limit === 'registers' || details.limit === 'users')) {
      const inUse = typeof details.inUse === 'number' ? details.inUse : null;
      return inUse !== null
        ? t(`errors.planTooSmall.${details.limit}`, { inUse, max: details.max, count: inUse - Number(details.max) })
        : t(`errors.planFull.${details.limit}`, { max: details.max });
    }
    if (error.code === 'CONFLICT' && (details.status === 'received' || details.status === 'cancelled')) return t(`errors.transferClosed.${details.status}`);
    if (error.code === 'NOT_FOUND' && Array.isArray(details.variantIds)) return t('errors.notInCatalogue', { items: details.variantIds.join(', ') });
    if (details.reason === 'credentials') return t('errors.credentials');
    if (details.reason === 'current-password') return t('errors.currentPassword');
    if (details.reason === 'same-store') return t('errors.sameStore');
    if (details.reason === 'self-demote') return t('errors.selfDemote');
    if (details.reason === 'self-remove') return t('errors.selfRemove');
    if (details.reason === 'email-taken') return t('errors.emailTaken', { email: details.email });
    // Catalogue refusals (a barcode another product holds) have their sentence in the shared table.
    if (typeof details.reason === 'string' && details.reason in importReasonTexts) return describeImportReason(details.reason, details as ImportDetails, 'it', error.message);
    if (error.code === 'VALIDATION' && Array.isArray(details.scaleLayoutProblems)) {
      return (details.scaleLayoutProblems as ScaleLayoutProblem[]).map((p) => scaleLayoutProblemText(p, 'it')).join('; ');
    }
    if (error.code === 'NOT_AUTHORISED') return t('errors.notAuthorised');
    if (error.code === 'RATE_LIMITED' && typeof details.retryAfterSeconds === 'number' && details.retryAfterSeconds < 900) {
      return t('errors.slowedDown', { seconds: details.retryAfterSeconds });
    }
    if (error.code === 'RATE_LIMITED') return t('errors.rateLimited');
    if (error.code === 'LOCKED_OUT') return t('errors.lockedOut');
    return null;
  };
  if (i18next.language === 'en') return error.message;
  const sentence = known();
  if (sentence !== null) return sentence;
  if (!isErrorCode(error.code)) return error.message;
  const table = errorTable[error.code];
  return error.message && error.message !== table.en ? `${table.it}: ${error.message}` : table.it;
}
