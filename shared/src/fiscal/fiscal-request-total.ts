/**
 * @module
 * The total a device prints for a request, by the device's own arithmetic: what Cassa checks its
 * tenders and its sale against before sending, and what the emulator prints.
 */
import type { FiscalLine, FiscalRequest } from './fiscal-model';
import { deviceLineAmountCents } from './fiscal-lines';

/** Σ (quantity × unit price, rounded half-up, less the line's discount): the lines before rounding. */
export function fiscalLinesTotalCents(lines: readonly FiscalLine[]): number {
  return lines.reduce((sum, line) => sum + deviceLineAmountCents(line) - line.discountCents, 0);
}

/**
 * The document's total as the device will print it: its lines less their discounts plus the cash
 * rounding for a sale or a return (always positive: a return says so by its kind), and the amount
 * cancelled for a void.
 * @example fiscalRequestTotalCents({ kind: 'void', original, amountCents: 1240 }) // 1240
 */
export function fiscalRequestTotalCents(request: FiscalRequest): number {
  if (request.kind === 'void') return request.amountCents;
  return fiscalLinesTotalCents(request.lines) + request.roundingCents;
}
