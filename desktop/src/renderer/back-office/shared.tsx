/**
 * @module
 * What every back-office tab uses: the translation hook for our namespace, the till client, error
 * sentences, Intl formats, local dates and a Blob download.
 */
import { businessDay, errorSentence, euroInputText, formatEuro, parseEuroInput, parseQuantityText } from '@cassa/shared';
import type { ReactNode } from 'react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTill } from '../till-context';
import { intlTag } from './error-message';
import { namespace } from './i18n';

export type T = ReturnType<typeof useTranslation<typeof namespace>>['t'];

export function useBackOffice() {
  const { t, i18n } = useTranslation(namespace);
  const { client, user } = useTill();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  return { t, lang, client, isAdmin: user?.role === 'admin' } as const;
}


export function money(cents: number, lang: string): string {
  return formatEuro(cents, lang);
}

export function quantity(milli: number, lang: string): string {
  return new Intl.NumberFormat(intlTag(lang), { maximumFractionDigits: 3 }).format(milli / 1000);
}

export { dateTime, intlTag } from './error-message';

/** A day as YYYY-MM-DD in the browser's own time zone (the shop's, on a till). */
export function localDay(date: Date): string {
  return businessDay(date, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Euros as typed in either style ("12,50", "12.50", "1.234,50", "12") into cents; null when not a price. */
export function parseEuros(text: string): number | null {
  return parseEuroInput(text);
}

export function eurosText(cents: number, lang: string): string {
  return euroInputText(cents, lang);
}

/** A signed quantity ("5", "-2", "1,5") into thousandths; null when it is not one or is zero. */
export function parseSignedMilli(text: string): number | null {
  const milli = parseQuantityText(text, { signed: true });
  return milli === 0 ? null : milli;
}

/** Runs one call at a time for a form: busy flag, error text and a success notice. */
export function useAction() {
  const { lang } = useBackOffice();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The latest language, read when a call fails: `run` stays the same function across a language
  // switch, so effects that depend on it do not re-run (and forms keep what is typed).
  const language = useRef(lang);
  language.current = lang;
  const run = useCallback(
    async <R,>(work: () => Promise<R>, success?: (result: R) => string | null): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        const result = await work();
        if (success) setNotice(success(result));
        return result;
      } catch (caught) {
        setError(errorSentence(caught, language.current));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, notice, run, setError, setNotice } as const;
}

export function Feedback({ error, notice }: { error: string | null; notice?: string | null }) {
  return (
    <>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
    </>
  );
}

export function Panel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="bo-panel" aria-label={title}>
      <div className="row">
        <h3>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Saves text as a file through a Blob URL; the browser (or Electron) asks where. */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  // A BOM so spreadsheet programs read the accents as UTF-8.
  const blob = new Blob(['\ufeff', text], { type: mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
