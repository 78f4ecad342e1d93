/**
 * @module
 * Checks every adapter makes before a document leaves for the device, whatever the brand (moved
 * here from `epson/epson-requests.ts`): a wrong sum is our bad request, never a half-printed receipt.
 */
import type { FiscalLine, FiscalTender } from '@cassa/shared';
import { FiscalDeviceError } from './fiscal-device';

/** Exact cents of a line after its discount; a line is never below zero. */
export function lineNetCents(line: FiscalLine): number {
  const gross = Math.round((line.unitPriceCents * line.quantityMilli) / 1000);
  if (line.discountCents > gross) throw new FiscalDeviceError('bad-request', `The discount on '${line.description}' is larger than the line`);
  return gross - line.discountCents;
}

/**
 * Tenders must cover the document (lines + rounding); only cash may exceed it (the device gives
 * change). Checked here so a wrong sum is our bad request, not a half-printed receipt.
 */
export function checkTenders(lines: readonly FiscalLine[], tenders: readonly FiscalTender[], roundingCents: number): void {
  // Rounding to €0.05 applies to cash payments only (DL 50/2017, reference §3).
  if (roundingCents !== 0 && !tenders.some((t) => t.kind === 'cash')) throw new FiscalDeviceError('bad-request', 'Cash rounding without a cash tender');
  const due = lines.reduce((sum, line) => sum + lineNetCents(line), 0) + roundingCents;
  const paid = tenders.reduce((sum, tender) => sum + tender.amountCents, 0);
  const nonCash = tenders.filter((t) => t.kind !== 'cash').reduce((sum, tender) => sum + tender.amountCents, 0);
  if (paid < due) throw new FiscalDeviceError('bad-request', `Tenders ${euros(paid)} do not cover the total ${euros(Math.max(due, 0))}`);
  if (nonCash > due) throw new FiscalDeviceError('bad-request', `Non-cash tenders ${euros(nonCash)} exceed the total ${euros(Math.max(due, 0))}: only cash gives change`);
}

/** Cents as `12.34` for messages only. */
function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
