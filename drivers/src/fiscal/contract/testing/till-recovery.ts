/**
 * @module
 * The recovery rule a till's fiscal queue keeps (issue 16 §3; fiskaltrust TryRecoverFromNetworkError,
 * reference/fiscal-rt.md §1 "The core hazard"), written out for the contract tests: send; on
 * outcome-unknown never resend blindly, read lastDocument() and adopt it when its (Z, number) has
 * advanced past the last document the till knows AND its amount is this request's; otherwise
 * resend. A refusal before printing (paper, busy) is retried once the operator has fixed it.
 *
 * The amount test accepts the request's total with or without a downward cash rounding: an Epson
 * RT sends rounding down as a payment discount (efsta 6-00), and whether its 1387 amount counts
 * that discount is [U] in the reference; the emulator records the goods (lines) total.
 */
import { fiscalLinesTotalCents, fiscalRequestTotalCents } from '@cassa/shared';
import type { FiscalDocument, FiscalRequest } from '@cassa/shared';
import { FiscalDeviceError } from '../../fiscal-device';
import type { FiscalDevice } from '../../fiscal-device';

export interface RecoveryOutcome {
  readonly document: FiscalDocument;
  /** How the document was obtained: issued with a reply, or adopted after a lost reply. */
  readonly via: 'reply' | 'adopted';
  readonly attempts: number;
}

/** True when `last` comes after `known` in the device's numbering (Z first, then number). */
export function advancedPast(last: FiscalDocument, known: FiscalDocument | null): boolean {
  if (known === null) return true;
  if (last.serial !== known.serial) return true;
  return last.zNumber > known.zNumber || (last.zNumber === known.zNumber && last.documentNumber > known.documentNumber);
}

export function amountMatches(document: FiscalDocument, request: FiscalRequest): boolean {
  const total = fiscalRequestTotalCents(request);
  if (document.amountCents === total) return true;
  return request.kind !== 'void' && request.roundingCents < 0 && document.amountCents === fiscalLinesTotalCents(request.lines);
}

/**
 * Issues `request` exactly once. `known` is the last document the till recorded (null on a
 * device that has issued none for it). `beforeRetry` is where a real till waits for the cashier
 * to fix the paper; tests clear the fault there.
 */
export async function issueExactlyOnce(
  device: FiscalDevice,
  request: FiscalRequest,
  known: FiscalDocument | null,
  beforeRetry: (error: FiscalDeviceError) => Promise<void> = () => Promise.resolve(),
  maxAttempts = 6,
): Promise<RecoveryOutcome> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      return { document: await device.issue(request), via: 'reply', attempts: attempt };
    } catch (error) {
      if (!(error instanceof FiscalDeviceError)) throw error;
      if (error.outcomeUnknown) {
        const last = await lastDocumentPatiently(device);
        if (last && advancedPast(last, known) && amountMatches(last, request)) return { document: last, via: 'adopted', attempts: attempt };
      }
      await beforeRetry(error);
    }
  }
  throw new Error(`not issued after ${maxAttempts} attempts`);
}

/** The recovery read itself may meet a busy printer: ask again a few times before giving up. */
async function lastDocumentPatiently(device: FiscalDevice): Promise<FiscalDocument | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await device.lastDocument();
    } catch (error) {
      if (!(error instanceof FiscalDeviceError) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
