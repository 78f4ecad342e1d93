/**
 * @module
 * The small text rules every Epson Fiscal ePOS-Print request follows (reference/fiscal-rt.md §1,
 * "Formatting"): amounts with a dot and two decimals, XML-escaped attributes, only characters the
 * printer can print, descriptions cut to the printer's width, and the SOAP envelope around it all.
 */
import { printableText } from '../fiscal-text';

/**
 * Description width. The Microsoft Dynamics FP-90 III sample truncates to 37 characters; the
 * printer's real limit is [U] (reference §1), so this is the one place to change it.
 */
export const epsonDescriptionWidth = 37;

/** Escapes the XML specials of a double-quoted attribute; `&` first so nothing is escaped twice. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Moved to `../fiscal-text` (brand-neutral); re-exported so existing imports keep working. */
export { printableText } from '../fiscal-text';

/** Printable, cut to `width` characters (the printer would wrap or refuse a longer one). */
export function fitDescription(text: string, width = epsonDescriptionWidth): string {
  return [...printableText(text)].slice(0, width).join('').trimEnd();
}

/** Integer cents → `12.34` (dot decimals, as requests use). Negative amounts are never sent. */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`amount ${cents} is not a whole, non-negative number of cents`);
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Thousandths → `2`, `1.5`, `0.375`: the shortest exact decimal, dot separated. */
export function formatQuantity(milli: number): string {
  if (!Number.isSafeInteger(milli) || milli <= 0) throw new RangeError(`quantity ${milli} is not a whole, positive number of thousandths`);
  const whole = Math.trunc(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** One element with its attributes in the order given (the golden files depend on the order). */
export function element(name: string, attributes: Readonly<Record<string, string | number>>): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  return `<${name}${attrs}/>`;
}

/** The SOAP envelope fpmate.cgi expects around every request (reference §1, example). */
export function soapEnvelope(root: string, children: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">',
    '<s:Body>',
    `<${root}>`,
    ...children.map((child) => `  ${child}`),
    `</${root}>`,
    '</s:Body>',
    '</s:Envelope>',
    '',
  ].join('\n');
}
