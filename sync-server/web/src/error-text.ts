/**
 * @module
 * A failed call as a sentence in the page's language: shared's `errorSentence`, the same
 * sentence the till shows for the same refusal (plan seats, a closed transfer, wrong
 * credentials…), worded from the error's code and details, never mixing languages.
 */
import { errorSentence } from '@cassa/shared';
import i18next from './i18n';

export function errorText(error: unknown): string {
  return errorSentence(error, i18next.language);
}
