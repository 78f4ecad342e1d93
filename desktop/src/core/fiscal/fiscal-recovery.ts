/**
 * @module
 * The one decision of the exactly-once path: after a request whose answer never came, is the
 * device's last document the one we asked for? fiskaltrust's `TryRecoverFromNetworkErrorAsync`
 * (reference/fiscal-rt.md, "The core hazard"): adopt it when its (Z, number) advanced past the
 * last document known before the request AND its amount is the request's total; otherwise the
 * request was not issued and may be sent again.
 */
import type { FiscalDocument, FiscalRequest } from '@cassa/shared';
import type { FiscalBaseline } from './fiscal-store';

/** True when `document` was issued after `baseline` on the same device (Z first, then the number within it). */
export function issuedAfter(document: FiscalDocument, baseline: FiscalDocument): boolean {
  if (document.zNumber !== baseline.zNumber) return document.zNumber > baseline.zNumber;
  return document.documentNumber > baseline.documentNumber;
}

/**
 * Whether the device's last document is the job's.
 * - No document on the device: not issued.
 * - Another amount: not ours (a sale rung up on the device's own keyboard, say). The amounts the
 *   job may show as (`documentTotals`): a cash sale rounded down is sent as a payment discount,
 *   and whether a device then reports the rounded total or the goods' total is not settled by any
 *   source (reference/fiscal-rt.md, efsta's 6-00); the RT emulator reports the goods' total.
 * - No baseline ('none': the device had issued nothing) or a baseline from another serial (the
 *   device was replaced): the amount alone decides, as fiskaltrust does without a baseline.
 * - Otherwise the document must be newer than the baseline: the same amount twice in a row is
 *   common (two coffees), and the older one is the previous sale's.
 */
export function isAdoptable(last: FiscalDocument | null, baseline: FiscalBaseline | null, totalsCents: readonly number[]): boolean {
  if (last === null || !totalsCents.includes(last.amountCents)) return false;
  if (baseline === null || baseline === 'none' || baseline.serial !== last.serial) return true;
  return issuedAfter(last, baseline);
}

/** The totals the device may report for a request: its total, and before a downward cash rounding the goods' total too. */
export function documentTotals(request: FiscalRequest, totalCents: number): number[] {
  const rounding = request.kind === 'void' ? 0 : request.roundingCents;
  return rounding < 0 ? [totalCents, totalCents - rounding] : [totalCents];
}
