/**
 * @module
 * Why the emulated device refuses something, brand-neutral, and the code each brand answers with.
 * Codes come from fiscal-rt.md: Epson's error names (§1 "Errors"), Custom's error numbers
 * (`ProtocolErrors.cs`, §2), RCH's reply flags (§3). Where the reference names no code for a brand,
 * the table says so and the emulator's choice is an ASSUMPTION [U].
 */

export const refusalReasons = [
  'paper-end',
  'cover-open',
  'journal-full',
  'fiscal-memory-full',
  'clock-behind',
  'not-in-service',
  'busy',
  'closure-needed',
  'second-z',
  'certificate-expired',
  'unknown-document',
  'exceeds-sold',
  'other-day',
  'already-voided',
  'negative-total',
  'not-paid',
  'department-unknown',
  'bad-request',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

/** A refusal: the device printed nothing and committed nothing. */
export class DeviceRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

export interface BrandCodes {
  /** Epson `response code` (§1 Errors). */
  readonly epson: string;
  /** Custom error number (§2 Errors, ProtocolErrors.cs). */
  readonly custom: number;
  /** RCH `errorCode` (nonzero); the reference names only the flags, so every number here is [U]. */
  readonly rch: number;
}

/**
 * Brand codes per reason. [U] marks the ones the reference does not give for that brand:
 * - Epson: only EPTR_REC_EMPTY (paper/cover), LAN_TIME_OUT (busy) and the bad-request family are
 *   named; everything else answers "PRINTER ERROR" with the status digits telling more [U].
 * - Custom: every number is from fiskaltrust `ProtocolErrors.cs` (Custom's own list): 16 paper end,
 *   64 cover open, 30 EJ full, 51 fiscal memory full, 12 "a date older than the one stored in the
 *   fiscal memory", 82 "an activation is required" (not in service), 98 busy, 61 24 h since the last
 *   closure, 71 second Z, 84 certificate expired, 40 "the data searched on the electronic journal has
 *   not been found" (unknown original), 117 "the requested function is not allowed at this moment"
 *   (over-return, other day, already voided [U]: which number a real device picks is not written),
 *   23 negative total, 25 "a not completed payment was sent", 28 VAT not programmed, 92 "there is an
 *   error in the command". (Earlier the emulator answered 99 for a bad request: 99 is "generic error
 *   of the management engine", and 90–93 are file-system errors.)
 * - RCH: errorCode numbers are the emulator's own [U]; paperEnd, coverOpen and busy also set their flags.
 */
export const brandCodes: Readonly<Record<RefusalReason, BrandCodes>> = {
  'paper-end': { epson: 'EPTR_REC_EMPTY', custom: 16, rch: 1 },
  'cover-open': { epson: 'EPTR_REC_EMPTY', custom: 64, rch: 2 },
  'journal-full': { epson: 'PRINTER ERROR', custom: 30, rch: 3 },
  'fiscal-memory-full': { epson: 'PRINTER ERROR', custom: 51, rch: 4 },
  'clock-behind': { epson: 'PRINTER ERROR', custom: 12, rch: 5 },
  'not-in-service': { epson: 'PRINTER ERROR', custom: 82, rch: 6 },
  busy: { epson: 'LAN_TIME_OUT', custom: 98, rch: 7 },
  'closure-needed': { epson: 'PRINTER ERROR', custom: 61, rch: 8 },
  'second-z': { epson: 'PRINTER ERROR', custom: 71, rch: 9 },
  'certificate-expired': { epson: 'PRINTER ERROR', custom: 84, rch: 10 },
  'unknown-document': { epson: 'PRINTER ERROR', custom: 40, rch: 11 },
  'exceeds-sold': { epson: 'PRINTER ERROR', custom: 117, rch: 12 },
  'other-day': { epson: 'PRINTER ERROR', custom: 117, rch: 13 },
  'already-voided': { epson: 'PRINTER ERROR', custom: 117, rch: 14 },
  'negative-total': { epson: 'PRINTER ERROR', custom: 23, rch: 15 },
  'not-paid': { epson: 'PRINTER ERROR', custom: 25, rch: 16 },
  'department-unknown': { epson: 'PRINTER ERROR', custom: 28, rch: 17 },
  'bad-request': { epson: 'Non valid XML command', custom: 92, rch: 18 },
};
