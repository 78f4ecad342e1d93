/**
 * @module
 * Pure parsers for what RCH reads answer (lucafabbri/rch-driver-js): the printer status
 * (`printer/PrinterStatus.ts`), files pending (`printer/InactivityAndPendings.ts`), the serial
 * (`Utils.toRtFormat`), counters, and the last receipt's journal text (`RegexUtils.fiscalDocumentPattern`:
 * `DOCUMENTO N. zzzz-nnnn`, `dd-MM-yyyy HH:mm`, `TOTALE COMPLESSIVO 1.234,50`, a `72xx0000000` serial).
 * Amounts come with a comma and dot thousands; they are read to exact cents.
 */
import type { FiscalDocument, FiscalFailure, FiscalStatus } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';

function unreadable(failure: FiscalFailure, what: string): FiscalDeviceError {
  return new FiscalDeviceError(failure, `The fiscal printer's answer cannot be read: ${what}`, { deviceCode: 'PROTOCOL' });
}

/** `1.234,50`, `19,80`, `0,00` → cents; anything else (dots as decimals, no decimals, signs) throws. */
export function parseRchAmount(text: string, failure: FiscalFailure): number {
  const t = text.trim();
  if (!/^(?:\d{1,3}(?:\.\d{3})+|\d{1,12}),\d{2}$/.test(t)) throw unreadable(failure, `amount '${t.slice(0, 30)}'`);
  const cents = Number(t.replace(/[.,]/g, ''));
  if (!Number.isSafeInteger(cents)) throw unreadable(failure, `amount '${t.slice(0, 30)}' is too large`);
  return cents;
}

/** A whole count (a Z number, a counter) of at most `max`. */
export function parseRchCount(text: string, max: number, what: string, failure: FiscalFailure): number {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) > max) throw unreadable(failure, `${what} '${t.slice(0, 20)}'`);
  return Number(t);
}

/**
 * `<</?m`: the serial. rch-driver-js drops the first space and turns a pre-RT serial into the RT
 * form (`72M` + its first two characters + the rest after the fourth); RT serials start with `72`.
 */
export function parseRchSerial(text: string, failure: FiscalFailure): string {
  const s = text.trim().replace(' ', '');
  const rt = (s.startsWith('72') ? s : `72M${s.slice(0, 2)}${s.slice(4)}`).replace(' ', '').toUpperCase();
  if (!/^[0-9A-Z]{11}$/.test(rt)) throw unreadable(failure, `serial '${text.slice(0, 20)}'`);
  return rt;
}

/**
 * `<</?i/*4` (PrinterStatus): [0] `1` error, [1] `1` paper over, [4] `1` cover open, [5] `0` cutter ok.
 * An error without paper or cover is `offline` (the printer part cannot print).
 */
export function parseRchPrinterStatus(text: string, failure: FiscalFailure): FiscalStatus['printer'] {
  if (!/^[01]{6}/.test(text.trim())) throw unreadable(failure, `printer status '${text.slice(0, 20)}'`);
  const t = text.trim();
  if (t[4] === '1') return 'cover-open';
  if (t[1] === '1') return 'paper-out';
  if (t[0] === '1') return 'offline';
  return 'ok';
}

/** `</?i/*5` (InactivityAndPendings): `<inactive 0|1> <pending>/<max 11|25> [dd/MM/yyyy HH:mm:ss]`. */
export function parseRchPending(text: string, failure: FiscalFailure): { inactive: boolean; filesPending: number } {
  const m = /^([01]) *(\d{1,2})\/(11|25) ?(\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2})?$/.exec(text.trim());
  if (!m) throw unreadable(failure, `files pending '${text.slice(0, 40)}'`);
  return { inactive: m[1] === '1', filesPending: Number(m[2]) };
}

/** ReceiptStatus (rch-driver-js): 0 idle, 1 fiscal transition, 2 payment, 3 alpha input, 4 waiting termination. */
export function receiptOpen(receiptStatus: string | null): boolean {
  return receiptStatus === '01' || receiptStatus === '02' || receiptStatus === '04';
}

/**
 * The last receipt's journal text (`=C453/$0`), line by line → the document. Null when the text
 * holds no DOCUMENTO COMMERCIALE (a printer that has issued none). Parts missing → unreadable.
 */
export function parseRchLastReceipt(lines: readonly string[], failure: FiscalFailure): FiscalDocument | null {
  const text = lines.join('\n');
  if (!/DOCUMENTO\s+COMMERCIALE/.test(text)) return null;
  const number = /DOCUMENTO N\.\s*(\d{4})-(\d{4})/.exec(text);
  const when = /(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})/.exec(text);
  const total = /TOTALE COMPLESSIVO\s+([\d.,]+)/.exec(text);
  const serial = /\b(72[A-Za-z]{2}\d{7})\b/.exec(text);
  if (!number || !when || !total || !serial) {
    const missing = [!number && 'DOCUMENTO N.', !when && 'date', !total && 'TOTALE COMPLESSIVO', !serial && 'serial'].filter(Boolean).join(', ');
    throw unreadable(failure, `the last receipt lacks ${missing}`);
  }
  const documentNumber = Number(number[2]);
  if (documentNumber < 1) throw unreadable(failure, 'document number 0');
  const [, dd, mm, yyyy, hh, mi] = when;
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 31 || Number(hh) > 23 || Number(mi) > 59) throw unreadable(failure, `date '${when[0]}'`);
  return {
    serial: (serial[1] ?? '').toUpperCase(),
    zNumber: Number(number[1]),
    documentNumber,
    date: `${yyyy ?? ''}-${mm ?? ''}-${dd ?? ''}`,
    time: `${hh ?? ''}:${mi ?? ''}`,
    amountCents: parseRchAmount(total[1] ?? '', failure),
  };
}
