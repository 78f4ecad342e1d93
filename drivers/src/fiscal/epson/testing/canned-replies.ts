/**
 * @module
 * fpmate.cgi replies written from the reference's formats (reference/fiscal-rt.md §1, "Response":
 * SOAP envelope, comma amounts, `d/M/yyyy` dates, 5-digit status), for tests of the parsers and the
 * adapter. Hand-written like the sources' own fixtures: no real printer was recorded.
 */

export interface CannedReply {
  readonly success?: boolean;
  readonly code?: string;
  readonly status?: string;
  readonly info?: Readonly<Record<string, string>>;
}

export function epsonReply(opts: CannedReply = {}): string {
  const info = Object.entries(opts.info ?? {})
    .map(([key, value]) => `<${key}>${value}</${key}>`)
    .join('');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>',
    `<response success="${String(opts.success ?? true)}" code="${opts.code ?? ''}" status="${opts.status ?? '2'}">`,
    `<addInfo><elementList>${Object.keys(opts.info ?? {}).join(',')}</elementList>${info}</addInfo>`,
    '</response></soapenv:Body></soapenv:Envelope>',
  ].join('');
}

/** directIO 1387 responseData (fiskaltrust `LastEmittedDocStatus` layout). */
export function lastDocumentData(doc: { amountCents: number; ddmmyy: string; hhmmss: string; zNumber: number; documentNumber: number; serial: string }): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `01${pad(doc.amountCents, 9)}${pad(0, 9)}${doc.ddmmyy}${doc.hhmmss}${pad(doc.zNumber, 4)}${pad(doc.documentNumber, 4)}${doc.serial}0        1`;
}

/**
 * directIO 1138 responseData laid out by the reference's 0-based positions ([3-4] main status,
 * [7] day open, [8] no working period, [9-20] files, [21-26] certificate expiry, [38] training,
 * [44] out of service); every other character is `0`.
 */
export function rtStatusData(fields: Readonly<Record<number, string>>): string {
  const chars = `01${'0'.repeat(45)}`.split('');
  for (const [at, text] of Object.entries(fields)) text.split('').forEach((c, i) => (chars[Number(at) + i] = c));
  return chars.join('');
}
