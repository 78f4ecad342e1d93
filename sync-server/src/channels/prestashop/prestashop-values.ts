/**
 * @module
 * Reading the webservice's JSON defensively. PrestaShop gives `id` as a number and every other
 * field as a string (decimals as "12.500000"), translated fields as `[{id, value}]` (or a string
 * with `language=`), and an empty list as a bare `[]`. Anything a shop's module or a hostile
 * answer may put there (NUL bytes, 1e308, objects where strings belong) reads as "absent", never
 * as a crash.
 */
import { ChannelCallError } from '../connector';

export type JsonRecord = Readonly<Record<string, unknown>>;

/** Text without NUL and other control characters that storage refuses. */
export function cleanText(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** A field as text; a translated field's first language. */
export function textOf(record: JsonRecord, field: string): string {
  const value = record[field];
  if (Array.isArray(value)) {
    const first = value[0] as unknown;
    return typeof first === 'object' && first !== null ? cleanText((first as JsonRecord)['value']).trim() : '';
  }
  return cleanText(value).trim();
}

/** A non-negative whole id (0 included), or null. */
export function idOf(record: JsonRecord, field: string): number | null {
  const text = textOf(record, field);
  if (!/^\d{1,15}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A whole quantity within what a shop can hold, or null (1e308, "abc" and the like). */
export function quantityOf(record: JsonRecord, field: string): number | null {
  const text = textOf(record, field);
  if (!/^-?\d{1,10}$/.test(text)) return null;
  return Number(text);
}

/** A decimal money field ("12.500000") as integer cents, rounded half away from zero; null when unreadable. */
export function centsOf(record: JsonRecord, field: string): number | null {
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,12}))?$/.exec(textOf(record, field));
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(3, '0');
  const whole = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return match[1] === '-' ? -whole : whole;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of a list answer `{resource: [...]}`; `[]` (PrestaShop's empty list) gives none. */
export function listOf(answer: unknown, resource: string): JsonRecord[] {
  if (Array.isArray(answer) && answer.length === 0) return [];
  if (!isRecord(answer)) throw new ChannelCallError('retry', 'unexpected-answer', `expected a list of ${resource}`);
  const list = answer[resource];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ChannelCallError('retry', 'unexpected-answer', `"${resource}" is not a list`);
  return list.filter(isRecord);
}

/** The record of a single answer `{singular: {...}}`. */
export function recordOf(answer: unknown, singular: string): JsonRecord {
  const record = isRecord(answer) ? answer[singular] : undefined;
  if (!isRecord(record)) throw new ChannelCallError('retry', 'unexpected-answer', `expected a ${singular}`);
  return record;
}

/** An association's list (`associations.order_rows`), empty when absent. */
export function associationOf(record: JsonRecord, name: string): JsonRecord[] {
  const associations = record['associations'];
  if (!isRecord(associations)) return [];
  const list = associations[name];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** A list filter value `[1|2|3]` (the webservice's "any of"). */
export function anyOf(ids: readonly (number | string)[]): string {
  return `[${ids.join('|')}]`;
}
