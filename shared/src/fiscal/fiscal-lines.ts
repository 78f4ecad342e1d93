/**
 * @module
 * A sale record's lines as the device's lines: each with its department, a positive quantity, and
 * amounts the device's own arithmetic turns into exactly the till's figures.
 */
import type { Department } from './fiscal-model';
import type { FiscalLine } from './fiscal-model';
import type { FiscalRequestIssue } from './fiscal-request-problems';
import type { SaleLineRecord } from '../records/till-records';
import type { Unit } from '../records/catalogue';
import { euroInputText, lineAmount, QUANTITY_ONE } from '../domain';
import { departmentFor } from './departments';

/** The device's limits on a line's quantity (thousandths) and unit price (cents): fiscal-model.ts. */
const DEVICE_MAX_QUANTITY_MILLI = 99_999_999;
const DEVICE_MAX_PRICE_CENTS = 99_999_999;
const DESCRIPTION_MAX_LENGTH = 60;

/**
 * What the device will charge for a line before its discount: it multiplies the quantity by the
 * unit price and rounds half-up to the cent, as Cassa's `lineAmount` does (both give exact
 * thousandths × cents / 1000 rounded half away from zero).
 */
export function deviceLineAmountCents(line: Pick<FiscalLine, 'quantityMilli' | 'unitPriceCents'>): number {
  return lineAmount(line.unitPriceCents, line.quantityMilli);
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair (a lone half is unstorable). */
function cut(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

function quantityText(quantityMilli: number): string {
  const whole = Math.trunc(quantityMilli / QUANTITY_ONE);
  const fraction = String(quantityMilli % QUANTITY_ONE).padStart(3, '0');
  return `${whole},${fraction}`;
}

/** "0,352 kg x 12,90 €/kg": the weight and unit price a collapsed line would otherwise lose. */
function measureText(quantityMilli: number, unitPriceCents: number, unit: Unit): string {
  const price = `${euroInputText(unitPriceCents, 'it')} €`;
  if (unit === 'piece') return `${quantityText(quantityMilli).replace(/,000$/, '')} x ${price}`;
  return `${quantityText(quantityMilli)} ${unit} x ${price}/${unit}`;
}

function descriptionOf(record: SaleLineRecord, suffix: string | null): string {
  // Control characters (a newline, a tab, NUL) would end up inside the device's XML attribute or frame.
  const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const name = clean(record.description) || clean(record.sku) || 'Articolo';
  if (suffix === null) return cut(name, DESCRIPTION_MAX_LENGTH);
  return `${cut(name, DESCRIPTION_MAX_LENGTH - suffix.length - 1)} ${suffix}`.trim();
}

type LineResult = { readonly ok: true; readonly line: FiscalLine } | { readonly ok: false; readonly issue: FiscalRequestIssue };

/**
 * One record line as a device line. `sign` is +1 on a sale and −1 on a return, whose lines the
 * till stores negative: the device takes positive quantities and knows a return by its document.
 *
 * Normally the line goes as it was rung up: quantity × unit price less the discount. When the
 * device's product would not give the line's gross (a gross the till did not compute from its
 * quantity, or a quantity or price past the device's limits), the line goes as one unit at its
 * gross, with the measure in the description, so the device's total is the sale's to the cent.
 */
export function fiscalLineOf(record: SaleLineRecord, sign: 1 | -1, departments: readonly Department[], unit: Unit): LineResult {
  const facts = { lineId: record.lineId, description: record.description };
  if (record.quantityMilli === 0) return { ok: false, issue: { problem: 'zero-quantity', details: facts } };
  if (Math.sign(record.quantityMilli) !== sign) return { ok: false, issue: { problem: 'wrong-sign', details: facts } };
  if (record.unitPriceCents < 0) return { ok: false, issue: { problem: 'negative-price', details: facts } };
  const department = departmentFor(record.vatCode, departments);
  if (!department.ok) return { ok: false, issue: { problem: 'no-department', details: { ...facts, vatCode: record.vatCode } } };

  const quantityMilli = sign * record.quantityMilli;
  // The record keeps the discount as a positive amount off the line's magnitude (ticket-math.ts).
  const grossCents = sign * record.totalCents + record.discountCents;
  if (grossCents > DEVICE_MAX_PRICE_CENTS) return { ok: false, issue: { problem: 'line-too-large', details: facts } };
  const common = { department: department.department.department, discountCents: record.discountCents };
  const fits = quantityMilli <= DEVICE_MAX_QUANTITY_MILLI && record.unitPriceCents <= DEVICE_MAX_PRICE_CENTS;
  if (fits && deviceLineAmountCents({ quantityMilli, unitPriceCents: record.unitPriceCents }) === grossCents) {
    return { ok: true, line: { description: descriptionOf(record, null), quantityMilli, unitPriceCents: record.unitPriceCents, ...common } };
  }
  const suffix = measureText(quantityMilli, record.unitPriceCents, unit);
  return { ok: true, line: { description: descriptionOf(record, suffix), quantityMilli: QUANTITY_ONE, unitPriceCents: grossCents, ...common } };
}
