/**
 * @module
 * Checks every brand runs on a receipt before sending it, so a wrong sum is our `bad-request`
 * and never a half-printed document: a line's discount fits the line, the tenders cover the
 * document, only cash gives change, cash rounding up needs cash.
 */
import { deviceLineAmountCents } from '@cassa/shared';
import type { FiscalLine, FiscalTender } from '@cassa/shared';
import { FiscalDeviceError } from './fiscal-device';

/** Cents as `12.34`, for messages only. */
function euros(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Exact cents of a line after its discount; a line is never below zero. */
export function lineNetCents(line: FiscalLine): number {
  // The device's line amount by shared's one rule, the one the request's total was checked with.
  const gross = deviceLineAmountCents(line);
  if (line.discountCents > gross) throw new FiscalDeviceError('bad-request', `The discount on '${line.description}' is larger than the line`);
  return gross - line.discountCents;
}

/**
 * The largest document total an RT takes: Custom's error 9 "the amount exceed the maximum value on
 * receipt total (€ 9999999,99)" (fiskaltrust ProtocolErrors.cs), and Epson's last-document reply
 * (1387) carries the amount in 9 digits of cents (reference §1). Checked before sending, so a brand
 * that sends a receipt command by command (RCH) never has it refused after its first payment, when
 * the outcome could no longer be told.
 */
export const maxDocumentCents = 999_999_999;

/**
 * Tenders must cover the document (lines + rounding); only cash may exceed it (the device gives
 * change).
 */
export function checkTenders(lines: readonly FiscalLine[], tenders: readonly FiscalTender[], roundingCents: number): void {
  // Rounding to €0.05 applies to cash payments only (DL 50/2017, reference §3). A rounding DOWN
  // may stand without a cash tender: a cash rest under 5 cents after a card (€10.02 as card €10.00
  // + cash €0.02) rounds to nothing and its cash comes back as change, so the document's cash is
  // 0 and the rounding is a payment discount of its own (efsta 6-00, reference §1). An upward
  // rounding is money collected: it needs cash that collected it.
  if (roundingCents > 0 && !tenders.some((t) => t.kind === 'cash')) throw new FiscalDeviceError('bad-request', 'Cash rounding up without a cash tender');
  const due = lines.reduce((sum, line) => sum + lineNetCents(line), 0) + roundingCents;
  if (due > maxDocumentCents) throw new FiscalDeviceError('bad-request', `A document total of ${euros(due)} is beyond the fiscal printer's 9999999.99`);
  const paid = tenders.reduce((sum, tender) => sum + tender.amountCents, 0);
  const nonCash = tenders.filter((t) => t.kind !== 'cash').reduce((sum, tender) => sum + tender.amountCents, 0);
  if (paid < due) throw new FiscalDeviceError('bad-request', `Tenders ${euros(paid)} do not cover the total ${euros(Math.max(due, 0))}`);
  if (nonCash > due) throw new FiscalDeviceError('bad-request', `Non-cash tenders ${euros(nonCash)} exceed the total ${euros(Math.max(due, 0))}: only cash gives change`);
}
