/**
 * @module
 * A document's figures as a person types them from paper: the device's serial (matricola), the Z
 * and the number of "DOCUMENTO N. zzzz-nnnn", the date and, for a document recorded by hand, the
 * time. Checked here so the cashier hears what is wrong in their language before anything is
 * sent; the core checks them again (shared's fiscalReferenceSchema).
 */
import type { FiscalReference } from '@cassa/shared';

export interface TypedReference {
  readonly serial: string;
  readonly zNumber: string;
  readonly documentNumber: string;
  /** `YYYY-MM-DD`, as a date input gives it. */
  readonly date: string;
}

/** The message key of what is wrong, or the reference. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly key: string };

/** A calendar date that exists: 2026-02-30 is refused, not rolled over to March. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseTypedReference(typed: TypedReference): Parsed<FiscalReference> {
  const serial = typed.serial.trim().toUpperCase();
  if (!/^[0-9A-Z]{11}$/.test(serial)) return { ok: false, key: 'fiscal.badSerial' };
  const z = typed.zNumber.trim();
  const n = typed.documentNumber.trim();
  // Z 0 exists (a device before its first closure); document numbers start at 1.
  if (!/^\d{1,4}$/.test(z) || !/^\d{1,4}$/.test(n) || Number(n) < 1) return { ok: false, key: 'fiscal.badNumber' };
  if (!isCalendarDate(typed.date)) return { ok: false, key: 'fiscal.badDate' };
  return { ok: true, value: { serial, zNumber: Number(z), documentNumber: Number(n), date: typed.date } };
}

/** `HH:MM` of a day: what a receipt prints. */
export function parseTypedTime(text: string): Parsed<string> {
  const time = text.trim();
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? { ok: true, value: time } : { ok: false, key: 'fiscal.badTime' };
}

/** The local calendar day of an instant, as a date input wants it. */
export function localDateOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
