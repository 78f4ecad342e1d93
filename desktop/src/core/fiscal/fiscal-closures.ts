/**
 * @module
 * The daily fiscal closure (Z) and reading (X) with the till's shift (issue 16 item 5). The
 * device's Z runs before the till's shift closes and is stored at once, keyed by the shift: a Z
 * cannot be undone, so a shift close that then fails (a wrong count) reuses it rather than closing
 * the device's day twice. The Z is refused while any sale waits for its document. A Z whose reply
 * was lost is never sent blindly again: a durable marker holds the open day's number from before
 * it left, and an X reading decides whether the day closed (fiscal-z-recovery.ts, migration 007).
 */
import type { FiscalDevice } from '@cassa/drivers/portable';
import { FiscalDeviceError } from '@cassa/drivers/portable';
import type { FiscalClosure, FiscalFailure, FiscalRequest, ShiftReport } from '@cassa/shared';
import { CassaError, euroDenominations, formatDocumentNumber } from '@cassa/shared';
import type { ShiftService } from '../shifts/shift-service';
import type { Actor, TillContext } from '../till-context';
import { cachedStatement } from '../store/statement-cache';
import { enqueueClosureRecord } from './fiscal-records-up';
import type { FiscalClosureSource, FiscalStore, ZBaseline } from './fiscal-store';
import { documentOfJob } from './fiscal-store';
import { OtherDeviceError, baselineFromLastDocument, baselineFromReading, baselineOfMarker, tillDailyAmountCents, zRanSince } from './fiscal-z-recovery';

type Override = { userId: string; pin: string } | undefined;

/** A device's refusal as the till's error, worded by the failure's own sentence. */
export function deviceRefusal(error: unknown): CassaError {
  if (error instanceof FiscalDeviceError) {
    return new CassaError('DEVICE_UNAVAILABLE', `Fiscal device: ${error.message}`, { reason: 'fiscal-device-failure', failure: error.failure });
  }
  return new CassaError('DEVICE_UNAVAILABLE', `Fiscal device: ${error instanceof Error ? error.message : String(error)}`, {
    reason: 'fiscal-device-failure',
    failure: 'outcome-unknown',
  });
}

/** A Z that may have closed the device's day: nothing more is sent until an X reading tells. */
function zUncertain(failure: FiscalFailure): CassaError {
  return new CassaError('DEVICE_UNAVAILABLE', `Fiscal device: the daily closure (Z) got no answer (${failure}); an X reading decides before another is sent`, {
    reason: 'fiscal-z-uncertain',
    failure,
  });
}

const validDenominations = new Set<string>(euroDenominations.map(String));

export class FiscalClosures {
  /** The device's Z under way in this process, if any. */
  private deviceDay: Promise<void> | null = null;

  constructor(
    private readonly ctx: TillContext,
    private readonly store: FiscalStore,
    private readonly shifts: ShiftService,
    private readonly device: FiscalDevice | null,
  ) {}

  /**
   * The Z close. Without a device: the shift closes as it always did. With one: refused while a
   * document is pending or blocked, then the device's Z, then the shift's.
   */
  async closeShift(actor: Actor, denominations: Record<string, number>, override: Override): Promise<ShiftReport> {
    if (!this.device) return this.shifts.close(actor, denominations, override);
    const shift = this.shifts.requireOpenShift();
    // The shift's own check, before the device's day is closed for good (ShiftService.close repeats it).
    for (const key of Object.keys(denominations)) {
      if (!validDenominations.has(key)) throw new CassaError('VALIDATION', `${key} cents is not a euro coin or note`);
    }
    const open = this.store.openJobs();
    if (open.length > 0) {
      // Named, so the manager knows which receipts to look for on the device's journal.
      const sales = open.map((job) => ({ receiptNumber: this.receiptNumberOf(job.sale_id), totalCents: job.total_cents, failure: job.failure }));
      throw new CassaError('CONFLICT', `Z refused: ${open.length} sales still wait for their documento commerciale (${sales.map((s) => s.receiptNumber).join(', ')})`, {
        reason: 'fiscal-documents-open',
        count: open.length,
        sales,
      });
    }
    await this.closeDeviceDayOnce(actor, shift.id);
    return this.shifts.close(actor, denominations, override);
  }

  /**
   * One Z at a time in this process: a second close pressed while the first waits for the device
   * would otherwise read the same baseline and send a second Z. It waits, then finds the Z stored
   * (or the marker the first one left).
   */
  private async closeDeviceDayOnce(actor: Actor, shiftId: string): Promise<void> {
    while (this.deviceDay) await this.deviceDay.catch(() => undefined);
    if (this.store.zClosureOf(shiftId)) return;
    this.deviceDay = this.closeDeviceDay(actor, shiftId);
    try {
      await this.deviceDay;
    } finally {
      this.deviceDay = null;
    }
  }

  /**
   * The device's Z for a shift, exactly once. A durable marker with the open day's number goes
   * before the Z; while it is there, the Z may have run without the till hearing back, so an X
   * reading decides before anything is sent again: past the marker's number, the Z ran and is
   * stored as recovered; not past it, the Z is sent. A definite refusal clears the marker.
   */
  private async closeDeviceDay(actor: Actor, shiftId: string): Promise<void> {
    const device = this.device!;
    const marker = this.store.zSendingOf(shiftId);
    let baseline: ZBaseline;
    if (marker) {
      const reading = await this.uncertainReading(shiftId);
      baseline = baselineOfMarker(marker, reading);
      if (this.ranSince(baseline, reading)) return this.storeRecovered(actor, shiftId, baseline, reading);
      // The X shows the day still open, and it is the freshest baseline there is.
      baseline = baselineFromReading(reading);
    } else {
      baseline = await this.baseline(shiftId);
    }
    this.ctx.store.write(() => this.store.markZSending(shiftId, baseline));
    let closure: FiscalClosure;
    try {
      closure = await device.zClosure();
    } catch (error) {
      if (error instanceof FiscalDeviceError && !error.outcomeUnknown) {
        // A definite no: the device's day is still open, nothing is in flight.
        this.ctx.store.write(() => this.store.clearZSending(shiftId));
        throw deviceRefusal(error);
      }
      // The reply was lost. Ask once now; a device that cannot answer yet leaves the marker for the next attempt,
      // and so does one whose day is still open: one Z request per close, the next close asks again first.
      const reading = await this.uncertainReading(shiftId);
      if (this.ranSince(baseline, reading)) return this.storeRecovered(actor, shiftId, baseline, reading);
      throw zUncertain('outcome-unknown');
    }
    this.storeZ(actor, shiftId, closure, 'device');
  }

  /**
   * What the device's open day will close as, before the Z. The last document says it without
   * printing; on a day without documents only the X reading does, and it prints a report: one
   * more slip on a day nothing was sold is the price of never closing a day twice.
   */
  private async baseline(shiftId: string): Promise<ZBaseline> {
    const last = await this.run(() => this.device!.lastDocument());
    const fromLast = baselineFromLastDocument(last, (serial) => this.store.lastZNumber(serial));
    if (fromLast) return fromLast;
    return baselineFromReading(this.keepReading(shiftId, await this.run(() => this.device!.xReading())));
  }

  /** The X slip the device printed for this path, kept with the shift as any X reading is. */
  private keepReading(shiftId: string, reading: FiscalClosure): FiscalClosure {
    this.ctx.store.write(() => this.store.insertClosure({ id: this.ctx.newId(), shiftId, kind: 'X', ...this.closureFields(reading) }));
    return reading;
  }

  /**
   * An X reading while a Z may have run: the number the open day will close as. On real devices it
   * prints a report; it is asked only on a day without documents and after a Z's reply was lost.
   * A device that cannot answer leaves the Z uncertain, its failure named as the cause.
   */
  private async uncertainReading(shiftId: string): Promise<FiscalClosure> {
    let reading: FiscalClosure;
    try {
      reading = await this.device!.xReading();
    } catch (error) {
      throw zUncertain(error instanceof FiscalDeviceError ? error.failure : 'outcome-unknown');
    }
    return this.keepReading(shiftId, reading);
  }

  private ranSince(baseline: ZBaseline, reading: FiscalClosure): boolean {
    try {
      return zRanSince(baseline, reading);
    } catch (error) {
      if (!(error instanceof OtherDeviceError)) throw error;
      // The Z's own device cannot be asked: its day may or may not be closed, so nothing is sent.
      throw new CassaError('DEVICE_UNAVAILABLE', `Fiscal device: ${error.message}`, { reason: 'fiscal-z-other-device', serial: error.serial, expected: error.expected });
    }
  }

  /**
   * The Z found after its reply was lost: the device's serial and Z number, the date and time of
   * the X that found it, and the day's amount from the till's own documents of that Z (the
   * device's figure never arrived), stored and audited as recovered.
   */
  private storeRecovered(actor: Actor, shiftId: string, baseline: ZBaseline, reading: FiscalClosure): void {
    const documents = this.store.issuedJobsOfZ(baseline.serial, baseline.openZ).flatMap((job) => {
      const document = documentOfJob(job);
      return document ? [{ request: JSON.parse(job.request) as FiscalRequest, amountCents: document.amountCents }] : [];
    });
    const dailyAmountCents = tillDailyAmountCents(documents, this.store.departments(), (serial, zNumber, documentNumber) => {
      const job = this.store.issuedJobOfDocument(serial, zNumber, documentNumber);
      return job ? (JSON.parse(job.request) as FiscalRequest) : undefined;
    });
    const closure: FiscalClosure = { serial: baseline.serial, zNumber: baseline.openZ, dailyAmountCents, date: reading.date, time: reading.time };
    this.storeZ(actor, shiftId, closure, 'recovered');
  }

  /** The Z with the shift, its record for head office and its audit, and the marker gone, in one transaction. */
  private storeZ(actor: Actor, shiftId: string, closure: FiscalClosure, source: FiscalClosureSource): void {
    this.ctx.store.write(() => {
      this.store.clearZSending(shiftId);
      // A till killed mid-Z whose request answers at last finds the Z stored by its successor.
      if (this.store.zClosureOf(shiftId)) return;
      this.store.insertClosure({ id: this.ctx.newId(), shiftId, kind: 'Z', source, ...this.closureFields(closure) });
      this.reportClosure(actor, shiftId, closure);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: source === 'recovered' ? 'fiscal.zClosureRecovered' : 'fiscal.zClosure',
        details: {
          shiftId,
          serial: closure.serial,
          zNumber: closure.zNumber,
          dailyAmountCents: closure.dailyAmountCents,
          ...(source === 'recovered' ? { amountFrom: 'till-documents' } : {}),
        },
      });
    });
  }

  /** The X reading: the device's day so far, nothing closed; kept with the open shift when there is one. */
  async xReading(): Promise<FiscalClosure> {
    if (!this.device) throw new CassaError('DEVICE_UNAVAILABLE', 'No fiscal device is set on this register');
    const closure = await this.run(() => this.device!.xReading());
    const shift = this.shifts.openShift();
    if (shift) this.ctx.store.write(() => this.store.insertClosure({ id: this.ctx.newId(), shiftId: shift.id, kind: 'X', ...this.closureFields(closure) }));
    return closure;
  }

  /** The device's Z stored with a shift, or null. */
  zClosureOf(shiftId: string): FiscalClosure | null {
    const row = this.store.zClosureOf(shiftId);
    return row ? { serial: row.serial, zNumber: row.z_number, dailyAmountCents: row.daily_amount_cents, date: row.device_date, time: row.device_time } : null;
  }

  /** The till's own receipt number of a sale (zzzz-nnnn), or its id when the row is missing. */
  private receiptNumberOf(saleId: string): string {
    const row = cachedStatement(this.ctx.store.db, 'SELECT z_number, document_number FROM sales WHERE id = ?').get(saleId) as
      | { z_number: number; document_number: number }
      | undefined;
    return row ? formatDocumentNumber(row.z_number, row.document_number) : saleId;
  }

  /**
   * The Z's record for head office, in the transaction that stores the Z. The device's day is
   * already closed, so a Z whose totals cannot be computed (a department removed from the table
   * since one of its documents) is still stored here: the record is left out and the audit says why.
   */
  private reportClosure(actor: Actor, shiftId: string, closure: FiscalClosure): void {
    try {
      enqueueClosureRecord(this.ctx, shiftId, closure, this.store.departments());
    } catch (error) {
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'fiscal.closureNotReported',
        details: { shiftId, serial: closure.serial, zNumber: closure.zNumber, reason: error instanceof Error ? error.message : String(error) },
      });
    }
  }

  private closureFields(closure: FiscalClosure) {
    return { serial: closure.serial, zNumber: closure.zNumber, dailyAmountCents: closure.dailyAmountCents, date: closure.date, time: closure.time };
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw deviceRefusal(error);
    }
  }
}
