/**
 * @module
 * Pure parsers for fpmate.cgi replies (reference/fiscal-rt.md §1, "Response"): the SOAP
 * `<response success code status><addInfo>…` shape, comma amounts to exact cents, `d/M/yyyy`
 * dates, the 5-digit printer status and the directIO `responseData` layouts (1138, 1387).
 *
 * A reply that cannot be read throws a FiscalDeviceError; `unreadable` says which failure that is,
 * because a reply to issue() that cannot be read may still stand for a printed document.
 */
import type { FiscalDocument, FiscalFailure, FiscalStatus } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';

export interface EpsonReply {
  readonly success: boolean;
  /** Epson's error code (`EPTR_REC_EMPTY`, `PARSER_ERROR`…), empty on success. */
  readonly code: string;
  readonly status: string;
  /** The `addInfo` children by name: lastCommand, printerStatus, fiscalReceiptNumber, responseData… */
  readonly info: ReadonlyMap<string, string>;
}

/** Longest reply accepted: a real one is a few hundred bytes. */
const maxReplyLength = 64 * 1024;

function malformed(failure: FiscalFailure, what: string): FiscalDeviceError {
  return new FiscalDeviceError(failure, `The fiscal printer's reply cannot be read: ${what}`, { deviceCode: 'PROTOCOL' });
}

/**
 * Parses the SOAP reply. `unreadable` is the failure for a reply that cannot be read: use
 * `outcome-unknown` after issue() or a Z (the document may exist), `offline` for queries.
 */
export function parseEpsonReply(text: string, unreadable: FiscalFailure): EpsonReply {
  if (text.length > maxReplyLength) throw malformed(unreadable, `${text.length} characters is too long`);
  // Control characters other than tab/CR/LF (NUL first) are never in a real reply.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw malformed(unreadable, 'it contains control characters');
  if (!/<\/(?:[\w-]+:)?Envelope>\s*$/.test(text)) throw malformed(unreadable, 'the SOAP envelope is not closed (truncated?)');
  const open = /<response\b([^>]*?)(\/?)>/.exec(text);
  if (!open) throw malformed(unreadable, 'no <response> element');
  const attributes = parseAttributes(open[1] ?? '');
  const success = attributes.get('success');
  if (success !== 'true' && success !== 'false') throw malformed(unreadable, `success="${success ?? ''}" is not true or false`);
  const info = new Map<string, string>();
  if (open[2] !== '/') {
    const close = text.indexOf('</response>', open.index);
    if (close === -1) throw malformed(unreadable, '<response> is not closed');
    const inner = text.slice(open.index + open[0].length, close);
    const addInfo = /<addInfo>([\s\S]*)<\/addInfo>/.exec(inner)?.[1] ?? '';
    for (const match of addInfo.matchAll(/<([A-Za-z][\w]*)>([^<]*)<\/\1>/g)) {
      if (match[1] !== undefined && match[1] !== 'elementList') info.set(match[1], unescapeXml(match[2] ?? '').trim());
    }
  }
  return { success: success === 'true', code: attributes.get('code') ?? '', status: attributes.get('status') ?? '', info };
}

function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of text.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) {
    if (match[1] !== undefined) out.set(match[1], unescapeXml(match[2] ?? ''));
  }
  return out;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One addInfo field that must be there. */
export function requiredInfo(reply: EpsonReply, name: string, unreadable: FiscalFailure): string {
  const value = reply.info.get(name);
  if (value === undefined || value === '') throw malformed(unreadable, `no ${name}`);
  return value;
}

/**
 * `1,00` → 100, `-12,50` → -1250, `1.234,56` → 123456. Exact, by digits: never parseFloat for money.
 * A dot alone (`1.00`) is refused: in a comma-decimal reply it would be a thousands separator.
 */
export function parseCommaAmount(text: string, unreadable: FiscalFailure = 'offline'): number {
  const match = /^(-)?(\d{1,3}(?:\.\d{3})+|\d+),(\d{2})$/.exec(text.trim());
  if (!match) throw malformed(unreadable, `amount '${text}' is not like 1,00`);
  const whole = (match[2] ?? '').replace(/\./g, '');
  if (whole.length > 12) throw malformed(unreadable, `amount '${text}' is too large`);
  const cents = Number(whole) * 100 + Number(match[3]);
  return match[1] === '-' ? -cents : cents;
}

/** `d/M/yyyy` → `YYYY-MM-DD`, checked against the calendar. */
export function parseEpsonDate(text: string, unreadable: FiscalFailure = 'offline'): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) throw malformed(unreadable, `date '${text}' is not like d/M/yyyy`);
  return isoDate(Number(match[3]), Number(match[2]), Number(match[1]), unreadable, text);
}

function isoDate(year: number, month: number, day: number, unreadable: FiscalFailure, text: string): string {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw malformed(unreadable, `date '${text}' is not a calendar date`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `H:mm` or `H:mm:ss` → `HH:MM[:SS]`. */
export function parseEpsonTime(text: string, unreadable: FiscalFailure = 'offline'): string {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59) {
    throw malformed(unreadable, `time '${text}' is not like H:mm[:ss]`);
  }
  return `${(match[1] ?? '').padStart(2, '0')}:${match[2] ?? ''}${match[3] === undefined ? '' : `:${match[3]}`}`;
}

/** A whole number that fits its field (document numbers, Z numbers). */
export function parseCount(text: string, max: number, what: string, unreadable: FiscalFailure = 'offline'): number {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) > max) throw malformed(unreadable, `${what} '${text}' is not a number up to ${max}`);
  return Number(trimmed);
}

export type PrinterStatusFields = Pick<FiscalStatus, 'printer' | 'journal' | 'documentOpen'>;

/**
 * The 5-digit `printerStatus`/`fpStatus` (reference §1): [0] printer 0 ok, 2 paper low, 3 offline
 * (paper end or cover open: the digit does not say which); [1] journal 0 ok, 1 near full, 5 full,
 * 2/3/4 not usable here (to format, a previous one, another device's), shown as full; [2] drawer;
 * [3] document 1 closed, anything else open; [4] mode.
 */
export function parsePrinterStatus(text: string, unreadable: FiscalFailure = 'offline'): PrinterStatusFields {
  if (!/^\d{5}$/.test(text)) throw malformed(unreadable, `printer status '${text}' is not 5 digits`);
  const printer = text[0] === '0' ? 'ok' : text[0] === '2' ? 'paper-low' : 'offline';
  const journal = text[1] === '0' ? 'ok' : text[1] === '1' ? 'near-full' : 'full';
  return { printer, journal, documentOpen: text[3] !== '1' };
}

/** OCA's rule: the first two status digits outside {00, 01, 20, 21} are an error even when success="true". */
export function statusDigitsOk(printerStatus: string): boolean {
  return ['00', '01', '20', '21'].includes(printerStatus.slice(0, 2));
}

export type RtStatusFields = Pick<FiscalStatus, 'inService' | 'training' | 'closureNeeded' | 'filesPending' | 'filesOld' | 'filesRejected' | 'certificateExpiry'>;

/**
 * directIO 1138 `responseData` (iconic, OCA; reference §1 table), 0-based after the 2-character
 * operator echo: [2] type, [3-4] main status (`01` not in service), [7] day open, [8] no working
 * period (a Z is needed), [9-12] files to send, [13-16] old, [17-20] rejected, [21-26] certificate
 * expiry, [38] training, [44] out of service. The expiry's order is [U]: read as DDMMYY like
 * 1387's dates; a value that is no calendar date gives null rather than a wrong day.
 */
export function parseRtStatus(responseData: string, unreadable: FiscalFailure = 'offline'): RtStatusFields {
  if (!/^[0-9A-Za-z ]{45,}$/.test(responseData)) throw malformed(unreadable, `RT status '${responseData.slice(0, 60)}' is not the 1138 layout`);
  const count = (from: number, to: number, what: string): number => parseCount(responseData.slice(from, to), 9999, what, unreadable);
  return {
    inService: responseData.slice(3, 5) !== '01' && responseData[44] !== '1',
    training: responseData[38] === '1',
    closureNeeded: responseData[8] === '1',
    filesPending: count(9, 13, 'files to send'),
    filesOld: count(13, 17, 'old files'),
    filesRejected: count(17, 21, 'rejected files'),
    certificateExpiry: ddmmyyDate(responseData.slice(21, 27)),
  };
}

function ddmmyyDate(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null;
  try {
    return isoDate(2000 + Number(text.slice(4, 6)), Number(text.slice(2, 4)), Number(text.slice(0, 2)), 'offline', text);
  } catch {
    return null;
  }
}

/**
 * directIO 1387 `responseData` (fiskaltrust `LastEmittedDocStatus`, Communication Protocol v8.1):
 * OP(2) amount(9, cents) VAT(9) DDMMYY(6) HHMMSS(6) Z(4) doc(4) serial(11) instant-lottery(1)
 * lottery(8) fiscal flag(1)… A device that has issued nothing answers zeros: null.
 */
export function parseLastDocument(responseData: string, unreadable: FiscalFailure = 'offline'): FiscalDocument | null {
  if (responseData.length < 61) throw malformed(unreadable, `last document '${responseData.slice(0, 70)}' is shorter than the 1387 layout`);
  const amountText = responseData.slice(2, 11).trim();
  const dateText = responseData.slice(20, 26);
  const timeText = responseData.slice(26, 32);
  const documentNumber = parseCount(responseData.slice(36, 40), 9999, 'document number', unreadable);
  if (documentNumber === 0) return null;
  if (!/^\d{1,9}$/.test(amountText)) throw malformed(unreadable, `last document amount '${amountText}' is not cents`);
  if (!/^\d{6}$/.test(dateText) || !/^\d{6}$/.test(timeText)) throw malformed(unreadable, `last document date '${dateText}' or time '${timeText}' is not digits`);
  const serial = responseData.slice(40, 51).trim();
  if (!/^[0-9A-Z]{11}$/.test(serial)) throw malformed(unreadable, `serial '${serial}' is not 11 letters and digits`);
  const time = `${timeText.slice(0, 2)}:${timeText.slice(2, 4)}:${timeText.slice(4, 6)}`;
  return {
    serial,
    zNumber: parseCount(responseData.slice(32, 36), 9999, 'Z number', unreadable),
    documentNumber,
    date: isoDate(2000 + Number(dateText.slice(4, 6)), Number(dateText.slice(2, 4)), Number(dateText.slice(0, 2)), unreadable, dateText),
    time: parseEpsonTime(time, unreadable),
    amountCents: Number(amountText),
  };
}

/** directIO 9205: a reply starting with 0 or 1 means the device would accept it (iconic, procassa). */
export function parsePreCheck(responseData: string, unreadable: FiscalFailure = 'offline'): boolean {
  const first = responseData.trim()[0];
  if (first === undefined || !/\d/.test(first)) throw malformed(unreadable, `pre-check reply '${responseData.slice(0, 20)}' does not start with a digit`);
  return first === '0' || first === '1';
}

/**
 * directIO 3217: the serial after the 2-character operator echo. procassa reorders some characters
 * for display; that rule is [U] (its indices do not add up to 11), so only an 11-character
 * letters-and-digits serial is accepted as is.
 */
export function parseSerial(responseData: string, unreadable: FiscalFailure = 'offline'): string {
  const serial = responseData.slice(2).replace(/\s+/g, '');
  if (!/^[0-9A-Z]{11}$/.test(serial)) throw malformed(unreadable, `serial '${serial.slice(0, 20)}' is not 11 letters and digits`);
  return serial;
}
