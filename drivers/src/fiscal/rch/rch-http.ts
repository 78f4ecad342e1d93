/**
 * @module
 * RCH's XML wrapper over HTTP (reference/fiscal-rt.md §3, "HTTP"; lyancoder/fiscal-printer
 * `lib/printer/RCH/xml-RCH-http.ts` and its `RCH-cgi` acceptance mock): every command of one
 * operation goes in a single `POST /service.cgi`, one `<cmd>` each, `Content-Type: application/xml`;
 * the reply is one `<Service><Request>` with `errorCode printerError paperEnd coverOpen lastCmd busy`.
 *
 * No source shows a service.cgi reply that carries data (a serial, a journal dump). Any text the
 * reply holds besides those six fields is handed back as lines [U], so reads that need data work
 * if the printer sends it and fail plainly (no data) if it does not.
 */
import { FiscalDeviceError } from '../fiscal-device';
import type { FiscalFailure } from '@cassa/shared';
import type { RchHttpFlags } from './rch-errors';

/** The request body: `<cmd>` per command, XML-escaped (a description may hold `&` or `<`). */
export function serviceCgiBody(commands: readonly string[]): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', '<Service>', ...commands.map((c) => `  <cmd>${escapeText(c)}</cmd>`), '</Service>', ''].join('\n');
}

export interface RchHttpReply extends RchHttpFlags {
  /** Commands the printer got through, 1-based as lyancoder's mock counts (3 after 3) [U]; null when absent. */
  readonly lastCmd: number | null;
  /** Any other text in the reply, line by line [U]. */
  readonly lines: readonly string[];
}

const flagNames = ['errorCode', 'printerError', 'paperEnd', 'coverOpen', 'lastCmd', 'busy'] as const;

/** Parses the reply. @throws FiscalDeviceError(`unreadable`) for anything that is not that shape. */
export function parseServiceCgiReply(text: string, unreadable: FiscalFailure): RchHttpReply {
  const bad = (what: string): FiscalDeviceError => new FiscalDeviceError(unreadable, `The fiscal printer's reply cannot be read: ${what}`, { deviceCode: 'PROTOCOL' });
  if (text.length > 256 * 1024) throw bad(`${text.length} characters is too long`);
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw bad('it contains control characters');
  const request = /<Service\b[^>]*>[\s\S]*?<Request\b[^>]*>([\s\S]*?)<\/Request>[\s\S]*<\/Service>\s*$/.exec(text);
  if (!request) throw bad('no closed <Service><Request> element (truncated?)');
  const inner = request[1] ?? '';
  const fields = new Map<string, string>();
  for (const m of inner.matchAll(/<([A-Za-z][\w]*)\s*(?:\/>|>([^<]*)<\/\1>)/g)) {
    if (m[1] !== undefined) fields.set(m[1], unescapeText(m[2] ?? '').trim());
  }
  const number = (name: string, required: boolean): number | null => {
    const value = fields.get(name);
    if (value === undefined || value === '') {
      if (required) throw bad(`no ${name}`);
      return null;
    }
    if (!/^\d{1,9}$/.test(value)) throw bad(`${name} '${value.slice(0, 20)}' is not a number`);
    return Number(value);
  };
  const flag = (name: string): boolean => (number(name, false) ?? 0) !== 0;
  const errorCode = number('errorCode', true) ?? 0;
  const lines: string[] = [];
  for (const [name, value] of fields) if (!(flagNames as readonly string[]).includes(name) && value !== '') lines.push(...value.split(/\r?\n/));
  const outside = text.slice(0, request.index) + text.slice(request.index + request[0].length);
  if (/<(?!\?xml)[A-Za-z]/.test(outside)) throw bad('elements outside <Service>');
  return { errorCode, printerError: flag('printerError'), paperEnd: flag('paperEnd'), coverOpen: flag('coverOpen'), busy: flag('busy'), lastCmd: number('lastCmd', false), lines: lines.map((l) => l.trimEnd()) };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
