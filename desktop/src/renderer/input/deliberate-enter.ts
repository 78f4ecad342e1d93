/**
 * @module
 * Whether an Enter in the empty scan field is the cashier asking to pay, or a stray one: the
 * tail of a scan (a scanner sending CR+LF, or the host's serial scanner plus a keyboard Enter),
 * or the second of a double press whose first already did something. Pure, on the page's clock.
 */

/** Stray Enters come within this of the scan or Enter before them; a person reacting takes longer. */
export const STRAY_ENTER_WINDOW_MS = 400;

export interface EnterTiming {
  /** This Enter's `KeyboardEvent.timeStamp` (or `performance.now()`). */
  readonly at: number;
  /** The Enter before it, or -Infinity. */
  readonly previousEnterAt: number;
  /** The last scan that reached the sale, or -Infinity. */
  readonly lastScanAt: number;
}

export function isDeliberateEnter({ at, previousEnterAt, lastScanAt }: EnterTiming): boolean {
  return at - previousEnterAt > STRAY_ENTER_WINDOW_MS && at - lastScanAt > STRAY_ENTER_WINDOW_MS;
}
