/**
 * @module
 * The decisions of the Z's exactly-once path, apart from the device calls (fiscal-closures.ts
 * makes those): which number the device's open day will close as, whether an X reading shows that
 * a Z whose reply was lost did run, and the day's amount the till can vouch for when it did.
 * The same discipline as the documents' (fiscal-recovery.ts, reference/fiscal-rt.md "The core
 * hazard": persist the intent, never resend blindly), with one difference: no query tells a Z apart
 * without printing, so the X reading (which prints a report) is asked, and only on this rare path.
 */
import type { Department, FiscalClosure, FiscalDocument, FiscalRequest } from '@cassa/shared';
import { fiscalVatTotals } from '@cassa/shared';
import type { ZBaseline, ZSendingRow } from './fiscal-store';

/**
 * The baseline the device's last document gives, or null when it cannot place the open day.
 * Documents of the open day carry the number that day will close as (fiscal-model: a document's
 * `zNumber`). But when the device has issued nothing, or the till already holds the Z of the last
 * document's day, the open day has no documents and its number is not the last document's: the
 * caller then asks for an X reading. ASSUMPTION: a Z run on the device's own keys after the last
 * document, unknown to the till, cannot be seen from here; the lost-reply check then takes the
 * open day's X for our Z. Only the X before the Z would see it, and that prints every day.
 */
export function baselineFromLastDocument(last: FiscalDocument | null, lastStoredZ: (serial: string) => number | null): ZBaseline | null {
  if (last === null) return null;
  const closed = lastStoredZ(last.serial);
  if (closed !== null && closed >= last.zNumber) return null;
  return { serial: last.serial, openZ: last.zNumber, basis: 'last-document' };
}

export function baselineFromReading(reading: FiscalClosure): ZBaseline {
  return { serial: reading.serial, openZ: reading.zNumber, basis: 'x-reading' };
}

/** The marker's row as a baseline (a marker from before the serial was kept takes the reading's). */
export function baselineOfMarker(row: ZSendingRow, reading: FiscalClosure): ZBaseline {
  return { serial: row.serial ?? reading.serial, openZ: row.open_z, basis: row.basis };
}

/** Thrown when the device that answers the X is not the one the Z was sent to. */
export class OtherDeviceError extends Error {
  constructor(
    readonly serial: string,
    readonly expected: string,
  ) {
    super(`The fiscal device now answering is ${serial}, not ${expected} that the Z was sent to`);
  }
}

/**
 * Whether the Z sent after `baseline` ran, from an X reading taken since: the X reports the number
 * the open day will close as, so a number past the baseline's means the baseline's day closed.
 */
export function zRanSince(baseline: ZBaseline, reading: FiscalClosure): boolean {
  if (reading.serial !== baseline.serial) {
    throw new OtherDeviceError(reading.serial, baseline.serial);
  }
  return reading.zNumber > baseline.openZ;
}

/**
 * The day's takings from the till's own documents of a Z (sales less returns and voids), by
 * shared's `fiscalVatTotals`, the rule head office recomputes: the device's own figure never
 * arrived. Cash rounding is no VAT code's and is left out, as `fiscalVatTotals` does; when the totals
 * cannot be computed (a department removed since), the documents' own amounts are summed.
 */
export function tillDailyAmountCents(
  documents: readonly { request: FiscalRequest; amountCents: number }[],
  departments: readonly Department[],
  requestOf: (serial: string, zNumber: number, documentNumber: number) => FiscalRequest | undefined,
): number {
  const gross = (groups: readonly { grossCents: number }[]) => groups.reduce((sum, group) => sum + group.grossCents, 0);
  try {
    const totals = fiscalVatTotals(
      documents.map((d) => d.request),
      departments,
      (original) => requestOf(original.serial, original.zNumber, original.documentNumber),
    );
    return gross(totals.sales) - gross(totals.returns) - gross(totals.voids);
  } catch {
    return documents.reduce((sum, d) => sum + (d.request.kind === 'sale' ? d.amountCents : -d.amountCents), 0);
  }
}
