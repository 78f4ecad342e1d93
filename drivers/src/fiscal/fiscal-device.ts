/**
 * @module
 * One interface for every Italian fiscal device (RT) brand. Adapters (Epson fpmate.cgi, Custom
 * /xml/printer.htm, RCH) are written on `fetch` and plain sockets behind a small seam, so the same
 * code runs in Node, in Electron and in a browser.
 *
 * The one rule every caller keeps: a request whose answer never came (`outcome-unknown`) is never
 * sent again blindly. Ask `lastDocument()` first and adopt that document when it is the one asked
 * for (reference/fiscal-rt.md, "The core hazard").
 */
import type { Department, FiscalClosure, FiscalDocument, FiscalFailure, FiscalReference, FiscalRequest, FiscalStatus } from '@cassa/shared';

export type FiscalBrand = 'epson' | 'custom' | 'rch';

export interface FiscalDevice {
  readonly brand: FiscalBrand;
  /** Status as the device reports it (paper, cover, journal, files to send, service). */
  status(): Promise<FiscalStatus>;
  /** Issues a documento commerciale (sale, return or void) and returns what the device numbered it. */
  issue(request: FiscalRequest): Promise<FiscalDocument>;
  /** The last document the device emitted, or null on a device that has issued none. */
  lastDocument(): Promise<FiscalDocument | null>;
  /** Whether the device would accept a return or void of that document (its pre-check); null where the brand has none. */
  checkReference(kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null>;
  /** X reading: the day so far, nothing closed. */
  xReading(): Promise<FiscalClosure>;
  /** Daily fiscal closure (Z): closes the day, increments the Z number, queues the day's file. */
  zClosure(): Promise<FiscalClosure>;
  /** The department ↔ VAT table, where the device can say; null where it cannot. */
  departments(): Promise<Department[] | null>;
}

/**
 * The device did not issue, or may have. `failure` is the closed list the till turns into words;
 * `outcome-unknown` (timeout, reset, FP_NO_ANSWER) means the document may exist.
 */
export class FiscalDeviceError extends Error {
  readonly failure: FiscalFailure;
  /** The device's own code (e.g. EPTR_REC_EMPTY, Custom 16, RCH errorCode) for the log. */
  readonly deviceCode: string | null;

  constructor(failure: FiscalFailure, message: string, opts: { deviceCode?: string | null; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FiscalDeviceError';
    this.failure = failure;
    this.deviceCode = opts.deviceCode ?? null;
  }

  /** True when the document may have been issued: query before any retry. */
  get outcomeUnknown(): boolean {
    return this.failure === 'outcome-unknown';
  }
}
