/**
 * @module
 * The back office's Intl date format. Failed calls are worded by shared's `errorSentence`, the
 * same sentence the cashier screen and head office show.
 */

/** The subset of i18next's `t` the back office's pure helpers need. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export const intlTag = (lang: string) => (lang === 'en' ? 'en-IE' : 'it-IT');

export function dateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(intlTag(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
