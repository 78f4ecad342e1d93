/**
 * @module
 * The daily fiscal closure (Z) and reading (X) with the till's shift (issue 16 item 5). The
 * device's Z runs before the till's shift closes and is stored at once, keyed by the shift: a Z
 * cannot be undone, so a shift close that then fails (a wrong count) reuses it rather than closing
 * the device's day twice. The Z is refused while any sale waits for its document.
 */
import type { FiscalDevice } from '@cassa/drivers';
import { FiscalDeviceError } from '@cassa/drivers';
import type { FiscalClosure, ShiftReport } from '@cassa/shared';
import { CassaError, euroDenominations } from '@cassa/shared';
import type { ShiftService } from '../shifts/shift-service';
import type { Actor, TillContext } from '../till-context';
import { formatReceiptNumber } from '../sales/sale-completion';
import { cachedStatement } from '../store/statement-cache';
import { enqueueClosureRecord } from './fiscal-records-up';
import type { FiscalStore } from './fiscal-store';

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

const validDenominations = new Set<string>(euroDenominations.map(String));

export class FiscalClosures {
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
    if (!this.store.zClosureOf(shift.id)) {
      const closure = await this.run(() => this.device!.zClosure());
      this.ctx.store.write(() => {
        this.store.insertClosure({ id: this.ctx.newId(), shiftId: shift.id, kind: 'Z', ...this.closureFields(closure) });
        this.reportClosure(actor, shift.id, closure);
        this.ctx.audit.append({
          userId: actor.userId,
          role: actor.role,
          action: 'fiscal.zClosure',
          details: { shiftId: shift.id, serial: closure.serial, zNumber: closure.zNumber, dailyAmountCents: closure.dailyAmountCents },
        });
      });
    }
    return this.shifts.close(actor, denominations, override);
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
    return row ? formatReceiptNumber(row.z_number, row.document_number) : saleId;
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
