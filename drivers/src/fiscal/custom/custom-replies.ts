/**
 * @module
 * Pure parsers for Custom `/xml/printer.htm` replies (reference/fiscal-rt.md §2; Custom's XML
 * manual, "Response file"): `<response success status><addInfo>lastCommand, dateTime,
 * printerStatus, fpStatus, receiptStep, nClose, fiscalDoc, responseBuf…`, and `<infoResp>` for
 * getInfo. No SOAP envelope. A reply that cannot be read throws a FiscalDeviceError whose failure
 * the caller names (`outcome-unknown` after issue() or a Z: the document may exist).
 */
import type { FiscalFailure, FiscalStatus } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';

export interface CustomReply {
  readonly root: 'response' | 'infoResp';
  readonly success: boolean;
  /** Custom's error number (16 paper end, 54 closure needed…), 0 on success. */
  readonly status: number;
  /** Leaf elements outside the nested blocks: lastCommand, dateTime, printerStatus, nClose, fiscalDoc, responseBuf, serialNumber… */
  readonly fields: ReadonlyMap<string, string>;
  /** The text inside the root element, for nested blocks (lastDocument, dailyTotals). */
  readonly body: string;
}

/** Longest reply accepted: getVatTotalsOnDemand, the largest, is a few kilobytes. */
const maxReplyLength = 64 * 1024;
/** Blocks whose children would shadow addInfo's own fields (lastDocument has a dateTime of its own). */
const nestedBlocks = ['getVatTotalsOnDemand', 'lastDocument', 'vatTotals', 'dailyTotals', 'ejDocVat', 'getFullRTStatus', 'ZTransmission'];

export function malformed(failure: FiscalFailure, what: string): FiscalDeviceError {
  return new FiscalDeviceError(failure, `The fiscal printer's reply cannot be read: ${what}`, { deviceCode: 'PROTOCOL' });
}

export function parseCustomReply(text: string, unreadable: FiscalFailure): CustomReply {
  if (text.length > maxReplyLength) throw malformed(unreadable, `${text.length} characters is too long`);
  // Control characters other than tab/CR/LF (NUL first) are never in a real reply.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw malformed(unreadable, 'it contains control characters');
  const open = /<(response|infoResp)\b([^>]*?)(\/?)>/.exec(text);
  if (!open) throw malformed(unreadable, 'no <response> or <infoResp> element');
  const root = open[1] === 'infoResp' ? 'infoResp' : 'response';
  const attributes = new Map<string, string>();
  for (const match of (open[2] ?? '').matchAll(/([\w:-]+)\s*=\s*"\s*([^"]*?)\s*"/g)) if (match[1] !== undefined) attributes.set(match[1], match[2] ?? '');
  // The manual's own examples write success=TRUE: compare without case.
  const success = attributes.get('success')?.toLowerCase();
  if (success !== 'true' && success !== 'false') throw malformed(unreadable, `success="${attributes.get('success') ?? ''}" is not true or false`);
  const statusText = attributes.get('status') ?? '0';
  if (!/^\d{1,4}$/.test(statusText)) throw malformed(unreadable, `status="${statusText.slice(0, 20)}" is not an error number`);
  let body = '';
  if (open[3] !== '/') {
    const close = text.lastIndexOf(`</${root}`);
    if (close < open.index || !/^<\/\w+\s*>\s*$/.test(text.slice(close))) throw malformed(unreadable, `<${root}> is not closed (truncated?)`);
    body = text.slice(open.index + open[0].length, close);
  }
  return { root, success: success === 'true', status: Number(statusText), fields: leaves(withoutBlocks(body, nestedBlocks)), body };
}

function withoutBlocks(body: string, names: readonly string[]): string {
  let out = body;
  for (const name of names) out = out.replace(new RegExp(`<${name}\\b[^>]*>[\\s\\S]*?</${name}\\s*>`, 'g'), '');
  return out;
}

function leaves(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of xml.matchAll(/<([A-Za-z][\w]*)\b[^>]*>([^<]*)<\/\1\s*>/g)) {
    if (match[1] !== undefined && !out.has(match[1])) out.set(match[1], unescapeXml(match[2] ?? '').trim());
  }
  return out;
}

/** The leaf elements of one nested block (e.g. `lastDocument`, `dailyTotals`), or null when absent. */
export function blockFields(reply: CustomReply, name: string): ReadonlyMap<string, string> | null {
  const match = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}\\s*>`).exec(reply.body);
  return match ? leaves(match[1] ?? '') : null;
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function requiredField(fields: ReadonlyMap<string, string>, name: string, unreadable: FiscalFailure): string {
  const value = fields.get(name);
  if (value === undefined || value === '') throw malformed(unreadable, `no ${name}`);
  return value;
}

/** A whole number that fits its field (document numbers, Z numbers). */
export function parseCustomCount(text: string, max: number, what: string, unreadable: FiscalFailure): number {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) > max) throw malformed(unreadable, `${what} '${text.slice(0, 20)}' is not a number up to ${max}`);
  return Number(trimmed);
}

/** Cents written as digits only (`000000900` = €9.00), as getDailyTotals and ejDocVat do. */
export function parseDigitsCents(text: string, what: string, unreadable: FiscalFailure): number {
  const trimmed = text.trim();
  if (!/^\d{1,12}$/.test(trimmed)) throw malformed(unreadable, `${what} '${text.slice(0, 20)}' is not cents`);
  return Number(trimmed);
}

/** `10.00` → 1000, as getVatTotalsOnDemand writes amounts. Exact, by digits: never parseFloat for money. */
export function parseDotAmount(text: string, what: string, unreadable: FiscalFailure): number {
  const match = /^(\d{1,10})\.(\d{2})$/.exec(text.trim());
  if (!match) throw malformed(unreadable, `${what} '${text.slice(0, 20)}' is not like 10.00`);
  return Number(match[1]) * 100 + Number(match[2]);
}

export interface CustomDateTime {
  readonly date: string;
  /** `HH:MM:SS`, or null where the device gave the date alone. */
  readonly time: string | null;
}

/**
 * `2025-10-17T10:00:45` (the manual's examples) or `17/10/2025 10:00:45` / `17/10/2025` (the forms
 * fiskaltrust's `AddInfo` parses), checked against the calendar.
 */
export function parseCustomDateTime(text: string, unreadable: FiscalFailure): CustomDateTime {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(trimmed);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : dmy ? [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5], dmy[6]] : null;
  if (!parts) throw malformed(unreadable, `date and time '${trimmed.slice(0, 30)}' is not like 2025-10-17T10:00:45 or 17/10/2025 10:00:45`);
  const num = (i: number): number | null => (parts[i] === undefined ? null : Number(parts[i]));
  const [year, month, day, hours, minutes, seconds] = [num(0) ?? 0, num(1) ?? 0, num(2) ?? 0, num(3), num(4), num(5) ?? 0];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw malformed(unreadable, `date '${trimmed.slice(0, 30)}' is not a calendar date`);
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  if (hours === null || minutes === null) return { date, time: null };
  if (hours > 23 || minutes > 59 || seconds > 59) throw malformed(unreadable, `time in '${trimmed.slice(0, 30)}' is not a time of day`);
  return { date, time: `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` };
}

export type CustomPrinterFields = Pick<FiscalStatus, 'printer' | 'journal' | 'documentOpen'>;

/**
 * queryPrinterStatus: printerStatus S1 cover open, S2 paper end, S3 paper near end, S4 EJ full,
 * S5 EJ almost full (manual); fpStatus `000` no receipt in progress; receiptStep `0` sale concluded.
 */
export function parseCustomPrinterStatus(fields: ReadonlyMap<string, string>, unreadable: FiscalFailure = 'offline'): CustomPrinterFields {
  const digits = requiredField(fields, 'printerStatus', unreadable);
  if (!/^[01]{5}$/.test(digits)) throw malformed(unreadable, `printer status '${digits.slice(0, 20)}' is not 5 digits 0/1`);
  const fp = fields.get('fpStatus') ?? '000';
  const step = fields.get('receiptStep') ?? '0';
  if (!/^[01]{3}$/.test(fp)) throw malformed(unreadable, `fpStatus '${fp.slice(0, 20)}' is not 3 digits 0/1`);
  const printer = digits[0] === '1' ? 'cover-open' : digits[1] === '1' ? 'paper-out' : digits[2] === '1' ? 'paper-low' : 'ok';
  const journal = digits[3] === '1' ? 'full' : digits[4] === '1' ? 'near-full' : 'ok';
  return { printer, journal, documentOpen: fp !== '000' || step.trim() !== '0' };
}

export interface CustomInfo {
  readonly serial: string;
  /** Fiscal closures made so far: documents issued now belong to Z `zSetNumber + 1` [U]. */
  readonly zSetNumber: number;
  readonly inService: boolean;
  readonly training: boolean;
  readonly journalFull: boolean;
  readonly certificateExpiry: string | null;
}

/**
 * getInfo's `<infoResp>` (manual example): serialNumber, fpuState ("IN SERVIZIO"), zSetNumber,
 * ejFull, simulation / demoMode, certValidTo (dd/MM/yyyy), certExpired; yes/no are `SI`/`NO`.
 */
export function parseCustomInfo(reply: CustomReply, unreadable: FiscalFailure = 'offline'): CustomInfo {
  if (reply.root !== 'infoResp') throw malformed(unreadable, 'getInfo did not answer <infoResp>');
  const fields = reply.fields;
  const serial = requiredField(fields, 'serialNumber', unreadable);
  if (!/^[0-9A-Z]{11}$/.test(serial)) throw malformed(unreadable, `serial '${serial.slice(0, 20)}' is not 11 letters and digits`);
  const yes = (name: string): boolean => fields.get(name)?.toUpperCase() === 'SI';
  const validTo = fields.get('certValidTo');
  let certificateExpiry: string | null = null;
  if (validTo !== undefined && /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(validTo)) certificateExpiry = parseCustomDateTime(validTo, unreadable).date;
  return {
    serial,
    zSetNumber: parseCustomCount(requiredField(fields, 'zSetNumber', unreadable), 9999, 'zSetNumber', unreadable),
    // The manual's example says "IN SERVIZIO"; other states' spelling is [U], so anything else is "not in service".
    inService: (fields.get('fpuState') ?? '').toUpperCase().replace(/\s+/g, ' ') === 'IN SERVIZIO',
    // Which flag the training mode (error 55) shows as is [U]: simulation or demo mode.
    training: yes('simulation') || yes('demoMode'),
    journalFull: yes('ejFull'),
    certificateExpiry,
  };
}

/** beginRtDoc* with checkOnly=1: responseBuf `1` found (allowed), `0` not found, `2` not allowed. */
export function parseCustomReferenceCheck(fields: ReadonlyMap<string, string>, unreadable: FiscalFailure = 'offline'): 'found' | 'not-found' | 'not-allowed' {
  const first = requiredField(fields, 'responseBuf', unreadable)[0];
  if (first === '1') return 'found';
  if (first === '0') return 'not-found';
  if (first === '2') return 'not-allowed';
  throw malformed(unreadable, `pre-check result '${first ?? ''}' is not 0, 1 or 2`);
}

export interface CustomLastDocument {
  readonly documentNumber: number;
  readonly date: string;
  readonly time: string;
  readonly amountCents: number;
}

/** getVatTotalsOnDemand's `<lastDocument><number><dateTime><total>`; none or number 0 → null. */
export function parseCustomLastDocument(reply: CustomReply, unreadable: FiscalFailure = 'offline'): CustomLastDocument | null {
  const block = blockFields(reply, 'lastDocument');
  if (block === null) return null;
  const documentNumber = parseCustomCount(requiredField(block, 'number', unreadable), 9999, 'last document number', unreadable);
  if (documentNumber === 0) return null;
  const when = parseCustomDateTime(requiredField(block, 'dateTime', unreadable), unreadable);
  if (when.time === null) throw malformed(unreadable, 'the last document has no time');
  return { documentNumber, date: when.date, time: when.time, amountCents: parseDotAmount(requiredField(block, 'total', unreadable), 'last document total', unreadable) };
}

/**
 * getDailyTotals: the day's takings as receipts less telematic returns and annulments, all in
 * digit cents. Whether `receiptsTot` is already net of them is not written down [U].
 */
export function parseCustomDailyAmount(reply: CustomReply, unreadable: FiscalFailure = 'offline'): number {
  const block = blockFields(reply, 'dailyTotals');
  if (block === null) throw malformed(unreadable, 'no <dailyTotals>');
  const cents = (name: string): number => parseDigitsCents(requiredField(block, name, unreadable), name, unreadable);
  return cents('receiptsTot') - cents('telematicRefundRecTot') - cents('telematicCancelRecTot');
}
