/**
 * @module
 * The text rules of Custom's fiscal XML protocol ("WEB SERVICES Commands manual for 3rd generation
 * fiscal devices", rev 2.00, in fiskaltrust/middleware `…CustomRTPrinter/docs/XMLProtocol.pdf`,
 * the "Custom PDFs" reference/fiscal-rt.md §2 points to): no SOAP envelope, amounts and
 * quantities as integers, descriptions of at most 22 characters, every element written with an
 * explicit close tag as in the manual's examples.
 */
import { escapeXml, fitText } from '../fiscal-text';

/** "Item description (max. 22 characters). Descriptions exceeding the limits will be truncated." */
export const customDescriptionWidth = 22;

export function fitCustomDescription(text: string): string {
  return fitText(text, customDescriptionWidth);
}

/**
 * Integer cents → `1990` for €19.90: "The price must be set without decimal or thousands separator"
 * (manual), price and payment ×100 (fiskaltrust `CustomRTPrinterSCU.cs`; lyancoder's README says
 * ×1000 for prices but its own example uses ×100: reference §2).
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > 999_999_999) throw new RangeError(`amount ${cents} is not a whole number of cents from 0 to 9999999.99 €`);
  return String(cents);
}

/** Thousandths as an integer, quantity ×1000 (fiskaltrust `CustomRTPrinterSCU.cs`, reference §2). */
export function formatMilli(milli: number): string {
  if (!Number.isSafeInteger(milli) || milli <= 0) throw new RangeError(`quantity ${milli} is not a whole, positive number of thousandths`);
  return String(milli);
}

/** `YYYY-MM-DD` → `DDMMYY`, the docDate of beginRtDoc* (manual, reference §2). */
export function ddmmyy(isoDate: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`date '${isoDate}' is not YYYY-MM-DD`);
  return `${match[3] ?? ''}${match[2] ?? ''}${match[1] ?? ''}`;
}

/** `<name a="1"></name>`: attributes in the order given (the golden files depend on it). */
export function customElement(name: string, attributes: Readonly<Record<string, string | number>> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  return `<${name}${attrs}></${name}>`;
}

/** A whole request: the XML declaration, one root, its children (manual, "Request file"). */
export function customDocument(root: 'printerFiscalReceipt' | 'printerFiscalReport' | 'printerCommand', children: readonly string[]): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', `<${root}>`, ...children.map((child) => `  ${child}`), `</${root}>`, ''].join('\n');
}
